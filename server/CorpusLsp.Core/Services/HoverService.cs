using System.Globalization;
using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Services;

public static class HoverService
{
    /// <param name="cancellationToken">Checked between the analyses of other sidecars and between dates: a cancelled hover stops early.</param>
    public static HoverResult? Hover(CorpusSnapshot snapshot, string path, int offset, CancellationToken cancellationToken = default)
    {
        switch (snapshot.KindOf(path))
        {
            case FileKind.Sidecar:
                return snapshot.Analyze(path) is { } a ? HoverInSidecar(snapshot, a, offset, cancellationToken) : null;
            case FileKind.Article:
                var sidecar = snapshot.SidecarOf(path);
                var analysis = sidecar is null ? null : snapshot.Analyze(sidecar);
                var mention = analysis?.At(offset).FirstOrDefault();
                if (analysis is not null && mention is not null)
                    return new HoverResult(Describe(snapshot, analysis, mention.Mention, cancellationToken), mention.Spans.First(s => s.ContainsOrTouches(offset)));
                var text = snapshot.TextOf(path);
                if (text is null) return null;
                // Read as the article reads: its sentence's tense, the words after it, the dates before it; within a
                // window a reader still holds, so that a hover near the end of a 10 MB single-line article is not 10 s.
                var (from, to) = ReadingWindow(text.Text, offset, offset);
                var (expr, read) = TemporalNormalizer.ReadTaggedDates(text.Text[from..to], offset + 1 - from, analysis?.Published, cancellationToken)
                    .FirstOrDefault(d => d.Expression.Span.ContainsOrTouches(offset - from));
                return expr is null ? null : new HoverResult(DateMarkdown(expr.Text, read), new TextSpan(expr.Span.Start + from, expr.Span.End + from));
            default:
                return null;
        }
    }

    /// <summary>
    /// Characters of context before the cursor a date is read in: more than any article's paragraph (the date before it
    /// and the quarter reported on are in it), few enough that tagging them stays within a keystroke's budget (32k took
    /// ~130 ms on a busy 2-core machine, 8k ~12 ms; `node bench/lsp/bench.mjs --only scale`).
    /// </summary>
    public const int ContextBefore = 8 * 1024;

    /// <summary>Characters of context after a requested range: the words after a date that give its year, a sentence's end.</summary>
    public const int ContextAfter = 4096;

    /// <summary>
    /// The part of an article a request about [<paramref name="start"/>, <paramref name="end"/>) reads: whole for any usual
    /// article, else from a word start <see cref="ContextBefore"/> characters before it to <see cref="ContextAfter"/> after,
    /// so that what a request costs follows its range, not the article's length.
    /// </summary>
    public static (int From, int To) ReadingWindow(string text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        var from = Math.Max(0, start - ContextBefore);
        if (from > 0) { var space = text.AsSpan(from, start - from).IndexOfAny(' ', '\n'); from = space < 0 ? start : from + space + 1; }
        return (Math.Min(from, start), Math.Min(text.Length, end + ContextAfter));
    }

    private static HoverResult? HoverInSidecar(CorpusSnapshot snapshot, DocumentAnalysis analysis, int offset, CancellationToken cancellationToken)
    {
        var sidecar = analysis.Sidecar;
        var hit = SidecarLocator.At(sidecar, offset);
        if (hit.Mention is null)
        {
            if (sidecar.Meta.PublishedNode is { } p && p.Span.ContainsOrTouches(offset) && Timex.ParseIso(p.Value) is { Granularity: Granularity.Day, Start: { } d })
                return new HoverResult($"**Publication date** {d:yyyy-MM-dd}, a {d.DayOfWeek}\n\nRelative date expressions of this article resolve against it.", p.Span);
            if (sidecar.Meta.Dateline is { TextNode: { } dl } && dl.Span.ContainsOrTouches(offset))
                return new HoverResult(DateMarkdown(dl.Value, TemporalNormalizer.Normalize(dl.Value, null)), dl.Span);
            return null;
        }
        var span = hit.Item?.Span ?? hit.Entry?.Value.Span ?? hit.Mention.Node.Span;
        if (hit.Mention is EventMention e && hit.Entry?.Key.Value is "date" or "when" && analysis.DateOf(e) is { } dr)
        {
            var whenText = e.When?.Text;
            if (whenText is null && dr.Annotated?.Start is { } ad)
                return new HoverResult($"**{dr.Annotated.Value}**" + (dr.Annotated.Granularity == Granularity.Day ? $", a {ad.DayOfWeek}" : ""), span);
            // The checker's own reading of it (in the article, with the words after it), not a second one out of context.
            if (whenText is not null && dr.Normalization is { } checkedAs)
                return new HoverResult(DateMarkdown(whenText, checkedAs), span);
        }
        if (hit.Mention is EventMention ev && hit.Entry?.Key.Value is "places" or "participants" && hit.Item is YScalar target)
        {
            var referenced = sidecar.AllMentions.FirstOrDefault(m => m.Kind != MentionKind.Event && (m.Id == target.Value || m.Anchor.Text == target.Value));
            if (referenced is not null) return new HoverResult(Describe(snapshot, analysis, referenced, cancellationToken), target.Span);
        }
        return new HoverResult(Describe(snapshot, analysis, hit.Mention, cancellationToken), span);
    }

    public static string Describe(CorpusSnapshot snapshot, DocumentAnalysis analysis, Mention mention, CancellationToken cancellationToken = default)
    {
        var sb = new StringBuilder();
        var count = analysis.Resolved(mention)?.Spans.Length ?? 0;
        switch (mention)
        {
            case PlaceMention p:
                var resolution = analysis.PlaceOf(p);
                if (resolution?.Entry is { } e)
                {
                    AppendPlace(sb, snapshot, e);
                    if (CountMentions(snapshot, e.Id, cancellationToken) is { } corpusCount)
                        sb.Append($"\n\nMentioned {corpusCount} time{(corpusCount == 1 ? "" : "s")} in the corpus.");
                    else
                        sb.Append($"\n\nMentioned {count} time{(count == 1 ? "" : "s")} in this article (the corpus is still being indexed).");
                    if (p.Ref is null) sb.Append(" *(not linked: resolved by name)*");
                }
                else if (resolution is { Candidates.Count: > 0 })
                {
                    sb.Append($"**{p.Anchor.Text}**: not linked; candidates, best first:\n");
                    foreach (var c in resolution.Candidates.Take(3))
                        sb.Append(CultureInfo.InvariantCulture, $"\n- {c.Entry.Name} `{c.Entry.Id}` score {c.Score:0.00}: {string.Join("; ", c.Reasons)}");
                }
                else sb.Append($"**{p.Anchor.Text ?? p.Label}**: not in the gazetteer.");
                break;
            case PersonMention person:
                sb.Append($"**{person.Name ?? person.Anchor.Text}** (person)");
                if (person.Role is { } role) sb.Append($"\n\n{role}");
                sb.Append($"\n\n{count} mention(s) in this article.");
                break;
            case OrganisationMention org:
                sb.Append($"**{org.Name ?? org.Anchor.Text}** (organisation{(org.OrgKind is { } k ? ", " + k : "")})");
                sb.Append($"\n\n{count} mention(s) in this article.");
                break;
            case EventMention ev:
                sb.Append($"**{ev.Type ?? "event"}**{(ev.Anchor.Text is { } t ? $" “{t}”" : "")}");
                if (analysis.DateOf(ev) is { Annotated: { } date })
                    sb.Append($"\n\nDate: {date.Value}" + (date.Granularity == Granularity.Day ? $" ({date.Start!.Value.DayOfWeek})" : ""));
                if (ev.When?.Text is { } w) sb.Append($" — “{w}”");
                if (ev.IsPlanned) sb.Append(" *(planned)*");
                if (!ev.Places.IsEmpty) sb.Append($"\n\nPlaces: {string.Join(", ", ev.Places.Select(x => x.Value))}");
                if (!ev.Participants.IsEmpty) sb.Append($"\n\nParticipants: {string.Join(", ", ev.Participants.Select(x => x.Value))}");
                break;
        }
        if (mention.Note is { } note) sb.Append($"\n\n*{note}*");
        return sb.ToString();
    }

    public static void AppendPlace(StringBuilder sb, CorpusSnapshot snapshot, GazetteerEntry e)
    {
        var g = snapshot.Gazetteer;
        sb.Append($"**{e.Name}** — {FeatureCodes.Describe(e.FeatureCode)} (`{e.FeatureClass}.{e.FeatureCode}`)\n\n");
        var hierarchy = g.Hierarchy(e);
        if (hierarchy.Length > 0) sb.Append($"{hierarchy}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{e.Latitude:0.####}, {e.Longitude:0.####}{(e.ApproximateLocation ? " (approximate)" : "")} · [OpenStreetMap]({e.OpenStreetMapUrl})");
        if (e.Population > 0) sb.Append(CultureInfo.InvariantCulture, $" · population {e.Population:N0}");
        sb.Append($"\n\n`{e.Id}`");
        var other = e.AllNames.Where(n => n != e.Name && n.All(c => c < 0x250)).Distinct().Take(6).ToList();
        if (other.Count > 0) sb.Append($" · also {string.Join(", ", other)}");
    }

    /// <summary>A corpus this small is counted during the hover (at most a few hundred milliseconds, once per snapshot).</summary>
    public const int CountAtOnceUpTo = 200;

    /// <summary>
    /// How often the corpus mentions an entry: from the snapshot's counts when it has them; a small corpus is counted now;
    /// a large one not during a request (null: the host counts in the background; see <see cref="CorpusSnapshot.MentionCounts"/>).
    /// A partial snapshot (what was loaded first, or a shard) holds too little of the corpus to say.
    /// </summary>
    public static int? CountMentions(CorpusSnapshot snapshot, string entryId, CancellationToken cancellationToken = default)
    {
        if (snapshot.IsPartial) return null;
        var counts = snapshot.MentionCountsIfReady ?? (snapshot.Sidecars.Take(CountAtOnceUpTo + 1).Count() <= CountAtOnceUpTo ? snapshot.MentionCounts(cancellationToken) : null);
        return counts?.GetValueOrDefault(entryId);
    }

    public static string DateMarkdown(string expression, Normalization n)
    {
        var sb = new StringBuilder($"**“{expression}”** → ");
        sb.Append(n.Value is { } v ? $"`{v.Value}`" + (v.Granularity == Granularity.Day ? $", a {v.Start!.Value.DayOfWeek}" : "") : "(unresolved)");
        sb.Append('\n');
        for (var i = 0; i < n.Steps.Length; i++) sb.Append($"\n{i + 1}. {n.Steps[i]}");
        return sb.ToString();
    }
}
