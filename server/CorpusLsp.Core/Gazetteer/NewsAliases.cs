using System.Collections.Frozen;
using System.Text.Json;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Names news uses for countries and first-level regions that gazetteers do not list as names: abbreviations
/// ("U.S.", "W.Va.", "DPRK", "BC"), demonyms ("Egyptian") and conventional short forms ("Britain"). The tables are
/// data (Gazetteer/Data/news-aliases.json, with their provenance); keys are folded (<see cref="NameFolding.Fold"/>).
/// </summary>
public static class NewsAliases
{
    private static readonly JsonElement Data = LoadData();

    /// <summary>Folded alias → ISO country code.</summary>
    public static readonly FrozenDictionary<string, string> Countries = Table("countries");

    /// <summary>Folded alias → admin1 key "CC.ADMIN1" (US state abbreviations, "BC").</summary>
    public static readonly FrozenDictionary<string, string> Admin1 = Table("admin1");

    /// <summary>Countries whose names are romanized from Arabic-script languages: the only ones romanization skeletons may match in.</summary>
    public static readonly FrozenSet<string> RomanizedCountries =
        Data.GetProperty("romanizedCountries").GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Countries whose first language is English (GeoNames countryInfo): there an alternate name of other words is an old or local name, not an exonym.</summary>
    public static readonly FrozenSet<string> EnglishCountries =
        Data.GetProperty("englishCountries").GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Folded generic word → its other spelling, both directions ("mt" ↔ "mount", "co" ↔ "county").</summary>
    private static readonly FrozenDictionary<string, string> WordVariants = LoadWordVariants();

    /// <summary>
    /// The folded name and the other spelling news or GeoNames uses for it: every abbreviated generic word written out, or
    /// written out words abbreviated ("mt pleasant" → "mount pleasant"; "saint louis" → "st louis").
    /// </summary>
    public static IEnumerable<string> Spellings(string folded)
    {
        yield return folded;
        if (OtherSpelling(folded) is { } other) yield return other;
    }

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> WordVariantsBySpan =
        WordVariants.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The folded name with each generic word of the table in its other spelling, or null when it has none: asked for every
    /// name looked up, so a name without such a word (most) is only scanned, not split into strings.
    /// </summary>
    private static string? OtherSpelling(string folded)
    {
        System.Text.StringBuilder? built = null;
        var start = 0;
        for (var i = 0; i <= folded.Length; i++)
        {
            if (i < folded.Length && folded[i] != ' ') continue;
            var word = folded.AsSpan(start, i - start);
            if (WordVariantsBySpan.TryGetValue(word, out var other)) (built ??= new System.Text.StringBuilder(folded.Length + 8).Append(folded, 0, start)).Append(other);
            else built?.Append(word);
            if (i < folded.Length) built?.Append(' ');
            start = i + 1;
        }
        return built?.ToString();
    }

    private static FrozenDictionary<string, string> LoadWordVariants()
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Data.GetProperty("wordVariants").GetProperty("pairs").EnumerateObject())
        {
            pairs[p.Name] = p.Value.GetString()!;
            pairs[p.Value.GetString()!] = p.Name;
        }
        return pairs.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Country code → generic words its second-level units' names end with ("County").</summary>
    private static readonly FrozenDictionary<string, string[]> AdminUnitSuffixes =
        Data.GetProperty("adminUnitWords").GetProperty("suffixes").EnumerateObject()
            .ToFrozenDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(w => w.GetString()!).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The short form news uses for a second-level unit: "DeKalb" for "DeKalb County" (US), or none. Not when the short
    /// form is the name of a country or of a first-level region of the same country (<paramref name="larger"/>):
    /// "Mississippi" and "Washington" are the states, not their namesake counties.
    /// </summary>
    public static string[] ShortNamesOfAdminUnit(string name, string countryCode, LargerUnits larger)
    {
        if (!AdminUnitSuffixes.TryGetValue(countryCode, out var suffixes)) return [];
        foreach (var word in suffixes)
            if (name.Length > word.Length + 1 && name.EndsWith(" " + word, StringComparison.Ordinal))
                return larger.Names(countryCode, NameFolding.Fold(name[..^(word.Length + 1)])) ? [] : [name[..^(word.Length + 1)]];
        return [];
    }

    /// <summary>
    /// Folded names of countries, and of first-level regions by their country: what a second-level unit's short form may
    /// not be. A region abroad does not block it: "Douglas" stays Douglas County, Nebraska's short name although the Isle
    /// of Man has a parish Douglas (LGL names Douglas County, Nebraska, Kansas and Minnesota as "Douglas" in four articles).
    /// </summary>
    public sealed class LargerUnits(IEnumerable<string> countryNames, IEnumerable<(string Code, string Name)> admins)
    {
        private readonly HashSet<string> _countries = countryNames.Select(NameFolding.Fold).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _regions = admins.Where(a => a.Code.Count(c => c == '.') == 1)
            .Select(a => a.Code[..a.Code.IndexOf('.')] + " " + NameFolding.Fold(a.Name)).ToHashSet(StringComparer.Ordinal);

        /// <summary>Is the folded name a country's, or a first-level region's of the country?</summary>
        public bool Names(string countryCode, string folded) => _countries.Contains(folded) || _regions.Contains(countryCode + " " + folded);
    }

    private static JsonElement LoadData()
    {
        using var stream = typeof(NewsAliases).Assembly.GetManifestResourceStream("CorpusLsp.Core.Gazetteer.news-aliases.json")
            ?? throw new InvalidOperationException("news-aliases.json is not embedded");
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    private static FrozenDictionary<string, string> Table(string name) =>
        Data.GetProperty(name).EnumerateObject().ToFrozenDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static readonly string[] DemonymSuffixes = ["ians", "ans", "ese", "ish", "ian", "an", "is", "i", "ns", "n", "s"];

    /// <summary>Country code for a demonym by stripping its suffix and matching the start of a country name ("Egyptian" → Egypt).</summary>
    public static string? CountryOfDemonym(string folded, IEnumerable<(string Name, string Code)> countries)
    {
        if (Countries.TryGetValue(folded, out var known)) return known;
        if (folded.EndsWith('s') && Countries.TryGetValue(folded[..^1], out known)) return known;
        return DemonymStem(folded, countries);
    }

    /// <summary>
    /// The code of the one unit whose name a demonym's stem begins ("Ohioans" → Ohio, "Dagestani" → Dagestan), or null
    /// when none or several do. A demonym of several words names a unit of as many words whose other words it repeats
    /// ("South African" → South Africa, "North Ossetian" → North Ossetia). A unit's own name of several words is no demonym of
    /// it ("United States" ends like a plural): its match stays an exact one.
    /// </summary>
    public static string? DemonymStem(string folded, IEnumerable<(string Name, string Code)> units)
    {
        var words = folded.Count(c => c == ' ');
        var last = folded.LastIndexOf(' ') + 1;
        foreach (var suffix in DemonymSuffixes)
        {
            if (!folded.EndsWith(suffix, StringComparison.Ordinal) || folded.Length - last - suffix.Length < 4) continue;
            var stem = folded[..^suffix.Length];
            var hits = units.Where(c => c.Name.StartsWith(stem, StringComparison.Ordinal) && c.Name.Length - stem.Length <= 3 && c.Name.Count(ch => ch == ' ') == words && (words == 0 || c.Name != folded)).Select(c => c.Code).Distinct().ToList();
            if (hits.Count == 1) return hits[0];
        }
        return null;
    }
}
