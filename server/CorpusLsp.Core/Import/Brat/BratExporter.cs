using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Import.Brat;

/// <summary>What an export wrote, and what it could not express in brat.</summary>
public sealed record BratExportResult(string Ann, ImmutableArray<string> EventTypes, ImmutableArray<string> RelationTypes,
    ImmutableArray<string> Attributes, ImmutableArray<string> Roles, ImmutableArray<string> Skipped);

/// <summary>
/// Writes one analysed sidecar as brat standoff: a T line per anchored occurrence of every mention, an N line per
/// gazetteer reference, E lines for events (trigger, places, participants, the `when` as a Date), and the note parts
/// the importer kept (<see cref="BratNotes"/>) as the A, R, * and # lines they came from.
/// </summary>
public static partial class BratExporter
{
    public static BratExportResult Export(DocumentAnalysis analysis)
    {
        var writer = new Writer(analysis);
        foreach (var m in analysis.Sidecar.Places.Cast<Mention>().Concat(analysis.Sidecar.People).Concat(analysis.Sidecar.Organisations)) writer.Entity(m);
        foreach (var e in analysis.Sidecar.Events) writer.Event(e);
        return writer.Result();
    }

    /// <summary>brat's annotation.conf for a set of exported documents: the types, roles and attributes they use.</summary>
    public static string Configuration(IEnumerable<BratExportResult> results)
    {
        var all = results.ToList();
        string Lines(IEnumerable<string> items, Func<string, string> line) => string.Concat(items.Distinct().Order(StringComparer.Ordinal).Select(i => line(i) + "\n"));
        var roles = Lines(all.SelectMany(r => r.Roles), r => $", {r}*:<ENTITY>|<EVENT>").Replace("\n", "");
        return "# Written by corpuslsp export brat.\n[entities]\nLocation\nPerson\nOrganization\nDate\n\n[relations]\n"
            + Lines(all.SelectMany(r => r.RelationTypes), t => $"{t}\tArg1:<ANY>, Arg2:<ANY>")
            + "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n"
            + Lines(all.SelectMany(r => r.EventTypes), t => $"{t}\tPlace*:Location, Participant*:Person|Organization, Time?:Date{roles}")
            + "\n[attributes]\n"
            + Lines(all.SelectMany(r => r.Attributes), a => a)
            ;
    }

    [GeneratedRegex(@"^[TE]\d+$")]
    private static partial Regex BratId();

    private sealed class Writer(DocumentAnalysis analysis)
    {
        private readonly StringBuilder _ann = new();
        private readonly SourceText _text = analysis.Article ?? new SourceText("");
        private readonly HashSet<string> _used = analysis.Sidecar.AllMentions.Select(m => m.Id).OfType<string>().Where(id => BratId().IsMatch(id)).ToHashSet(StringComparer.Ordinal);
        private readonly Dictionary<Mention, string> _first = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
        private readonly HashSet<string> _eventTypes = [], _relations = [], _roles = [];
        private readonly Dictionary<string, SortedSet<string>> _attributes = new(StringComparer.Ordinal);
        private readonly List<string> _skipped = [];

        private string Fresh(string prefix)
        {
            string id;
            do id = prefix + (_counters[prefix] = _counters.GetValueOrDefault(prefix) + 1);
            while (!_used.Add(id));
            return id;
        }

        private string IdFor(Mention m) => m.Id is { } id && BratId().IsMatch(id) && id[0] == 'T' && !_first.ContainsValue(id) ? id : Fresh("T");

        private (int Start, int End) CodePoints(TextSpan s) => (_text.CodePointFromOffset(s.Start), _text.CodePointFromOffset(s.End));

        public void Entity(Mention m)
        {
            var spans = analysis.Resolved(m)?.Spans ?? [];
            if (spans.IsEmpty) { _skipped.Add($"{m.Label}: not anchored in the article"); return; }
            var type = m.Kind switch { MentionKind.Place => "Location", MentionKind.Person => "Person", _ => "Organization" };
            for (var i = 0; i < spans.Length; i++)
            {
                var id = i == 0 ? IdFor(m) : Fresh("T");
                if (i == 0) _first[m] = id;
                TextBound(id, type, spans[i], i == 0 ? m.Note : null);
            }
            if (m is PlaceMention { Ref: { } r } && r.Split(':', 2) is [var db, var key])
                _ann.Append($"{Fresh("N")}\tReference {_first[m]} {(db == "geonames" ? "GeoNames" : db)}:{key}\t{Excerpt(spans[0])}\n");
            NoteLines(_first[m], m.Note);
        }

        public void Event(EventMention e)
        {
            var trigger = analysis.Resolved(e)?.Spans is { Length: > 0 } s ? s[0] : (TextSpan?)null;
            var when = analysis.DateOf(e)?.WhenSpan;
            var type = BratNotes.Parts(e.Note, BratNotes.Type).FirstOrDefault() ?? Capitalized(e.Type ?? "other");
            // A trigger alone (imported from a T line without an E line) goes back as a T line alone.
            var plain = e.Places.IsEmpty && e.Participants.IsEmpty && when is null && !(e.Id is { } eid0 && eid0.StartsWith('E') && BratId().IsMatch(eid0));
            if (trigger is null && when is null) { _skipped.Add($"event {e.Label}: neither its trigger nor its 'when' is anchored"); return; }
            string? triggerId = null, dateId = null;
            if (trigger is { } t)
            {
                triggerId = plain ? IdFor(e) : Fresh("T");
                _eventTypes.Add(type);
                TextBound(triggerId, type, t, e.Note);
            }
            if (when is { } w)
            {
                dateId = trigger is null ? IdFor(e) : Fresh("T");
                TextBound(dateId, "Date", w, e.Note, isWhen: true);
                if (e.Date is { } date) _ann.Append($"{Fresh("N")}\tReference {dateId} ISO8601:{date}\t{Excerpt(w)}\n");
            }
            var owner = triggerId ?? dateId!;
            if (triggerId is not null && !plain)
            {
                var id = e.Id is { } eid && eid.StartsWith('E') && BratId().IsMatch(eid) ? eid : Fresh("E");
                _used.Add(id);
                var args = new StringBuilder($"{type}:{triggerId}");
                foreach (var p in e.Places) if (Target(analysis.Sidecar.Places, p.Value) is { } pid) args.Append($" Place:{pid}");
                foreach (var p in e.Participants)
                    if (Target(analysis.Sidecar.People.Cast<Mention>().Concat(analysis.Sidecar.Organisations), p.Value) is { } pid) args.Append($" Participant:{pid}");
                if (dateId is not null) args.Append($" Time:{dateId}");
                foreach (var a in BratNotes.Parts(e.Note, BratNotes.Argument)) { args.Append(' ').Append(a); _roles.Add(a.Split(':')[0]); }
                _ann.Append($"{id}\t{args}\n");
                owner = id;
            }
            else if (trigger is null && e.Date is null && e.Type is not (null or "other")) _skipped.Add($"event {e.Label}: its type '{e.Type}' has no trigger to carry it");
            NoteLines(owner, e.Note);
        }

        private string? Target(IEnumerable<Mention> mentions, string reference)
        {
            var list = mentions.ToList();
            var mention = list.FirstOrDefault(m => m.Id == reference) ?? list.FirstOrDefault(m => m.Anchor.Text == reference);
            return mention is not null && _first.TryGetValue(mention, out var id) ? id : null;
        }

        /// <summary>A T line; a discontinuous annotation gets its fragments back from the note when the first still matches.</summary>
        private void TextBound(string id, string type, TextSpan span, string? note, bool isWhen = false)
        {
            var (start, end) = CodePoints(span);
            var fragments = BratNotes.Parts(note, BratNotes.Fragments)
                .Select(f => isWhen ? (f.StartsWith("when ", StringComparison.Ordinal) ? f[5..] : null) : f.StartsWith("when ", StringComparison.Ordinal) ? null : f)
                .FirstOrDefault(f => f is not null);
            var offsets = fragments is not null && fragments.StartsWith($"{start} {end};", StringComparison.Ordinal) ? fragments : $"{start} {end}";
            var text = string.Join(' ', offsets.Split(';').Select(f => f.Split(' ')).Select(f => SliceCodePoints(int.Parse(f[0]), int.Parse(f[1]))));
            _ann.Append($"{id}\t{type} {offsets}\t{text.ReplaceLineEndings(" ")}\n");
        }

        private string SliceCodePoints(int start, int end)
        {
            var s = _text.OffsetFromCodePoint(start);
            var e = _text.OffsetFromCodePoint(end);
            return s < 0 || e < s ? "" : _text.Text[s..e];
        }

        private void NoteLines(string target, string? note)
        {
            foreach (var r in BratNotes.Parts(note, BratNotes.Reference)) _ann.Append($"{Fresh("N")}\tReference {target} {r}\t\n");
            foreach (var a in BratNotes.Parts(note, BratNotes.Attribute))
            {
                var (name, value) = a.Split('=', 2) is [var n, var v] ? (n, v) : (a, null);
                if (!_attributes.TryGetValue(name, out var values)) _attributes[name] = values = new(StringComparer.Ordinal);
                if (value is not null) values.Add(value);
                _ann.Append($"{Fresh("A")}\t{name} {target}{(value is null ? "" : " " + value)}\n");
            }
            foreach (var r in BratNotes.Parts(note, BratNotes.Relation)) { _relations.Add(r.Split(' ')[0]); _ann.Append($"{Fresh("R")}\t{r}\n"); }
            foreach (var q in BratNotes.Parts(note, BratNotes.Equiv)) _ann.Append($"*\t{q}\n");
            if (BratNotes.Free(note) is { } free) _ann.Append($"{Fresh("#")}\tAnnotatorNotes {target}\t{free.ReplaceLineEndings(" ")}\n");
        }

        private string Excerpt(TextSpan span) => _text.Slice(span).ReplaceLineEndings(" ");

        public BratExportResult Result() => new(_ann.ToString(), [.. _eventTypes], [.. _relations],
            [.. _attributes.Select(a => a.Value.Count == 0 ? $"{a.Key}\tArg:<ANY>" : $"{a.Key}\tArg:<ANY>, Value:{string.Join('|', a.Value)}")], [.. _roles], [.. _skipped]);
    }

    private static string Capitalized(string type) => type.Length == 0 ? type : char.ToUpperInvariant(type[0]) + type[1..];
}
