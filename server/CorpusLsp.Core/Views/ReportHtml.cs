using System.Globalization;
using System.Net;
using System.Text;
using CorpusLsp.Core.Model;
using Severity = CorpusLsp.Core.Diagnostics.Severity;

namespace CorpusLsp.Core.Views;

/// <summary>
/// The corpus report: one self-contained HTML page (styles and SVG inline, no script, nothing fetched) for a CI artifact.
/// </summary>
public static class ReportHtml
{
    /// <param name="href">Where a finding links (a path relative to the report, with a line); null for no link.</param>
    public static string Render(CorpusView corpus, string generator, Func<ViewDiagnostic, string?> href)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><title>").Append(E($"Corpus report: {corpus.Name}")).Append("</title><style>")
            .Append(ViewStyles.Palettes).Append(ViewStyles.Css).Append(PageCss).Append("</style></head><body><main>");
        sb.Append("<h1>").Append(E(corpus.Name)).Append("</h1><p class=\"sub\">").Append(E($"{corpus.Root} · {generator}")).Append("</p>");
        Figures(sb, corpus);
        sb.Append("<h2 id=\"map\">Places</h2>").Append(MapSvg.Legend());
        var markers = corpus.Places.Where(p => p.Latitude is not null && p.Longitude is not null)
            .Select((p, i) => new MapMarker(p.Latitude!.Value, p.Longitude!.Value, p.State, p.Mentions, p.Name,
                $"{p.Name}: {p.Mentions} mention{(p.Mentions == 1 ? "" : "s")} in {p.Articles} article{(p.Articles == 1 ? "" : "s")} ({MapSvg.Describe(p.State)})", i)).ToList();
        sb.Append("<figure>").Append(MapSvg.Render(markers, new HashSet<string>(), labels: 12)).Append("<figcaption>")
            .Append(E(WorldOutlines.Attribution)).Append("</figcaption></figure>");
        var unplaced = corpus.Places.Where(p => p.Latitude is null).ToList();
        if (unplaced.Count > 0)
            sb.Append("<p class=\"note\">Not on the map (unknown to the gazetteer): ").Append(E(string.Join(", ", unplaced.Select(p => $"{p.Name} ({p.Mentions})")))).Append("</p>");
        sb.Append("<h2 id=\"timeline\">Events by article</h2><p class=\"note\">Dashes mark publication; red events have date findings (hover for the message).</p>")
            .Append(TimelineSvg.Corpus(corpus));
        Diagnostics(sb, corpus, href);
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    private static void Figures(StringBuilder sb, CorpusView c)
    {
        sb.Append("<section class=\"figures\">");
        Card(sb, "articles", c.Articles.Length.ToString(CultureInfo.InvariantCulture), "");
        foreach (var (kind, n) in c.MentionsByKind.OrderBy(k => k.Key))
            Card(sb, Plural(kind), n.ToString(CultureInfo.InvariantCulture), "mentions");
        Card(sb, "places linked", c.LinkedShare.ToString("P0", CultureInfo.InvariantCulture), $"{c.LinkedPlaceMentions} of {c.PlaceMentions}");
        Card(sb, "events dated", $"{c.DatedEvents}/{c.Events}", "");
        Card(sb, "`when` anchored", $"{c.AnchoredWhen}/{c.EventsWithWhen}", "found in the article");
        var errors = c.AllDiagnostics.Count(d => d.Severity == Severity.Error);
        Card(sb, "findings", c.AllDiagnostics.Length.ToString(CultureInfo.InvariantCulture), $"{errors} error{(errors == 1 ? "" : "s")}");
        sb.Append("</section>");
    }

    private static string Plural(MentionKind k) => k switch
    {
        MentionKind.Place => "places", MentionKind.Person => "people", MentionKind.Organisation => "organisations", MentionKind.Event => "events", _ => k.ToString().ToLowerInvariant(),
    };

    private static void Card(StringBuilder sb, string label, string value, string detail) =>
        sb.Append("<div class=\"card\"><div class=\"value\">").Append(E(value)).Append("</div><div class=\"label\">").Append(E(label))
            .Append("</div><div class=\"detail\">").Append(E(detail)).Append("</div></div>");

    private static void Diagnostics(StringBuilder sb, CorpusView c, Func<ViewDiagnostic, string?> href)
    {
        sb.Append("<h2 id=\"findings\">Findings by code</h2>");
        if (c.DiagnosticsByCode.Length == 0) { sb.Append("<p>No findings.</p>"); return; }
        sb.Append("<table><thead><tr><th>code</th><th>severity</th><th>title</th><th>count</th></tr></thead><tbody>");
        foreach (var g in c.DiagnosticsByCode)
            sb.Append("<tr><td><a href=\"#").Append(E(g.Code)).Append("\">").Append(E(g.Code)).Append("</a></td><td class=\"sev ").Append(Sev(g.Severity)).Append("\">")
                .Append(Sev(g.Severity)).Append("</td><td>").Append(E(g.Title)).Append("</td><td>").Append(g.Diagnostics.Length).Append("</td></tr>");
        sb.Append("</tbody></table><h2>Findings by file</h2>");
        var anchored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in c.AllDiagnostics.GroupBy(d => d.Path, StringComparer.Ordinal).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sb.Append("<details open><summary>").Append(E(Relative(c.Root, file.Key))).Append(" <span class=\"count\">").Append(file.Count()).Append("</span></summary><ul class=\"findings\">");
            foreach (var d in file.OrderBy(d => d.Span.Start))
            {
                var link = href(d);
                var where = d.Line > 0 ? $"line {d.Line}" : "";
                sb.Append(anchored.Add(d.Code) ? $"<li id=\"{E(d.Code)}\">" : "<li>").Append("<span class=\"sev ").Append(Sev(d.Severity)).Append("\">").Append(E(d.Code)).Append("</span> ");
                if (link is not null) sb.Append("<a href=\"").Append(E(link)).Append("\">").Append(E(where)).Append("</a>");
                else sb.Append(E(where));
                sb.Append(" ").Append(E(d.Message)).Append("</li>");
            }
            sb.Append("</ul></details>");
        }
    }

    private static string Relative(string root, string path) => path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..].TrimStart('/') : path;

    private static string Sev(Severity s) => s.ToString().ToLowerInvariant();

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string PageCss = """
        body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { margin: 0.2em 0 0; } .sub, .note, figcaption { color: var(--muted); font-size: 12px; }
        a { color: var(--event); }
        .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 10px; margin: 16px 0; }
        .card { background: var(--card); border: 1px solid var(--grid); border-radius: 8px; padding: 10px 12px; }
        .card .value { font-size: 24px; font-weight: 600; } .card .label { font-weight: 500; } .card .detail { color: var(--muted); font-size: 12px; }
        figure { margin: 0; border: 1px solid var(--grid); border-radius: 8px; overflow: hidden; } figcaption { padding: 4px 8px; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--grid); }
        .sev.error { color: var(--error); font-weight: 600; } .sev.warning { color: var(--unlinked); font-weight: 600; } .sev.information, .sev.hint { color: var(--muted); }
        details { margin: 6px 0; } summary { cursor: pointer; font-weight: 500; } .count { color: var(--muted); }
        ul.findings { margin: 4px 0 8px; padding-left: 20px; } ul.findings li { margin: 2px 0; }
        """;
}
