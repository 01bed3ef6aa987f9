using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis;

public sealed record ResolvedMention(Mention Mention, ImmutableArray<TextSpan> Spans);

/// <param name="Entry">The linked entry (by `ref`), or the single candidate of an unlinked name.</param>
public sealed record PlaceResolution(PlaceMention Mention, GazetteerEntry? Entry, IReadOnlyList<RankedCandidate> Candidates);

public sealed record DateResolution(EventMention Event, Timex? Annotated, TextSpan? WhenSpan, Normalization? Normalization, DateOnly? Reference);

/// <summary>Everything known about one sidecar and its article: the basis of checks and editor services.</summary>
public sealed record DocumentAnalysis(
    Sidecar Sidecar,
    string? ArticlePath,
    SourceText? Article,
    DateOnly? Published,
    ImmutableArray<ResolvedMention> Mentions,
    ImmutableArray<PlaceResolution> Places,
    ImmutableArray<DateResolution> Dates,
    ImmutableArray<Diagnostic> Diagnostics)
{
    public IEnumerable<ResolvedMention> At(int articleOffset) =>
        Mentions.Where(m => m.Spans.Any(s => s.ContainsOrTouches(articleOffset))).OrderBy(m => m.Spans.First(s => s.ContainsOrTouches(articleOffset)).Length);

    public PlaceResolution? PlaceOf(PlaceMention m) => Places.FirstOrDefault(p => ReferenceEquals(p.Mention, m));
    public ResolvedMention? Resolved(Mention m) => Mentions.FirstOrDefault(r => ReferenceEquals(r.Mention, m));
    public DateResolution? DateOf(EventMention e) => Dates.FirstOrDefault(d => ReferenceEquals(d.Event, e));
}
