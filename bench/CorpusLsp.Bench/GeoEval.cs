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
        var verbose = args.Contains("--errors");
        var useSources = !args.Contains("--no-sources");
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
            var articles = XDocument.Load(file).Root!.Elements("article").ToList();
            // What a maintainer would write as corpus.yaml's focusCountries, found without gold data: countries that the
            // first-pass best candidates of the whole corpus fall in at least a fifth of the time.
            var tops = articles.SelectMany(a => a.Element("toponyms")?.Elements("toponym") ?? []).Select(t => t.Element("phrase")?.Value ?? "")
                .Select(p => PlaceResolver.Rank(g, p, ResolutionContext.None).FirstOrDefault()?.Entry.CountryCode).OfType<string>().Where(c => c.Length > 0).ToList();
            var corpusFocus = tops.GroupBy(c => c).Where(c => c.Count() * 5 >= tops.Count).Select(c => c.Key).ToHashSet();
            Console.Error.WriteLine($"{name}: corpus focus {string.Join(",", corpusFocus)}");
            // Each article's source (the site's domain) gets a profile from the first-pass picks of the source's *other*
            // articles (leave one out, so an article never informs its own profile), without gold ids, as a corpus of
            // sidecars gets one from their links.
            var parsed = articles.Select(a => (Source: a.Element("domain")?.Value ?? "", Text: a.Element("text")?.Value ?? "", Golds: GoldsOf(a))).ToList();
            var firstPass = parsed.Select(a => useSources ? Resolve(g, a.Text, a.Golds, new HashSet<string>(), SourceProfile.None) : []).ToList();
            for (var n = 0; n < parsed.Count; n++)
            {
                var (source, text, golds) = parsed[n];
                if (golds.Count == 0) continue;
                var profile = useSources && source.Length > 0
                    ? SourceProfile.From(Enumerable.Range(0, parsed.Count).Where(k => k != n && parsed[k].Source == source).Select(k => firstPass[k].OfType<GazetteerEntry>()))
                    : SourceProfile.None;
                var picks = Resolve(g, text, golds, corpusFocus, profile);
                for (var i = 0; i < golds.Count; i++)
                {
                    total++;
                    var top = picks[i];
                    if (top is null) { errors.Add(20038); if (verbose) Console.Error.WriteLine($"NONE {name} '{golds[i].Phrase}' gold {golds[i].GeonameId}"); continue; } // half the earth's circumference: the usual penalty for no answer
                    resolved++;
                    var isExact = golds[i].GeonameId is { } id && top.Id == "geonames:" + id;
                    if (isExact) exact++;
                    // The same entity is 0 km away; admin units and countries carry derived coordinates here (see GazetteerBuilder).
                    var km = isExact ? 0 : Geo.DistanceKm(top.Latitude, top.Longitude, golds[i].Lat, golds[i].Lon);
                    if (verbose && km > 161) Console.Error.WriteLine($"WRONG {name} '{golds[i].Phrase}' gold {golds[i].GeonameId} got {top.Id} {top.Name} {top.FeatureCode} {top.CountryCode}.{top.Admin1} ({km:0} km)");
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

    private static List<Gold> GoldsOf(XElement article) =>
        article.Element("toponyms")?.Elements("toponym")
            .Select(t => (Phrase: t.Element("phrase")?.Value ?? "", Gaz: t.Element("gaztag"), Start: (int?)t.Element("start") ?? 0, End: (int?)t.Element("end") ?? 0))
            .Where(t => t.Gaz?.Element("lat") is not null)
            .Select(t => new Gold(t.Phrase, t.Start, t.End, t.Gaz!.Attribute("geonameid")?.Value, (double)t.Gaz.Element("lat")!, (double)t.Gaz.Element("lon")!))
            .ToList() ?? [];

    private static GazetteerEntry?[] Resolve(Gazetteer g, string text, IReadOnlyList<Gold> golds, IReadOnlySet<string> corpusFocus, SourceProfile source) =>
        ArticleResolver.Resolve(g, golds.Select(t => new ToponymMention(t.Phrase, t.End < text.Length ? text.Substring(t.End, Math.Min(16, text.Length - t.End)) : null)).ToList(), corpusFocus, source)
            .Select(p => p?.Entry).ToArray();
}
