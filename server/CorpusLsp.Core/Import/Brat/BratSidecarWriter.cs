using System.Text;
using System.Text.RegularExpressions;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Core.Import.Brat;

/// <summary>
/// How brat lines without a sidecar field of their own are kept in a mention's `note`: parts joined by "; ", each
/// structured part starting with its prefix, in a fixed order, then the annotator's own notes. The exporter turns
/// the structured parts back into lines, so import → export → import is stable.
/// </summary>
public static partial class BratNotes
{
    public const string Type = "brat type: ";
    public const string Fragments = "brat fragments: ";
    public const string Reference = "brat reference: ";
    public const string Attribute = "brat attribute: ";
    public const string Relation = "brat relation: ";
    public const string Equiv = "brat equiv: ";
    public const string Argument = "brat argument: ";

    private static readonly string[] Order = [Type, Fragments, Reference, Attribute, Relation, Equiv, Argument];
    private const string Separator = "; ";

    public static IEnumerable<string> Split(string? note) =>
        note is null ? [] : note.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? Join(IEnumerable<string> structured, IEnumerable<string> free)
    {
        var parts = structured.OrderBy(p => Array.FindIndex(Order, p.StartsWith)).Concat(free).ToList();
        return parts.Count == 0 ? null : string.Join(Separator, parts);
    }

    /// <summary>The structured parts with a prefix, without it.</summary>
    public static IEnumerable<string> Parts(string? note, string prefix) =>
        Split(note).Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]);

    /// <summary>The annotator's own words: every part that is not structured.</summary>
    public static string? Free(string? note) =>
        Split(note).Where(p => !Order.Any(o => p.StartsWith(o, StringComparison.Ordinal))).ToList() is { Count: > 0 } free ? string.Join(Separator, free) : null;

    /// <summary>A GeoNames id in a note: "2643743", "geonames:2643743" or a geonames.org address.</summary>
    public static string? GeoNamesId(string note) => GeoNamesNote().Match(note.Trim()) is { Success: true } m ? m.Groups["id"].Value : null;

    [GeneratedRegex(@"^(?:(?:geonames:)?(?<id>\d{1,10})|(?:https?://)?(?:[a-z]+\.)?geonames\.org/(?<id>\d{1,10})(?:/\S*)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex GeoNamesNote();
}

/// <summary>Writes the sidecar of an imported brat document.</summary>
internal static class BratSidecarWriter
{
    public static string Write(string document, string articleName, CodePoints text, IReadOnlyList<BratImporter.Item> items)
    {
        var sb = new StringBuilder($"# Imported from brat: {document}.ann\n");
        if (articleName != document + ".txt") sb.Append($"article: {YamlEdits.Quote(articleName)}\n");
        foreach (var (key, category) in new[] { ("places", BratCategory.Place), ("people", BratCategory.Person), ("organisations", BratCategory.Organisation), ("events", BratCategory.Event) })
        {
            var section = items.Where(i => i.Category == category).ToList();
            if (section.Count == 0) continue;
            sb.Append(key).Append(":\n");
            foreach (var item in section) WriteItem(sb, item, text);
        }
        return sb.ToString();
    }

    private static void WriteItem(StringBuilder sb, BratImporter.Item item, CodePoints text)
    {
        var structured = new List<string>(item.Notes);
        sb.Append($"  - id: {item.Id}\n");
        if (item.Category == BratCategory.Event)
        {
            sb.Append($"    type: {BratImporter.EventType(item.EventType ?? "other", out var kept)}\n");
            if (kept is not null) structured.Add(BratNotes.Type + kept);
        }
        if (item.Anchor is { } anchor) WriteAnchor(sb, "    ", anchor, text, structured);
        if (item.Ref is not null) sb.Append($"    ref: {item.Ref}\n");
        if (item.Date is not null) sb.Append($"    date: {item.Date}\n");
        if (item.When is { } when)
        {
            sb.Append("    when:\n");
            WriteAnchor(sb, "      ", when, text, structured);
        }
        if (item.Places.Count > 0) sb.Append($"    places: [{string.Join(", ", item.Places)}]\n");
        if (item.Participants.Count > 0) sb.Append($"    participants: [{string.Join(", ", item.Participants)}]\n");
        if (BratNotes.Join(structured, item.FreeNotes) is { } note) sb.Append($"    note: {YamlEdits.Quote(note)}\n");
    }

    /// <summary>
    /// text + span of the first fragment. The text is what the annotation says; when the article differs there, the
    /// checker reports the drift (CLS015) rather than the importer hiding it. Further fragments are kept in the note.
    /// </summary>
    private static void WriteAnchor(StringBuilder sb, string indent, BratTextBound t, CodePoints text, List<string> structured)
    {
        var first = t.Fragments[0];
        var mentionText = t.Fragments.Length == 1 ? t.Text
            : first.End <= text.Length ? text.Slice(first.Start, first.End) : t.Text.Split(' ')[0];
        sb.Append($"{indent}text: {YamlEdits.Quote(mentionText)}\n");
        sb.Append($"{indent}span: [{first.Start}, {first.End}]\n");
        if (t.Fragments.Length > 1)
            structured.Add(BratNotes.Fragments + (indent.Length > 4 ? "when " : "") + string.Join(";", t.Fragments.Select(f => $"{f.Start} {f.End}")));
    }
}
