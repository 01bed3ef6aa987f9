using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Tests.Support;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The schema files are the format: a third-party JSON Schema validator (JsonSchema.Net, 2020-12), given the same
/// YAML read as JSON by the YAML 1.2 core schema, must reach the same verdict as ours on every sidecar, corpus.yaml
/// and overlay of the example corpus, the defects corpus and the test fixtures. Our verdict "invalid" is any
/// schema diagnostic (CLS002 wrong value, CLS003 unknown key, CLS004 missing key) on the file.
/// </summary>
public sealed class SchemaOracleTests
{
    private static readonly string[] SchemaCodes = ["CLS002", "CLS003", "CLS004"];
    // Not JSON documents (syntax errors, duplicate keys, unsupported YAML) or unreadable: nothing to compare.
    private static readonly string[] NotComparable = ["CLS001", "CLS005", "CLS006", "CLS007"];

    public static TheoryData<string> Corpora => new() { "examples/syria", "tests/corpora/defects" };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Our_schema_verdict_agrees_with_JsonSchema_Net_on_every_file(string corpus)
    {
        var root = Path.Combine(Repo.Root, corpus);
        var snapshot = CorpusSnapshot.Load(PhysicalFileSystem.Normalize(root), new PhysicalFileSystem());
        var diagnostics = snapshot.AllDiagnostics().ToLookup(d => d.Path);
        var compared = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var path = PhysicalFileSystem.Normalize(file);
            if (Compare(File.ReadAllText(file), Kind(path, snapshot), diagnostics[path].ToList(), snapshot) is { } disagreement)
                Assert.Fail($"{Path.GetRelativePath(Repo.Root, file)}: {disagreement}");
            compared++;
        }
        Assert.True(compared >= 6, $"only {compared} files compared in {corpus}");
    }

    /// <summary>The fixture corpus of the unit tests and the typing cases of <see cref="SchemaTypingTests"/>.</summary>
    [Theory]
    [InlineData("meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    text: liberated\n    date: 2016\n")]
    [InlineData("meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    text: liberated\n    date: \"2016\"\n")]
    [InlineData("meta:\n  title: true\n")]
    [InlineData("meta:\n  title: \"true\"\n")]
    [InlineData("meta:\n  title: 1.5\n")]
    [InlineData("meta:\n  title: |\n    2018\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: \"1\"\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: 1.5\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: 1\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: [1, 2]\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: all\n")]
    [InlineData("places:\n  - text: Khanaser\n    span: [0, x]\n")]
    [InlineData("places:\n  - txt: Khanaser\n")]
    [InlineData("events:\n  - type: captur\n    text: liberated\n")]
    [InlineData("meta:\n  published: 25.02.2016\n")]
    [InlineData("places: notalist\n")]
    public void Our_schema_verdict_agrees_with_JsonSchema_Net_on_fixtures(string sidecar)
    {
        var snapshot = CorpusSnapshot.Load(Root, Files().Add(SidecarPath, sidecar).Add(ArticlePath, "Syrian forces liberated Khanaser."));
        var diagnostics = snapshot.AllDiagnostics().ToLookup(d => d.Path);
        foreach (var (path, text) in new[] { (SidecarPath, sidecar), (Root + "/corpus.yaml", CorpusYaml), (OverlayPath, Overlay) })
            if (Compare(text, Kind(path, snapshot), diagnostics[path].ToList(), snapshot) is { } disagreement)
                Assert.Fail($"{path}: {disagreement}\n{text}");
    }

    private enum FileKind { Sidecar, Corpus, Overlay }

    private static FileKind Kind(string path, CorpusSnapshot snapshot) =>
        Path.GetFileName(path) == "corpus.yaml" ? FileKind.Corpus
        : snapshot.Config.Overlays.Any(o => o.Path == path) ? FileKind.Overlay
        : FileKind.Sidecar;

    private static string? Compare(string yaml, FileKind kind, List<Diagnostic> ours, CorpusSnapshot snapshot)
    {
        if (ours.Any(d => NotComparable.Contains(d.Code))) return null;
        var schema = kind switch
        {
            FileKind.Corpus => LoadSchema("corpus.schema.json"),
            FileKind.Overlay => OverlaySchema(snapshot),
            _ => LoadSchema("annotation.schema.json"),
        };
        var results = JsonSchema.FromText(schema.ToJsonString()).Evaluate(YamlAsJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var ourErrors = ours.Where(d => SchemaCodes.Contains(d.Code)).Select(d => $"{d.Code} {d.Message}").ToList();
        if (results.IsValid == (ourErrors.Count == 0)) return null;
        var theirErrors = (results.Details ?? []).Where(r => r.Errors is not null)
            .SelectMany(r => r.Errors!.Select(e => $"{r.InstanceLocation}: {e.Value}"));
        return results.IsValid
            ? $"we report [{string.Join("; ", ourErrors)}], JsonSchema.Net finds it valid"
            : $"we find it valid, JsonSchema.Net reports [{string.Join("; ", theirErrors)}]";
    }

    private static JsonNode LoadSchema(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "schema", name)))!;

    /// <summary>Fields declared under schema.fields in corpus.yaml are allowed on overlay entries, with their declared type.</summary>
    private static JsonNode OverlaySchema(CorpusSnapshot snapshot)
    {
        var schema = LoadSchema("place.schema.json");
        var properties = schema["properties"]!["places"]!["items"]!["properties"]!.AsObject();
        foreach (var (name, field) in snapshot.Config.Fields) properties[name] = new JsonObject { ["type"] = field.Type };
        return schema;
    }

    /// <summary>YAML to JSON as the YAML 1.2 core schema types untagged scalars (spec 1.2.2, 10.3.2), written apart from ours.</summary>
    private static JsonNode? YamlAsJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } p when p.Tag.IsEmpty || p.Tag.Value == "?" => Plain(p.Value ?? ""),
        YamlScalarNode q => JsonValue.Create(q.Value ?? ""),
        _ => null,
    };

    private static JsonNode? Plain(string v)
    {
        if (Regex.IsMatch(v, "^(null|Null|NULL|~|)$")) return null;
        if (Regex.IsMatch(v, "^(true|True|TRUE)$")) return JsonValue.Create(true);
        if (Regex.IsMatch(v, "^(false|False|FALSE)$")) return JsonValue.Create(false);
        if (Regex.IsMatch(v, "^[-+]?[0-9]+$")) return JsonValue.Create(decimal.Parse(v, CultureInfo.InvariantCulture));
        if (Regex.IsMatch(v, "^0o[0-7]+$")) return JsonValue.Create(System.Convert.ToInt64(v[2..], 8));
        if (Regex.IsMatch(v, "^0x[0-9a-fA-F]+$")) return JsonValue.Create(System.Convert.ToInt64(v[2..], 16));
        if (Regex.IsMatch(v, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")) return JsonValue.Create(double.Parse(v, CultureInfo.InvariantCulture));
        return JsonValue.Create(v);
    }
}
