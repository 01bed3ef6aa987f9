using System.Collections.Immutable;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>What the text around a mention tells about which place is meant.</summary>
/// <param name="FocusCountries">The corpus's focus countries (corpus.yaml) or the source profile's.</param>
/// <param name="NearbyPlaces">Where the article's other places are.</param>
/// <param name="FollowingWords">The text right after the mention ("province", ", Texas").</param>
/// <param name="FocusAdmin1">First-level regions ("CC.ADMIN1") the article names or its places lie in.</param>
/// <param name="ArticleCountries">Share of the article's other places in each country.</param>
/// <param name="NamedCountries">Countries the article names.</param>
/// <param name="Dateline">The mention is an article's dateline ("WASHINGTON —").</param>
/// <param name="PrecedingWords">The text right before the mention ("the state of ").</param>
/// <param name="Cues">The cues of the mention's name in the article (<see cref="MentionCues"/>); null: read them from the words around it.</param>
/// <param name="LongerNamePicks">Entries the article's longer names that contain this one are resolved to ("Mexico City" for "Mexico").</param>
/// <param name="Possible">How many of the article's other names have a candidate in each unit, whatever their ranking.</param>
public sealed record ResolutionContext(
    IReadOnlySet<string> FocusCountries,
    IReadOnlyList<(double Latitude, double Longitude)> NearbyPlaces,
    string? FollowingWords,
    IReadOnlySet<string>? FocusAdmin1 = null,
    SourceProfile? Source = null,
    IReadOnlyDictionary<string, double>? ArticleCountries = null,
    IReadOnlySet<string>? NamedCountries = null,
    bool Dateline = false,
    UnitSupport? Support = null,
    string? PrecedingWords = null,
    MentionCues? Cues = null,
    IReadOnlySet<string>? LongerNamePicks = null,
    UnitSupport? Possible = null)
{
    public static readonly ResolutionContext None = new(new HashSet<string>(), [], null);
}

/// <summary>A candidate with its feature values (indexed by <see cref="RankingFeature"/>), its score and the score's explanation.</summary>
public sealed record RankedCandidate(GazetteerEntry Entry, MatchKind Match, string MatchedName, double Score, ImmutableArray<string> Reasons)
{
    public ImmutableArray<double> Features { get; init; } = [];
}

/// <summary>
/// Ranks one mention's candidates under the <see cref="RankingModel"/>: it computes each candidate's features from the
/// entry, the match and the context, and scores them with the model's weights. <see cref="ArticleResolver.Resolve"/>
/// supplies the context of a whole article; this is its step for one mention.
/// </summary>
public static class PlaceResolver
{
    public static IReadOnlyList<RankedCandidate> Rank(Gazetteer gazetteer, string mention, ResolutionContext context, RankingModel? model = null) =>
        Rank(gazetteer, mention, context, model, explain: true);

    /// <param name="explain">False for the joint resolver's intermediate rounds: only their picks matter.</param>
    /// <param name="lookup">The mention's matches when already looked up (the joint resolver ranks a name several times).</param>
    internal static IReadOnlyList<RankedCandidate> Rank(Gazetteer gazetteer, string mention, ResolutionContext context, RankingModel? model, bool explain,
        IReadOnlyList<NameMatch>? lookup = null)
    {
        model ??= RankingModel.Default;
        var matches = lookup ?? gazetteer.LookupWithNamesakes(mention);
        if (matches.Count == 0) return [];
        var foldedMention = NameFolding.Fold(mention);
        var cues = context.Cues ?? MentionCues.Read(foldedMention, context.PrecedingWords, context.FollowingWords);
        // Admin units among the candidates: a city sharing their name is usually the one meant (Geneva, Mexico City).
        var adminKeys = matches.Where(m => m.Entry.FeatureCode is "ADM1" or "ADM2")
            .Select(m => m.Entry.FeatureCode == "ADM1" ? $"{m.Entry.CountryCode}.{m.Entry.Admin1}" : $"{m.Entry.CountryCode}.{m.Entry.Admin1}.{m.Entry.Admin2}").ToHashSet(StringComparer.Ordinal);
        var seated = SeatedUnits(matches, adminKeys);
        var ranked = new List<RankedCandidate>(matches.Count);
        var f = new double[RankingModel.FeatureCount];
        foreach (var m in matches)
        {
            var spellingDistance = 0;
            if (m.Kind == MatchKind.Skeleton)
            {
                // Skeletons of short names collide often; keep only variants that are also close letter by letter.
                spellingDistance = Text.Fuzzy.EditDistance(NameFolding.SplitGeneric(foldedMention).Core, NameFolding.Fold(m.MatchedName), 8);
                if (spellingDistance > Math.Max(2, foldedMention.Length / 3)) continue;
            }
            if (IsCodeForOtherWriting(m, mention)) continue;
            var e = m.Entry;
            Array.Clear(f);
            var near = Features(gazetteer, e, m, f, context, foldedMention, spellingDistance, cues, adminKeys, seated);
            var score = model.Score(f);
            var reasons = explain ? model.Explain(f, k => Detail(gazetteer, e, m, cues, near, k)) : [];
            if (explain && m.Kind == MatchKind.Namesake) reasons = reasons.Insert(0, NamesakeReason(mention, foldedMention, e));
            ranked.Add(new RankedCandidate(e, m.Kind, m.MatchedName, score, reasons) { Features = [.. f] });
        }
        return ranked.OrderByDescending(c => c.Score).ThenBy(c => c.Entry.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// An alternate name in capitals of two to four letters is a code (ISO "IND" of India, the airport "IND" of
    /// Indianapolis): it names the place only when the mention is written so too, not in "Ind." (Indiana) or "Ind".
    /// </summary>
    internal static bool IsCodeForOtherWriting(NameMatch m, string mention) =>
        m.Kind is MatchKind.Exact or MatchKind.Folded && IsCode(m.MatchedName) && m.MatchedName != m.Entry.Name
        && !mention.AsSpan().Trim().SequenceEqual(m.MatchedName);

    private static bool IsCode(string name) => name.Length is >= 2 and <= 4 && name.All(char.IsAsciiLetterUpper);

    /// <summary>Fills the features of one candidate; returns the distances used (to the article's places, to the source's home).</summary>
    private static (double Article, double Home) Features(Gazetteer gazetteer, GazetteerEntry e, NameMatch m, double[] f, ResolutionContext context,
        string foldedMention, int spellingDistance, MentionCues cues, HashSet<string> adminKeys, HashSet<string> seated)
    {
        var overlay = e.Id.StartsWith("overlay:", StringComparison.Ordinal);
        var namesakeSeat = IsNamesakeSeat(e, adminKeys);
        RankingModel.SetPrior(f, e.Population, e.FeatureClass, e.FeatureCode, e.AlternateNames.Length, overlay);
        if (m.Kind == MatchKind.Skeleton) { f[(int)RankingFeature.Skeleton] = 1; f[(int)RankingFeature.SkeletonDistance] = spellingDistance; }
        if (m.Kind == MatchKind.Alias) f[(int)RankingFeature.NewsAlias] = 1;
        // "Moscow" is an old alternate name of Moscow Mills, Missouri, rarely the place meant; "Geneva" is Genève's English name.
        if (m.Kind is MatchKind.Exact or MatchKind.Folded && !e.IsAdministrative && !PrimaryNameMatches(e, foldedMention) && SharesWords(e, foldedMention))
            f[(int)RankingFeature.AlternateNameOnly] = 1;
        // An exonym that also names the place's own namesake region is its English name (admin files name units in
        // English: the canton "Geneva" of Genève), not an obscure alternate.
        else if (m.Kind is MatchKind.Exact or MatchKind.Folded && !PrimaryNameMatches(e, foldedMention) && !SharesWords(e, foldedMention) && !namesakeSeat)
        {
            if (NewsAliases.EnglishCountries.Contains(e.CountryCode)) f[(int)RankingFeature.LocalAlternateName] = 1;
            else
            {
                f[(int)RankingFeature.Exonym] = 1;
                f[(int)RankingFeature.ExonymFame] = Math.Log10(e.AlternateNames.Length + 1);
            }
        }
        if (context.Dateline && e.FeatureClass == 'P') f[(int)RankingFeature.DatelineCity] = 1;
        if (cues.Admin && e.FeatureCode is "ADM1" or "ADM2" or "ADM3" or "ADMD") f[(int)RankingFeature.AdminCue] = 1;
        if (cues.City && e.FeatureClass == 'P') f[(int)RankingFeature.CityCue] = 1;
        if (namesakeSeat && e.FeatureCode == "PPLC") f[(int)RankingFeature.NamesakeSeat] = 1;
        if (NamesakeUnitFeature(e, seated) is { } namesakeUnit) f[(int)namesakeUnit] = 1;
        if (cues.PlaceBefore is { } before && MentionCues.UnitKey(e) is { } unit && before.Contains(unit)) f[(int)RankingFeature.RegionOfPlaceBefore] = 1;
        if (context.LongerNamePicks?.Contains(e.Id) == true) f[(int)RankingFeature.LongerNameReferent] = 1;
        var admin1Key = $"{e.CountryCode}.{e.Admin1}";
        var local = !e.IsCountry && e.Admin1.Length > 0;
        if (local && FollowedByItsRegion(gazetteer, e, cues.RegionWords)) f[(int)RankingFeature.RegionFollows] = 1;
        if (e.CountryCode.Length > 0)
        {
            if (context.FocusCountries.Contains(e.CountryCode))
            {
                f[(int)RankingFeature.FocusCountry] = 1;
                if (e.FeatureCode == "PPLC") f[(int)RankingFeature.FocusCapital] = 1;
            }
            if (context.ArticleCountries?.TryGetValue(e.CountryCode, out var share) == true) f[(int)RankingFeature.ArticleCountryShare] = share;
            if (!e.IsCountry && context.NamedCountries?.Contains(e.CountryCode) == true) f[(int)RankingFeature.CountryNamed] = 1;
        }
        if (local && context.FocusAdmin1?.Contains(admin1Key) == true) f[(int)RankingFeature.ArticleRegion] = 1;
        if (local && context.Support is { } support)
        {
            f[(int)RankingFeature.RegionSupport] = Math.Min(2, support.Of(admin1Key));
            if (UnitSupport.CountyKey(e) is { } county) f[(int)RankingFeature.CountySupport] = Math.Min(2, support.Of(county));
        }
        if (local && context.Possible is { } possible && UnitSupport.CountyKey(e) is { } countyKey)
            f[(int)RankingFeature.CountyPossible] = Math.Min(2, possible.Of(countyKey));
        var home = double.NaN;
        if (context.Source is { IsEmpty: false } source && local)
        {
            if (source.Regions.Contains(admin1Key) && context.FocusAdmin1?.Contains(admin1Key) != true) f[(int)RankingFeature.SourceRegion] = 1;
            if (source.Home.Count > 0)
            {
                home = source.Home.Min(p => Geo.DistanceKm(e.Latitude, e.Longitude, p.Latitude, p.Longitude));
                f[(int)RankingFeature.SourceHome] = Math.Exp(-home / 100);
            }
        }
        var nearest = double.NaN;
        if (context.NearbyPlaces.Count > 0 && !e.IsCountry && e.FeatureCode is not ("CONT" or "RGN"))
        {
            nearest = context.NearbyPlaces.Min(p => Geo.DistanceKm(e.Latitude, e.Longitude, p.Latitude, p.Longitude));
            f[(int)RankingFeature.Nearby] = Math.Exp(-nearest / 500);
            f[(int)RankingFeature.NearbyClose] = Math.Exp(-nearest / 50);
        }
        return (nearest, home);
    }

    /// <summary>The first line of a namesake's explanation: what the name denotes and that the entry only shares its name.</summary>
    private static string NamesakeReason(string mention, string foldedMention, GazetteerEntry e) =>
        $"namesake: '{mention}' names a {FeatureWords.Split(foldedMention)?.Kind ?? "feature"} the gazetteer lacks; {e.Name} only shares its name";

    /// <summary>The words that say where a feature's value comes from, in the explanation.</summary>
    private static string? Detail(Gazetteer gazetteer, GazetteerEntry e, NameMatch m, MentionCues cues, (double Article, double Home) near, RankingFeature k) => k switch
    {
        RankingFeature.LogPopulation => e.Population.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        RankingFeature.Fame or RankingFeature.ExonymFame => $"({e.AlternateNames.Length})",
        RankingFeature.AlternateNameOnly or RankingFeature.Exonym or RankingFeature.LocalAlternateName => $"('{m.MatchedName}' of {e.Name})",
        RankingFeature.Skeleton => $"of '{m.MatchedName}'",
        RankingFeature.RegionFollows => $"(“, {gazetteer.Admin1Name(e)}”)",
        RankingFeature.FocusCountry or RankingFeature.ArticleCountryShare or RankingFeature.CountryNamed => $"({e.CountryCode})",
        RankingFeature.ArticleRegion or RankingFeature.SourceRegion or RankingFeature.RegionSupport => $"({gazetteer.Admin1Name(e) ?? e.CountryCode + "." + e.Admin1})",
        RankingFeature.SourceHome => FormattableString.Invariant($"({near.Home:0} km)"),
        RankingFeature.Nearby or RankingFeature.NearbyClose => FormattableString.Invariant($"({near.Article:0} km)"),
        _ => null,
    };

    /// <summary>
    /// The keys of the admin units among the candidates whose namesake seat is a candidate too (<see cref="IsNamesakeSeat"/>).
    /// A national capital counts on its own side (<see cref="RankingFeature.NamesakeSeat"/>): moved to the units, it
    /// lowered TR-News capitals held out from 0.973 to 0.947.
    /// </summary>
    private static HashSet<string> SeatedUnits(IReadOnlyList<NameMatch> matches, HashSet<string> adminKeys)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in matches.Select(m => m.Entry))
            if (e.FeatureCode != "PPLC" && IsNamesakeSeat(e, adminKeys))
                keys.Add(e.FeatureCode == "PPLA2" ? $"{e.CountryCode}.{e.Admin1}.{e.Admin2}" : $"{e.CountryCode}.{e.Admin1}");
        return keys;
    }

    /// <summary>The namesake feature of an admin unit whose seat of its name is among the candidates; else null.</summary>
    private static RankingFeature? NamesakeUnitFeature(GazetteerEntry e, HashSet<string> seated) => e.FeatureCode switch
    {
        "ADM1" when seated.Contains($"{e.CountryCode}.{e.Admin1}") => RankingFeature.NamesakeUnit,
        "ADM2" when seated.Contains($"{e.CountryCode}.{e.Admin1}.{e.Admin2}") => RankingFeature.NamesakeCountyUnit,
        _ => null,
    };

    /// <summary>
    /// The seat of an admin unit that is also a candidate: Genève of the canton of Geneva, a county seat of its namesake
    /// county; or a national capital named like any admin unit among the candidates (Washington, D.C. and Washington State).
    /// </summary>
    private static bool IsNamesakeSeat(GazetteerEntry e, HashSet<string> adminKeys) => adminKeys.Count > 0 && e.FeatureCode switch
    {
        "PPLC" => true,
        "PPLA" or "PPLG" => adminKeys.Contains($"{e.CountryCode}.{e.Admin1}"),
        "PPLA2" => adminKeys.Contains($"{e.CountryCode}.{e.Admin1}.{e.Admin2}"),
        _ => false,
    };

    /// <summary>"Moscow" and "Moscow Mills": one name is words of the other (a short or an old form, not an exonym).</summary>
    private static bool SharesWords(GazetteerEntry e, string foldedMention)
    {
        var primary = NameFolding.Fold(e.Name);
        static bool WordsOf(string inner, string outer) => (" " + outer + " ").Contains(" " + inner + " ", StringComparison.Ordinal);
        return WordsOf(foldedMention, primary) || WordsOf(primary, foldedMention);
    }

    /// <summary>The mention, in any of its spellings ("Mt. Pleasant" for Mount Pleasant), is the entry's own name.</summary>
    private static bool PrimaryNameMatches(GazetteerEntry e, string foldedMention)
    {
        var names = new[] { NameFolding.Fold(e.Name), NameFolding.Fold(e.AsciiName) };
        foreach (var spelling in NewsAliases.Spellings(foldedMention))
        {
            var core = NameFolding.SplitGeneric(spelling).Core;
            foreach (var f in names)
                if (f == spelling || f == core || NameFolding.SplitGeneric(f).Core == core) return true;
        }
        return false;
    }

    /// <summary>"Paris, Texas", "Dublin, Ohio", "Athens, Ga.": the words after a comma name the candidate's admin1 or its country.</summary>
    private static bool FollowedByItsRegion(Gazetteer gazetteer, GazetteerEntry e, string? words)
    {
        if (words is null) return false;
        foreach (var candidate in new[] { words, words.Split(' ')[0] })
        {
            var folded = NameFolding.Fold(candidate);
            if (folded.Length == 0) continue;
            if (NewsAliases.Admin1.TryGetValue(folded, out var state) && state == $"{e.CountryCode}.{e.Admin1}") return true;
            if (gazetteer.Admin1Name(e) is { } a1 && NameFolding.Fold(a1) == folded) return true;
            if (gazetteer.CountryName(e.CountryCode) is { } cn && NameFolding.Fold(cn) == folded) return true;
        }
        return false;
    }
}

internal static partial class RegionCue
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*,\s*(?<r>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")]
    public static partial System.Text.RegularExpressions.Regex AfterComma();
}

public static class Geo
{
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0088;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
