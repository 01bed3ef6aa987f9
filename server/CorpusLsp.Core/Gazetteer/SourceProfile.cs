using System.Runtime.InteropServices;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Where a news source is local, learnt from the places of its articles — the "local lexicon" of Lieberman et al.
/// (ICDE 2010): a paper in Alexandria, Louisiana means its own Alexandria, and the Moscow Times its own Moscow, even
/// in a corpus that is mostly about the United States. Built from places already linked or confidently resolved; a
/// source with too few places has no profile, and one spread over many regions keeps only what dominates.
/// </summary>
public sealed record SourceProfile(IReadOnlySet<string> Countries, IReadOnlySet<string> Regions, IReadOnlyList<(double Latitude, double Longitude)> Home, int PlaceCount)
{
    // Computed once: every analysis request compares it. Profiles are built by From, never copied with `with`.
    private string? _fingerprint;

    public static readonly SourceProfile None = new(new HashSet<string>(), new HashSet<string>(), [], 0);

    /// <summary>Equal for profiles that rank alike: an analysis made with one stays valid under the other.</summary>
    public string Fingerprint => _fingerprint ??= IsEmpty ? "" :
        string.Join(",", Countries.Order(StringComparer.Ordinal)) + "|" + string.Join(",", Regions.Order(StringComparer.Ordinal)) + "|" +
        string.Join(";", Home.Select(h => FormattableString.Invariant($"{h.Latitude:0.#####} {h.Longitude:0.#####}")));

    /// <summary>Fewer places than this say too little about a source.</summary>
    public const int MinimumPlaces = 8;

    public bool IsEmpty => PlaceCount == 0;

    /// <param name="articles">The places of each article of the source (linked, or confidently resolved).</param>
    /// <remarks>
    /// Each place is tallied once by its id (how often, in how many articles), and the groups are counted over the ids:
    /// grouped with LINQ, with a string made per place for its region, this was ~30 K instructions of each pair a `check`
    /// reads (issue 19). Groups keep the order their first place came in, as LINQ's did.
    /// </remarks>
    public static SourceProfile From(IEnumerable<IEnumerable<GazetteerEntry>> articles)
    {
        var (tallies, total) = Tallied(articles);
        if (total < MinimumPlaces) return None;
        // A country holding a third of the places is home; so is a region holding a quarter of them.
        var byCountry = new Dictionary<string, int>(StringComparer.Ordinal);
        var byRegion = new Dictionary<(string Country, string Admin1), int>();
        foreach (var (_, t) in tallies)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(byCountry, t.Entry.CountryCode, out _) += t.Places;
            if (!t.Entry.IsCountry && t.Entry.Admin1.Length > 0) CollectionsMarshal.GetValueRefOrAddDefault(byRegion, (t.Entry.CountryCode, t.Entry.Admin1), out _) += t.Places;
        }
        var countries = new HashSet<string>();
        foreach (var (country, n) in byCountry)
            if (n * 3 >= total) countries.Add(country);
        var dominant = new HashSet<(string, string)>();
        var regions = new HashSet<string>();
        foreach (var (region, n) in byRegion)
            if (n * 4 >= total && n >= 3)
            {
                dominant.Add(region);
                regions.Add($"{region.Country}.{region.Admin1}");
            }
        return new SourceProfile(countries, regions, HomeTowns(tallies, dominant), total);
    }

    /// <summary>A place's entry, how many places of the source it is, and in how many articles (the last one counted).</summary>
    private struct Tally
    {
        public GazetteerEntry Entry;
        public int Places, Articles, LastArticle;
    }

    /// <summary>The places that say where a source is (in a country, not a continent) tallied by id, in order of first appearance.</summary>
    private static (Dictionary<string, Tally> Tallies, int Total) Tallied(IEnumerable<IEnumerable<GazetteerEntry>> articles)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var (article, total) = (0, 0);
        foreach (var places in articles)
        {
            article++;
            foreach (var p in places)
            {
                if (p.CountryCode.Length == 0 || p.FeatureCode == "CONT") continue;
                total++;
                ref var t = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, p.Id, out _);
                t.Entry ??= p;
                t.Places++;
                if (t.LastArticle != article) (t.LastArticle, t.Articles) = (article, t.Articles + 1);
            }
        }
        return (tallies, total);
    }

    /// <summary>
    /// Home points: the towns of the dominant regions that recur in two articles or more — the source's local lexicon — so
    /// that a homonym next door wins over one elsewhere in the state, and one new link rarely changes the profile.
    /// </summary>
    private static List<(double Latitude, double Longitude)> HomeTowns(Dictionary<string, Tally> tallies, HashSet<(string, string)> dominant)
    {
        if (dominant.Count == 0) return [];
        var towns = new Dictionary<(double, double), int>();
        foreach (var (_, t) in tallies)
            if (!t.Entry.IsAdministrative && t.Entry.Admin1.Length > 0 && dominant.Contains((t.Entry.CountryCode, t.Entry.Admin1)))
                CollectionsMarshal.GetValueRefOrAddDefault(towns, (t.Entry.Latitude, t.Entry.Longitude), out _) += t.Articles;
        var home = new List<(double Latitude, double Longitude)>();
        foreach (var (town, n) in towns)
            if (n >= 2) home.Add(town);
        home.Sort();
        return home;
    }

    /// <summary>What hover and `place --context` say about the profile.</summary>
    public string Describe(Gazetteer gazetteer)
    {
        if (IsEmpty) return "no profile";
        var regions = Regions.Order(StringComparer.Ordinal).Select(r => gazetteer.Admin1(r)?.Name ?? r);
        return $"{PlaceCount} places; home {string.Join(", ", Countries.Order(StringComparer.Ordinal).Select(c => gazetteer.CountryName(c) ?? c).Concat(regions))}; {Home.Count} recurring home towns";
    }
}
