using System.Collections.Immutable;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Core.Import.Brat;

/// <summary>What one document's import did: counts by kind, and every line it could not map, with the reason.</summary>
public sealed record BratImportReport(
    string Document,
    ImmutableDictionary<string, int> Mapped,
    int Notes,
    int Ignored,
    ImmutableArray<string> Unmapped,
    ImmutableArray<string> Problems);

public sealed record BratImportResult(string Sidecar, BratImportReport Report);

/// <summary>
/// Turns a brat document (text + standoff annotations) into a sidecar. Text-bound annotations become places, people,
/// organisations, event triggers or dates by <see cref="BratTypeMap"/>; GeoNames normalizations and annotator notes
/// holding a GeoNames id become `ref`; everything else that has no field of its own (attributes, relations,
/// equivalences, other references, notes, a discontinuous span's other fragments) is kept in `note` in a form
/// <see cref="BratExporter"/> writes back. Mention ids are the brat ids, so events and relations keep their targets.
/// </summary>
public static class BratImporter
{
    private static readonly Lazy<ImmutableArray<string>> EventTypes = new(() =>
        BuiltInSchemas.Annotation.Root.Property("events")?.Items?.Property("type")?.Enum ?? []);

    /// <param name="text">The article without its byte order mark.</param>
    /// <param name="textHadBom">Whether the file began with one: tools differ on whether their offsets count it, so the
    /// reading under which more annotations match the text is taken.</param>
    public static BratImportResult Import(string document, string articleName, string text, string ann, BratTypeMap map, bool textHadBom = false)
    {
        var points = new CodePoints(text);
        var lines = BratAnnotations.Parse(ann);
        if (textHadBom && Matching(lines, points, 1) > Matching(lines, points, 0)) lines = Shift(lines, 1);
        var state = new ImportState(document, points, lines, map);
        state.Classify();
        state.Attach();
        return new BratImportResult(state.Write(articleName), state.Report());
    }

    private static int Matching(ImmutableArray<BratLine> lines, CodePoints text, int shift) =>
        lines.OfType<BratTextBound>().Count(t => t.Fragments.All(f => f.Start >= shift && f.End - shift <= text.Length)
            && string.Join(' ', t.Fragments.Select(f => text.Slice(f.Start - shift, f.End - shift))) == t.Text);

    private static ImmutableArray<BratLine> Shift(ImmutableArray<BratLine> lines, int shift) =>
        lines.Select(l => l is BratTextBound t
            ? t with { Fragments = [.. t.Fragments.Select(f => new BratFragment(Math.Max(0, f.Start - shift), Math.Max(0, f.End - shift)))] }
            : l).ToImmutableArray();

    internal static string EventType(string bratType, out string? keptType)
    {
        keptType = null;
        var lower = bratType.ToLowerInvariant();
        if (EventTypes.Value.Contains(lower)) return lower;
        var last = lower.Split('.', ':', '-', '_', '/')[^1];
        if (EventTypes.Value.Contains(last) && last != "other") { keptType = bratType; return last; }
        keptType = bratType;
        return "other";
    }

    /// <summary>A mention being built: its brat annotation, its section and what other lines add to it.</summary>
    internal sealed class Item(string id, BratCategory category, BratTextBound? anchor, int line)
    {
        public string Id { get; } = id;
        public BratCategory Category { get; } = category;
        public BratTextBound? Anchor { get; } = anchor;
        public int Line { get; } = line;
        public string? EventType { get; set; }
        public string? Ref { get; set; }
        public string? Date { get; set; }
        public BratTextBound? When { get; set; }
        public List<string> Places { get; } = [];
        public List<string> Participants { get; } = [];
        public List<string> Notes { get; } = [];
        public List<string> FreeNotes { get; } = [];
    }

    private sealed class ImportState(string document, CodePoints text, ImmutableArray<BratLine> lines, BratTypeMap map)
    {
        private readonly Dictionary<string, Item> _items = new(StringComparer.Ordinal);
        private readonly Dictionary<string, BratTextBound> _bounds = new(StringComparer.Ordinal);
        // A trigger's T line is part of its event: notes on it go to the event.
        private readonly Dictionary<string, Item> _triggerOwner = new(StringComparer.Ordinal);
        private readonly HashSet<string> _dateArguments = new(StringComparer.Ordinal);
        private readonly List<string> _unmapped = [];
        private readonly List<string> _problems = [];
        private int _ignored;
        private int _notes;

        public void Classify()
        {
            foreach (var t in lines.OfType<BratTextBound>()) _bounds.TryAdd(t.Id, t);
            var triggers = lines.OfType<BratEvent>().Select(e => e.Trigger).ToHashSet(StringComparer.Ordinal);
            foreach (var e in lines.OfType<BratEvent>())
                foreach (var (_, target) in e.Arguments)
                    if (_bounds.TryGetValue(target, out var t) && map.CategoryOf(t.Type) == BratCategory.Date) _dateArguments.Add(target);
            foreach (var t in _bounds.Values.OrderBy(t => t.Line))
            {
                if (triggers.Contains(t.Id) || _dateArguments.Contains(t.Id)) continue;
                switch (map.CategoryOf(t.Type))
                {
                    case null: _unmapped.Add($"line {t.Line}: type '{t.Type}' of {t.Id} '{t.Text}' is not mapped (name it in --types)"); break;
                    case BratCategory.Ignore: _ignored++; break;
                    case BratCategory.Event: Add(new Item(t.Id, BratCategory.Event, t, t.Line) { EventType = t.Type }); break;
                    case BratCategory.Date: Add(new Item(t.Id, BratCategory.Event, null, t.Line) { EventType = "other", When = t }); break;
                    case var c: Add(new Item(t.Id, c.Value, t, t.Line)); break;
                }
            }
            foreach (var e in lines.OfType<BratEvent>()) AddEvent(e);
            foreach (var m in lines.OfType<BratMalformed>()) _unmapped.Add($"line {m.Line}: {m.Reason}: '{Excerpt(m.Content)}'");
        }

        private void Add(Item item)
        {
            if (!_items.TryAdd(item.Id, item)) _problems.Add($"line {item.Line}: id {item.Id} is used twice; the second is left out");
            else CheckAnchor(item.Anchor ?? item.When);
        }

        private void AddEvent(BratEvent e)
        {
            if (!_bounds.TryGetValue(e.Trigger, out var trigger)) { _unmapped.Add($"line {e.Line}: trigger {e.Trigger} of {e.Id} is not in the file"); return; }
            var item = new Item(e.Id, BratCategory.Event, trigger, e.Line) { EventType = e.Type };
            _triggerOwner.TryAdd(trigger.Id, item);
            foreach (var (role, target) in e.Arguments)
            {
                var kind = _bounds.TryGetValue(target, out var t) ? map.CategoryOf(t.Type) : null;
                if (kind == BratCategory.Place) item.Places.Add(target);
                else if (kind is BratCategory.Person or BratCategory.Organisation) item.Participants.Add(target);
                else if (kind == BratCategory.Date && item.When is null) item.When = t;
                else item.Notes.Add($"{BratNotes.Argument}{role}:{target}");
            }
            Add(item);
        }

        private void CheckAnchor(BratTextBound? t)
        {
            if (t is null) return;
            var f = t.Fragments;
            if (f.Any(x => x.End > text.Length)) { _problems.Add($"line {t.Line}: {t.Id} ends at {f.Max(x => x.End)}, after the article's end ({text.Length})"); return; }
            var actual = string.Join(' ', f.Select(x => text.Slice(x.Start, x.End)));
            if (actual != t.Text) _problems.Add($"line {t.Line}: {t.Id} says '{Excerpt(t.Text)}' but the article has '{Excerpt(actual)}' there");
        }

        /// <summary>Normalizations, notes, attributes, relations and equivalences join the mention they are about.</summary>
        public void Attach()
        {
            foreach (var line in lines)
            {
                switch (line)
                {
                    case BratNormalization n when Target(n, n.Target) is { } item: Normalize(item, n); break;
                    case BratNote n when Target(n, n.Target) is { } item: Note(item, n); break;
                    case BratAttribute a when Target(a, a.Target) is { } item:
                        item.Notes.Add(BratNotes.Attribute + a.Type + (a.Value is null ? "" : "=" + a.Value)); _notes++; break;
                    case BratRelation r when r.Arguments.Length > 0 && Target(r, r.Arguments[0].Target) is { } item:
                        item.Notes.Add($"{BratNotes.Relation}{r.Type} {string.Join(' ', r.Arguments.Select(x => $"{x.Role}:{x.Target}"))}"); _notes++; break;
                    case BratEquiv q when Target(q, q.Targets[0]) is { } item:
                        item.Notes.Add($"{BratNotes.Equiv}{q.Type} {string.Join(' ', q.Targets)}"); _notes++; break;
                }
            }
        }

        private Item? Target(BratLine line, string target)
        {
            if (_items.TryGetValue(target, out var item) || _triggerOwner.TryGetValue(target, out item)) return item;
            var owner = _items.Values.FirstOrDefault(i => i.When?.Id == target);
            if (owner is not null) return owner;
            _unmapped.Add($"line {line.Line}: {line.Id} is about {target}, which is not imported");
            return null;
        }

        private void Normalize(Item item, BratNormalization n)
        {
            var db = n.Database.ToLowerInvariant();
            if (db == "geonames" && item.Category == BratCategory.Place && n.Key.All(char.IsAsciiDigit) && item.Ref is null) item.Ref = "geonames:" + n.Key;
            else if (db == "overlay" && item.Category == BratCategory.Place && item.Ref is null) item.Ref = "overlay:" + n.Key;
            else if (db is "iso8601" or "timex3" && item.When?.Id == n.Target && Timex.ParseIso(n.Key) is not null && item.Date is null) item.Date = n.Key;
            else { item.Notes.Add($"{BratNotes.Reference}{n.Database}:{n.Key}"); _notes++; }
        }

        private void Note(Item item, BratNote n)
        {
            if (item.Category == BratCategory.Place && item.Ref is null && BratNotes.GeoNamesId(n.Text) is { } id) { item.Ref = "geonames:" + id; return; }
            foreach (var part in BratNotes.Split(n.Text)) item.FreeNotes.Add(part);
            _notes++;
        }

        public string Write(string articleName) => BratSidecarWriter.Write(document, articleName, text, _items.Values.OrderBy(i => i.Line).ThenBy(i => i.Id, StringComparer.Ordinal).ToList());

        public BratImportReport Report() => new(
            document,
            _items.Values.GroupBy(i => i.Category switch
            {
                BratCategory.Place => "places", BratCategory.Person => "people", BratCategory.Organisation => "organisations", _ => "events",
            }).ToImmutableDictionary(g => g.Key, g => g.Count()),
            _notes, _ignored, [.. _unmapped], [.. _problems]);
    }

    internal static string Excerpt(string s) => s.Length <= 60 ? s.ReplaceLineEndings(" ") : s[..57].ReplaceLineEndings(" ") + "…";
}

/// <summary>A document's text indexed by code point, the unit of brat offsets and sidecar spans.</summary>
internal sealed class CodePoints
{
    private readonly string _text;
    private readonly int[] _offsets;

    public CodePoints(string text)
    {
        _text = text;
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        offsets.Add(text.Length);
        _offsets = [.. offsets];
    }

    public int Length => _offsets.Length - 1;

    public string Slice(int start, int end) => _text[_offsets[start].._offsets[end]];
}
