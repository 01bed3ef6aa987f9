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
    ImmutableArray<Diagnostic> Diagnostics,
    SourceProfile Source)
{
    /// <summary>What this analysis computed, for the next analysis of the same sidecar to reuse (see <see cref="AnalysisMemo"/>).</summary>
    internal AnalysisMemo? Memo { get; init; }

    public IEnumerable<ResolvedMention> At(int articleOffset) =>
        Mentions.Where(m => m.Spans.Any(s => s.ContainsOrTouches(articleOffset))).OrderBy(m => m.Spans.First(s => s.ContainsOrTouches(articleOffset)).Length);

    // Lookups by mention identity, built on first use: a sidecar with thousands of mentions must not pay n² for them.
    private Dictionary<Mention, PlaceResolution>? _places;
    private Dictionary<Mention, ResolvedMention>? _resolved;
    private Dictionary<Mention, DateResolution>? _dates;

    // Every mention's spans by start, built on first use: a request about part of a huge article (inlay hints) reads the
    // few spans near it, not the tens of thousands an `occurrence: all` mention has across the article.
    // A reference, so that requests on several threads see the whole index or none.
    private CoveredSpans? _spans;

    /// <summary>The spans of all mentions that overlap [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public IEnumerable<TextSpan> MentionSpansOverlapping(int from, int to) =>
        (_spans ??= new CoveredSpans(Mentions.SelectMany(m => m.Spans))).Overlapping(from, to);

    public PlaceResolution? PlaceOf(PlaceMention m) => (_places ??= ByIdentity(Places, p => p.Mention)).GetValueOrDefault(m);
    public ResolvedMention? Resolved(Mention m) => (_resolved ??= ByIdentity(Mentions, r => r.Mention)).GetValueOrDefault(m);
    public DateResolution? DateOf(EventMention e) => (_dates ??= ByIdentity(Dates, d => d.Event)).GetValueOrDefault(e);

    private static Dictionary<Mention, T> ByIdentity<T>(ImmutableArray<T> items, Func<T, Mention> key)
    {
        var map = new Dictionary<Mention, T>(items.Length, MentionIdentity.Instance);
        foreach (var item in items) map.TryAdd(key(item), item);
        return map;
    }
}
