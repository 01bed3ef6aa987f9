using System.Collections.Immutable;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>What the text around a mention tells about which place is meant.</summary>
public sealed record ResolutionContext(
    IReadOnlySet<string> FocusCountries,
    IReadOnlyList<(double Latitude, double Longitude)> NearbyPlaces,
    string? FollowingWords,
    IReadOnlySet<string>? FocusAdmin1 = null,
    SourceProfile? Source = null)
{
    public static readonly ResolutionContext None = new(new HashSet<string>(), [], null);
}

public sealed record RankedCandidate(GazetteerEntry Entry, MatchKind Match, string MatchedName, double Score, ImmutableArray<string> Reasons);

/// <summary>
/// Ranks a mention's candidates. Scores add up small, explainable terms: importance (population,
/// feature code), how well the name matched, the article's focus countries, distance to the other
/// places of the article, and cue words after the mention ("province", "city").
/// </summary>
public static class PlaceResolver
{
    /// <summary>Being in a country the article or corpus is about outweighs a tenfold population difference (tuned on LGL/TR-News, see bench/).</summary>
    public const double FocusCountryWeight = 4.0;

    public static IReadOnlyList<RankedCandidate> Rank(Gazetteer gazetteer, string mention, ResolutionContext context)
    {
        var matches = gazetteer.Lookup(mention);
        var generic = NameFolding.SplitGeneric(NameFolding.Fold(mention)).Generic;
        var cue = generic ?? context.FollowingWords?.Trim().ToLowerInvariant() ?? "";
        var adminCue = cue.StartsWith("province", StringComparison.Ordinal) || cue.StartsWith("governorate", StringComparison.Ordinal) || cue.StartsWith("region", StringComparison.Ordinal) || cue.StartsWith("district", StringComparison.Ordinal);
        var cityCue = cue.StartsWith("city", StringComparison.Ordinal) || cue.StartsWith("town", StringComparison.Ordinal);
        var ranked = new List<RankedCandidate>(matches.Count);
        var foldedMention = NameFolding.Fold(mention);
        foreach (var m in matches)
        {
            var spellingDistance = 0;
            if (m.Kind == MatchKind.Skeleton)
            {
                // Skeletons of short names collide often; keep only variants that are also close letter by letter.
                spellingDistance = Text.Fuzzy.EditDistance(NameFolding.SplitGeneric(foldedMention).Core, NameFolding.Fold(m.MatchedName), 8);
                if (spellingDistance > Math.Max(2, foldedMention.Length / 3)) continue;
            }
            var e = m.Entry;
            var reasons = ImmutableArray.CreateBuilder<string>();
            var score = 0.0;
            var pop = Math.Log10(e.Population + 1);
            if (e.Population > 0) { score += pop; reasons.Add($"population {e.Population:N0} (+{pop:0.0})"); }
            var feature = e.FeatureCode switch
            {
                "PCLI" or "PCLD" or "PCLS" or "PCLF" or "TERR" or "CONT" => 6.0,
                "PPLC" => 1.5,
                "ADM1" => adminCue ? 6.0 : 1.0,
                "PPLA" => 1.5,
                "ADM2" => adminCue ? 4.0 : 0.3,
                "PPLA2" => 0.8,
                "PPLA3" or "PPLA4" or "PPLG" => 0.3,
                "PPLH" or "PPLQ" => -2.0,
                _ => 0.0,
            };
            if (e.Id.StartsWith("overlay:", StringComparison.Ordinal)) { feature += 2; reasons.Add("curated overlay entry (+2)"); }
            if (feature != 0) reasons.Add($"{FeatureCodes.Describe(e.FeatureCode)}{(adminCue && e.IsAdministrative ? ", 'province' follows the name" : "")} ({feature:+0.0;-0.0})");
            score += feature;
            if (cityCue && e.FeatureClass == 'P') { score += 1; reasons.Add("'city'/'town' follows the name (+1.0)"); }
            if (m.Kind == MatchKind.Skeleton)
            {
                var penalty = 1 + 0.5 * spellingDistance;
                score -= penalty;
                reasons.Add($"spelling variant of '{m.MatchedName}', {spellingDistance} letter(s) apart (-{penalty:0.0})");
            }
            // "Moscow" is an old alternate name of Moscow Mills, Missouri: a place the mention names only through one
            // of its alternate names is rarely the one meant, unless it is a country or a region.
            if (m.Kind != MatchKind.Skeleton && !e.IsAdministrative && !PrimaryNameMatches(e, foldedMention))
            { score -= AlternateNamePenalty; reasons.Add($"'{m.MatchedName}' is only an alternate name of {e.Name} (-{AlternateNamePenalty:0.0})"); }
            if (context.FocusCountries.Contains(e.CountryCode)) { score += FocusCountryWeight; reasons.Add($"in a focus country of the article ({e.CountryCode}) (+{FocusCountryWeight:0.0})"); }
            var admin1Key = $"{e.CountryCode}.{e.Admin1}";
            if (!e.IsCountry && e.Admin1.Length > 0 && context.FocusAdmin1?.Contains(admin1Key) == true)
            { score += 2.5; reasons.Add($"in a region the article names ({gazetteer.Admin1Name(e) ?? admin1Key}) (+2.5)"); }
            if (!e.IsCountry && e.Admin1.Length > 0 && FollowedByItsRegion(gazetteer, e, context.FollowingWords))
            { score += 6; reasons.Add($"followed by its region, as in “{mention}, {gazetteer.Admin1Name(e)}” (+6.0)"); }
            if (context.Source is { IsEmpty: false } source && !e.IsCountry)
            {
                if (e.Admin1.Length > 0 && source.Regions.Contains(admin1Key) && context.FocusAdmin1?.Contains(admin1Key) != true)
                { score += SourceRegionWeight; reasons.Add($"in a home region of the source ({gazetteer.Admin1Name(e) ?? admin1Key}) (+{SourceRegionWeight:0.0})"); }
                if (source.Home.Count > 0)
                {
                    var nearest = source.Home.Min(p => Geo.DistanceKm(e.Latitude, e.Longitude, p.Latitude, p.Longitude));
                    var bonus = SourceHomeWeight * Math.Exp(-nearest / 100);
                    if (bonus >= 0.1) { score += bonus; reasons.Add($"{nearest:0} km from the source's home towns (+{bonus:0.0})"); }
                }
            }
            if (context.NearbyPlaces.Count > 0 && !e.IsCountry)
            {
                var nearest = context.NearbyPlaces.Min(p => Geo.DistanceKm(e.Latitude, e.Longitude, p.Latitude, p.Longitude));
                var bonus = 5 * Math.Exp(-nearest / 500);
                if (bonus >= 0.1) { score += bonus; reasons.Add($"{nearest:0} km from another place of the article (+{bonus:0.0})"); }
            }
            ranked.Add(new RankedCandidate(e, m.Kind, m.MatchedName, score, reasons.ToImmutable()));
        }
        return ranked.OrderByDescending(c => c.Score).ThenBy(c => c.Entry.Id, StringComparer.Ordinal).ToList();
    }

    public const double AlternateNamePenalty = 5.0;

    /// <summary>Being in a home region of the article's source: less than the article naming the region itself (tuned on LGL; 1–4 all give 0.85–0.87).</summary>
    public const double SourceRegionWeight = 2.0;

    /// <summary>Next to one of the source's home towns (decaying over 100 km): "Dublin" in a paper next to Dublin, Ohio.</summary>
    public const double SourceHomeWeight = 1.5;

    private static bool PrimaryNameMatches(GazetteerEntry e, string foldedMention)
    {
        var core = NameFolding.SplitGeneric(foldedMention).Core;
        foreach (var n in new[] { e.Name, e.AsciiName })
        {
            var f = NameFolding.Fold(n);
            if (f == foldedMention || f == core || NameFolding.SplitGeneric(f).Core == core) return true;
        }
        return false;
    }

    /// <summary>"Paris, Texas", "Dublin, Ohio", "Athens, Ga.": the words after a comma name the candidate's admin1 or its country.</summary>
    private static bool FollowedByItsRegion(Gazetteer gazetteer, GazetteerEntry e, string? following)
    {
        if (following is null) return false;
        var m = RegionCue.AfterComma().Match(following);
        if (!m.Success) return false;
        var words = m.Groups["r"].Value;
        foreach (var candidate in new[] { words, words.Split(' ')[0] })
        {
            var folded = NameFolding.Fold(candidate);
            if (folded.Length == 0) continue;
            if (NewsAliases.UsStates.TryGetValue(folded, out var state) && state == $"{e.CountryCode}.{e.Admin1}") return true;
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
