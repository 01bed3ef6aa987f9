using System.Text.RegularExpressions;
using System.Xml.Linq;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>A gold toponym: the phrase, its UTF-16 offsets, the GeoNames id when the corpus gives one, the coordinates, and its gold feature code.</summary>
public sealed record GoldToponym(string Phrase, int Start, int End, string? GeonameId, double Lat, double Lon, string? FeatureCode, string? Page = null);

public sealed record GoldArticle(string Source, string Text, IReadOnlyList<GoldToponym> Toponyms);

public sealed record GoldCorpus(string Name, IReadOnlyList<GoldArticle> Articles);

/// <summary>
/// The evaluation data of ../shared/data: LGL and TR-News (GeoNames ids and coordinates) and GeoVirus (coordinates and
/// Wikipedia pages, no ids), and the evaluation gazetteer: GeoNames cities500 + admin1 + admin2 + countryInfo, plus the
/// continents and macro-regions of server/CorpusLsp.Core/Gazetteer/Data/regions.yaml (the default gazetteer's).
/// </summary>
public static partial class GeoData
{
    public static string Dir => Path.Combine(Repo.Shared, "data");

    public static Gazetteer LoadGazetteer(bool regions = true)
    {
        var root = PhysicalFileSystem.Normalize(Path.Combine(Dir, "geonames"));
        ConfiguredPath P(string f) => new(root + "/" + f, default);
        var config = CorpusConfig.Default(root) with
        {
            GeonamesFiles = [P("cities500.txt")], Admin1 = P("admin1CodesASCII.txt"), Admin2 = P("admin2Codes.txt"), Countries = P("countryInfo.txt"),
        };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        // The disk cache (as the CLI uses it): the evaluation is about ranking, not about building the gazetteer.
        var built = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(Path.Combine(Path.GetTempPath(), "corpuslsp-bench-cache")));
        var g = built.Gazetteer;
        if (regions)
        {
            var path = RegionsPath;
            g = g.With(OverlayReader.Read(path, new SourceText(File.ReadAllText(path)), config).Entries);
        }
        Console.Error.WriteLine($"gazetteer: {g.Count:N0} entries, {g.NameCount:N0} names, built in {sw.Elapsed.TotalSeconds:0.0} s");
        return g;
    }

    public static string RegionsPath => Path.Combine(Repo.Root, "server", "CorpusLsp.Core", "Gazetteer", "Data", "regions.yaml");

    /// <summary>overlay:ID → geonames:N for the regions whose GeoNames record is known, so that exact-id accuracy counts them.</summary>
    public static IReadOnlyDictionary<string, string> OverlayGeoNames()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        string? id = null;
        foreach (var line in File.ReadLines(RegionsPath))
        {
            if (IdLine().Match(line) is { Success: true } m) id = m.Groups[1].Value;
            else if (GeoNamesLine().Match(line) is { Success: true } n && id is not null) map["overlay:" + id] = "geonames:" + n.Groups[1].Value;
        }
        return map;
    }

    [GeneratedRegex(@"^\s*-\s*id:\s*(\S+)")] private static partial Regex IdLine();
    [GeneratedRegex(@"^\s*geonames:\s*(\d+)")] private static partial Regex GeoNamesLine();

    public static IReadOnlyList<GoldCorpus> LoadCorpora() =>
    [
        Toponyms("LGL", Path.Combine(Dir, "lgl", "lgl.xml")),
        Toponyms("TR-News", Path.Combine(Dir, "tr-news", "TR-News.xml")),
        GeoVirus(Path.Combine(Dir, "geovirus", "GeoVirus.xml")),
    ];

    private static GoldCorpus Toponyms(string name, string file) => new(name, XDocument.Load(file).Root!.Elements("article").Select(a => new GoldArticle(
        a.Element("domain")?.Value ?? "", a.Element("text")?.Value ?? "",
        a.Element("toponyms")?.Elements("toponym")
            .Select(t => (Phrase: t.Element("phrase")?.Value ?? "", Gaz: t.Element("gaztag"), Start: (int?)t.Element("start") ?? 0, End: (int?)t.Element("end") ?? 0))
            .Where(t => t.Gaz?.Element("lat") is not null)
            .Select(t => Aligned(a.Element("text")?.Value ?? "", new GoldToponym(t.Phrase, t.Start, t.End, t.Gaz!.Attribute("geonameid")?.Value, (double)t.Gaz.Element("lat")!, (double)t.Gaz.Element("lon")!, t.Gaz.Element("fcode")?.Value)))
            .ToList() ?? [])).ToList());

    private static GoldCorpus GeoVirus(string file) => new("GeoVirus", XDocument.Load(file).Root!.Elements("article").Select(a => new GoldArticle(
        new Uri(a.Element("source")?.Value ?? "http://unknown/").Host, a.Element("text")?.Value ?? "",
        a.Element("locations")?.Elements("location")
            .Select(l => Aligned(a.Element("text")?.Value ?? "", new GoldToponym(l.Element("name")?.Value ?? "", (int?)l.Element("start") ?? 0, (int?)l.Element("end") ?? 0, null,
                (double)l.Element("lat")!, (double)l.Element("lon")!, null,
                Uri.UnescapeDataString((l.Element("page")?.Value ?? "").Split('/')[^1]).Replace('_', ' '))))
            .ToList() ?? [])).ToList());

    /// <summary>
    /// The toponym where its phrase stands: every GeoVirus span starts one character after its name, and 75 of TR-News's
    /// 1,319 two or three; the nearest occurrence of the phrase within 8 characters, else the span as given. The resolver
    /// reads the words around a name ("Buffalo, New York", "New York state"), so a shifted span hides them.
    /// </summary>
    private static GoldToponym Aligned(string text, GoldToponym t)
    {
        bool At(int s) => s >= 0 && s + t.Phrase.Length <= text.Length && string.CompareOrdinal(text, s, t.Phrase, 0, t.Phrase.Length) == 0;
        if (t.Phrase.Length == 0 || At(t.Start)) return t;
        for (var d = 1; d <= 8; d++)
            foreach (var s in new[] { t.Start - d, t.Start + d })
                if (At(s)) return t with { Start = s, End = s + t.Phrase.Length };
        return t;
    }

    /// <summary>
    /// The candidate that is the gold place: the one with the gold GeoNames id; for GeoVirus (no ids) the one whose primary
    /// name is the title of the gold Wikipedia page (United_Kingdom = United Kingdom: countries carry derived coordinates);
    /// else the candidate nearest to the gold coordinates if it lies within 161 km; −1 when no candidate qualifies.
    /// </summary>
    public static int GoldIndex(IReadOnlyList<RankedCandidate> candidates, GoldToponym gold, IReadOnlyDictionary<string, string> overlayIds)
    {
        for (var i = 0; i < candidates.Count; i++)
            if (IsGold(candidates[i].Entry, gold, overlayIds)) return i;
        var best = -1;
        var bestKm = 161.0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var km = Geo.DistanceKm(candidates[i].Entry.Latitude, candidates[i].Entry.Longitude, gold.Lat, gold.Lon);
            if (km <= bestKm) { bestKm = km; best = i; }
        }
        return best;
    }

    /// <summary>The same entity: same GeoNames id, or (no id) named as the gold Wikipedia page.</summary>
    public static bool IsGold(GazetteerEntry e, GoldToponym gold, IReadOnlyDictionary<string, string> overlayIds) =>
        gold.GeonameId is { } id ? IdOf(e, overlayIds) == "geonames:" + id
        : gold.Page is { Length: > 0 } page && NameFolding.Fold(page) == NameFolding.Fold(e.Name);

    /// <summary>A hit at 161 km: the gold entity itself (its coordinates may be derived), or a place within 161 km of the gold coordinates.</summary>
    public static bool Within161(GazetteerEntry e, GoldToponym gold, IReadOnlyDictionary<string, string> overlayIds) =>
        IsGold(e, gold, overlayIds) || Geo.DistanceKm(e.Latitude, e.Longitude, gold.Lat, gold.Lon) <= 161;

    public static string IdOf(GazetteerEntry e, IReadOnlyDictionary<string, string> overlayIds) => overlayIds.GetValueOrDefault(e.Id) ?? e.Id;

    /// <summary>What a maintainer would write as corpus.yaml's focusCountries, found without gold data: countries the first-pass best candidates fall in a fifth of the time or more.</summary>
    public static HashSet<string> CorpusFocus(Gazetteer g, GoldCorpus corpus, RankingModel model)
    {
        var tops = corpus.Articles.SelectMany(a => a.Toponyms).Select(t => PlaceResolver.Rank(g, t.Phrase, ResolutionContext.None, model).FirstOrDefault()?.Entry.CountryCode)
            .OfType<string>().Where(c => c.Length > 0).ToList();
        return tops.GroupBy(c => c).Where(c => c.Count() * 5 >= tops.Count).Select(c => c.Key).ToHashSet();
    }

    public static IReadOnlyList<ArticleMention> Mentions(GoldArticle a) => a.Toponyms.Select(t => new ArticleMention(t.Phrase, t.Start, t.End)).ToList();
}
