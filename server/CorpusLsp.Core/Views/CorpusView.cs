using System.Collections.Immutable;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;

namespace CorpusLsp.Core.Views;

/// <summary>One gazetteer entry (or one unresolved name) over the whole corpus, sized by its mentions.</summary>
public sealed record CorpusPlace(string Key, string Name, PlaceState State, double? Latitude, double? Longitude, int Mentions, int Articles);

/// <summary>How many diagnostics of one code, and where.</summary>
public sealed record DiagnosticGroup(string Code, string Title, Severity Severity, ImmutableArray<ViewDiagnostic> Diagnostics);

/// <summary>
/// A corpus as the HTML report shows it: figures, diagnostics by code and file, every place sized by its mentions and
/// every event by article. Built from the snapshot's analyses, the ones `check` reports.
/// </summary>
public sealed record CorpusView(
    string Root,
    string Name,
    ImmutableArray<ArticleView> Articles,
    ImmutableDictionary<MentionKind, int> MentionsByKind,
    int PlaceMentions,
    int LinkedPlaceMentions,
    int Events,
    int DatedEvents,
    int AnchoredWhen,
    int EventsWithWhen,
    ImmutableArray<DiagnosticGroup> DiagnosticsByCode,
    ImmutableArray<CorpusPlace> Places)
{
    /// <summary>Share of place mentions (entries in sidecars) linked to the gazetteer, 0 to 1.</summary>
    public double LinkedShare => PlaceMentions == 0 ? 0 : (double)LinkedPlaceMentions / PlaceMentions;

    public ImmutableArray<ViewDiagnostic> AllDiagnostics => [.. DiagnosticsByCode.SelectMany(g => g.Diagnostics)];

    public static CorpusView From(CorpusSnapshot snapshot)
    {
        var analyses = snapshot.Sidecars.Select(snapshot.Analyze).OfType<DocumentAnalysis>().ToList();
        var articles = analyses.Select(ArticleView.From).ToImmutableArray();
        var byKind = Enum.GetValues<MentionKind>().Where(k => k != MentionKind.DateExpression && k != MentionKind.Dateline)
            .ToImmutableDictionary(k => k, k => analyses.Sum(a => a.Sidecar.AllMentions.Count(m => m.Kind == k)));
        var places = articles.SelectMany(a => a.Places).ToList();
        var events = articles.SelectMany(a => a.Events).ToList();
        var diagnostics = snapshot.AllDiagnostics()
            .GroupBy(d => d.Code, StringComparer.Ordinal)
            .Select(g => new DiagnosticGroup(g.Key, g.First().Descriptor.Title, g.Min(d => d.Severity),
                [.. g.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).Select(d => ViewDiagnostic.From(d, snapshot.TextOf(d.Path)))]))
            .OrderBy(g => g.Severity).ThenBy(g => g.Code, StringComparer.Ordinal).ToImmutableArray();
        return new CorpusView(snapshot.Root, snapshot.Config.Name ?? Path.GetFileName(snapshot.Root.TrimEnd('/')), articles, byKind,
            places.Count, places.Count(p => p.State == PlaceState.Linked),
            events.Count, events.Count(e => e.Start is not null), events.Count(e => e.WhenSpan is not null), events.Count(e => e.When is not null),
            diagnostics, Merge(articles));
    }

    /// <summary>Places by gazetteer entry (unresolved ones by name), so a town named in ten articles is one marker of ten.</summary>
    private static ImmutableArray<CorpusPlace> Merge(IEnumerable<ArticleView> articles) =>
        articles.SelectMany(a => a.Places.Select(p => (Article: a.SidecarPath, Place: p)))
            .GroupBy(x => x.Place.State == PlaceState.Linked ? x.Place.EntryId! : "?" + x.Place.Text, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First().Place;
                var state = g.Select(x => x.Place.State).Min();
                return new CorpusPlace(g.Key, first.EntryName ?? first.Text, state, first.Latitude, first.Longitude,
                    g.Sum(x => Math.Max(1, x.Place.Mentions)), g.Select(x => x.Article).Distinct(StringComparer.Ordinal).Count());
            })
            .OrderByDescending(p => p.Mentions).ThenBy(p => p.Key, StringComparer.Ordinal).ToImmutableArray();
}
