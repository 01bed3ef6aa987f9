using System.Globalization;
using System.Net;
using System.Text;

namespace CorpusLsp.Core.Views;

/// <summary>
/// Draws timelines as SVG: one article's events on rows (publication marked, `relativeTo` links, dated ranges as bars,
/// events with date findings in the `error` class with the message), or a corpus's events with one row per article.
/// </summary>
public static class TimelineSvg
{
    public const int Width = 960;
    private const int Left = 16;
    private const int Right = 16;
    private const int Top = 50;
    private const int Row = 24;

    public static string Article(ArticleView view)
    {
        var dated = view.Events.Select((e, i) => (Event: e, Index: i)).Where(x => x.Event.Start is not null)
            .OrderBy(x => x.Event.Start).ThenBy(x => x.Index).ToList();
        var undated = view.Events.Select((e, i) => (Event: e, Index: i)).Where(x => x.Event.Start is null).ToList();
        var dates = dated.SelectMany(x => new[] { x.Event.Start!.Value, x.Event.End ?? x.Event.Start!.Value }).ToList();
        if (view.Published is { } p) dates.Add(p);
        var axis = Axis.Over(dates, Left, Width - Right);

        var rows = new List<(int Index, TimelineEvent Event, double Y)>();
        var y = (double)Top + 14;
        foreach (var (e, i) in dated.Concat(undated))
        {
            // Undated events come last, below a heading.
            if (e.Start is null && rows.All(r => r.Event.Start is not null)) y += 24;
            rows.Add((i, e, y));
            y += Row + 16 * e.Diagnostics.Length;
        }
        var height = (int)y + 8;
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"timeline\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Timeline of events\">"));
        sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"rel-head\" d=\"M0,0L8,4L0,8Z\"/></marker></defs>");
        axis.Draw(sb, Top, height - 4);
        if (view.Published is { } pub)
        {
            var x = axis.X(pub);
            sb.Append(Inv($"<line class=\"published\" x1=\"{x:0.#}\" y1=\"{Top - 20}\" x2=\"{x:0.#}\" y2=\"{height - 4}\"/>"));
            sb.Append(Inv($"<text class=\"published-label\" x=\"{x:0.#}\" y=\"{Top - 24}\" text-anchor=\"middle\">published {pub:yyyy-MM-dd}</text>"));
        }
        var at = rows.Where(r => r.Event.Start is not null).ToDictionary(r => r.Event.Label, r => (X: axis.X(r.Event.Start!.Value), r.Y), StringComparer.Ordinal);
        foreach (var (_, e, ry) in rows)
            if (e.RelativeTo is { } rel && at.TryGetValue(rel, out var to) && at.TryGetValue(e.Label, out var from))
            {
                var bend = Math.Max(30, Math.Abs(from.Y - to.Y) / 2);
                sb.Append(Inv($"<path class=\"rel\" marker-end=\"url(#arrow)\" d=\"M{from.X:0.#},{from.Y:0.#}C{from.X - bend:0.#},{from.Y:0.#} {to.X - bend:0.#},{to.Y:0.#} {to.X - 6:0.#},{to.Y:0.#}\"><title>relativeTo {WebUtility.HtmlEncode(rel)}</title></path>"));
            }
        var undatedHeading = true;
        foreach (var (index, e, ry) in rows)
        {
            var classes = "event" + (e.Diagnostics.Length > 0 ? " error" : "") + (e.Planned ? " planned" : "");
            sb.Append(Inv($"<g class=\"{classes}\" data-index=\"{index}\" tabindex=\"0\">"));
            double textX;
            var anchor = "start";
            if (e.Start is { } s)
            {
                var x1 = axis.X(s);
                var x2 = axis.X(e.End ?? s);
                if (x2 - x1 > 3) sb.Append(Inv($"<rect x=\"{x1:0.#}\" y=\"{ry - 5:0.#}\" width=\"{x2 - x1:0.#}\" height=\"10\" rx=\"3\"/>"));
                else sb.Append(Inv($"<circle cx=\"{x1:0.#}\" cy=\"{ry:0.#}\" r=\"6\"/>"));
                // Text runs away from the nearer edge so it stays inside the frame.
                if (x1 > Width * 0.6) { textX = x1 - 10; anchor = "end"; } else textX = Math.Max(x1, x2) + 10;
            }
            else
            {
                if (undatedHeading)
                {
                    sb.Append(Inv($"<text class=\"heading\" x=\"{Left}\" y=\"{ry - 20:0.#}\">no date</text>"));
                    undatedHeading = false;
                }
                sb.Append(Inv($"<circle class=\"undated\" cx=\"{Left + 6}\" cy=\"{ry:0.#}\" r=\"5\"/>"));
                textX = Left + 18;
            }
            sb.Append(Inv($"<text x=\"{textX:0.#}\" y=\"{ry + 4:0.#}\" text-anchor=\"{anchor}\">")).Append(WebUtility.HtmlEncode(Caption(e))).Append("</text>");
            var dy = ry + 20;
            // Messages run from the left edge whatever the event's place: a long one must not leave the frame.
            foreach (var d in e.Diagnostics)
            {
                sb.Append(Inv($"<text class=\"message\" x=\"{Left + 18}\" y=\"{dy:0.#}\">")).Append(WebUtility.HtmlEncode(Shorten($"{d.Code}: {d.Message}", 130))).Append("</text>");
                dy += 16;
            }
            sb.Append("<title>").Append(WebUtility.HtmlEncode(Caption(e) + string.Concat(e.Diagnostics.Select(d => $"\n{d.Code}: {d.Message}")))).Append("</title></g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The corpus's events, one row per article (its title on the left, publication as a tick).</summary>
    public static string Corpus(CorpusView corpus)
    {
        const int labelWidth = 260;
        var dates = corpus.Articles.SelectMany(a => a.Events.SelectMany(e => new[] { e.Start, e.End }).Concat([a.Published])).OfType<DateOnly>().ToList();
        var axis = Axis.Over(dates, labelWidth, Width - Right);
        var height = Top + corpus.Articles.Length * (Row + 6) + 12;
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"timeline\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Events by article\">"));
        axis.Draw(sb, Top, height - 4);
        var y = (double)Top + 18;
        foreach (var a in corpus.Articles)
        {
            sb.Append(Inv($"<text class=\"row-label\" x=\"{Left}\" y=\"{y + 4:0.#}\">")).Append(WebUtility.HtmlEncode(Shorten(a.Title ?? Path.GetFileName(a.SidecarPath), 38))).Append("<title>")
                .Append(WebUtility.HtmlEncode(a.SidecarPath)).Append("</title></text>");
            sb.Append(Inv($"<line class=\"row\" x1=\"{labelWidth}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\"/>"));
            if (a.Published is { } p)
                sb.Append(Inv($"<line class=\"published\" x1=\"{axis.X(p):0.#}\" y1=\"{y - 10:0.#}\" x2=\"{axis.X(p):0.#}\" y2=\"{y + 10:0.#}\"><title>published {p:yyyy-MM-dd}</title></line>"));
            foreach (var e in a.Events.Where(e => e.Start is not null))
            {
                var x = axis.X(e.Start!.Value);
                sb.Append(Inv($"<g class=\"event{(e.Diagnostics.Length > 0 ? " error" : "")}\"><circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"5\"/><title>"))
                    .Append(WebUtility.HtmlEncode(Caption(e) + string.Concat(e.Diagnostics.Select(d => $"\n{d.Code}: {d.Message}")))).Append("</title></g>");
            }
            y += Row + 6;
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Caption(TimelineEvent e) =>
        e.Label + (e.When is { } w ? $" “{w}”" : "") + (e.Date is { } d ? $" {d}" : e.Resolved is { } r ? $" ≈ {r}" : "") + (e.Planned ? " (planned)" : "");

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A linear date axis over the given dates, padded, with about six labelled ticks.</summary>
    private sealed record Axis(DateOnly From, DateOnly To, double X0, double X1)
    {
        public static Axis Over(IReadOnlyCollection<DateOnly> dates, double x0, double x1)
        {
            if (dates.Count == 0) { var today = new DateOnly(2000, 1, 1); return new Axis(today, today.AddDays(1), x0, x1); }
            var (min, max) = (dates.Min(), dates.Max());
            var pad = Math.Max(2, (max.DayNumber - min.DayNumber) / 12);
            return new Axis(min.AddDays(-pad), max.AddDays(pad), x0 + 8, x1 - 8);
        }

        public double X(DateOnly d) => X0 + (X1 - X0) * (d.DayNumber - From.DayNumber) / Math.Max(1, To.DayNumber - From.DayNumber);

        public void Draw(StringBuilder sb, double y, double bottom)
        {
            var span = To.DayNumber - From.DayNumber;
            var format = span > 4 * 365 ? "yyyy" : span > 120 ? "yyyy-MM" : "yyyy-MM-dd";
            sb.Append(Inv($"<line class=\"axis\" x1=\"{X0:0.#}\" y1=\"{y:0.#}\" x2=\"{X1:0.#}\" y2=\"{y:0.#}\"/>"));
            for (var i = 0; i <= 5; i++)
            {
                var d = DateOnly.FromDayNumber(From.DayNumber + span * i / 5);
                var x = X(d);
                sb.Append(Inv($"<line class=\"tick\" x1=\"{x:0.#}\" y1=\"{y:0.#}\" x2=\"{x:0.#}\" y2=\"{bottom:0.#}\"/>"));
                sb.Append(Inv($"<text class=\"tick-label\" x=\"{x:0.#}\" y=\"{y - 4:0.#}\" text-anchor=\"{(i == 0 ? "start" : i == 5 ? "end" : "middle")}\">{d.ToString(format, CultureInfo.InvariantCulture)}</text>"));
            }
        }
    }
}
