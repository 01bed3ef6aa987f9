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
    public static IEnumerable<Diagnostic> Check(DocumentAnalysis analysis)
    {
        if (analysis.Article is not { } article) yield break;
        foreach (var place in analysis.Sidecar.Places)
        {
            var occurrence = place.Anchor.Occurrence;
            if (place.Anchor.Text is not { } text || !(occurrence.All || occurrence.Node is YSequence) || occurrence.Node is null) continue;
            if (analysis.Resolved(place) is not { Spans: { Length: > 0 } spans }) continue;
            var all = Anchoring.Occurrences(article.Text, text);
            var swallowed = new List<(int Number, Mention By)>();
            var free = new List<int>();
            foreach (var span in spans)
            {
                var number = all.IndexOf(span) + 1;
                if (Container(analysis, place, span) is { } by) swallowed.Add((number, by));
                else free.Add(number);
            }
            if (swallowed.Count == 0) continue;
            var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.OccurrenceSwallowsNestedMessage, text,
                (swallowed.Count == 1 ? "occurrence " : "occurrences ") + string.Join(", ", swallowed.Select(s => s.Number)),
                string.Join("; ", swallowed.Select(s => $"'{Anchoring.Shorten(MentionText(analysis, s.By))}' ({Describe(s.By)})").Distinct()),
                free.Count == 0 ? "nothing: remove the entry" : $"`occurrence: {RuleEdits.Occurrences(free)}`");
            var fixes = free.Count == 0 ? [] : new[]
            {
                new Fix($"Narrow to occurrence {RuleEdits.Occurrences(free)}", [RuleEdits.SetOccurrence(analysis.Sidecar.Path, analysis.Sidecar.Text, place, free)], IsPreferred: true),
            };
            yield return Diagnostic.Create(DiagnosticCatalog.OccurrenceSwallowsNested, analysis.Sidecar.Path, occurrence.Node.Span, message, fixes);
        }
    }

    /// <summary>True when the span lies strictly inside another place, person or organisation mention of the sidecar.</summary>
    public static bool InsideAnother(DocumentAnalysis analysis, Mention self, TextSpan span) =>
        analysis.Mentions.Any(m => !ReferenceEquals(m.Mention, self) && m.Mention.Kind is MentionKind.Place or MentionKind.Person or MentionKind.Organisation
            && m.Spans.Any(t => t.Contains(span) && t != span));

    /// <summary>The mention that swallows the occurrence: an organisation or person around it, or a place with another reference.</summary>
    private static Mention? Container(DocumentAnalysis analysis, PlaceMention self, TextSpan span) =>
        analysis.Mentions.Where(m => !ReferenceEquals(m.Mention, self) && m.Spans.Any(t => t.Contains(span) && t != span))
            .Select(m => m.Mention)
            .FirstOrDefault(m => m switch
            {
                OrganisationMention or PersonMention => true,
                PlaceMention p => !string.Equals(p.Ref, self.Ref, StringComparison.Ordinal),
                _ => false,
            });

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
