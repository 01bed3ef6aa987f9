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
    public static TextEdit AppendItem(string path, SourceText text, YMapping? root, string key, IReadOnlyList<(string Key, string Value)> item)
    {
        var lines = item.Select((kv, i) => (i == 0 ? "  - " : "    ") + $"{kv.Key}: {kv.Value}");
        var block = string.Join("\n", lines);
        if (root?[key] is YSequence { Items.Length: > 0 } seq)
        {
            var (lastLine, _) = text.GetLineColumn(Math.Max(seq.Items[^1].Span.Start, seq.Items[^1].Span.End - 1));
            var (_, itemColumn) = text.GetLineColumn(seq.Items[0].Span.Start);
            var dash = Math.Max(0, itemColumn - 2);
            var indented = string.Join("\n", item.Select((kv, i) => new string(' ', dash) + (i == 0 ? "- " : "  ") + $"{kv.Key}: {kv.Value}"));
            var at = text.LineEnd(lastLine);
            return new TextEdit(path, new TextSpan(at, at), "\n" + indented);
        }
        var end = text.Length;
        var prefix = end == 0 || text.Text[end - 1] == '\n' ? "" : "\n";
        return new TextEdit(path, new TextSpan(end, end), $"{prefix}{key}:\n{block}\n");
    }

    /// <summary>The value as YAML text: quoted when plain it would be no string (YAML 1.2 core schema: 2018, true, null) or not parse as one.</summary>
    public static string Quote(string value) =>
        value.Length == 0 || SchemaValidator.CoreType(new YScalar(value, default, IsPlain: true)) != SchemaValidator.CoreScalar.String
            || value[0] is '-' or '?' || value.IndexOfAny([':', '#', '\'', '"', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])
            ? "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : value;
}
