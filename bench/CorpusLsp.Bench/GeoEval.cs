using System.Xml.Linq;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// Toponym resolution given gold names (as Mordecai 3 reports): for every gold toponym of LGL and TR-News,
/// the engine's top candidate with the article as context, against the gold GeoNames id and coordinates.
/// Gazetteer: GeoNames cities500 + admin1 + admin2 + countryInfo from ../shared/data/geonames.
/// </summary>
public static class GeoEval
{
    private sealed record Gold(string Phrase, int Start, int End, string? GeonameId, double Lat, double Lon);

    public static int Run(string[] args)
    {
        var shared = Path.Combine(Repo.Shared, "data");
        var geo = Path.Combine(shared, "geonames");
        var root = PhysicalFileSystem.Normalize(geo);
        ConfiguredPath P(string f) => new(root + "/" + f, default);
        var config = CorpusConfig.Default(root) with
        {
            GeonamesFiles = [P("cities500.txt")], Admin1 = P("admin1CodesASCII.txt"), Admin2 = P("admin2Codes.txt"), Countries = P("countryInfo.txt"),
        };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var built = GazetteerBuilder.Build(config, new PhysicalFileSystem());
        var g = built.Gazetteer;
        Console.WriteLine($"gazetteer: {g.Count:N0} entries, {g.NameCount:N0} names, built in {sw.Elapsed.TotalSeconds:0.0} s; {built.Diagnostics.Length} malformed rows\n");
        Console.WriteLine("| corpus | toponyms | with candidates | acc@161 km | exact id | mean error km | median error km |\n|---|---|---|---|---|---|---|");
        foreach (var (name, file) in new[] { ("LGL", Path.Combine(shared, "lgl", "lgl.xml")), ("TR-News", Path.Combine(shared, "tr-news", "TR-News.xml")) })
        {
            var errors = new List<double>();
            int total = 0, resolved = 0, exact = 0, within = 0;
            foreach (var article in XDocument.Load(file).Root!.Elements("article"))
            {
                var text = article.Element("text")?.Value ?? "";
                var golds = article.Element("toponyms")?.Elements("toponym")
                    .Select(t => (Phrase: t.Element("phrase")?.Value ?? "", Gaz: t.Element("gaztag"), Start: (int?)t.Element("start") ?? 0, End: (int?)t.Element("end") ?? 0))
                    .Where(t => t.Gaz?.Element("lat") is not null)
                    .Select(t => new Gold(t.Phrase, t.Start, t.End, t.Gaz!.Attribute("geonameid")?.Value, (double)t.Gaz.Element("lat")!, (double)t.Gaz.Element("lon")!))
                    .ToList() ?? [];
                if (golds.Count == 0) continue;
                var picks = Resolve(g, text, golds);
                for (var i = 0; i < golds.Count; i++)
                {
                    total++;
                    var top = picks[i];
                    if (top is null) { errors.Add(20038); continue; } // half the earth's circumference: the usual penalty for no answer
                    resolved++;
                    if (golds[i].GeonameId is { } id && top.Id == "geonames:" + id) exact++;
                    var km = Geo.DistanceKm(top.Latitude, top.Longitude, golds[i].Lat, golds[i].Lon);
                    if (km <= 161) within++;
                    errors.Add(km);
                }
            }
            errors.Sort();
            Console.WriteLine($"| {name} | {total} | {resolved} | {(double)within / total:0.000} | {(double)exact / total:0.000} | {errors.Average():0} | {errors[errors.Count / 2]:0} |");
        }
        Console.WriteLine("\nPublished (resolution given gold names): Mordecai 3 acc@161 LGL 0.827, TR-News 0.873; exact LGL 0.794, TR 0.843; mean error LGL 303.9 km, TR 294.7 km.");
        Console.WriteLine("Full geoparsers on LGL (acc@161): Edinburgh 0.76, CLAVIN 0.71, GeoTxt 0.68, Palladian-ML 0.78; population baseline about 0.70.");
        return 0;
    }

    /// <summary>
    /// Two passes, as a reader resolves an article: first each name alone (importance only), then again with the
    /// article's context: the countries most of its places are in and the locations of its confidently resolved places.
    /// </summary>
    private static GazetteerEntry?[] Resolve(Gazetteer g, string text, IReadOnlyList<Gold> golds)
    {
        var first = golds.Select(t => PlaceResolver.Rank(g, t.Phrase, ResolutionContext.None)).ToList();
        var countries = first.Where(c => c.Count > 0).Select(c => c[0].Entry.CountryCode).Where(c => c.Length > 0)
            .GroupBy(c => c).OrderByDescending(x => x.Count()).ToList();
        var focus = countries.Take(1).Where(c => c.Count() >= 2 || countries.Count == 1).Select(c => c.Key).ToHashSet();
        var confident = first.Where(c => c.Count == 1 || (c.Count > 1 && c[0].Score - c[1].Score >= 3)).Select(c => c[0].Entry).Where(e => !e.IsCountry && e.FeatureCode != "ADM1").ToList();
        var result = new GazetteerEntry?[golds.Count];
        for (var i = 0; i < golds.Count; i++)
        {
            var following = golds[i].End < text.Length ? text.Substring(golds[i].End, Math.Min(16, text.Length - golds[i].End)) : null;
            var nearby = confident.Where(e => !Gazetteer.NameMatches(e, golds[i].Phrase)).Select(e => (e.Latitude, e.Longitude)).ToList();
            var ranked = PlaceResolver.Rank(g, golds[i].Phrase, new ResolutionContext(focus, nearby, following));
            result[i] = ranked.FirstOrDefault()?.Entry;
        }
        return result;
    }
}
