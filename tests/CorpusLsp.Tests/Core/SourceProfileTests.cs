using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// A source's home (learnt from the places linked in its other articles) decides between homonyms: "Alexandria" in
/// the Alexandria (Louisiana) Town Talk is not the Egyptian city nor the Virginian one.
/// </summary>
public sealed class SourceProfileTests
{
    private const string Root = "/corpus";

    // Real GeoNames rows (CC BY 4.0), alternate names trimmed.
    private const string Cities =
        "360630\tCairo\tCairo\t\t30.06263\t31.24967\tP\tPPLC\tEG\t\t11\t\t\t\t9606916\t\t23\tAfrica/Cairo\t2022-04-18\n" +
        "361058\tAlexandria\tAlexandria\t\t31.20176\t29.91582\tP\tPPLA\tEG\t\t06\t\t\t\t5263542\t\t9\tAfrica/Cairo\t2022-04-18\n" +
        "4314550\tAlexandria\tAlexandria\t\t31.31129\t-92.44514\tP\tPPLA2\tUS\t\tLA\t079\t\t\t47889\t23\t27\tAmerica/Chicago\t2017-03-09\n" +
        "4330145\tLafayette\tLafayette\t\t30.22409\t-92.01984\tP\tPPLA2\tUS\t\tLA\t055\t\t\t127657\t11\t15\tAmerica/Chicago\t2018-02-03\n" +
        "4337291\tPineville\tPineville\t\t31.3224\t-92.4343\tP\tPPL\tUS\t\tLA\t079\t\t\t14403\t36\t39\tAmerica/Chicago\t2017-03-09\n" +
        "4744091\tAlexandria\tAlexandria\t\t38.80484\t-77.04692\tP\tPPLA2\tUS\t\tVA\t510\t\t\t159467\t12\t15\tAmerica/New_York\t2022-08-24\n" +
        "4744709\tArlington\tArlington\t\t38.88101\t-77.10428\tP\tPPLA2\tUS\t\tVA\t013\t\t\t207627\t71\t83\tAmerica/New_York\t2015-01-15\n" +
        "4758023\tFairfax\tFairfax\t\t38.84622\t-77.30637\tP\tPPLA2\tUS\t\tVA\t600\t\t\t24013\t131\t135\tAmerica/New_York\t2017-03-09\n";
    private const string Admin1 = "EG.11\tCairo\tCairo\t360631\nEG.06\tAlexandria\tAlexandria\t361059\nUS.LA\tLouisiana\tLouisiana\t4331987\nUS.VA\tVirginia\tVirginia\t6254928\n";
    private const string Countries =
        "EG\tEGY\t818\tEG\tEgypt\tCairo\t1001450\t98423595\tAF\t.eg\tEGP\tPound\t20\t\t\tar-EG\t357994\tLY,SD,PS,IL\t\n" +
        "US\tUSA\t840\tUS\tUnited States\tWashington\t9629091\t327167434\tNA\t.us\tUSD\tDollar\t1\t\t\ten-US\t6252001\tCA,MX,CU\t\n";

    private static readonly (string Name, string Id)[] Louisiana = [("Pineville", "geonames:4337291"), ("Lafayette", "geonames:4330145"), ("Alexandria", "geonames:4314550")];
    private static readonly (string Name, string Id)[] Virginia = [("Arlington", "geonames:4744709"), ("Fairfax", "geonames:4758023"), ("Alexandria", "geonames:4744091")];

    /// <summary>Four articles of one source, each linking the three places given.</summary>
    private static InMemoryFileSystem WithSource(InMemoryFileSystem fs, string prefix, string source, (string Name, string Id)[] places)
    {
        for (var i = 0; i < 4; i++)
        {
            fs.Add($"{Root}/{prefix}{i}.txt", string.Join(" and ", places.Select(p => p.Name)) + " met.");
            fs.Add($"{Root}/{prefix}{i}.yaml", $"meta:\n  source: {source}\nplaces:\n" + string.Concat(places.Select(p => $"  - text: {p.Name}\n    ref: {p.Id}\n")));
        }
        return fs;
    }

    private static InMemoryFileSystem Corpus() => new InMemoryFileSystem()
        .Add(Root + "/corpus.yaml", "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n")
        .Add(Root + "/gaz/cities.txt", Cities).Add(Root + "/gaz/admin1.txt", Admin1).Add(Root + "/gaz/countries.txt", Countries);

    private static string NewArticle(string source) => $"meta:\n  source: {source}\nplaces:\n  - text: Alexandria\n";

    private static RankedCandidate Best(CorpusSnapshot snapshot, string sidecar) => snapshot.Analyze(sidecar)!.Places.Single().Candidates[0];

    [Theory]
    [InlineData("The Town Talk", "geonames:4314550")]      // its articles link Pineville, Lafayette: Louisiana
    [InlineData("Alexandria Times", "geonames:4744091")]   // its articles link Arlington, Fairfax: Virginia
    [InlineData("Al-Ahram", "geonames:361058")]            // no articles yet: the biggest Alexandria
    public void An_unlinked_homonym_resolves_to_the_one_at_home_for_the_source(string source, string expected)
    {
        var fs = WithSource(WithSource(Corpus(), "tt", "The Town Talk", Louisiana), "at", "Alexandria Times", Virginia)
            .Add(Root + "/new.txt", "Alexandria woman charged.").Add(Root + "/new.yaml", NewArticle(source));
        var best = Best(CorpusSnapshot.Load(Root, fs), Root + "/new.yaml");
        Assert.Equal(expected, best.Entry.Id);
    }

    [Fact]
    public void The_ranking_says_why_the_source_matters()
    {
        var fs = WithSource(Corpus(), "tt", "the  town talk", Louisiana)   // case and spacing of `source` do not split a source
            .Add(Root + "/new.txt", "Alexandria woman charged.").Add(Root + "/new.yaml", NewArticle("The Town Talk"));
        var best = Best(CorpusSnapshot.Load(Root, fs), Root + "/new.yaml");
        Assert.Contains(best.Reasons, r => r.StartsWith("in a home region of the source (Louisiana)", StringComparison.Ordinal));
        Assert.Contains(best.Reasons, r => r.StartsWith("near the source's home towns (", StringComparison.Ordinal));
    }

    [Fact]
    public void Relinking_a_sources_articles_updates_the_other_articles_like_a_fresh_load()
    {
        var fs = WithSource(Corpus(), "tt", "The Town Talk", Virginia)
            .Add(Root + "/new.txt", "Alexandria woman charged.").Add(Root + "/new.yaml", NewArticle("The Town Talk"));
        var snapshot = CorpusSnapshot.Load(Root, fs);
        Assert.Equal("geonames:4744091", Best(snapshot, Root + "/new.yaml").Entry.Id);

        // The annotator relinks the source's articles to Louisiana one by one, as edits in the editor.
        var relinked = WithSource(Corpus(), "tt", "The Town Talk", Louisiana);
        for (var i = 0; i < 4; i++)
            snapshot = snapshot.WithFile($"{Root}/tt{i}.yaml", new SourceText(System.Text.Encoding.UTF8.GetString(relinked.ReadAllBytes($"{Root}/tt{i}.yaml")!)));

        var fresh = CorpusSnapshot.Load(Root, relinked.Add(Root + "/new.txt", "Alexandria woman charged.").Add(Root + "/new.yaml", NewArticle("The Town Talk")));
        var incremental = snapshot.Analyze(Root + "/new.yaml")!.Places.Single().Candidates;
        var scratch = fresh.Analyze(Root + "/new.yaml")!.Places.Single().Candidates;
        Assert.Equal("geonames:4314550", incremental[0].Entry.Id);
        Assert.Equal(scratch.Select(c => (c.Entry.Id, c.Score, string.Join("; ", c.Reasons))), incremental.Select(c => (c.Entry.Id, c.Score, string.Join("; ", c.Reasons))));
    }

    [Fact]
    public void A_source_with_few_places_has_no_profile_and_a_spread_one_keeps_only_what_dominates()
    {
        var g = CorpusSnapshot.Load(Root, Corpus()).Gazetteer;
        GazetteerEntry E(string id) => g.Find(id)!;
        Assert.True(SourceProfile.From([[E("geonames:4337291"), E("geonames:4330145")]]).IsEmpty);

        // Nine places: six in Louisiana over three articles, three scattered (Egypt, Virginia).
        var profile = SourceProfile.From([
            [E("geonames:4337291"), E("geonames:4330145"), E("geonames:361058")],
            [E("geonames:4337291"), E("geonames:4314550"), E("geonames:4744709")],
            [E("geonames:4330145"), E("geonames:4337291"), E("geonames:360630")],
        ]);
        Assert.Equal(["US"], profile.Countries.Order());
        Assert.Equal(["US.LA"], profile.Regions.Order());
        // Home towns recur: Pineville (3 articles) and Lafayette (2), not Alexandria (1).
        Assert.Equal([(30.22409, -92.01984), (31.3224, -92.4343)], profile.Home.Order());
    }

    [Fact]
    public void A_home_town_recurs_across_articles_not_within_one()
    {
        var g = CorpusSnapshot.Load(Root, Corpus()).Gazetteer;
        GazetteerEntry E(string id) => g.Find(id)!;
        var (pineville, lafayette) = (E("geonames:4337291"), E("geonames:4330145"));
        // Pineville linked three times in one article, Lafayette once in each of two: only Lafayette recurs.
        var profile = SourceProfile.From([
            [pineville, pineville, pineville, lafayette],
            [lafayette, E("geonames:4314550"), E("geonames:4744709")],
            [E("geonames:4314550"), E("geonames:361058")],
        ]);
        Assert.Equal(["US"], profile.Countries);
        Assert.Equal(["US.LA"], profile.Regions);
        Assert.Equal([(30.22409, -92.01984), (31.31129, -92.44514)], profile.Home);
        Assert.Equal(9, profile.PlaceCount);
    }
}
