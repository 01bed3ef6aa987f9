using System.Collections.Frozen;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Names news uses for countries and US states that gazetteers do not list as names: abbreviations
/// ("U.S.", "W.Va."), demonyms ("Egyptian", "Russians") and conventional short forms ("Britain").
/// Keys are folded (<see cref="NameFolding.Fold"/>); values are ISO country codes or "US.XX" admin1 codes.
/// </summary>
public static class NewsAliases
{
    public static readonly FrozenDictionary<string, string> Countries = new Dictionary<string, string>
    {
        ["u s"] = "US", ["us"] = "US", ["usa"] = "US", ["u s a"] = "US", ["america"] = "US", ["american"] = "US", ["united states of america"] = "US",
        ["uk"] = "GB", ["u k"] = "GB", ["britain"] = "GB", ["great britain"] = "GB", ["british"] = "GB", ["england"] = "GB", ["english"] = "GB",
        ["french"] = "FR", ["dutch"] = "NL", ["holland"] = "NL", ["swiss"] = "CH", ["greek"] = "GR", ["cypriot"] = "CY", ["iraqi"] = "IQ",
        ["israeli"] = "IL", ["saudi"] = "SA", ["afghan"] = "AF", ["pakistani"] = "PK", ["filipino"] = "PH", ["thai"] = "TH", ["yemeni"] = "YE",
        ["kuwaiti"] = "KW", ["qatari"] = "QA", ["omani"] = "OM", ["emirati"] = "AE", ["uae"] = "AE", ["bangladeshi"] = "BD", ["nepali"] = "NP",
        ["somali"] = "SO", ["spanish"] = "ES", ["danish"] = "DK", ["swedish"] = "SE", ["finnish"] = "FI", ["polish"] = "PL", ["irish"] = "IE",
        ["scottish"] = "GB", ["welsh"] = "GB", ["turkish"] = "TR", ["kurdish"] = "IQ", ["chinese"] = "CN", ["japanese"] = "JP", ["vietnamese"] = "VN",
        ["sudanese"] = "SD", ["lebanese"] = "LB", ["portuguese"] = "PT", ["taiwanese"] = "TW", ["congolese"] = "CD", ["senegalese"] = "SN",
        ["sinhalese"] = "LK", ["sri lankan"] = "LK", ["palestinian"] = "PS", ["palestinians"] = "PS", ["peruvian"] = "PE", ["argentine"] = "AR",
        ["new zealander"] = "NZ", ["kiwi"] = "NZ", ["czech"] = "CZ", ["slovak"] = "SK", ["south korean"] = "KR", ["north korean"] = "KP",
        ["russia"] = "RU", ["soviet"] = "RU", ["persian"] = "IR", ["uzbek"] = "UZ", ["kazakh"] = "KZ", ["tajik"] = "TJ", ["kyrgyz"] = "KG", ["azeri"] = "AZ",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>AP-style and postal abbreviations of US states (folded).</summary>
    public static readonly FrozenDictionary<string, string> UsStates = BuildStates();

    private static FrozenDictionary<string, string> BuildStates()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string code, params string[] names) { foreach (var n in names) d[NameFolding.Fold(n)] = "US." + code; }
        Add("AL", "Ala."); Add("AZ", "Ariz."); Add("AR", "Ark."); Add("CA", "Calif."); Add("CO", "Colo."); Add("CT", "Conn."); Add("DE", "Del.");
        Add("DC", "D.C."); Add("FL", "Fla."); Add("GA", "Ga."); Add("IL", "Ill."); Add("IN", "Ind."); Add("KS", "Kan.", "Kans."); Add("KY", "Ky.");
        Add("LA", "La."); Add("MD", "Md."); Add("MA", "Mass."); Add("MI", "Mich."); Add("MN", "Minn."); Add("MS", "Miss."); Add("MO", "Mo.");
        Add("MT", "Mont."); Add("NE", "Neb.", "Nebr."); Add("NV", "Nev."); Add("NH", "N.H."); Add("NJ", "N.J."); Add("NM", "N.M."); Add("NY", "N.Y.");
        Add("NC", "N.C."); Add("ND", "N.D."); Add("OK", "Okla."); Add("OR", "Ore.", "Oreg."); Add("PA", "Pa.", "Penn."); Add("RI", "R.I."); Add("SC", "S.C.");
        Add("SD", "S.D."); Add("TN", "Tenn."); Add("TX", "Tex."); Add("VT", "Vt."); Add("VA", "Va."); Add("WA", "Wash."); Add("WV", "W.Va.", "W. Va.");
        Add("WI", "Wis.", "Wisc."); Add("WY", "Wyo.");
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static readonly string[] DemonymSuffixes = ["ians", "ans", "ese", "ish", "ian", "an", "is", "i", "ns", "n", "s"];

    /// <summary>Country code for a demonym by stripping its suffix and matching the start of a country name ("Egyptian" → Egypt).</summary>
    public static string? CountryOfDemonym(string folded, IEnumerable<(string Name, string Code)> countries)
    {
        if (Countries.TryGetValue(folded, out var known)) return known;
        if (folded.EndsWith('s') && Countries.TryGetValue(folded[..^1], out known)) return known;
        if (folded.Contains(' ')) return null;
        foreach (var suffix in DemonymSuffixes)
        {
            if (!folded.EndsWith(suffix, StringComparison.Ordinal) || folded.Length - suffix.Length < 4) continue;
            var stem = folded[..^suffix.Length];
            var hits = countries.Where(c => c.Name.StartsWith(stem, StringComparison.Ordinal) && c.Name.Length - stem.Length <= 3 && !c.Name.Contains(' ')).Select(c => c.Code).Distinct().ToList();
            if (hits.Count == 1) return hits[0];
        }
        return null;
    }
}
