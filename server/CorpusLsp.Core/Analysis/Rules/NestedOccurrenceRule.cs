using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// CLS051: a place anchored by `occurrence: all` or a list takes an occurrence that lies inside another annotated
/// mention with a different reference ("Aleppo" in "northern Aleppo province") or inside an organisation's or person's
/// name ("Syria" in "International Syria Support Group"). The fix narrows the occurrences to the free ones.
/// </summary>
internal static class NestedOccurrenceRule
{
    public static void Check(List<Diagnostic> diagnostics, DocumentAnalysis analysis)
    {
        var article = analysis.Article!;
        Containers? containers = null;
        var places = analysis.Sidecar.Places;
        for (var p = 0; p < places.Length; p++)
        {
            var place = places[p];
            var occurrence = place.Anchor.Occurrence;
            if (place.Anchor.Text is not { } text || !(occurrence.All || occurrence.Node is YSequence) || occurrence.Node is null) continue;
            if (analysis.ResolvedAt(p, place) is not { Spans: { Length: > 0 } spans }) continue;
            containers ??= new Containers(analysis);
            // The occurrences are found and numbered only for a place with one swallowed: searching the article for every
            // `occurrence: all` place again was ~7% of a `check`, for a finding most pairs never have (issue 19).
            var by = new Mention?[spans.Length];
            var any = false;
            for (var i = 0; i < spans.Length; i++) any |= (by[i] = containers.Of(place, spans[i])) is not null;
            if (!any) continue;
            var all = Anchoring.Occurrences(article.Text, text);
            // Numbered by position among all occurrences, looked up once: a name of a 10 MB article occurs thousands of times.
            var numbers = new Dictionary<TextSpan, int>(all.Count);
            for (var k = 0; k < all.Count; k++) numbers.TryAdd(all[k], k + 1);
            var swallowed = new List<(int Number, Mention By)>();
            var free = new List<int>();
            for (var i = 0; i < spans.Length; i++)
            {
                var number = numbers.GetValueOrDefault(spans[i]);
                if (by[i] is { } container) swallowed.Add((number, container));
                else free.Add(number);
            }
            var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.OccurrenceSwallowsNestedMessage, text,
                (swallowed.Count == 1 ? "occurrence " : "occurrences ") + string.Join(", ", swallowed.Select(s => s.Number)),
                string.Join("; ", swallowed.Select(s => $"'{Anchoring.Shorten(MentionText(analysis, s.By))}' ({Describe(s.By)})").Distinct()),
                free.Count == 0 ? "nothing: remove the entry" : $"`occurrence: {RuleEdits.Occurrences(free)}`");
            var fixes = free.Count == 0 ? [] : new[]
            {
                new Fix($"Narrow to occurrence {RuleEdits.Occurrences(free)}", [RuleEdits.SetOccurrence(analysis.Sidecar.Path, analysis.Sidecar.Text, place, free)], IsPreferred: true),
            };
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.OccurrenceSwallowsNested, analysis.Sidecar.Path, occurrence.Node.Span, message, fixes));
        }
    }

    /// <summary>True when the span lies strictly inside another place, person or organisation mention of the sidecar.</summary>
    public static bool InsideAnother(DocumentAnalysis analysis, Mention self, TextSpan span) =>
        analysis.Mentions.Any(m => !ReferenceEquals(m.Mention, self) && m.Mention.Kind is MentionKind.Place or MentionKind.Person or MentionKind.Organisation
            && m.Spans.Any(t => t.Contains(span) && t != span));

    /// <summary>
    /// The mention that swallows an occurrence: of the sidecar's mentions (the first in its order) with a span strictly
    /// around the occurrence, an organisation or person, or a place with another reference. Every mention span is sorted by
    /// start once, and only those starting within the longest span's length before the occurrence are looked at, so that
    /// thousands of occurrences of a long article are not each compared with every span of every mention.
    /// </summary>
    private sealed class Containers(DocumentAnalysis analysis)
    {
        // The analysis's spans by start, sorted once for its checks (this table sorted them again: issue 19).
        private readonly SortedMentionSpans _sorted = analysis.SortedSpans;

        public Mention? Of(PlaceMention self, TextSpan span)
        {
            // The first span starting at or after span.End - longest: no span starting before it reaches span.End.
            var spans = _sorted.Spans;
            int lo = 0, hi = spans.Length;
            while (lo < hi) { var mid = (lo + hi) / 2; if (spans[mid].Start < span.End - _sorted.Longest) lo = mid + 1; else hi = mid; }
            var best = int.MaxValue;
            for (var k = lo; k < spans.Length && spans[k].Start <= span.Start; k++)
            {
                var (start, end, index) = (spans[k].Start, spans[k].End, _sorted.Mentions[k]);
                if (index >= best || end < span.End || (start == span.Start && end == span.End)) continue;
                var m = analysis.Mentions[index].Mention;
                if (ReferenceEquals(m, self)) continue;
                if (m switch
                    {
                        OrganisationMention or PersonMention => true,
                        PlaceMention p => !string.Equals(p.Ref, self.Ref, StringComparison.Ordinal),
                        _ => false,
                    })
                    best = index;
            }
            return best == int.MaxValue ? null : analysis.Mentions[best].Mention;
        }
    }

    private static string MentionText(DocumentAnalysis analysis, Mention m) =>
        m.Anchor.Text ?? (analysis.Resolved(m)?.Spans.FirstOrDefault() is { IsEmpty: false } s && analysis.Article is { } a ? a.Slice(s) : m.Label);

    private static string Describe(Mention m) => m switch
    {
        OrganisationMention => "an organisation",
        PersonMention => "a person",
        PlaceMention { Ref: { } r } => $"a place linked to {r}",
        _ => "a place",
    };
}
