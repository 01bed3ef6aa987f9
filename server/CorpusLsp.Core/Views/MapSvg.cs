using System.Globalization;
using System.Net;
using System.Text;

namespace CorpusLsp.Core.Views;

/// <summary>A point to draw: where, its state, its size (mentions), and what clicking it reveals (an index into the view's places).</summary>
public sealed record MapMarker(double Latitude, double Longitude, PlaceState State, int Mentions, string Label, string Title, int Index);

/// <summary>
/// Draws places on country outlines as SVG, fitted to the places (an equirectangular projection scaled by the cosine
/// of the middle latitude, which keeps a region's shape at the scales an article spans). Colours come from CSS classes
/// (`country`, `home`, `marker`, `linked`, …) so the page or webview decides them for its theme.
/// </summary>
public static class MapSvg
{
    public const int Width = 960;
    public const int Height = 540;

    /// <summary>An article's places (`data-index` = index in <see cref="ArticleView.Places"/>), its source's home countries shaded.</summary>
    public static string Article(ArticleView view)
    {
        var markers = view.Places.Select((p, i) => (Place: p, Index: i)).Where(x => x.Place.HasCoordinates)
            .Select(x => new MapMarker(x.Place.Latitude!.Value, x.Place.Longitude!.Value, x.Place.State, x.Place.Mentions, x.Place.Text.Length > 0 ? x.Place.Text : x.Place.Label,
                $"{x.Place.Label}: {x.Place.EntryName} ({x.Place.EntryId}), {Describe(x.Place.State)}, {x.Place.Mentions} mention{(x.Place.Mentions == 1 ? "" : "s")}", x.Index))
            .ToList();
        return Render(markers, view.Region?.Countries.ToHashSet(StringComparer.Ordinal) ?? [], labels: int.MaxValue);
    }

    /// <param name="labels">How many markers get a name beside them, those with most mentions first (the rest have a tooltip).</param>
    public static string Render(IReadOnlyList<MapMarker> markers, IReadOnlySet<string> shadedCountries, int labels)
    {
        var view = Fit(markers);
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg class=\"map\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Map of places\">"));
        sb.Append(Inv($"<rect class=\"sea\" x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\"/>"));
        foreach (var c in WorldOutlines.Countries)
        {
            if (c.MaxLon < view.MinLon || c.MinLon > view.MaxLon || c.MaxLat < view.MinLat || c.MinLat > view.MaxLat) continue;
            sb.Append("<path class=\"country").Append(shadedCountries.Contains(c.Code) ? " home" : "").Append("\" d=\"");
            foreach (var ring in c.Rings)
            {
                for (var i = 0; i < ring.Length; i++)
                {
                    var (x, y) = view.Project(ring[i].Lat, ring[i].Lon);
                    sb.Append(i == 0 ? 'M' : 'L').Append(Inv($"{x:0.#},{y:0.#}"));
                }
                sb.Append('Z');
            }
            sb.Append("\"><title>").Append(WebUtility.HtmlEncode(c.Name)).Append("</title></path>");
        }
        var labelled = markers.OrderByDescending(m => m.Mentions).Take(labels).ToHashSet();
        // Large markers first, so a small one on the same spot stays clickable.
        foreach (var m in markers.OrderByDescending(m => m.Mentions))
        {
            var (x, y) = view.Project(m.Latitude, m.Longitude);
            var r = Radius(m.Mentions);
            sb.Append(Inv($"<g class=\"marker {Class(m.State)}\" data-index=\"{m.Index}\" tabindex=\"0\"><circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{r:0.#}\"/>"));
            if (labelled.Contains(m)) sb.Append(Inv($"<text x=\"{x + r + 3:0.#}\" y=\"{y + 4:0.#}\">")).Append(WebUtility.HtmlEncode(m.Label)).Append("</text>");
            sb.Append("<title>").Append(WebUtility.HtmlEncode(m.Title)).Append("</title></g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The legend as HTML: what each marker colour means and that size is mentions.</summary>
    public static string Legend() =>
        "<ul class=\"legend\">" + string.Concat(Enum.GetValues<PlaceState>().Select(s => $"<li><span class=\"swatch {Class(s)}\"></span>{Describe(s)}</li>"))
        + "<li>size: number of mentions</li></ul>";

    public static string Class(PlaceState s) => s.ToString().ToLowerInvariant();

    public static string Describe(PlaceState s) => s switch
    {
        PlaceState.Linked => "linked",
        PlaceState.Unlinked => "unlinked, one candidate",
        PlaceState.Ambiguous => "ambiguous, best candidate shown",
        _ => "unknown (not shown)",
    };

    public static double Radius(int mentions) => Math.Min(24, 4 + 2.5 * Math.Sqrt(Math.Max(1, mentions)));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record Viewport(double MinLon, double MinLat, double MaxLon, double MaxLat, double Cos, double Scale, double OffsetX, double OffsetY)
    {
        public (double X, double Y) Project(double lat, double lon) => (OffsetX + (lon - MinLon) * Cos * Scale, OffsetY + (MaxLat - lat) * Scale);
    }

    private static Viewport Fit(IReadOnlyList<MapMarker> markers)
    {
        double minLon = -170, maxLon = 180, minLat = -58, maxLat = 80;
        if (markers.Count > 0)
        {
            (minLon, maxLon) = (markers.Min(m => m.Longitude), markers.Max(m => m.Longitude));
            (minLat, maxLat) = (markers.Min(m => m.Latitude), markers.Max(m => m.Latitude));
            // Room around the places, and at least a few degrees so one town shows its surroundings.
            var padLon = Math.Max(3, (maxLon - minLon) * 0.15);
            var padLat = Math.Max(2, (maxLat - minLat) * 0.15);
            (minLon, maxLon, minLat, maxLat) = (Math.Max(-180, minLon - padLon), Math.Min(180, maxLon + padLon), Math.Max(-85, minLat - padLat), Math.Min(85, maxLat + padLat));
        }
        var cos = Math.Max(0.3, Math.Cos((minLat + maxLat) / 2 * Math.PI / 180));
        var scale = Math.Min(Width / ((maxLon - minLon) * cos), Height / (maxLat - minLat));
        // Centre the box, then widen it to the whole viewport so outlines fill the frame.
        var offsetX = (Width - (maxLon - minLon) * cos * scale) / 2;
        var offsetY = (Height - (maxLat - minLat) * scale) / 2;
        var lonPad = offsetX / (cos * scale);
        var latPad = offsetY / scale;
        return new Viewport(minLon - lonPad, minLat - latPad, maxLon + lonPad, maxLat + latPad, cos, scale, 0, 0);
    }
}
