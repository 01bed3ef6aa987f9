using System.Collections.Immutable;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>One place of the gazetteer: a GeoNames row, a country or admin unit, or an overlay entry.</summary>
public sealed record GazetteerEntry(
    string Id,
    string Name,
    string AsciiName,
    ImmutableArray<string> AlternateNames,
    double Latitude,
    double Longitude,
    char FeatureClass,
    string FeatureCode,
    string CountryCode,
    string Admin1,
    string Admin2,
    long Population,
    string Source,
    int SourceLine,
    bool ApproximateLocation = false,
    ImmutableDictionary<string, string>? Extra = null)
{
    public IEnumerable<string> AllNames
    {
        get
        {
            yield return Name;
            if (AsciiName.Length > 0 && AsciiName != Name) yield return AsciiName;
            foreach (var n in AlternateNames) yield return n;
        }
    }

    public bool IsCountry => FeatureClass == 'A' && FeatureCode.StartsWith("PCL", StringComparison.Ordinal);
    public bool IsAdministrative => FeatureClass == 'A';

    public string OpenStreetMapUrl =>
        FormattableString.Invariant($"https://www.openstreetmap.org/?mlat={Latitude:0.#####}&mlon={Longitude:0.#####}#map={(IsCountry ? 5 : IsAdministrative ? 8 : 12)}/{Latitude:0.#####}/{Longitude:0.#####}");
}

/// <summary>Human names of GeoNames feature codes (the subset news places use); unknown codes show as is.</summary>
public static class FeatureCodes
{
    public static readonly ImmutableDictionary<string, (char Class, string Description)> Known = new Dictionary<string, (char, string)>
    {
        ["PPL"] = ('P', "populated place"), ["PPLA"] = ('P', "seat of a first-order administrative division"),
        ["PPLA2"] = ('P', "seat of a second-order administrative division"), ["PPLA3"] = ('P', "seat of a third-order administrative division"),
        ["PPLA4"] = ('P', "seat of a fourth-order administrative division"), ["PPLC"] = ('P', "capital of a political entity"),
        ["PPLG"] = ('P', "seat of government"), ["PPLH"] = ('P', "historical populated place"), ["PPLL"] = ('P', "populated locality"),
        ["PPLQ"] = ('P', "abandoned populated place"), ["PPLX"] = ('P', "section of populated place"), ["PPLS"] = ('P', "populated places"),
        ["PCLI"] = ('A', "independent political entity"), ["PCLD"] = ('A', "dependent political entity"), ["PCLS"] = ('A', "semi-independent political entity"),
        ["PCLF"] = ('A', "freely associated state"), ["PCLIX"] = ('A', "section of independent political entity"), ["TERR"] = ('A', "territory"),
        ["ADM1"] = ('A', "first-order administrative division"), ["ADM2"] = ('A', "second-order administrative division"),
        ["ADM3"] = ('A', "third-order administrative division"), ["ADMD"] = ('A', "administrative division"),
        ["RGN"] = ('L', "region"), ["AREA"] = ('L', "area"), ["CONT"] = ('L', "continent"), ["MILB"] = ('L', "military base"),
        ["AIRB"] = ('S', "airbase"), ["AIRP"] = ('S', "airport"), ["FCL"] = ('S', "facility"), ["BDG"] = ('S', "bridge"), ["PSTB"] = ('S', "border post"),
        ["MFG"] = ('S', "factory"), ["MFGC"] = ('S', "cement factory"), ["RD"] = ('R', "road"), ["RDJCT"] = ('R', "road junction"), ["HWY"] = ('R', "highway"),
        ["MT"] = ('T', "mountain"), ["HLL"] = ('T', "hill"), ["HLLS"] = ('T', "hills"), ["STM"] = ('H', "stream"), ["LK"] = ('H', "lake"), ["SEA"] = ('H', "sea"),
        ["OCN"] = ('H', "ocean"), ["GULF"] = ('H', "gulf"), ["BAY"] = ('H', "bay"), ["STRT"] = ('H', "strait"),
    }.ToImmutableDictionary();

    public static string Describe(string code) => Known.TryGetValue(code, out var k) ? k.Description : code;
}
