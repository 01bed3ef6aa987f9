using System.Text;

namespace CorpusLsp.Core.Text;

/// <summary>
/// What a message may quote of a file: a short excerpt with control and invisible characters escaped. Messages travel
/// to CI annotations, SARIF and logs; a value long enough to carry a secret, or a line break that forges an annotation,
/// must not.
/// </summary>
public static class Excerpt
{
    public const int MaxLength = 24;

    public static string Of(string value, int maxLength = MaxLength)
    {
        var sb = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        var i = 0;
        for (; i < value.Length && sb.Length < maxLength; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
                sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:X4}" });
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) sb.Append(c).Append(value[++i]);
            else if (char.IsSurrogate(c)) sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        return i < value.Length ? sb.Append('…').ToString() : sb.ToString();
    }
}
