using System.Text.Json;
using CorpusLsp.Cli;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

public sealed class ResolveCommandTests
{
    private const string Article = "Fighting spread from Damascus to Tripoli and Aleppo.";

    private static (int Exit, string Out, string Err) Resolve(TempCorpus corpus, string? mentions, int limit = 5)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = ResolveCommand.Run(corpus.Article, mentions is null ? null : "-", null, limit, new StringReader(mentions ?? ""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Given_mentions_print_one_json_line_each_in_their_order_with_candidates_best_first()
    {
        using var corpus = new TempCorpus("places: []\n", Article);
        var (exit, output, error) = Resolve(corpus, "Tripoli\t33\t40\nDamascus\t21\t29\n");
        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Tripoli", "Damascus"], lines.Select(l => l.GetProperty("text").GetString()));
        Assert.Equal([(33, 40), (21, 29)], lines.Select(l => (l.GetProperty("start").GetInt32(), l.GetProperty("end").GetInt32())));

        // Best first by the model's score; which Tripoli wins is the ranking model's call (RankingTests), not this contract's.
        var tripoli = lines[0].GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(["geonames:2210245", "geonames:2210247", "geonames:266826"], tripoli.Select(c => c.GetProperty("id").GetString()).Order());
        var scores = tripoli.Select(c => c.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var lebanese = tripoli.Single(c => c.GetProperty("id").GetString() == "geonames:266826");
        Assert.Equal(("Tripoli", "PPLA", "LB"), (lebanese.GetProperty("name").GetString(), lebanese.GetProperty("featureCode").GetString(), lebanese.GetProperty("country").GetString()));
        Assert.Equal((34.43667, 35.84972), (lebanese.GetProperty("lat").GetDouble(), lebanese.GetProperty("lon").GetDouble()));
        Assert.Equal("geonames:170654", lines[1].GetProperty("candidates")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Without_mentions_the_names_in_the_text_are_resolved()
    {
        using var corpus = new TempCorpus("places: []\n", Article);
        var (exit, output, _) = Resolve(corpus, null, limit: 1);
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Damascus", "Tripoli", "Aleppo"], lines.Select(l => l.GetProperty("text").GetString()));
        Assert.All(lines, l => Assert.Equal(1, l.GetProperty("candidates").GetArrayLength()));
    }

    [Fact]
    public void The_command_line_reads_a_mentions_file()
    {
        using var corpus = new TempCorpus("places: []\n", Article);
        var tsv = corpus.Write("mentions.tsv", "Aleppo\t45\t51\r\n");
        var (exit, output, error) = Support.Cli.Run("resolve", corpus.Article, "--mentions", tsv, "--limit", "1");
        Assert.True(exit == 0, error);
        Assert.Equal("{\"text\":\"Aleppo\",\"start\":45,\"end\":51,\"candidates\":[{\"id\":\"geonames:170063\",\"name\":\"Aleppo\",\"lat\":36.20124,\"lon\":37.16117,\"featureCode\":\"PPLA\",\"country\":\"SY\",\"score\":",
            output[..output.IndexOf("\"score\":", StringComparison.Ordinal)] + "\"score\":");
        Assert.EndsWith("}]}\n", output);
        Assert.Equal(2, Support.Cli.Run("resolve", corpus.Article, "--mentions", tsv + ".missing").Exit);
    }

    [Fact]
    public void Help_names_the_mentions_format()
    {
        var (exit, output, _) = Support.Cli.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("resolve", output);
        var (helpExit, help, _) = Support.Cli.Run("resolve", "--help");
        Assert.Equal(0, helpExit);
        Assert.Contains("--mentions", help);
        Assert.Contains("surface<TAB>start<TAB>end", help);
    }

    [Theory]
    [InlineData("Tripoli\t33\n", "<stdin>:1: expected 'surface<TAB>start<TAB>end', found 2 tab-separated field(s)")]
    [InlineData("Damascus\t21\t29\nTripoli\tx\t40\n", "<stdin>:2: start and end must be non-negative integers")]
    [InlineData("Tripoli\t33\t400\n", "<stdin>:1: offsets 33-400 are not a span of the article")]
    [InlineData("\nTripoli\t32\t39\n", "<stdin>:2: the article has \" Tripol\" at 32-39, not \"Tripoli\"")]
    public void A_bad_mention_line_is_an_error_with_its_line_and_nothing_is_printed(string mentions, string expected)
    {
        using var corpus = new TempCorpus("places: []\n", Article);
        var (exit, output, error) = Resolve(corpus, mentions);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error);
    }
}
