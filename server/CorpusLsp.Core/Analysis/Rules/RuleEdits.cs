using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>Sidecar edits of the expert checks' fixes: occurrences rewritten, entries and list items removed, a mention added.</summary>
internal static class RuleEdits
{
    /// <summary>An `occurrence` value: one number, or a flow list.</summary>
    public static string Occurrences(IReadOnlyCollection<int> numbers) =>
        numbers.Count == 1 ? numbers.First().ToString(System.Globalization.CultureInfo.InvariantCulture) : $"[{string.Join(", ", numbers.Order())}]";

    /// <summary>Sets a mention's `occurrence` (replacing the value, or adding the key).</summary>
    public static TextEdit SetOccurrence(string path, SourceText sidecar, Mention mention, IReadOnlyCollection<int> numbers) =>
        mention.Anchor.Occurrence.Node is { } node
            ? new TextEdit(path, node.Span, Occurrences(numbers))
            : YamlEdits.AddKey(path, sidecar, mention.Node, "occurrence", Occurrences(numbers));

    /// <summary>Removes a key and its value from a block mapping (whole lines); null for a flow mapping.</summary>
    public static TextEdit? RemoveEntry(string path, SourceText sidecar, YMapping mapping, string key)
    {
        if (mapping.Entry(key) is not { } entry || sidecar.Text.Length <= mapping.Span.Start || sidecar.Text[mapping.Span.Start] == '{') return null;
        var (first, _) = sidecar.GetLineColumn(entry.Key.Span.Start);
        var (last, _) = sidecar.GetLineColumn(Math.Max(entry.Value.Span.Start, entry.Value.Span.End - 1));
        var end = last + 1 < sidecar.LineCount ? sidecar.LineStart(last + 1) : sidecar.Length;
        return new TextEdit(path, new TextSpan(sidecar.LineStart(first), end), "");
    }

    /// <summary>Removes one item of a list under <paramref name="key"/>: the whole entry when it is the only item.</summary>
    public static TextEdit? RemoveItem(string path, SourceText sidecar, YMapping mapping, string key, YNode item)
    {
        if (mapping[key] is not YSequence seq) return null;
        var index = seq.Items.IndexOf(item);
        if (index < 0) return null;
        if (seq.Items.Length == 1) return RemoveEntry(path, sidecar, mapping, key);
        if (seq.Span.Start < sidecar.Length && sidecar.Text[seq.Span.Start] == '[')
            return index < seq.Items.Length - 1
                ? new TextEdit(path, new TextSpan(item.Span.Start, seq.Items[index + 1].Span.Start), "")
                : new TextEdit(path, new TextSpan(seq.Items[index - 1].Span.End, item.Span.End), "");
        var (line, _) = sidecar.GetLineColumn(item.Span.Start);
        var end = line + 1 < sidecar.LineCount ? sidecar.LineStart(line + 1) : sidecar.Length;
        return new TextEdit(path, new TextSpan(sidecar.LineStart(line), end), "");
    }

    public static ImmutableArray<TextEdit> Edits(params TextEdit?[] edits) => edits.OfType<TextEdit>().ToImmutableArray();
}
