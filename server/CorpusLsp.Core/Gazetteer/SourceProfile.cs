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
    public static SourceProfile From(IEnumerable<IEnumerable<GazetteerEntry>> articles)
    {
        var perArticle = articles.Select(a => a.Where(p => p.CountryCode.Length > 0 && p.FeatureCode != "CONT").ToList()).ToList();
        var list = perArticle.SelectMany(a => a).ToList();
        if (list.Count < MinimumPlaces) return None;
        // A country holding a third of the places is home; so is a region holding a quarter of them.
        var countries = list.GroupBy(p => p.CountryCode).Where(c => c.Count() * 3 >= list.Count).Select(c => c.Key).ToHashSet();
        var local = list.Where(p => !p.IsCountry && p.Admin1.Length > 0).ToList();
        var regions = local.GroupBy(p => $"{p.CountryCode}.{p.Admin1}").Where(r => r.Count() * 4 >= list.Count && r.Count() >= 3).Select(r => r.Key).ToHashSet();
        // Home points: the towns of the dominant regions that recur in two articles or more — the source's local lexicon — so
        // that a homonym next door wins over one elsewhere in the state, and one new link rarely changes the profile.
        var home = perArticle.SelectMany(a => a.Where(p => !p.IsAdministrative && p.Admin1.Length > 0 && regions.Contains($"{p.CountryCode}.{p.Admin1}")).Distinct())
            .GroupBy(p => (p.Latitude, p.Longitude)).Where(t => t.Count() >= 2).Select(t => t.Key).OrderBy(t => t).ToList();
        return new SourceProfile(countries, regions, home, list.Count);
    }

    /// <summary>What hover and `place --context` say about the profile.</summary>
    public string Describe(Gazetteer gazetteer)
    {
        if (IsEmpty) return "no profile";
        var regions = Regions.Order(StringComparer.Ordinal).Select(r => gazetteer.Admin1(r)?.Name ?? r);
        return $"{PlaceCount} places; home {string.Join(", ", Countries.Order(StringComparer.Ordinal).Select(c => gazetteer.CountryName(c) ?? c).Concat(regions))}; {Home.Count} recurring home towns";
    }
}
