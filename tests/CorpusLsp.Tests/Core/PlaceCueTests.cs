using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.GeoNamesRows;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The words of an article that tell a country from its namesake capital and a state from its namesake city (issue 14,
/// GeoVirus and TR-News errors): a longer name beside a short one ("Mexico City" and "Mexico"), a city and a comma before
/// the name ("Buffalo, New York"), an admin word ("New York state"), and one sense of a name through an article. Real
/// GeoNames rows (ids, coordinates, codes, populations; alternate names are stand-ins of their real number, except the
/// ones that matter) under the shipped weights.
/// </summary>
public sealed class PlaceCueTests
{
    private static readonly string Cities = string.Concat(
        Row(3530597, "Mexico City", 75, 19.42847, -99.12766, "PPLC", "MX", "09", 12294193, "Mexico", "México", "Ciudad de México"),
        Row(3515302, "Toluca", 25, 19.28786, -99.65324, "PPLA", "MX", "15", 489333),
        Row(3526617, "Xalapa de Enríquez", 10, 19.53124, -96.91589, "PPLA", "MX", "30", 424755),
        Row(5128581, "New York City", 92, 40.71427, -74.00597, "PPL", "US", "NY", 8804190, "New York", "NYC"),
        Row(5110629, "Buffalo", 55, 42.88645, -78.87837, "PPLA2", "US", "NY", 258071),
        Row(5106834, "Albany", 67, 42.65258, -73.75623, "PPLA", "US", "NY", 98469),
        Row(5110302, "Brooklyn", 36, 40.6501, -73.94958, "PPLA2", "US", "NY", 2736074),
        Row(5125771, "Manhattan", 24, 40.78343, -73.96625, "PPLA2", "US", "NY", 1487536));

    private const string Admin1 = "MX.09\tMexico City\tMexico City\t3527646\nMX.15\tMéxico\tMexico\t3523272\nMX.30\tVeracruz\tVeracruz\t3514780\nUS.NY\tNew York\tNew York\t5128638\n";

    private static string Country(string iso, string name, string capital, long population, long id) =>
        $"{iso}\tXXX\t0\t{iso}\t{name}\t{capital}\t1\t{population}\tNA\t.x\tX\tX\t1\t\t\ten\t{id}\t\t\n";

    private static readonly string Countries = "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n" +
        Country("MX", "Mexico", "Mexico City", 126190788, 3996063) + Country("US", "United States", "Washington", 327167434, 6252001);

    private static readonly Lazy<Gazetteer> World = new(() => CorpusSnapshot.Load(Fixture.Root, new InMemoryFileSystem()
        .Add(Fixture.Root + "/corpus.yaml", "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n")
        .Add(Fixture.Root + "/gaz/cities.txt", Cities)
        .Add(Fixture.Root + "/gaz/admin1.txt", Admin1)
        .Add(Fixture.Root + "/gaz/countries.txt", Countries)).Gazetteer);

    /// <summary>Resolves the names of an article (each occurrence of each name, in text order) and returns the picks of <paramref name="name"/>.</summary>
    private static IReadOnlyList<string?> Picks(string article, string name, params string[] others)
    {
        var mentions = new List<ArticleMention>();
        foreach (var n in others.Append(name).Distinct())
            for (var at = article.IndexOf(n, StringComparison.Ordinal); at >= 0; at = article.IndexOf(n, at + n.Length, StringComparison.Ordinal))
                // A shorter name inside a longer one ("New York" in "New York City") is not a mention of its own.
                if (!mentions.Any(m => m.Start <= at && at < m.End))
                    mentions.Add(new ArticleMention(n, at, at + n.Length));
        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
        var resolved = ArticleResolver.Resolve(World.Value, article, mentions);
        return resolved.Where(r => r.Mention.Text == name).Select(r => r.Pick?.Id).ToList();
    }

    private const string MexicoCountry = "geonames:3996063", MexicoCityId = "geonames:3530597";
    private const string NewYorkState = "geonames:5128638", NewYorkCity = "geonames:5128581";

    [Fact]
    public void Words_around_a_name_are_read_whole_when_an_emoji_is_cut_by_the_window()
    {
        // The window before a name is 24 UTF-16 units: here it starts in the middle of the emoji.
        const string article = "😀x Rally in the city of Buffalo, New York 😀😀 ok.";
        Assert.All(Picks(article, "Buffalo", "New York"), p => Assert.Equal("geonames:5110629", p));
    }

    [Fact]
    public void Mexico_beside_Mexico_City_is_the_country()
    {
        // Toluca and Mexico City put the article in Mexico, and "Mexico City" its names' weight on the region Mexico City:
        // both favour the city for "Mexico" too, but the city has its own name here.
        const string article = "Schools in Mexico City and Toluca were closed on Friday. Mexico has asked for help.";
        Assert.All(Picks(article, "Mexico", "Mexico City", "Toluca"), p => Assert.Equal(MexicoCountry, p));
        Assert.All(Picks(article, "Mexico City", "Mexico", "Toluca"), p => Assert.Equal(MexicoCityId, p));
    }

    [Fact]
    public void New_York_after_a_city_and_a_comma_is_the_state_in_every_mention()
    {
        const string article = "Two cases were confirmed in Buffalo, New York, on Tuesday. New York health officials said more tests were under way.";
        Assert.Equal([NewYorkState, NewYorkState], Picks(article, "New York", "Buffalo"));
    }

    [Theory]
    [InlineData("Officials in New York state said the outbreak was contained. New York has 12 cases.")]
    [InlineData("The governor of the state of New York declared an emergency. New York has 12 cases.")]
    public void New_York_with_the_word_state_is_the_state_in_every_mention(string article) =>
        Assert.All(Picks(article, "New York"), p => Assert.Equal(NewYorkState, p));

    [Fact]
    public void A_plain_New_York_in_an_article_about_the_city_is_the_city()
    {
        const string article = "Subway service in New York was suspended as the storm hit Manhattan and Brooklyn. New York police closed bridges.";
        Assert.All(Picks(article, "New York", "Manhattan", "Brooklyn"), p => Assert.Equal(NewYorkCity, p));
    }

    [Fact]
    public void Conflicting_cues_are_not_spread_over_the_other_mentions()
    {
        // "the city of New York" and "New York state": each cued mention keeps its own sense, the plain one none of theirs.
        const string article = "The city of New York sued New York state over subway funds, Manhattan and Brooklyn officials said.";
        var picks = Picks(article, "New York", "Manhattan", "Brooklyn");
        Assert.Equal([NewYorkCity, NewYorkState], picks);
    }

    [Theory]
    [InlineData("new york state", null, null, true, false)]
    [InlineData("new york", "in the state of ", " said", true, false)]
    [InlineData("new york", "in ", " State officials", true, false)]
    [InlineData("aleppo", null, " province", true, false)]
    [InlineData("new york", "Former ", " Gov. Mario Cuomo", true, false)]
    [InlineData("new york", "the city of ", null, false, true)]
    [InlineData("new york", "in ", ", statewide", false, false)]  // a word after a comma is another clause's
    [InlineData("new york", "state: ", " said", false, false)]     // and so is one before a colon
    public void Cue_words_come_from_the_data_file(string folded, string? before, string? after, bool admin, bool city)
    {
        var cues = MentionCues.Read(folded, before, after);
        Assert.Equal((admin, city), (cues.Admin, cues.City));
    }
}
