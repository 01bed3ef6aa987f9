using System.Text.Json;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>`corpuslsp import timeml` writes sidecars that our own schema accepts, whatever DATE timexes a document has.</summary>
public sealed class ImportCommandTests
{
    private static string Document(string id, string text) => $"""
        <?xml version="1.0" ?>
        <TimeML>
        <DOCID>{id}</DOCID>
        <DCT><TIMEX3 tid="t0" type="DATE" value="2000-01-15" temporalFunction="false" functionInDocument="CREATION_TIME">2000-01-15</TIMEX3></DCT>
        <TEXT>
        {text}
        </TEXT>
        </TimeML>
        """;

    [Fact]
    public void Imported_sidecars_pass_the_schema_with_no_dates_and_with_a_year()
    {
        var input = TestEnvironment.NewScratchFolder("tml");
        var output = Path.Combine(TestEnvironment.NewScratchFolder("imported"), "corpus");
        // No DATE timex at all (a TIME only), and a year-only DATE whose value plain YAML would read as a number.
        File.WriteAllText(Path.Combine(input, "nodates.tml"), Document("NODATES", "The talks went on <TIMEX3 tid=\"t1\" type=\"TIME\" value=\"2000-01-15T10:00\">this morning</TIMEX3>."));
        File.WriteAllText(Path.Combine(input, "year.tml"), Document("YEAR", "Prices rose in <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1999\">1999</TIMEX3>."));

        var (exit, output1, error) = Support.Cli.Run("import", "timeml", input, output);
        Assert.True(exit == 0, error);
        Assert.Contains("2 document(s) imported", output1);
        var nodates = File.ReadAllText(Path.Combine(output, "nodates.yaml"));
        Assert.DoesNotContain("events:", nodates);
        Assert.Contains("date: \"1999\"", File.ReadAllText(Path.Combine(output, "year.yaml")));

        var (checkExit, json, _) = Support.Cli.Run("check", output, "--format=json", "--no-progress");
        using var doc = JsonDocument.Parse(json);
        var codes = doc.RootElement.EnumerateArray().Select(d => $"{d.GetProperty("path").GetString()} {d.GetProperty("code").GetString()} {d.GetProperty("message").GetString()}").ToList();
        Assert.DoesNotContain(codes, c => c.Contains("CLS00", StringComparison.Ordinal));
        Assert.True(checkExit == 0, string.Join("\n", codes));
    }

    [Fact]
    public void Import_never_overwrites()
    {
        var input = TestEnvironment.NewScratchFolder("tml");
        var output = TestEnvironment.NewScratchFolder("imported");
        File.WriteAllText(Path.Combine(input, "a.tml"), Document("A", "Nothing dated."));
        File.WriteAllText(Path.Combine(output, "a.yaml"), "keep: me\n");
        var (exit, _, error) = Support.Cli.Run("import", "timeml", input, output);
        Assert.Equal(1, exit);
        Assert.Contains("not overwritten", error);
        Assert.Equal("keep: me\n", File.ReadAllText(Path.Combine(output, "a.yaml")));
    }
}
