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

    private SortedMentionSpans? _sortedSpans;

    /// <summary>The spans of the places, people and organisations by start (the analyzer hands over the ones it sorted).</summary>
    internal SortedMentionSpans SortedSpans { get => _sortedSpans ??= SortedMentionSpans.Of(Mentions); init => _sortedSpans = value; }

    public IEnumerable<ResolvedMention> At(int articleOffset) =>
        Mentions.Where(m => m.Spans.Any(s => s.ContainsOrTouches(articleOffset))).OrderBy(m => m.Spans.First(s => s.ContainsOrTouches(articleOffset)).Length);

    // Lookups by mention identity, built on first use: a sidecar with thousands of mentions must not pay n² for them.
    private Dictionary<Mention, int>? _places;
    private Dictionary<Mention, int>? _resolved;
    private Dictionary<Mention, DateResolution>? _dates;

    // Every mention's spans by start, built on first use: a request about part of a huge article (inlay hints) reads the
    // few spans near it, not the tens of thousands an `occurrence: all` mention has across the article.
    // A reference, so that requests on several threads see the whole index or none.
    private CoveredSpans? _spans;

    /// <summary>The spans of all mentions that overlap [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public IEnumerable<TextSpan> MentionSpansOverlapping(int from, int to) =>
        (_spans ??= new CoveredSpans(Mentions.SelectMany(m => m.Spans))).Overlapping(from, to);

    public PlaceResolution? PlaceOf(PlaceMention m) => IndexOf(m, Places, static p => p.Mention, ref _places, ref _nextPlace) is var i and >= 0 ? Places[i] : null;
    public ResolvedMention? Resolved(Mention m) => IndexOf(m, Mentions, static r => r.Mention, ref _resolved, ref _nextResolved) is var i and >= 0 ? Mentions[i] : null;
    public DateResolution? DateOf(EventMention e) => (_dates ??= ByIdentity(Dates, d => d.Event)).GetValueOrDefault(e);

    /// <summary>The resolution of the mention at <paramref name="index"/> of <see cref="Mentions"/> (the sidecar's order: places, people, organisations, events), else found as <see cref="Resolved"/> finds it.</summary>
    internal ResolvedMention? ResolvedAt(int index, Mention m) =>
        (uint)index < (uint)Mentions.Length && ReferenceEquals(Mentions[index].Mention, m) ? Mentions[index] : Resolved(m);

    /// <summary>The index of the sidecar's first event among <see cref="Mentions"/>.</summary>
    internal int FirstEvent => Sidecar.Places.Length + Sidecar.People.Length + Sidecar.Organisations.Length;

    // The one after the last found: callers mostly ask in the sidecar's order, and are answered without the table (~20 K
    // instructions a pair to build and read it, issue 19). Read and written unguarded: a stale value is only a worse guess.
    private int _nextResolved, _nextPlace;

    private static int IndexOf<T>(Mention m, ImmutableArray<T> items, Func<T, Mention> key, ref Dictionary<Mention, int>? table, ref int next)
    {
        if (items.IsEmpty) return -1;
        var guess = next;
        if ((uint)guess < (uint)items.Length && ReferenceEquals(key(items[guess]), m)) { next = guess + 1; return guess; }
        // A caller walking them in order again from the first (a pair's checks each walk its places) starts over here.
        if (ReferenceEquals(key(items[0]), m)) { next = 1; return 0; }
        var i = (table ??= IndexByIdentity(items, key)).GetValueOrDefault(m, -1);
        if (i >= 0) next = i + 1;
        return i;
    }

    private static Dictionary<Mention, int> IndexByIdentity<T>(ImmutableArray<T> items, Func<T, Mention> key)
    {
        var map = new Dictionary<Mention, int>(items.Length, MentionIdentity.Instance);
        for (var i = 0; i < items.Length; i++) map.TryAdd(key(items[i]), i);
        return map;
    }

    private static Dictionary<Mention, T> ByIdentity<T>(ImmutableArray<T> items, Func<T, Mention> key)
    {
        var map = new Dictionary<Mention, T>(items.Length, MentionIdentity.Instance);
        foreach (var item in items) map.TryAdd(key(item), item);
        return map;
    }
}
