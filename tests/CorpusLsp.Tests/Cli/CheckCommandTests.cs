using System.Text.Json;
using CorpusLsp.Cli;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

public sealed class CheckCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Example_corpus_checks_clean()
    {
        var (exit, output, _) = Run("check", Repo.Example, "--min-severity", "warning", "--no-progress");
        Assert.Equal(0, exit);
        // The one warning is documented in the sidecar: 000's date line is a crawl date.
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("000_c4d40e22f1093045.yaml:8:11: warning CLS033", line);
    }

    [Fact]
    public void Misspelt_place_in_article_fails_with_error_in_its_sidecar()
    {
        var corpus = Repo.CopyExample();
        var article = Path.Combine(corpus, "003_822e10b602b157a7.txt");
        File.WriteAllText(article, File.ReadAllText(article).Replace("Khanaser", "Kanaser"));
        var (exit, output, _) = Run("check", corpus, "--no-progress");
        Assert.Equal(1, exit);
        Assert.Contains("003_822e10b602b157a7.yaml:16:11: error CLS011 'Khanaser' (place) does not occur in the article. Did you mean 'Kanaser'?", output);
    }

    [Fact]
    public void Wrong_weekday_in_article_fails_at_the_events_date_anchor()
    {
        var corpus = Repo.CopyExample();
        var article = Path.Combine(corpus, "003_822e10b602b157a7.txt");
        File.WriteAllText(article, File.ReadAllText(article).Replace("on Thursday, Syrian forces liberated", "on Sunday, Syrian forces liberated"));
        var (exit, output, _) = Run("check", corpus, "--no-progress");
        Assert.Equal(1, exit);
        // Line 80 of the sidecar is the liberation event's `when: on Thursday`.
        Assert.Contains("003_822e10b602b157a7.yaml:80:11: error CLS031 The event's sentence says 'on Sunday', but 2016-02-25 is a Thursday", output);
        Assert.Equal("    when: on Thursday", File.ReadAllLines(Path.Combine(corpus, "003_822e10b602b157a7.yaml"))[79]);
    }

    [Fact]
    public void Sarif_output_has_rules_and_regions()
    {
        var corpus = Repo.CopyExample();
        var (_, output, _) = Run("check", corpus, "--format", "sarif", "--no-progress");
        using var doc = JsonDocument.Parse(output);
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetString() == "CLS033");
        var result = run.GetProperty("results")[0];
        Assert.Equal("CLS033", result.GetProperty("ruleId").GetString());
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(8, region.GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void GitHub_output_uses_workflow_commands()
    {
        var (_, output, _) = Run("check", Repo.Example, "--format", "github", "--min-severity", "warning", "--no-progress");
        Assert.StartsWith("::warning file=", output);
        Assert.Contains(",line=8,col=11,", output);
        Assert.Contains("title=CLS033::", output);
    }

    [Fact]
    public void Json_output_lists_diagnostics()
    {
        var (_, output, _) = Run("check", Repo.Example, "--format", "json", "--min-severity", "warning", "--no-progress");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("CLS033", doc.RootElement[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Shards_partition_the_corpus()
    {
        var counts = Enumerable.Range(1, 3).Select(k => Run("check", Repo.Example, "--shard", $"{k}/3", "--no-progress").Err)
            .Select(err => int.Parse(err.Split(' ')[0])).ToList();
        Assert.Equal(10, counts.Sum());
    }

    /// <summary>tests/corpora/defects plants one defect per code; each file reports its own code and nothing else.</summary>
    [Fact]
    public void Defects_corpus_reports_each_planted_code_exactly_once_per_file()
    {
        var (exit, output, _) = Run("check", Path.Combine(Repo.Root, "tests", "corpora", "defects"), "--format", "json", "--no-progress");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var byFile = doc.RootElement.EnumerateArray()
            .GroupBy(d => Path.GetFileName(d.GetProperty("path").GetString()!).Split('.')[0])
            .ToDictionary(g => g.Key, g => g.Select(d => d.GetProperty("code").GetString()!).Distinct().Order().ToList());
        foreach (var (file, codes) in byFile)
        {
            var expected = file switch
            {
                "corpus" => "CLS027", "overlay" => "CLS025", "cities" => "CLS026",
                _ => "CLS" + file[3..6],
            };
            Assert.True(codes.SequenceEqual([expected]), $"{file}: expected only {expected}, got {string.Join(", ", codes)}");
        }
        var reported = byFile.Values.SelectMany(c => c).ToHashSet();
        // CLS051 compares an article with the text it had when it was opened in the editor: files alone cannot plant it
        // (its test is EditorFlowTests.CLS051_…).
        Assert.All(CorpusLsp.Core.Diagnostics.DiagnosticCatalog.All.Where(d => d != CorpusLsp.Core.Diagnostics.DiagnosticCatalog.OccurrenceCountChanged), d => Assert.Contains(d.Code, reported));
    }

    [Theory]
    [InlineData("check", "--format", "xml")]
    [InlineData("check", "--shard", "4/3")]
    [InlineData("check", "--format")]
    [InlineData("place", "Aleppo", "--limit", "x")]
    [InlineData("check", "/no/such/path")]
    [InlineData("frobnicate")]
    [InlineData("date", "May", "--tense", "past", "--in", "In May.")]
    public void Usage_errors_exit_2(params string[] args) => Assert.Equal(2, Run(args).Exit);

    [Fact]
    public void Date_command_explains_its_resolution()
    {
        var (exit, output, _) = Run("date", "on Thursday", "--published", "2016-02-25");
        Assert.Equal(0, exit);
        Assert.StartsWith("value: 2016-02-25 (Thursday)", output);
    }

    [Fact]
    public void Date_command_reads_the_expression_in_its_text()
    {
        var (exit, output, _) = Run("date", "February", "--published", "1998-12-03", "--in", "The ratification began in February this year.");
        Assert.Equal(0, exit);
        Assert.StartsWith("value: 1998-02", output);
        Assert.Contains("give its year", output);
        Assert.Equal(2, Run("date", "March", "--published", "1998-12-03", "--in", "The ratification began in February.").Exit);
    }

    [Fact]
    public void Place_command_ranks_with_reasons()
    {
        var (exit, output, _) = Run("place", "Deir el-Zour", "--corpus", Repo.Example);
        Assert.Equal(0, exit);
        Assert.StartsWith("1. Deir ez-Zor geonames:170794", output);
        Assert.Contains("- in a focus country (SY): 1 × ", output);
    }

    [Fact]
    public void Check_never_writes_user_files()
    {
        var corpus = Repo.CopyExample();
        var before = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Run("check", corpus, "--no-progress");
        var after = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.Equal(before, after);
    }
}
