using System.Text.Json.Nodes;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>The server-specific requests the VS Code extension asks instead of deciding in TypeScript.</summary>
public sealed class CustomRequestTests
{
    private const string Article = "Syrian forces liberated Khanaser on Thursday, a monitor said. Aleppo is near.";
    private const string Sidecar = "places:\n  - text: Khanaser\n    ref: geonames:168351\n";

    private static JsonObject Document(string path) => new() { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(path) } };

    [Fact]
    public async Task File_info_gives_the_kind_and_the_pair_a_sidecar_names_with_its_article_key()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        var report = corpus.Write("report.txt", Article);
        var notes = corpus.Write("notes-on-report.yaml", "article: report.txt\n" + Sidecar);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);

        var sidecar = await client.CallAsync("corpuslsp/fileInfo", Document(notes));
        Assert.Equal("sidecar", sidecar!["kind"]!.GetValue<string>());
        Assert.Equal(LspClient.Uri(report), sidecar["paired"]!.GetValue<string>());
        var article = await client.CallAsync("corpuslsp/fileInfo", Document(report));
        Assert.Equal("article", article!["kind"]!.GetValue<string>());
        Assert.Equal(LspClient.Uri(notes), article["paired"]!.GetValue<string>());
        var overlay = await client.CallAsync("corpuslsp/fileInfo", Document(Path.Combine(corpus.Root, "gaz", "overlay.yaml")));
        Assert.Equal("overlay", overlay!["kind"]!.GetValue<string>());
        Assert.Null(overlay["paired"]);
    }

    [Fact]
    public async Task Place_location_is_the_linked_entry_under_the_cursor_in_sidecar_and_article()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);

        var inSidecar = await client.CallAsync("corpuslsp/placeLocation", LspClient.At(corpus.Sidecar, 1, 12));
        Assert.Equal("geonames:168351", inSidecar!["id"]!.GetValue<string>());
        Assert.StartsWith("https://www.openstreetmap.org/?mlat=35.78162&mlon=37.49919", inSidecar["url"]!.GetValue<string>());
        var inArticle = await client.CallAsync("corpuslsp/placeLocation", LspClient.At(corpus.Article, 0, Article.IndexOf("Khanaser", StringComparison.Ordinal) + 2));
        Assert.Equal("geonames:168351", inArticle!["id"]!.GetValue<string>());
        Assert.Null(await client.CallAsync("corpuslsp/placeLocation", LspClient.At(corpus.Article, 0, 2)));
    }

    [Fact]
    public async Task Annotate_actions_come_by_kind_with_the_sidecar_edit()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        var start = Article.IndexOf("Aleppo", StringComparison.Ordinal);
        var actions = (await client.CallAsync("corpuslsp/annotateActions", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Article) },
            ["range"] = new JsonObject { ["start"] = LspClient.Position(0, start), ["end"] = LspClient.Position(0, start + "Aleppo".Length) },
        }))!.AsArray();
        Assert.Equal(["place", "person", "organisation", "event"], actions.Select(a => a!["kind"]!.GetValue<string>()).ToArray());
        var place = actions[0]!["edit"]!["documentChanges"]![0]!;
        Assert.Equal(LspClient.Uri(corpus.Sidecar), place["textDocument"]!["uri"]!.GetValue<string>());
        Assert.Contains("text: Aleppo", place["edits"]![0]!["newText"]!.GetValue<string>());
        Assert.Contains("ref: geonames:170063", place["edits"]![0]!["newText"]!.GetValue<string>());
    }
}
