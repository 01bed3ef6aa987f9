using System.Collections.Immutable;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Views;

/// <summary>How far a place is resolved: the states a map colours its markers by.</summary>
public enum PlaceState { Linked, Unlinked, Ambiguous, Unknown }

/// <summary>A diagnostic as a view shows it: in the file it is about, at a UTF-16 span.</summary>
/// <param name="Line">1-based line of the span's start, when the file's text is known (the report links to it); else 0.</param>
public sealed record ViewDiagnostic(string Code, Severity Severity, string Message, string Path, TextSpan Span, int Line = 0)
{
    public static ViewDiagnostic From(Diagnostic d) => new(d.Code, d.Severity, d.Message, d.Path, d.Span);
    public static ViewDiagnostic From(Diagnostic d, SourceText? text) =>
        new(d.Code, d.Severity, d.Message, d.Path, d.Span, text is null ? 0 : text.GetLineColumn(Math.Min(d.Span.Start, text.Length)).Line + 1);
}

/// <param name="Label">The mention's id, else its text.</param>
/// <param name="EntryId">The linked entry, or the best candidate of an unlinked or ambiguous name; null for an unknown one.</param>
/// <param name="Spans">Where the place is mentioned in the article (UTF-16); the map reveals the first.</param>
/// <param name="SidecarSpan">The mention's entry in the sidecar, revealed when the article has no span for it.</param>
/// <param name="Candidates">How many gazetteer entries the name could be (ranked jointly with the article's other places).</param>
public sealed record MapPlace(string Label, string Text, PlaceState State, string? EntryId, string? EntryName, double? Latitude, double? Longitude,
    string CountryCode, ImmutableArray<TextSpan> Spans, TextSpan SidecarSpan, int Candidates)
{
    public int Mentions => Spans.Length;
    public bool HasCoordinates => Latitude is not null && Longitude is not null;
}

/// <param name="Date">The annotated date as written (ISO), when it parses.</param>
/// <param name="Resolved">What the `when` text resolves to where it stands in the article (ISO), when it resolves.</param>
/// <param name="Diagnostics">The findings on the event's date, `when` and `relativeTo`.</param>
public sealed record TimelineEvent(string Label, string? Type, string? Date, DateOnly? Start, DateOnly? End, string? When, string? Resolved,
    string? RelativeTo, bool Planned, TextSpan? Trigger, TextSpan? WhenSpan, TextSpan SidecarSpan, ImmutableArray<ViewDiagnostic> Diagnostics)
{
    public bool HasError => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Where the article's source is local (its profile), for the map to shade.</summary>
public sealed record SourceRegion(string Source, ImmutableArray<string> Countries, ImmutableArray<string> Regions, ImmutableArray<(double Latitude, double Longitude)> Home);

/// <summary>One article and its sidecar as a map and a timeline show them: computed from the analysis, never a second one.</summary>
public sealed record ArticleView(string SidecarPath, string? ArticlePath, string? Title, string? Source, DateOnly? Published,
    ImmutableArray<MapPlace> Places, ImmutableArray<TimelineEvent> Events, SourceRegion? Region)
{
    public static ArticleView From(DocumentAnalysis analysis)
    {
        var sidecar = analysis.Sidecar;
        var places = analysis.Places.Select(p => Place(analysis, p)).ToImmutableArray();
        var events = sidecar.Events.Select(e => Event(analysis, e)).ToImmutableArray();
        var region = analysis.Source.IsEmpty ? null : new SourceRegion(sidecar.Meta.Source ?? "",
            [.. analysis.Source.Countries.Order(StringComparer.Ordinal)], [.. analysis.Source.Regions.Order(StringComparer.Ordinal)], [.. analysis.Source.Home]);
        return new ArticleView(sidecar.Path, analysis.ArticlePath, sidecar.Meta.Title, sidecar.Meta.Source, analysis.Published, places, events, region);
    }

    private static MapPlace Place(DocumentAnalysis analysis, PlaceResolution p)
    {
        var spans = analysis.Resolved(p.Mention)?.Spans.Where(s => !s.IsEmpty).ToImmutableArray() ?? [];
        var text = p.Mention.Anchor.Text ?? (analysis.Article is { } a && spans.Length > 0 ? a.Slice(spans[0]) : "");
        // A ref the gazetteer lacks is unknown even when the name has candidates: the marker would put it where the annotator did not.
        var state = p.Mention.Ref is not null ? (p.Entry is null ? PlaceState.Unknown : PlaceState.Linked)
            : p.Candidates.Count switch { 0 => PlaceState.Unknown, 1 => PlaceState.Unlinked, _ => PlaceState.Ambiguous };
        var entry = state switch { PlaceState.Linked => p.Entry, PlaceState.Unknown => null, _ => p.Candidates[0].Entry };
        return new MapPlace(p.Mention.Label, text, state, entry?.Id, entry?.Name, entry?.Latitude, entry?.Longitude, entry?.CountryCode ?? "",
            spans, p.Mention.Node.Span, p.Candidates.Count);
    }

    private static TimelineEvent Event(DocumentAnalysis analysis, EventMention e)
    {
        var resolution = analysis.DateOf(e);
        var date = resolution?.Annotated;
        var about = new List<TextSpan>();
        if (e.DateNode is { } dn) about.Add(dn.Span);
        if (e.When is { } w) about.Add(w.Node.Span);
        if (e.RelativeToNode is { } rn) about.Add(rn.Span);
        var diagnostics = analysis.Diagnostics
            .Where(d => d.Path == analysis.Sidecar.Path && about.Any(s => s.Contains(d.Span) || s.Overlaps(d.Span)))
            .Select(ViewDiagnostic.From).ToImmutableArray();
        var trigger = analysis.Resolved(e)?.Spans.FirstOrDefault(s => !s.IsEmpty);
        return new TimelineEvent(e.Label, e.Type, date?.Value, date?.Start, date?.End, e.When?.Text, resolution?.Normalization?.Value?.Value,
            e.RelativeTo, e.IsPlanned, trigger is { IsEmpty: false } t ? t : null, resolution?.WhenSpan, e.Node.Span, diagnostics);
    }
}
