using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Analysis;

/// <summary>Edits that keep the user's YAML layout: insert a key into a mapping, append an item to a list.</summary>
public static class YamlEdits
{
    public static TextEdit AddKey(string path, SourceText text, YMapping mapping, string key, string value)
    {
        if (text.Text.Length > mapping.Span.Start && text.Text[mapping.Span.Start] == '{')
        {
            var close = text.Text.LastIndexOf('}', Math.Max(mapping.Span.Start, mapping.Span.End - 1));
            return new TextEdit(path, new TextSpan(close, close), $", {key}: {value}");
        }
        var first = mapping.Entries[0].Key.Span.Start;
        var (_, column) = text.GetLineColumn(first);
        var last = mapping.Entries[^1].Value.Span.End;
        var (lastLine, _) = text.GetLineColumn(Math.Max(first, last - 1));
        var insertAt = text.LineEnd(lastLine);
        return new TextEdit(path, new TextSpan(insertAt, insertAt), "\n" + new string(' ', column) + $"{key}: {value}");
    }

    /// <summary>Appends a block list item under a top-level key, creating the key if needed.</summary>
    public static TextEdit AppendItem(string path, SourceText text, YMapping? root, string key, IReadOnlyList<(string Key, string Value)> item) =>
        AppendItem(path, WhereItemGoes(text, root, key), key, item);

    /// <summary>
    /// Where <see cref="AppendItem(string, SourceText, YMapping?, string, IReadOnlyList{ValueTuple{string, string}})"/> puts an
    /// item under a key: after the last item of its list (indented as its first), else a new key at the end of the text.
    /// </summary>
    /// <param name="Dash">The column of the items' dash; -1: the key is made.</param>
    /// <param name="Prefix">Before a new key: a line break when the text does not end with one.</param>
    public readonly record struct ItemPlace(int At, int Dash, string Prefix);

    /// <summary>Found once for the many items a rule may offer to append to one sidecar (CLS052's fixes).</summary>
    public static ItemPlace WhereItemGoes(SourceText text, YMapping? root, string key)
    {
        if (root?[key] is YSequence { Items.Length: > 0 } seq)
        {
            var (lastLine, _) = text.GetLineColumn(Math.Max(seq.Items[^1].Span.Start, seq.Items[^1].Span.End - 1));
            var (_, itemColumn) = text.GetLineColumn(seq.Items[0].Span.Start);
            return new ItemPlace(text.LineEnd(lastLine), Math.Max(0, itemColumn - 2), "");
        }
        var end = text.Length;
        return new ItemPlace(end, -1, end == 0 || text.Text[end - 1] == '\n' ? "" : "\n");
    }

    public static TextEdit AppendItem(string path, ItemPlace place, string key, IReadOnlyList<(string Key, string Value)> item)
    {
        var at = new TextSpan(place.At, place.At);
        if (place.Dash >= 0)
            return new TextEdit(path, at, "\n" + string.Join("\n", item.Select((kv, i) => new string(' ', place.Dash) + (i == 0 ? "- " : "  ") + $"{kv.Key}: {kv.Value}")));
        var block = string.Join("\n", item.Select((kv, i) => (i == 0 ? "  - " : "    ") + $"{kv.Key}: {kv.Value}"));
        return new TextEdit(path, at, $"{place.Prefix}{key}:\n{block}\n");
    }

    /// <summary>
    /// A YAML scalar that reads back as this exact string: plain when that is safe, else double-quoted with escapes
    /// (line breaks, control characters, and the Unicode line separators YAML counts as breaks).
    /// </summary>
    public static string Quote(string value) => NeedsQuotes(value) ? DoubleQuoted(value) : value;

    private static bool NeedsQuotes(string value) =>
        value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])
        || value.IndexOfAny([':', '#', '\'', '"', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '\\']) >= 0
        || value[0] is '-' or '?' || value.Any(c => char.IsControl(c) || c is '\u0085' or '\u2028' or '\u2029' or '\uFEFF')
        || LooksTyped(value);

    /// <summary>Plain scalars YAML would read as no string: the 1.2 core schema's numbers, booleans and nulls (as the
    /// validator types them), and YAML 1.1's yes/no/on/off, which older tools still read as booleans.</summary>
    private static bool LooksTyped(string value) =>
        SchemaValidator.CoreType(new YScalar(value, default, IsPlain: true)) != SchemaValidator.CoreScalar.String
        || value.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n";

    private static string DoubleQuoted(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u0085' => "\\N",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                _ when char.IsControl(c) || c == '\uFEFF' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
