using System.Globalization;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.GeoNamesRows;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The shipped ranking model on a small world gazetteer: real GeoNames ids, coordinates, feature codes and populations
/// (cities500, admin1CodesASCII, countryInfo); the alternate names are stand-ins of the real number of each row (fame),
/// except the ones news uses ("Geneva" for Genève). Continents and macro-regions come from Gazetteer/Data/regions.yaml.
/// </summary>
public sealed class RankingTests
{
    private static readonly string Cities = string.Concat(
        Row(2643743, "London", 109, 51.50853, -0.12574, "PPLC", "GB", "ENG", 8961989),
        Row(4298960, "London", 12, 37.12898, -84.08326, "PPLA2", "US", "KY", 8126),
        Row(6058560, "London", 22, 42.98339, -81.23304, "PPL", "CA", "08", 346765),
        Row(2660646, "Genève", 48, 46.20222, 6.14569, "PPLA", "CH", "GE", 183981, "Geneva", "Genf", "Ginevra"),
        Row(4893591, "Geneva", 11, 41.88753, -88.30535, "PPLA2", "US", "IL", 21806),
        Row(5118398, "Geneva", 13, 42.86896, -76.97774, "PPL", "US", "NY", 13062),
        Row(4063926, "Geneva", 15, 31.03296, -85.86382, "PPLA2", "US", "AL", 4460),
        Row(2988507, "Paris", 108, 48.85341, 2.3488, "PPLC", "FR", "11", 2138551),
        Row(4717560, "Paris", 11, 33.66094, -95.55551, "PPLA2", "US", "TX", 24782),
        Row(4647963, "Paris", 10, 36.302, -88.32671, "PPLA2", "US", "TN", 10150),
        Row(4140963, "Washington", 29, 38.89511, -77.03637, "PPLC", "US", "DC", 689545),
        Row(5218069, "Washington", 14, 40.17396, -80.24617, "PPLA2", "US", "PA", 13497),
        Row(3019329, "Eu", 1, 50.04606, 1.42079, "PPL", "FR", "28", 8425),
        Row(3021955, "Cuvry", 10, 49.04304, 6.15878, "PPL", "FR", "44", 642),
        Row(2918752, "Gotha", 15, 50.94823, 10.70193, "PPLA3", "DE", "15", 46615),
        Row(1871859, "Pyongyang", 60, 39.03385, 125.75432, "PPLC", "KP", "12", 3222000),
        Row(4259418, "Indianapolis", 49, 39.76838, -86.15804, "PPLA", "US", "IN", 887642, "IND", "Indy"),
        Row(1269750, "India", 200, 21.46030, 77.52160, "PCLI", "IN", "00", 1352617328, "IND"));

    private const string Admin1 = "GB.ENG\tEngland\tEngland\t6269131\nUS.KY\tKentucky\tKentucky\t6254925\nCA.08\tOntario\tOntario\t6093943\nCH.GE\tGeneva\tGeneva\t2660645\n" +
        "US.IL\tIllinois\tIllinois\t4896861\nUS.TX\tTexas\tTexas\t4736286\nUS.WA\tWashington\tWashington\t5815135\nUS.DC\tWashington, D.C.\tWashington, D.C.\t4138106\nUS.IN\tIndiana\tIndiana\t4921868\nFR.11\tÎle-de-France\tIle-de-France\t3012874\n";

    private static string Country(string iso, string name, string capital, long population, long id) =>
        $"{iso}\tXXX\t0\t{iso}\t{name}\t{capital}\t1\t{population}\tEU\t.x\tX\tX\t1\t\t\ten\t{id}\t\t\n";

    private static readonly string Countries = "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n" +
        Country("GB", "United Kingdom", "London", 66488991, 2635167) + Country("US", "United States", "Washington", 327167434, 6252001) +
        Country("FR", "France", "Paris", 66987244, 3017382) + Country("CH", "Switzerland", "Bern", 8516543, 2658434) +
        Country("CA", "Canada", "Ottawa", 37058856, 6251999) + Country("DE", "Germany", "Berlin", 82927922, 2921044) +
        Country("KP", "North Korea", "Pyongyang", 25549819, 1873107);

    private static CorpusSnapshot World(string? options = null) => CorpusSnapshot.Load(Fixture.Root, new InMemoryFileSystem()
        .Add(Fixture.Root + "/corpus.yaml", "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n  overlay: [gaz/regions.yaml]\n" + (options ?? ""))
        .Add(Fixture.Root + "/gaz/cities.txt", Cities)
        .Add(Fixture.Root + "/gaz/admin1.txt", Admin1)
        .Add(Fixture.Root + "/gaz/countries.txt", Countries)
        .Add(Fixture.Root + "/gaz/regions.yaml", File.ReadAllText(Path.Combine(Repo.Root, "server", "CorpusLsp.Core", "Gazetteer", "Data", "regions.yaml"))));

    /// <summary>What `corpuslsp place NAME` answers.</summary>
    private static IReadOnlyList<RankedCandidate> Place(string name, string? options = null)
    {
        var world = World(options);
        return ArticlePlaces.RankIn(world.Gazetteer, world.Config, null, name);
    }

    [Theory]
    [InlineData("Geneva", "geonames:2660646")]        // the city (an English exonym GeoNames keeps as an alternate name), not the canton
    [InlineData("Paris", "geonames:2988507")]
    [InlineData("London", "geonames:2643743")]
    [InlineData("Middle East", "overlay:middle-east")]
    [InlineData("EU", "overlay:european-union")]      // not Eu, Seine-Maritime
    [InlineData("E.U.", "overlay:european-union")]
    [InlineData("U.K.", "geonames:2635167")]
    [InlineData("DPRK", "geonames:1873107")]
    public void With_no_focus_the_place_news_means_comes_first(string name, string expected) =>
        Assert.Equal(expected, Place(name)[0].Entry.Id);

    [Theory]
    [InlineData("Ind.")]
    [InlineData("Ind")]
    public void A_code_in_capitals_names_nothing_written_otherwise(string name)
    {
        // "IND" is India's ISO code and Indianapolis' airport (alternate names in GeoNames); "Ind." is Indiana in news.
        var ranked = Place(name);
        Assert.Equal("geonames:4921868", ranked[0].Entry.Id);
        Assert.DoesNotContain(ranked, c => c.Entry.Id is "geonames:1269750" or "geonames:4259418");
    }

    [Fact]
    public void A_code_written_in_capitals_names_its_places() =>
        Assert.Contains(Place("IND"), c => c.Entry.Id == "geonames:4259418");

    [Fact]
    public void Washington_lists_the_capital_among_the_first_two() =>
        Assert.Contains("geonames:4140963", Place("Washington").Take(2).Select(c => c.Entry.Id));

    [Fact]
    public void A_thousandfold_population_and_fame_outweigh_a_focus_country() =>
        Assert.Equal("geonames:2643743", Place("London", "options:\n  focusCountries: [US]\n")[0].Entry.Id);

    [Theory]
    [InlineData("Cauvery", "FR")]   // skeleton of Cuvry, France
    [InlineData("Ghouta", "DE")]    // close to Gotha, Germany
    public void Romanization_skeletons_do_not_match_outside_arabic_script_countries(string name, string country) =>
        Assert.DoesNotContain(Place(name), c => c.Entry.CountryCode == country);

    [Fact]
    public void The_explanation_is_the_weight_table_applied_to_the_features()
    {
        var model = RankingModel.Default;
        foreach (var c in Place("Paris"))
        {
            Assert.Equal(model.Score(c.Features.AsSpan()), c.Score, 9);
            var shown = c.Reasons.Sum(r => double.Parse(r[(r.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture));
            Assert.InRange(Math.Abs(c.Score - shown), 0, 0.005 * c.Reasons.Length + 1e-9); // each line rounds to 0.01
            Assert.All(c.Reasons, r => Assert.Contains(model.Labels, l => r.StartsWith(l, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void The_shipped_weights_file_weighs_every_feature_and_names_the_command_that_trained_it()
    {
        // A feature missing from the file weighs 0 (FromJson): shipping a new feature without retraining would switch it off.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "server", "CorpusLsp.Core", "Gazetteer", "Data", "ranking-weights.json")))!;
        var names = json["features"]!.AsArray().Select(f => (string?)f!["name"]).ToList();
        Assert.Equal(Enum.GetValues<RankingFeature>().Select(RankingModel.NameOf), names);
        Assert.Equal("dotnet run -c Release --project bench/CorpusLsp.Bench -- geo-train --write server/CorpusLsp.Core/Gazetteer/Data/ranking-weights.json", (string?)json["provenance"]!["command"]);
        Assert.Equal(RankingModel.Default.ToJson(), RankingModel.FromJson(json.ToJsonString()).ToJson());
    }

    [Fact]
    public void Completion_orders_names_by_the_ranking_models_prominence()
    {
        var g = World().Gazetteer;
        var completed = g.Complete("Lond").Select(c => c.Entry).ToList();
        var prominence = completed.Select(e => RankingModel.Default.Prominence(e.Population, e.FeatureClass, e.FeatureCode, 0, false)).ToList();
        Assert.Equal(prominence.OrderByDescending(p => p), prominence);
        Assert.Equal("geonames:2643743", completed[0].Id);
    }

    [Fact]
    public void Paris_Texas_is_resolved_with_the_article_not_alone()
    {
        // "Paris" alone is the French capital; next to "Texas", the region that follows it, it is Paris, Texas.
        var g = World().Gazetteer;
        var article = "Storms hit Paris, Texas, on Monday.";
        Assert.Equal("geonames:2988507", ArticleResolver.Resolve(g, null, [new ArticleMention("Paris")])[0].Pick?.Id);
        var resolved = ArticleResolver.Resolve(g, article, [new ArticleMention("Paris", 11, 16), new ArticleMention("Texas", 18, 23)]);
        Assert.Equal("geonames:4717560", resolved[0].Pick?.Id);
        Assert.Contains(resolved[0].Candidates[0].Reasons, r => r.StartsWith("followed by its region", StringComparison.Ordinal));
    }

    // A county-level world: "Paris and Henry County" (LGL), two Henry Counties, a DeKalb County, a Mississippi County, and
    // a Geneva County (Alabama) whose short name is also a Swiss canton's.
    private static string CountyRow(long id, string name, double lat, double lon, string code, string admin1, string admin2, long population) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}\t{name}\t{name}\t{name} 1,{name} 2\t{lat}\t{lon}\tP\t{code}\tUS\t\t{admin1}\t{admin2}\t\t\t{population}\t\t0\tUTC\t2023-01-01\n");

    private static CorpusSnapshot Counties(string? options = null) => CorpusSnapshot.Load(Fixture.Root, new InMemoryFileSystem()
        .Add(Fixture.Root + "/corpus.yaml", "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  admin2: gaz/admin2.txt\n  countries: gaz/countries.txt\n" + (options ?? ""))
        .Add(Fixture.Root + "/gaz/cities.txt", string.Concat(Cities.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("4647963\t", StringComparison.Ordinal)).Select(l => l + "\n")) + string.Concat(
            CountyRow(4647963, "Paris", 36.302, -88.32671, "PPLA2", "TN", "079", 10150),
            CountyRow(4208442, "McDonough", 33.44734, -84.14686, "PPLA2", "GA", "151", 23417),
            CountyRow(4191124, "Decatur", 33.77483, -84.29631, "PPLA2", "GA", "089", 21957),
            CountyRow(4380997, "Charleston", 36.92089, -89.35063, "PPLA2", "MO", "133", 5815),
            CountyRow(5809844, "Seattle", 47.60621, -122.33207, "PPLA2", "WA", "033", 737015),
            CountyRow(4067927, "Hartford", 31.10251, -85.69688, "PPL", "AL", "061", 2624)))
        .Add(Fixture.Root + "/gaz/admin1.txt", Admin1 + "US.TN\tTennessee\tTennessee\t4662168\nUS.GA\tGeorgia\tGeorgia\t4197000\nUS.MO\tMissouri\tMissouri\t4398678\nUS.MS\tMississippi\tMississippi\t4436296\n")
        .Add(Fixture.Root + "/gaz/admin2.txt", "US.TN.079\tHenry County\tHenry County\t4628829\nUS.GA.151\tHenry County\tHenry County\t4200051\n" +
            "US.GA.089\tDeKalb County\tDeKalb County\t4191014\nUS.MO.133\tMississippi County\tMississippi County\t4398638\n" +
            "US.AL.061\tGeneva County\tGeneva County\t4060954\n")
        .Add(Fixture.Root + "/gaz/countries.txt", Countries));

    [Fact]
    public void Names_of_one_article_that_may_lie_in_one_county_support_each_other()
    {
        // Alone, Henry County is Georgia's (the larger) and Paris, Tennessee is far behind the French capital.
        var g = Counties().Gazetteer;
        const string parisTn = "geonames:4647963", henryTn = "geonames:4628829";
        var henryAlone = ArticleResolver.Resolve(g, null, [new ArticleMention("Henry County")])[0];
        Assert.Equal("geonames:4200051", henryAlone.Pick?.Id);
        var parisAlone = ArticleResolver.Resolve(g, null, [new ArticleMention("Paris")])[0].Candidates;

        var article = "Paris and Henry County are rich in history and art.";
        var resolved = ArticleResolver.Resolve(g, article, [new ArticleMention("Paris", 0, 5), new ArticleMention("Henry County", 10, 22)]);
        Assert.Equal(henryTn, resolved[1].Pick?.Id);
        Assert.Contains(resolved[1].Candidates[0].Reasons, r => r.StartsWith("the article's other names may lie in its county", StringComparison.Ordinal));
        var together = resolved[0].Candidates;
        Assert.True(together.First(c => c.Entry.Id == parisTn).Score > parisAlone.First(c => c.Entry.Id == parisTn).Score + 1);
    }

    [Fact]
    public void A_US_county_is_found_by_its_short_name_unless_that_names_a_state()
    {
        var g = Counties().Gazetteer;
        Assert.Contains(g.Lookup("DeKalb"), m => m.Entry.Id == "geonames:4191014");
        Assert.Contains(g.Lookup("Henry"), m => m.Entry.Id == "geonames:4628829");
        Assert.DoesNotContain(g.Lookup("Mississippi"), m => m.Entry.FeatureCode == "ADM2");
        Assert.Contains(g.Lookup("Mississippi County"), m => m.Entry.Id == "geonames:4398638");
    }

    [Fact]
    public void A_US_county_is_found_by_its_short_name_although_a_region_abroad_has_that_name()
    {
        // "Geneva" is also the Swiss canton (CH.GE); only a region of the county's own country hides the short name.
        var g = Counties().Gazetteer;
        var geneva = g.Lookup("Geneva").Select(m => (m.Entry.Id, m.Entry.Name, m.Entry.FeatureCode, m.Entry.CountryCode)).OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
        Assert.Equal([("geonames:2660645", "Geneva", "ADM1", "CH"), ("geonames:2660646", "Genève", "PPLA", "CH"), ("geonames:4060954", "Geneva County", "ADM2", "US"),
            ("geonames:4063926", "Geneva", "PPLA2", "US"), ("geonames:4893591", "Geneva", "PPLA2", "US"), ("geonames:5118398", "Geneva", "PPL", "US")], geneva);
    }

    [Fact]
    public void A_national_capital_named_like_an_admin_unit_comes_before_it()
    {
        // Alone, the state and the capital are close; in a US corpus the capital comes first, and the explanation says why.
        var world = Counties("options:\n  focusCountries: [US]\n");
        var washington = ArticlePlaces.RankIn(world.Gazetteer, world.Config, null, "Washington");
        Assert.Contains(washington, c => c.Entry.Id == "geonames:5815135");
        Assert.Equal("geonames:4140963", washington[0].Entry.Id);
        Assert.Contains(washington[0].Reasons, r => r.StartsWith("a national capital named like a region", StringComparison.Ordinal));
    }

    // Namesakes and abbreviations of US news (LGL): Athens, seat of Athens County, Ohio, and Athens, Texas; two Mount
    // Pleasants, one of which lists "Mt. Pleasant" among its alternate names; Platte County, Nebraska (a unit is derived
    // from the places in it); Washington, D.C. and the state.
    private static CorpusSnapshot Towns() => CorpusSnapshot.Load(Fixture.Root, new InMemoryFileSystem()
        .Add(Fixture.Root + "/corpus.yaml", "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  admin2: gaz/admin2.txt\n  countries: gaz/countries.txt\n")
        .Add(Fixture.Root + "/gaz/cities.txt", string.Concat(
            RowIn(4505542, "Athens", 23, 39.32924, -82.10126, "PPLA2", "US", "OH", "009", 25044),
            RowIn(4671545, "Athens", 9, 32.20487, -95.85552, "PPLA2", "US", "TX", "213", 12788),
            RowIn(4868205, "Mount Pleasant", 8, 40.96364, -91.55794, "PPLA2", "US", "IA", "087", 8433),
            RowIn(4588165, "Mount Pleasant", 13, 32.79407, -79.86259, "PPL", "US", "SC", "019", 81317, "Mt. Pleasant"),
            RowIn(5066001, "Columbus", 12, 41.42973, -97.36838, "PPLA2", "US", "NE", "141", 23468),
            Row(4140963, "Washington", 29, 38.89511, -77.03637, "PPLC", "US", "DC", 689545),
            Row(5809844, "Seattle", 64, 47.60621, -122.33207, "PPLA2", "US", "WA", 737015)))
        .Add(Fixture.Root + "/gaz/admin1.txt", "US.OH\tOhio\tOhio\t5165418\nUS.TX\tTexas\tTexas\t4736286\nUS.IA\tIowa\tIowa\t4862182\n" +
            "US.SC\tSouth Carolina\tSouth Carolina\t4597040\nUS.NE\tNebraska\tNebraska\t5073708\nUS.WA\tWashington\tWashington\t5815135\nUS.DC\tWashington, D.C.\tWashington, D.C.\t4138106\n")
        .Add(Fixture.Root + "/gaz/admin2.txt", "US.OH.009\tAthens County\tAthens County\t4505545\nUS.NE.141\tPlatte County\tPlatte County\t5075315\n")
        .Add(Fixture.Root + "/gaz/countries.txt", Countries));

    [Fact]
    public void The_preference_for_a_seat_over_its_namesake_unit_weighs_on_the_unit_not_on_the_seat()
    {
        // Athens, Ohio against Athens County: the county carries the namesake feature, so the town gains nothing over
        // Athens, Texas (before, the seat carried it and was lifted over every namesake town, as Alexandria, Egypt was
        // over Alexandria, Virginia). A national capital keeps its own feature (Washington, D.C. against the state).
        var g = Towns().Gazetteer;
        var athens = ArticleResolver.Resolve(g, null, [new ArticleMention("Athens")])[0].Candidates;
        string Namesake(RankedCandidate c) => string.Join(",", new[] { RankingFeature.NamesakeSeat, RankingFeature.NamesakeUnit, RankingFeature.NamesakeCountyUnit }
            .Where(f => c.Features[(int)f] != 0).Select(RankingModel.NameOf));
        Assert.Equal(
            ["geonames:4505542 Athens PPLA2 ", "geonames:4505545 Athens County ADM2 namesakeCountyUnit", "geonames:4671545 Athens PPLA2 "],
            athens.Select(c => $"{c.Entry.Id} {c.Entry.Name} {c.Entry.FeatureCode} {Namesake(c)}").Order(StringComparer.Ordinal));
        var washington = ArticleResolver.Resolve(g, null, [new ArticleMention("Washington")])[0].Candidates;
        Assert.Equal(
            ["geonames:4140963 Washington PPLC namesakeSeat", "geonames:5815135 Washington ADM1 "],
            washington.Select(c => $"{c.Entry.Id} {c.Entry.Name} {c.Entry.FeatureCode} {Namesake(c)}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_lake_missing_from_the_gazetteer_is_ranked_among_its_namesake_towns_by_the_article()
    {
        // Lake Athens lies beside Athens, Texas; no gazetteer file here lists the lake. Its namesakes are offered as such
        // (not as its names: Lookup and Matches do not take them), and the article's "Texas" picks the one meant.
        var g = Towns().Gazetteer;
        Assert.Empty(g.Lookup("Lake Athens"));
        Assert.False(g.Matches(g.Find("geonames:4671545")!, "Lake Athens"));
        const string text = "Bass anglers returned to Lake Athens in East Texas this spring.";
        var resolved = ArticleResolver.Resolve(g, text, [new ArticleMention("Lake Athens", 25, 36), new ArticleMention("Texas", 45, 50)], null);
        var lake = resolved[0].Candidates;
        // Athens County, Ohio is "Athens" in US news too (adminUnitWords).
        Assert.Equal(["geonames:4671545", "geonames:4505542", "geonames:4505545"], lake.Select(c => c.Entry.Id));
        Assert.All(lake, c => Assert.Equal(MatchKind.Namesake, c.Match));
        Assert.Equal("namesake: 'Lake Athens' names a lake the gazetteer lacks; Athens only shares its name", lake[0].Reasons[0]);
    }

    [Fact]
    public void An_abbreviated_generic_word_finds_the_places_that_write_it_out_as_their_own_name()
    {
        var g = Towns().Gazetteer;
        // Without the other spelling only the Mount Pleasant that lists "Mt. Pleasant" was a candidate, as an old local name.
        var pleasant = ArticleResolver.Resolve(g, null, [new ArticleMention("Mt. Pleasant")])[0].Candidates;
        Assert.Equal(["geonames:4588165", "geonames:4868205"], pleasant.Select(c => c.Entry.Id).Order(StringComparer.Ordinal));
        Assert.All(pleasant, c => Assert.DoesNotContain(c.Reasons, r => r.StartsWith("named by an old or local alternate name", StringComparison.Ordinal)));
        Assert.Equal(["geonames:5075315"], g.Lookup("Platte Co.").Select(m => m.Entry.Id));
        Assert.True(g.Matches(g.Find("geonames:4868205")!, "Mt. Pleasant"));
    }
}
