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

    /// <summary>
    /// CLS052's fixes are made only when a code action asks for them (issue 19): what the editor shows and offers is as
    /// before — the finding at the occurrence, and the quick fixes that annotate it like the others or as a new entry.
    /// </summary>
    [Fact]
    public async Task A_name_left_unannotated_is_reported_at_its_occurrence_and_its_quick_fix_annotates_it()
    {
        const string sidecar = "places:\n  - text: Nubl\n    occurrence: 1\n    ref: geonames:166331\n  - id: aleppo\n    text: Aleppo\n    span: [0, 6]\n    ref: geonames:170063\n";
        const string article = "Aleppo: troops entered Nubl at dawn. By noon Nubl was calm, and Aleppo too.";
        using var corpus = new TempCorpus(sidecar, article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Article);
        var published = client.Diagnostics(LspClient.Uri(corpus.Article), d => d.Count(x => x!["code"]!.GetValue<string>() == "CLS052") == 2);
        var found = published["diagnostics"]!.AsArray().Where(x => x!["code"]!.GetValue<string>() == "CLS052")
            .Select(x => (Start: x!["range"]!["start"]!["character"]!.GetValue<int>(), End: x["range"]!["end"]!["character"]!.GetValue<int>(), Message: x["message"]!.GetValue<string>()))
            .OrderBy(x => x.Start).ToList();
        var nubl = article.LastIndexOf("Nubl", StringComparison.Ordinal);
        var aleppo = article.LastIndexOf("Aleppo", StringComparison.Ordinal);
        Assert.Equal(new[] { (nubl, nubl + 4, "'Nubl' is annotated as a place elsewhere in this article, but not here. Annotate it (or leave it if it means something else here)."),
            (aleppo, aleppo + 6, "'Aleppo' is annotated as a place elsewhere in this article, but not here. Annotate it (or leave it if it means something else here).") }, found);

        // Like the others: the occurrence joins the mention's list.
        var actions = await client.CodeActionsAsync(corpus.Article, (0, nubl + 1), (0, nubl + 1));
        var like = Assert.Single(actions, a => a!["title"]!.GetValue<string>() == "Annotate occurrence 2 of 'Nubl' like the others")!;
        Assert.True(like["isPreferred"]!.GetValue<bool>());
        Assert.Equal("CLS052", like["diagnostics"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(sidecar.Replace("occurrence: 1\n", "occurrence: [1, 2]\n", StringComparison.Ordinal), Applied(sidecar, like, corpus.Sidecar));

        // A mention anchored by span is not one to add occurrences to: a new entry, numbered, linked the same way.
        actions = await client.CodeActionsAsync(corpus.Article, (0, aleppo + 1), (0, aleppo + 1));
        var entry = Assert.Single(actions, a => a!["title"]!.GetValue<string>() == "Annotate 'Aleppo' as a place")!;
        Assert.Equal(sidecar + "  - text: Aleppo\n    occurrence: 2\n    ref: geonames:170063\n", Applied(sidecar, entry, corpus.Sidecar));
        Assert.DoesNotContain(actions, a => a!["title"]!.GetValue<string>().Contains("'Nubl'", StringComparison.Ordinal));
    }

    /// <summary>The text after a code action's edits of one file (all on the first line's characters, as the client reads them).</summary>
    private static string Applied(string text, JsonNode action, string path)
    {
        var change = Assert.Single(action["edit"]!["documentChanges"]!.AsArray())!;
        Assert.Equal(LspClient.Uri(path), change["textDocument"]!["uri"]!.GetValue<string>());
        var source = new SourceText(text);
        foreach (var e in change["edits"]!.AsArray().OrderByDescending(e => Offset(source, e!["range"]!["start"]!)))
        {
            var (start, end) = (Offset(source, e!["range"]!["start"]!), Offset(source, e["range"]!["end"]!));
            text = text[..start] + e["newText"]!.GetValue<string>() + text[end..];
        }
        return text;
    }

    private static int Offset(SourceText text, JsonNode position) =>
        text.LineStart(position["line"]!.GetValue<int>()) + position["character"]!.GetValue<int>();

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
