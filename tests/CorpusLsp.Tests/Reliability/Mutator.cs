using System.Text;

namespace CorpusLsp.Tests.Reliability;

/// <summary>A seeded mutator of real files: byte- and text-level edits that keep inputs close to what users produce.</summary>
public sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);
    private static readonly string[] Tokens = ["\n", "\r\n", "\r", "  ", "- ", ": ", "[", "]", "{", "}", "&a ", "*a", "!tag ", "'", "\"", "#", "\uFEFF", "😀", "e\u0301", "\t", "---\n", "...", "null", "~", "|\n", ">\n", "9999999999999", "-1", "occurrence: all", "span: [0, 3]", "ref: geonames:170063", "date: 2016-02-30", "when: on Friday"];

    public string Text(string input)
    {
        var sb = new StringBuilder(input);
        var edits = 1 + _random.Next(4);
        for (var i = 0; i < edits; i++)
        {
            var at = sb.Length == 0 ? 0 : _random.Next(sb.Length + 1);
            switch (_random.Next(6))
            {
                case 0: sb.Insert(at, Tokens[_random.Next(Tokens.Length)]); break;
                case 1: if (sb.Length > 0) sb.Remove(Math.Min(at, sb.Length - 1), Math.Min(1 + _random.Next(8), sb.Length - Math.Min(at, sb.Length - 1))); break;
                case 2: if (sb.Length > 0) { var from = _random.Next(sb.Length); var len = Math.Min(_random.Next(40), sb.Length - from); sb.Insert(at, sb.ToString(from, len)); } break;
                case 3: if (sb.Length > 0) sb[Math.Min(at, sb.Length - 1)] = (char)_random.Next(32, 0x2FF); break;
                case 4: sb.Insert(at, new string(' ', _random.Next(1, 6))); break;
                default: if (sb.Length > 0) { var line = sb.ToString().Split('\n'); var k = _random.Next(line.Length); line[k] = ""; sb.Clear().Append(string.Join('\n', line)); } break;
            }
        }
        return sb.ToString();
    }

    public byte[] Bytes(byte[] input)
    {
        var bytes = input.ToList();
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
            switch (_random.Next(3))
            {
                case 0: bytes.Insert(at, (byte)_random.Next(256)); break;
                case 1: if (bytes.Count > 0) bytes.RemoveAt(at); break;
                default: if (bytes.Count > 0) bytes[at] = (byte)_random.Next(256); break;
            }
        }
        return bytes.ToArray();
    }

    public int Next(int max) => _random.Next(max);
}
