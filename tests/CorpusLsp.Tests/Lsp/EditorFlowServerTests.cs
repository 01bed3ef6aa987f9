using System.Text.Json.Nodes;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.Server;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>Issue 17 through the protocol: article diagnostics are published, reference completion asks again, token colours differ.</summary>
public sealed class EditorFlowServerTests
{
    /// <summary>
    /// The colours VS Code's default themes give the standard token types (Dark+ and Light+, through the textmate scopes
    /// VS Code maps them to: entity.name.namespace, entity.name.function, variable.other.readwrite, keyword.control,
    /// constant.numeric, entity.name.type, variable.parameter, string, comment). Types not listed have no colour of their own there.
    /// </summary>
    private static readonly Dictionary<string, (string Dark, string Light)> DefaultThemeColours = new()
    {
        ["namespace"] = ("#4EC9B0", "#267F99"), ["type"] = ("#4EC9B0", "#267F99"), ["class"] = ("#4EC9B0", "#267F99"),
        ["function"] = ("#DCDCAA", "#795E26"), ["method"] = ("#DCDCAA", "#795E26"),
        ["variable"] = ("#9CDCFE", "#001080"), ["parameter"] = ("#9CDCFE", "#001080"), ["property"] = ("#9CDCFE", "#001080"),
        ["keyword"] = ("#C586C0", "#AF00DB"), ["number"] = ("#B5CEA8", "#098658"), ["string"] = ("#CE9178", "#A31515"),
        ["comment"] = ("#6A9955", "#008000"), ["enumMember"] = ("#4FC1FF", "#0070C1"),
    };

    [Fact]
    public void Places_people_organisations_events_and_dates_get_different_colours_in_both_default_themes()
    {
        Assert.Equal(5, LanguageServer.TokenTypes.Length);
        Assert.All(LanguageServer.TokenTypes, t => Assert.True(DefaultThemeColours.ContainsKey(t), $"{t} has no colour of its own in the default themes"));
        Assert.Equal(5, LanguageServer.TokenTypes.Select(t => DefaultThemeColours[t].Dark).Distinct().Count());
        Assert.Equal(5, LanguageServer.TokenTypes.Select(t => DefaultThemeColours[t].Light).Distinct().Count());
    }

    [Fact]
    public void The_extension_declares_the_token_modifiers_the_server_sends_and_no_types_of_its_own()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "vscode-extension", "package.json")))!["contributes"]!;
        // A custom type would replace the standard one the server sends and lose its theme colour.
        Assert.Null(manifest["semanticTokenTypes"]);
        Assert.Equal(LanguageServer.TokenModifiers, manifest["semanticTokenModifiers"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray());
        var selectors = manifest["semanticTokenScopes"]!.AsArray().SelectMany(s => s!["scopes"]!.AsObject().Select(p => p.Key));
        Assert.All(selectors, s => Assert.Contains(s.Split('.')[0], LanguageServer.TokenTypes.Append("*")));
    }

    [Fact]
    public async Task The_server_publishes_the_diagnostics_of_an_article()
    {
        using var corpus = new TempCorpus("places:\n  - text: Khanaser\n    ref: geonames:168351\n", "Troops entered Khanaser on Monday. Kanaser was calm.");
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Article);
        var published = client.Diagnostics(LspClient.Uri(corpus.Article), d => d.Any(x => x!["code"]!.GetValue<string>() == "CLS055"));
        var d = published["diagnostics"]!.AsArray().Single(x => x!["code"]!.GetValue<string>() == "CLS055")!;
        Assert.Equal(35, d["range"]!["start"]!["character"]!.GetValue<int>());
        var actions = await client.CodeActionsAsync(corpus.Article, (0, 36), (0, 36));
        Assert.Contains(actions, a => a!["title"]!.GetValue<string>() == "Annotate 'Kanaser' as the place 'Khanaser' (geonames:168351)"
            && a["edit"]!["documentChanges"]![0]!["textDocument"]!["uri"]!.GetValue<string>() == LspClient.Uri(corpus.Sidecar));
    }

    [Fact]
    public async Task Reference_completion_is_incomplete_and_answers_a_line_that_does_not_parse()
    {
        const string sidecar = "places:\n  - text: Khanaser\n    ref: geonames:\n";
        using var corpus = new TempCorpus(sidecar, "Troops entered Khanaser on Monday.");
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Sidecar);
        var list = (await client.CallAsync("textDocument/completion", LspClient.At(corpus.Sidecar, 2, 18)))!;
        Assert.True(list["isIncomplete"]!.GetValue<bool>());
        var first = list["items"]![0]!;
        Assert.Equal("geonames:168351", first["textEdit"]!["newText"]!.GetValue<string>());
        Assert.Equal("geonames:", first["filterText"]!.GetValue<string>());
        Assert.Equal(new SourceText(sidecar).GetLineColumn(sidecar.IndexOf("geonames:", StringComparison.Ordinal)).Column, first["textEdit"]!["range"]!["start"]!["character"]!.GetValue<int>());
    }
}
