using System.Text.Json.Nodes;
using CorpusLsp.Cli;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;
using Json.Schema;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// What CI tools read: SARIF valid against the OASIS SARIF 2.1.0 schema, GitHub workflow commands that the runner
/// reads back to the same file, title and message, and text output with one diagnostic per line.
/// </summary>
public sealed class OutputFormatTests
{
    // A file name and a message with every character the formats must escape.
    private const string HostilePath = "dir/50%,done:x\nnext\r.yaml";
    private const string HostileMessage = "Line one: 100% sure, really.\r\nLine two, with ::error:: inside.";

    private static Located Hostile(Severity severity = Severity.Error) => new(
        Diagnostic.Create(DiagnosticCatalog.AnchorNotFound, "/c/" + HostilePath, new TextSpan(0, 1), HostileMessage) with { Severity = severity },
        HostilePath, 3, 5, 3, 9);

    /// <summary>
    /// The OASIS schema is written in draft-04, which JsonSchema.Net does not load; it is read as draft-07, whose
    /// meaning is the same for every keyword it uses (no boolean exclusiveMinimum, `id` becomes `$id`).
    /// </summary>
    private static readonly Lazy<JsonSchema> SarifSchema = new(() =>
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "CorpusLsp.Tests", "Resources", "sarif-schema-2.1.0.json")))!.AsObject();
        Assert.Equal("http://json-schema.org/draft-04/schema#", schema["$schema"]!.GetValue<string>());
        Assert.DoesNotContain("exclusiveM", schema.ToJsonString());
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema["$id"] = schema["id"]!.GetValue<string>();
        schema.Remove("id");
        return JsonSchema.FromText(schema.ToJsonString());
    });

    private static void AssertValidSarif(string sarif)
    {
        var results = SarifSchema.Value.Evaluate(JsonNode.Parse(sarif), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(results.IsValid, "SARIF 2.1.0 schema:\n" + string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void Sarif_of_the_defects_corpus_is_valid_SARIF_2_1_0()
    {
        var (exit, output, _) = Support.Cli.Run("check", Path.Combine(Repo.Root, "tests", "corpora", "defects"), "--format=sarif", "--no-progress");
        Assert.Equal(1, exit);
        AssertValidSarif(output);
        // Every code is planted there (but CLS051, which only an edit in the editor gives), so every result kind and level is covered.
        var results = JsonNode.Parse(output)!["runs"]![0]!["results"]!.AsArray();
        Assert.Equal(DiagnosticCatalog.All.Count(d => d != DiagnosticCatalog.OccurrenceCountChanged), results.Select(r => r!["ruleId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void Sarif_with_a_hostile_file_name_is_valid_and_keeps_the_name()
    {
        var w = new StringWriter();
        Output.Sarif(w, [Hostile(), Hostile(Severity.Information), Hostile(Severity.Hint)], "1.2.3");
        AssertValidSarif(w.ToString());
        var uri = JsonNode.Parse(w.ToString())!["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();
        Assert.Equal(HostilePath, Uri.UnescapeDataString(uri));
        Assert.DoesNotContain('\n', uri);
    }

    [Fact]
    public void The_schema_check_itself_rejects_invalid_SARIF()
    {
        var w = new StringWriter();
        Output.Sarif(w, [Hostile()], "1.2.3");
        var doc = JsonNode.Parse(w.ToString())!;
        doc["runs"]![0]!["results"]![0]!["level"] = "fatal";
        Assert.False(SarifSchema.Value.Evaluate(doc).IsValid);
    }

    /// <summary>The runner's reading of `::level key=value,key=value::message`, after actions/toolkit's command parser.</summary>
    private static (string Level, Dictionary<string, string> Properties, string Message) ParseWorkflowCommand(string line)
    {
        Assert.StartsWith("::", line);
        var end = line.IndexOf("::", 2, StringComparison.Ordinal);
        var head = line[2..end];
        var space = head.IndexOf(' ');
        var properties = head[(space + 1)..].Split(',').Select(p => p.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => UnescapeProperty(kv[1]));
        return (head[..space], properties, UnescapeData(line[(end + 2)..]));
    }

    private static string UnescapeData(string s) => s.Replace("%0D", "\r").Replace("%0A", "\n").Replace("%25", "%");
    private static string UnescapeProperty(string s) => UnescapeData(s.Replace("%3A", ":").Replace("%2C", ","));

    [Fact]
    public void GitHub_commands_escape_percent_newlines_colons_and_commas()
    {
        var w = new StringWriter();
        Output.GitHub(w, [Hostile(), Hostile(Severity.Warning), Hostile(Severity.Information)]);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["error", "warning", "notice"], lines.Select(l => ParseWorkflowCommand(l.TrimEnd('\r')).Level));
        var (_, properties, message) = ParseWorkflowCommand(lines[0]);
        Assert.Equal(HostilePath, properties["file"]);
        Assert.Equal("3", properties["line"]);
        Assert.Equal("5", properties["col"]);
        Assert.Equal("CLS011", properties["title"]);
        Assert.Equal(HostileMessage, message);
        Assert.Contains("file=dir/50%25%2Cdone%3Ax%0Anext%0D.yaml,", lines[0]);
    }

    [Fact]
    public void Text_keeps_one_diagnostic_per_line_whatever_the_file_name()
    {
        var w = new StringWriter();
        Output.Text(w, [Hostile(), Hostile(Severity.Warning)]);
        var lines = w.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(@"dir/50%,done:x\nnext\r.yaml:3:5: error CLS011 Line one: 100% sure, really.\r\nLine two, with ::error:: inside.", lines[0]);
        Assert.Equal("plain/path.yaml", Output.EscapeControls("plain/path.yaml"));
    }
}
