using System.Text.Json.Serialization;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Views;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Lsp.Server;

/// <summary>Server-specific `corpuslsp/mapTimeline`: the map and timeline of the article or sidecar named.</summary>
public sealed record MapTimelineParams(TextDocumentIdentifier TextDocument);

public sealed record MapTimelineDiagnostic(string Code, int Severity, string Message);

/// <param name="Reveal">What clicking the marker shows: the first mention in the article, else the sidecar entry.</param>
public sealed record MapTimelinePlace(string Label, string Text, string State, string? EntryId, string? EntryName, double? Latitude, double? Longitude,
    int Mentions, int Candidates, Location? Reveal);

public sealed record MapTimelineEvent(string Label, string? Type, string? Date, string? When, string? Resolved, string? RelativeTo, bool Planned,
    MapTimelineDiagnostic[] Diagnostics, Location? Reveal);

/// <summary>
/// The view model (places, events, publication, the source's home countries) and the same model drawn by Core as SVG
/// (map, legend, timeline, their CSS): the webview shows them and maps clicks to `Reveal`, computing nothing itself.
/// </summary>
public sealed record MapTimelineResult(string SidecarUri, string? ArticleUri, string? Title, string? Source, string? Published,
    MapTimelinePlace[] Places, MapTimelineEvent[] Events, string[] HomeCountries, string MapSvg, string Legend, string TimelineSvg, string Css, string Attribution);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MapTimelineParams))]
[JsonSerializable(typeof(MapTimelineResult))]
internal sealed partial class MapTimelineJsonContext : JsonSerializerContext;

public sealed partial class LanguageServer
{
    private async Task<MapTimelineResult?> MapTimeline(MapTimelineParams p, CancellationToken ct)
    {
        var path = Translator.ToPath(p.TextDocument.Uri);
        var snapshot = await _workspace.SnapshotForAsync(path).ConfigureAwait(false);
        var sidecar = snapshot.KindOf(path) == FileKind.Sidecar ? path : snapshot.SidecarOf(path);
        if (sidecar is null || snapshot.Analyze(sidecar) is not { } analysis) return null;
        ct.ThrowIfCancellationRequested();
        var view = ArticleView.From(analysis);
        var sidecarText = snapshot.TextOf(sidecar);
        var articleText = analysis.Article;
        Location? At(string? file, SourceText? text, TextSpan? span) =>
            file is null || text is null || span is not { } s ? null : new Location(Translator.ToUri(file), _translator.ToRange(text, s));
        Location? Reveal(IEnumerable<TextSpan> articleSpans, TextSpan sidecarSpan) =>
            articleSpans.FirstOrDefault() is { IsEmpty: false } first ? At(view.ArticlePath, articleText, first) : At(sidecar, sidecarText, sidecarSpan);

        var places = view.Places.Select(x => new MapTimelinePlace(x.Label, x.Text, MapSvg.Class(x.State), x.EntryId, x.EntryName, x.Latitude, x.Longitude,
            x.Mentions, x.Candidates, Reveal(x.Spans, x.SidecarSpan))).ToArray();
        var events = view.Events.Select(e => new MapTimelineEvent(e.Label, e.Type, e.Date, e.When, e.Resolved, e.RelativeTo, e.Planned,
            [.. e.Diagnostics.Select(d => new MapTimelineDiagnostic(d.Code, (int)d.Severity, d.Message))],
            Reveal(e.WhenSpan is { } w ? [w] : e.Trigger is { } t ? [t] : [], e.SidecarSpan))).ToArray();
        return new MapTimelineResult(Translator.ToUri(sidecar), view.ArticlePath is { } a ? Translator.ToUri(a) : null, view.Title, view.Source,
            view.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), places, events,
            view.Region is { } r ? [.. r.Countries] : [], MapSvg.Article(view), MapSvg.Legend(), TimelineSvg.Article(view), ViewStyles.Css, WorldOutlines.Attribution);
    }
}
