using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>What the ranking knows about a candidate; the index of its value in <see cref="RankedCandidate.Features"/>.</summary>
public enum RankingFeature
{
    /// <summary>log10(population + 1) of a place or country.</summary>
    LogPopulation,
    /// <summary>log10(population + 1) of an admin unit: the sum of its places' (GazetteerBuilder), not comparable to a city's.</summary>
    LogPopulationAdmin,
    /// <summary>Fame: log10(1 + number of alternate names); GeoNames lists hundreds for London, GB, a handful for London, KY.</summary>
    Fame,
    Country, Continent, Region, Capital, Admin1, Admin2, Seat1, Seat2, SeatLower, Historical, Overlay,
    /// <summary>
    /// The mention matches only an alternate name of a populated place, and that name is part of its name or the other
    /// way round (Moscow Mills lists "Moscow"). An alternate name of other letters is an exonym (Geneva for Genève,
    /// Cologne for Köln) and counts as a name.
    /// </summary>
    AlternateNameOnly,
    /// <summary>
    /// The mention matches only an alternate name that shares no word with the entry's own name, outside the countries
    /// whose first language is English: an exonym GeoNames keeps (Geneva for Genève, Cologne for Köln, Munich for München).
    /// Learned apart from a primary-name match.
    /// </summary>
    Exonym,
    /// <summary>Fame (log10 of 1 + its alternate names) of a place named by an exonym: languages keep their own names for
    /// places that matter to them (Munich, Cologne, Geneva); an obscure place's old name that happens to match is rarely meant.</summary>
    ExonymFame,
    /// <summary>The same kind of match in a country whose first language is English: an old or local name (Twickenham for Huntsville, Alabama).</summary>
    LocalAlternateName,
    /// <summary>A dateline ("WASHINGTON —", a capitalised name opening a line) names a city.</summary>
    DatelineCity,
    /// <summary>A news alias named it: "U.S.", "DPRK", "W.Va.", "Egyptian".</summary>
    NewsAlias,
    Skeleton, SkeletonDistance,
    /// <summary>"province"/"governorate"/"region"/"district" follows or is part of the name, and the candidate is an admin unit.</summary>
    AdminCue,
    /// <summary>"city"/"town" follows or is part of the name, and the candidate is a populated place.</summary>
    CityCue,
    /// <summary>
    /// A national capital named like an admin unit among the candidates (Washington, D.C. against Washington State): in
    /// news the capital is meant before namesake places anywhere.
    /// </summary>
    NamesakeSeat,
    /// <summary>
    /// A first-level unit whose seat of the same name is also a candidate (the canton of Geneva against Genève). It weighs
    /// on the unit, not on the seat: a city sharing its unit's name is preferred to the unit, not to namesake towns
    /// elsewhere (Alexandria, Egypt, seat of its governorate, gains nothing over Alexandria, Virginia).
    /// </summary>
    NamesakeUnit,
    /// <summary>
    /// A second-level unit whose seat of the same name is also a candidate (Athens County against Athens, Ohio). Apart
    /// from <see cref="NamesakeUnit"/>: that a province is rarely meant by its seat's name says little about
    /// a county, and US towns share names with many counties.
    /// </summary>
    NamesakeCountyUnit,
    /// <summary>"Paris, Texas": the words after a comma name the candidate's region or country.</summary>
    RegionFollows,
    /// <summary>"Buffalo, New York": the name follows a place and a comma, and the candidate is a country, region or county that place may lie in.</summary>
    RegionOfPlaceBefore,
    /// <summary>
    /// The candidate is what a longer name of the article that contains this one is resolved to: beside "Mexico City",
    /// "Mexico" names the country rather than the city, whose own name the article used.
    /// </summary>
    LongerNameReferent,
    /// <summary>In a focus country of the corpus (corpus.yaml focusCountries) or of the source's profile.</summary>
    FocusCountry,
    /// <summary>The national capital of a focus country: in US news "Washington" is the capital more often than the state.</summary>
    FocusCapital,
    /// <summary>Share of the article's other places that lie in the candidate's country.</summary>
    ArticleCountryShare,
    /// <summary>The article names the candidate's country.</summary>
    CountryNamed,
    /// <summary>In a first-level region the article names or places lie in.</summary>
    ArticleRegion,
    /// <summary>
    /// How much the article's other names may lie in the candidate's county (second-level unit): the sum over those names
    /// of the probability their current ranking gives to their candidates in it, capped at 2. "Paris and Henry County"
    /// supports Paris, Tennessee and Henry County, Tennessee together, even before either is picked.
    /// </summary>
    CountySupport,
    /// <summary>The same sum for the candidate's first-level region, capped at 2.</summary>
    RegionSupport,
    /// <summary>
    /// How many of the article's other names have any candidate in the candidate's county, capped at 2, whatever their
    /// ranking: "Paris" beside "Henry County" is Paris, Tennessee even when Paris, France and Henry County, Georgia lead.
    /// </summary>
    CountyPossible,
    SourceRegion, SourceHome,
    /// <summary>exp(−d / 500 km) to the nearest other place of the article.</summary>
    Nearby,
    /// <summary>exp(−d / 50 km) to the nearest other place of the article.</summary>
    NearbyClose,
}

/// <summary>
/// The one scoring model of place ranking: score = Σ weight × feature. The weights and the labels that explain them
/// are data (Gazetteer/Data/ranking-weights.json, with how they were trained); hover, `place` and completion read
/// their numbers from here.
/// </summary>
public sealed class RankingModel
{
    public static readonly int FeatureCount = Enum.GetValues<RankingFeature>().Length;

    public static RankingModel Default { get; } = Load();

    public ImmutableArray<double> Weights { get; }
    public ImmutableArray<string> Labels { get; }

    /// <summary>Features whose weight is set by hand, not trained (the evaluation protocol cannot exercise them).</summary>
    public ImmutableArray<bool> Fixed { get; }
    public JsonObject Provenance { get; }

    private RankingModel(ImmutableArray<double> weights, ImmutableArray<string> labels, ImmutableArray<bool> fixedWeights, JsonObject provenance)
    {
        Weights = weights;
        Labels = labels;
        Fixed = fixedWeights;
        Provenance = provenance;
    }

    public static string NameOf(RankingFeature f) => JsonNamingPolicy.CamelCase.ConvertName(f.ToString());

    private static RankingModel Load()
    {
        using var stream = typeof(RankingModel).Assembly.GetManifestResourceStream("CorpusLsp.Core.Gazetteer.ranking-weights.json")
            ?? throw new InvalidOperationException("ranking-weights.json is not embedded");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    /// <summary>Reads a weights file; a feature it lacks weighs 0 (a model trained before the feature existed).</summary>
    public static RankingModel FromJson(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var weights = new double[FeatureCount];
        var labels = Enum.GetValues<RankingFeature>().Select(NameOf).ToArray();
        var fixedWeights = new bool[FeatureCount];
        if (root["features"] is JsonArray features)
        {
            foreach (var f in features.OfType<JsonObject>())
            {
                if (!Enum.TryParse<RankingFeature>((string?)f["name"], ignoreCase: true, out var k)) continue;
                weights[(int)k] = (double?)f["weight"] ?? 0;
                labels[(int)k] = (string?)f["label"] ?? labels[(int)k];
                fixedWeights[(int)k] = (bool?)f["fixed"] ?? false;
            }
        }
        return new RankingModel([.. weights], [.. labels], [.. fixedWeights], root["provenance"] as JsonObject ?? []);
    }

    /// <summary>The same model with one feature's weight set and no longer trained (ablation: geo-train --without).</summary>
    public RankingModel WithFixedWeight(RankingFeature feature, double weight)
    {
        var w = Weights.ToArray();
        var f = Fixed.ToArray();
        w[(int)feature] = weight;
        f[(int)feature] = true;
        return new([.. w], Labels, [.. f], (JsonObject)Provenance.DeepClone());
    }

    public RankingModel WithWeights(IReadOnlyList<double> weights, JsonObject? provenance = null) =>
        new([.. weights], Labels, Fixed, provenance ?? (JsonObject)Provenance.DeepClone());

    public string ToJson()
    {
        var features = new JsonArray();
        foreach (var f in Enum.GetValues<RankingFeature>())
        {
            var item = new JsonObject { ["name"] = NameOf(f), ["label"] = Labels[(int)f], ["weight"] = Math.Round(Weights[(int)f], 4) };
            if (Fixed[(int)f]) item["fixed"] = true;
            features.Add((JsonNode)item);
        }
        var root = new JsonObject { ["provenance"] = Provenance.DeepClone(), ["features"] = features };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public double Score(ReadOnlySpan<double> features)
    {
        var s = 0.0;
        for (var i = 0; i < features.Length; i++) s += features[i] * Weights[i];
        return s;
    }

    /// <summary>
    /// How prominent a place is before any context: its population, fame, kind and origin under this model's weights.
    /// Ranking starts from it; completion orders names by it.
    /// </summary>
    public double Prominence(long population, char featureClass, string featureCode, int alternateNames, bool overlay)
    {
        Span<double> f = stackalloc double[FeatureCount];
        f.Clear();
        SetPrior(f, population, featureClass, featureCode, alternateNames, overlay);
        return Score(f);
    }

    /// <summary>The context-free features (<see cref="Prominence"/>).</summary>
    public static void SetPrior(Span<double> f, long population, char featureClass, string featureCode, int alternateNames, bool overlay)
    {
        var admin = featureClass == 'A' && !featureCode.StartsWith("PCL", StringComparison.Ordinal) && featureCode != "TERR";
        f[(int)(admin ? RankingFeature.LogPopulationAdmin : RankingFeature.LogPopulation)] = Math.Log10(Math.Max(0, population) + 1);
        f[(int)RankingFeature.Fame] = Math.Log10(alternateNames + 1);
        if (Group(featureClass, featureCode) is { } g) f[(int)g] = 1;
        if (overlay) f[(int)RankingFeature.Overlay] = 1;
    }

    /// <summary>The feature-code group a candidate belongs to (one of them is 1, or none for plain places and features).</summary>
    public static RankingFeature? Group(char featureClass, string code) => code switch
    {
        "PCLI" or "PCLD" or "PCLS" or "PCLF" or "PCL" or "TERR" => RankingFeature.Country,
        "CONT" => RankingFeature.Continent,
        "RGN" or "ZN" => RankingFeature.Region,
        "PPLC" => RankingFeature.Capital,
        "ADM1" => RankingFeature.Admin1,
        "ADM2" => RankingFeature.Admin2,
        "PPLA" => RankingFeature.Seat1,
        "PPLA2" => RankingFeature.Seat2,
        "PPLA3" or "PPLA4" or "PPLG" => RankingFeature.SeatLower,
        "PPLH" or "PPLQ" => RankingFeature.Historical,
        _ => featureClass == 'A' && code.StartsWith("PCL", StringComparison.Ordinal) ? RankingFeature.Country : null,
    };

    /// <summary>One line per feature that moved the score: "label detail: value × weight = contribution".</summary>
    public ImmutableArray<string> Explain(ReadOnlySpan<double> features, Func<RankingFeature, string?> detail)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < features.Length; i++)
        {
            var contribution = features[i] * Weights[i];
            if (Math.Abs(contribution) < 0.005) continue;
            var d = detail((RankingFeature)i);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Labels[i]}{(string.IsNullOrEmpty(d) ? "" : " " + d)}: {features[i]:0.##} × {Weights[i]:0.##} = {contribution:+0.00;-0.00}"));
        }
        return lines.ToImmutable();
    }
}
