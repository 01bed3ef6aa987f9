using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

public sealed class GazetteerTests
{
    private static Gazetteer Load(string? corpusYaml = null, string? overlay = null, string? geonames = null) =>
        CorpusSnapshot.Load(Root, Files(corpusYaml, overlay, geonames)).Gazetteer;

    [Theory]
    [InlineData("Deir el-Zour")]
    [InlineData("Deir ez-Zor")]
    [InlineData("Dayr az Zawr")]
    [InlineData("Deir al-Zor")]
    [InlineData("DEIR EZ ZOR")]
    public void Romanization_variants_meet(string name) =>
        Assert.Contains(Load().Lookup(name), m => m.Entry.Id == "geonames:170794");

    [Theory]
    [InlineData("Deir el-Zour", "dr zr")]
    [InlineData("Dayr az Zawr", "dr zr")]
    [InlineData("Khanāşir", "khnsr")]
    [InlineData("Khanaser", "khnsr")]
    [InlineData("Ar Raqqah", "rk")]
    [InlineData("Raqqa", "rk")]
    public void Skeleton_folds_what_romanizations_disagree_on(string name, string skeleton) =>
        Assert.Equal(skeleton, NameFolding.Skeleton(name));

    [Fact]
    public void Diacritics_and_case_fold() => Assert.Equal("halab", NameFolding.Fold("Ḩalab"));

    [Fact]
    public void Prefix_completion_is_diacritic_insensitive()
    {
        var names = Load().Complete("khan").Select(c => c.Entry.Id).ToList();
        Assert.Contains("geonames:168351", names);
    }

    [Fact]
    public void Suggest_finds_typos_within_two_edits()
    {
        var s = Load().Suggest("Damscus");
        Assert.Equal("geonames:170654", s[0].Entry.Id);
    }

    [Fact]
    public void Countries_and_admin_units_become_entries_located_at_their_places()
    {
        var g = Load();
        var syria = g.Find("geonames:163843")!;
        Assert.True(syria.IsCountry && syria.ApproximateLocation);
        Assert.InRange(syria.Latitude, 33, 37);
        Assert.Equal("Syria › Aleppo", g.Hierarchy(g.Find("geonames:170063")!));
    }

    [Fact]
    public void Overlay_entries_are_loaded_and_ranked()
    {
        var ranked = PlaceResolver.Rank(Load(), "Zahra", ResolutionContext.None);
        Assert.Equal("overlay:zahraa", ranked[0].Entry.Id);
    }

    [Fact]
    public void CLS026_malformed_row_is_reported_with_its_line_and_the_rest_loads()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files(geonames: GeoNames.Replace("166331\tNubl", "not-a-number\tNubl")));
        var d = Assert.Single(snapshot.GazetteerDiagnostics);
        Assert.Equal(("CLS026", Root + "/gaz/cities.txt"), (d.Code, d.Path));
        Assert.Contains("Row 3", d.Message);
        Assert.NotNull(snapshot.Gazetteer.Find("geonames:170794"));
    }

    // alternateNamesV2.txt rows: id, geonameid, language, name, preferred, short, colloquial, historic, from, to.
    private const string AlternateNamesV2 =
        "1\t170063\tar\tحلب\t1\t\t\t\t\t\n" +
        "2\t170063\tlink\thttps://en.wikipedia.org/wiki/Aleppo\t\t\t\t\t\t\n" +
        "3\t170063\tfr\tAlep\t\t\t\t\t\t\n" +
        "4\t170794\ten\tDeir Ezzor\t\t\t1\t\t\t\n" +
        "5\t9999999\ten\tNowhere Town\t\t\t\t\t\t\n" +
        "6\tnot-an-id\ten\tBroken\t\t\t\t\t\t\n" +
        "7\t170654\tiata\tDAM\t\t\t\t\t\t\n";

    private static CorpusSnapshot WithGeoNamesExtras(string? alternateNames, string? hierarchy, string? geonames = null)
    {
        var yaml = CorpusYaml + (alternateNames is null ? "" : "  alternateNames: gaz/alternateNamesV2.txt\n") + (hierarchy is null ? "" : "  hierarchy: gaz/hierarchy.txt\n");
        var fs = Files(corpusYaml: yaml, geonames: geonames);
        if (alternateNames is not null) fs.Add(Root + "/gaz/alternateNamesV2.txt", alternateNames);
        if (hierarchy is not null) fs.Add(Root + "/gaz/hierarchy.txt", hierarchy);
        return CorpusSnapshot.Load(Root, fs);
    }

    [Fact]
    public void Alternate_names_join_their_entries_by_geonameid_and_codes_and_links_are_not_names()
    {
        var snapshot = WithGeoNamesExtras(AlternateNamesV2, null);
        var g = snapshot.Gazetteer;
        Assert.Equal("geonames:170063", Assert.Single(g.Lookup("حلب")).Entry.Id);
        Assert.Equal("geonames:170794", Assert.Single(g.Lookup("Deir Ezzor"), m => m.Kind != MatchKind.Skeleton).Entry.Id);
        Assert.Empty(g.Lookup("https://en.wikipedia.org/wiki/Aleppo"));
        Assert.Empty(g.Lookup("DAM"));
        Assert.Empty(g.Lookup("Nowhere Town"));
        // A name the entry already has is not added twice.
        Assert.Single(g.Find("geonames:170063")!.AllNames, n => n == "Alep");
        var d = Assert.Single(snapshot.GazetteerDiagnostics);
        Assert.Equal(("CLS026", Root + "/gaz/alternateNamesV2.txt"), (d.Code, d.Path));
        Assert.Contains("Row 6", d.Message);
    }

    [Fact]
    public void The_older_eight_column_alternate_names_file_is_read_too()
    {
        var g = WithGeoNamesExtras("1\t170063\tar\tحلب\t1\t\t\t\n", null).Gazetteer;
        Assert.Equal("geonames:170063", Assert.Single(g.Lookup("حلب")).Entry.Id);
    }

    [Fact]
    public void An_entry_without_admin_codes_takes_its_region_from_its_ADM_parent_in_the_hierarchy()
    {
        // Khanasir's and Nubl's rows without their admin1 code; hierarchy.txt says the Aleppo governorate (170062) is Khanasir's parent.
        var rows = GeoNames.Replace("\tPPLA3\tSY\t\t09\t", "\tPPLA3\tSY\t\t\t");
        var without = WithGeoNamesExtras(null, null, rows).Gazetteer;
        Assert.Equal("Syria", without.Hierarchy(without.Find("geonames:168351")!));
        var with = WithGeoNamesExtras(null, "170062\t168351\tADM\n170652\t166331\tuser\n", rows).Gazetteer;
        Assert.Equal("Syria › Aleppo", with.Hierarchy(with.Find("geonames:168351")!));
        // Only the administrative tree counts: a user hierarchy putting Nubl under the Damascus governorate changes nothing.
        Assert.Equal("Syria", with.Hierarchy(with.Find("geonames:166331")!));
    }

    [Fact]
    public void CLS025_undeclared_feature_type_in_overlay()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files(overlay: "places:\n  - id: x\n    name: X\n    type: factry\n    lat: 1\n    lon: 2\n"));
        Assert.Equal(["CLS025"], snapshot.GazetteerDiagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Declared_feature_types_and_fields_are_accepted_and_validated()
    {
        var yaml = CorpusYaml + "schema:\n  featureTypes:\n    highway: {class: R}\n  fields:\n    lanes: {type: integer}\n";
        var ok = CorpusSnapshot.Load(Root, Files(corpusYaml: yaml, overlay: "places:\n  - id: m5\n    name: M5\n    type: highway\n    lanes: 4\n    lat: 35\n    lon: 36\n"));
        Assert.Empty(ok.GazetteerDiagnostics);
        Assert.Equal('R', ok.Gazetteer.Find("overlay:m5")!.FeatureClass);
        var bad = CorpusSnapshot.Load(Root, Files(corpusYaml: yaml, overlay: "places:\n  - id: m5\n    name: M5\n    type: highway\n    lanes: four\n    width: 3\n    lat: 35\n    lon: 36\n"));
        Assert.Equal(["CLS002", "CLS003"], bad.GazetteerDiagnostics.Select(d => d.Code).Order());
    }

    [Fact]
    public void CLS027_missing_gazetteer_file_is_reported_in_corpus_yaml()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files(corpusYaml: "gazetteer:\n  geonames: [gaz/nope.txt]\n"));
        var d = Assert.Single(snapshot.GazetteerDiagnostics);
        Assert.Equal(("CLS027", Root + "/corpus.yaml"), (d.Code, d.Path));
    }

    [Fact]
    public void Gazetteer_path_outside_the_corpus_is_refused()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files(corpusYaml: "gazetteer:\n  geonames: [../../etc/passwd]\n"));
        Assert.Equal(["CLS010"], snapshot.ConfigDiagnostics.Select(d => d.Code));
    }

    [Fact]
    public void A_place_named_only_through_an_alternate_name_ranks_below_the_one_that_bears_it()
    {
        // Moscow Mills, Missouri lists "Moscow" among its alternate names; in a US article that also names St. Louis
        // (focus country and proximity: +8.5) it must still lose to Moscow.
        var rows = GeoNames +
            "524901\tMoscow\tMoscow\tMoskva,Moskau\t55.75222\t37.61556\tP\tPPLC\tRU\t\t48\t\t\t\t10381222\t\t144\tEurope/Moscow\t2022-12-10\n" +
            "4399153\tMoscow Mills\tMoscow Mills\tMoscow\t38.94783\t-90.91845\tP\tPPL\tUS\t\tMO\t113\t\t\t2509\t\t165\tAmerica/Chicago\t2017-05-23\n";
        var ranked = PlaceResolver.Rank(Load(geonames: rows), "Moscow", new ResolutionContext(new HashSet<string> { "US" }, [(38.627, -90.198)], null));
        Assert.Equal(["geonames:524901", "geonames:4399153"], ranked.Select(c => c.Entry.Id));
        Assert.Contains(ranked[1].Reasons, r => r.StartsWith("named only by an alternate name ('Moscow' of Moscow Mills)", StringComparison.Ordinal));
    }
}
