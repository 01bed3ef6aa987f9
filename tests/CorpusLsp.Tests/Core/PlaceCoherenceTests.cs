using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.GeoNamesRows;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Names of one article that could lie in one county support each other before either is picked (issue 14, LGL local
/// news: "Paris and Henry County" in a Tennessee paper). Real GeoNames rows of cities500 and admin2Codes (ids,
/// coordinates, codes, populations; alternate names are stand-ins of their real number) under the shipped weights.
/// </summary>
public sealed class PlaceCoherenceTests
{
    private static readonly string Cities = string.Concat(
        RowIn(2988507, "Paris", 108, 48.85341, 2.3488, "PPLC", "FR", "11", "75", 2138551),
        RowIn(4647963, "Paris", 10, 36.302, -88.32671, "PPLA2", "US", "TN", "079", 10150),
        RowIn(4717560, "Paris", 11, 33.66094, -95.55551, "PPLA2", "US", "TX", "277", 24782),
        RowIn(4651727, "Puryear", 3, 36.44422, -88.33449, "PPL", "US", "TN", "079", 669),
        RowIn(4208442, "McDonough", 5, 33.44734, -84.14686, "PPLA2", "US", "GA", "151", 23417),
        RowIn(4224681, "Stockbridge", 5, 33.54428, -84.23381, "PPL", "US", "GA", "151", 28202));

    private const string Admin1 = "FR.11\tÎle-de-France\tIle-de-France\t3012874\nUS.TN\tTennessee\tTennessee\t4662168\nUS.TX\tTexas\tTexas\t4736286\nUS.GA\tGeorgia\tGeorgia\t4197000\n";
    private const string Admin2 = "US.TN.079\tHenry County\tHenry County\t4628829\nUS.GA.151\tHenry County\tHenry County\t4200051\nUS.TX.277\tLamar County\tLamar County\t4705086\n";

    private static readonly Lazy<Gazetteer> World = new(() => CorpusSnapshot.Load(Fixture.Root, new InMemoryFileSystem()
        .Add(Fixture.Root + "/corpus.yaml", "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  admin2: gaz/admin2.txt\n")
        .Add(Fixture.Root + "/gaz/cities.txt", Cities)
        .Add(Fixture.Root + "/gaz/admin1.txt", Admin1)
        .Add(Fixture.Root + "/gaz/admin2.txt", Admin2)).Gazetteer);

    private static readonly ArticleSetting UsNews = new(new HashSet<string> { "US" }, SourceProfile.None);

    /// <summary>The picks of every marked name of the article, in text order.</summary>
    private static IReadOnlyList<string?> Picks(string marked)
    {
        var (text, _, spans) = Markup.Parse(marked);
        var mentions = spans.Select(s => new ArticleMention(text.Substring(s.Start, s.Length), s.Start, s.End)).ToList();
        return ArticleResolver.Resolve(World.Value, text, mentions, UsNews).Select(r => r.Pick?.Id).ToList();
    }

    [Fact]
    public void A_city_and_a_county_of_one_article_that_meet_in_one_county_are_resolved_there()
    {
        // Alone, each name is its most prominent namesake: Paris, France and the larger Henry County, Georgia.
        Assert.Equal(["geonames:2988507"], Picks("Tourists flocked to [|Paris|] this summer."));
        Assert.Equal(["geonames:4200051"], Picks("Schools in [|Henry County|] open on Monday."));
        // Together they meet only in Henry County, Tennessee, whose seat is Paris.
        Assert.Equal(["geonames:4647963", "geonames:4628829", "geonames:4647963"],
            Picks("[|Paris|] and [|Henry County|] are rich in history. The class toured [|Paris|] on Wednesday."));
    }

    [Fact]
    public void A_county_the_article_names_puts_its_state_among_the_articles_regions()
    {
        // Henry County is picked in Tennessee, though not by the margin that makes a pick confident: naming a county
        // still names a place in its state, so the towns of Tennessee are in a region of the article.
        const string text = "Deputies of Henry County searched a farm near Paris.";
        var resolved = ArticleResolver.Resolve(World.Value, text, [new ArticleMention("Henry County", 12, 24), new ArticleMention("Paris", 46, 51)], UsNews);
        Assert.Equal("geonames:4628829", resolved[0].Pick?.Id);
        var tennessee = resolved[1].Candidates.Single(c => c.Entry.Id == "geonames:4647963");
        Assert.Equal(1, tennessee.Features[(int)RankingFeature.ArticleRegion]);
        Assert.Contains(tennessee.Reasons, r => r.StartsWith("in a region of the article (Tennessee)", StringComparison.Ordinal));
        Assert.Equal(0, resolved[1].Candidates.Single(c => c.Entry.Id == "geonames:4717560").Features[(int)RankingFeature.ArticleRegion]);
    }
}
