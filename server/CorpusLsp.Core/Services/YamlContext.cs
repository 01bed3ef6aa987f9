using System.Text.RegularExpressions;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Services;

/// <summary>
/// Where the cursor is in a YAML file that may not parse (the user is typing): the path of keys from the root
/// ("[]" for a list item), whether a key or a value is being typed, the prefix and the span to replace.
/// Worked out from indentation, as an annotator reads it.
/// </summary>
public sealed partial record YamlContext(IReadOnlyList<string> Path, string? Key, bool InKey, string Prefix, TextSpan Replace, IReadOnlySet<string> Siblings)
{
    [GeneratedRegex(@"^(?<ws>[ ]*)(?<dash>-[ ]+)?(?:(?<key>[A-Za-z_][\w-]*)[ ]*:(?=\s|$))?")]
    private static partial Regex LineShape();

    private sealed record Shape(int DashCol, int KeyCol, string? Key, bool Blank);

    private static Shape Read(string line)
    {
        if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0) return new Shape(-1, -1, null, true);
        var m = LineShape().Match(line);
        var ws = m.Groups["ws"].Length;
        var dash = m.Groups["dash"].Success ? ws : -1;
        var keyCol = ws + m.Groups["dash"].Length;
        return new Shape(dash, keyCol, m.Groups["key"].Success ? m.Groups["key"].Value : null, false);
    }

    public static YamlContext At(SourceText text, int offset)
    {
        var (lineNo, col) = text.GetLineColumn(offset);
        var line = text.GetLineText(lineNo);
        var before = line[..Math.Min(col, line.Length)];
        var lineStart = text.LineStart(lineNo);
        var shape = Read(before.Length == 0 || before.Trim().Length == 0 ? new string(' ', before.Length) + "x" : before);

        string? key = null;
        var inKey = true;
        int prefixStart;
        var colon = KeyColon().Match(before);
        if (colon.Success && colon.Length <= before.Length && before.Length >= colon.Length)
        {
            key = colon.Groups["key"].Value;
            inKey = false;
            var valueStart = colon.Length;
            // In a flow list "[a, b" the prefix starts after the last '[' or ','.
            var cut = Math.Max(before.LastIndexOf('['), before.LastIndexOf(','));
            prefixStart = cut >= valueStart ? cut + 1 : valueStart;
            while (prefixStart < before.Length && before[prefixStart] is ' ' or '"' or '\'') prefixStart++;
        }
        else
        {
            prefixStart = shape.KeyCol >= 0 ? Math.Min(shape.KeyCol, before.Length) : before.Length;
            if (before.Trim().Length == 0) prefixStart = before.Length;
        }
        var prefix = before[Math.Min(prefixStart, before.Length)..];
        var end = col;
        while (end < line.Length && (char.IsLetterOrDigit(line[end]) || line[end] is '-' or '_' or ':' or '.')) end++;
        var replace = new TextSpan(lineStart + Math.Min(prefixStart, line.Length), lineStart + end);

        // Walk up by indentation to find the siblings and the chain of parent keys.
        var path = new List<string>();
        var siblings = new HashSet<string>(StringComparer.Ordinal);
        var target = before.Trim().Length == 0 ? before.Length : shape.KeyCol;
        var seekingOwnerOf = shape.DashCol >= 0 ? shape.DashCol : -1; // this line starts a list item
        if (seekingOwnerOf >= 0) path.Insert(0, "[]");
        for (var l = lineNo - 1; l >= 0; l--)
        {
            // Most lines above the cursor of a long sidecar are deeper than the key or list being looked for: those are
            // passed over by their indentation, without reading them (completion in the 2,000th item of a list walks
            // 6,000 lines).
            var raw = text.Text.AsSpan(text.LineStart(l), text.LineEnd(l) - text.LineStart(l));
            var body = raw.TrimStart();
            if (body.IsEmpty || body[0] == '#') continue;
            var indent = raw.Length - raw.TrimStart(' ').Length;
            if (seekingOwnerOf >= 0 ? indent > seekingOwnerOf || (indent == seekingOwnerOf && raw[indent] == '-') : indent > target)
            {
                if (seekingOwnerOf < 0 && target == 0) break;
                continue;
            }
            var s = Read(raw.ToString());
            if (s.Blank) continue;
            if (seekingOwnerOf >= 0)
            {
                // The owner of a list is the nearest key left of (or at) the dash column, not itself a list item there.
                if (s.Key is not null && (s.KeyCol < seekingOwnerOf || (s.KeyCol == seekingOwnerOf && s.DashCol < 0)))
                {
                    path.Insert(0, s.Key);
                    target = s.KeyCol;
                    seekingOwnerOf = s.DashCol;
                    if (s.DashCol >= 0) path.Insert(0, "[]");
                }
                continue;
            }
            if (s.KeyCol == target && s.Key is not null)
            {
                if (path.Count == 0) siblings.Add(s.Key);
                if (s.DashCol >= 0) { seekingOwnerOf = s.DashCol; path.Insert(0, "[]"); }
                continue;
            }
            if (s.KeyCol < target && s.Key is not null)
            {
                path.Insert(0, s.Key);
                target = s.KeyCol;
                if (s.DashCol >= 0) { seekingOwnerOf = s.DashCol; path.Insert(0, "[]"); }
            }
            if (target == 0 && seekingOwnerOf < 0) break;
        }
        return new YamlContext(path, key, inKey, prefix, replace, siblings);
    }

    [GeneratedRegex(@"^[ ]*(?:-[ ]+)?(?<key>[A-Za-z_][\w-]*)[ ]*:[ ]*")]
    private static partial Regex KeyColon();
}
