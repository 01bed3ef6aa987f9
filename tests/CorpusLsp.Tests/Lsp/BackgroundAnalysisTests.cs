using System.Text.Json.Nodes;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>The real server process while it computes a very long article's diagnostics in the background.</summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class BackgroundAnalysisTests
{
    [Fact]
    public async Task A_request_about_another_file_is_answered_before_a_long_articles_diagnostics_are_published()
    {
        var corpus = Repo.CopyExample();
        // A 4 MB article (003's text over and over) annotated like 003: its diagnostics take seconds.
        var text = File.ReadAllText(Path.Combine(corpus, "003_822e10b602b157a7.txt"));
        var article = Path.Combine(corpus, "zz_long.txt");
        File.WriteAllText(article, string.Concat(Enumerable.Repeat(text, 4_000_000 / text.Length)));
        File.Copy(Path.Combine(corpus, "003_822e10b602b157a7.yaml"), Path.Combine(corpus, "zz_long.yaml"));
        // One thread-pool worker, so that a background pass on the pool (as on two busy cores, where the pool takes 0.5–2 s
        // to add a thread) holds every request until it ends.
        var onePoolThread = new Dictionary<string, string> { ["DOTNET_ThreadPool_ForceMinWorkerThreads"] = "1", ["DOTNET_ThreadPool_ForceMaxWorkerThreads"] = "1" };
        await using var client = LspClient.Spawn(onePoolThread, out _);
        await client.InitializeAsync(corpus);
        var articleUri = LspClient.Uri(article);
        // A hang guard, not a speed bound: at a load of 13–20 on two cores this first publish took over two minutes.
        client.WaitFor("textDocument/publishDiagnostics", p => p["uri"]!.GetValue<string>() == articleUri, 300_000);

        // Opening the article: its diagnostics are computed again for the buffer (seconds); meanwhile a request about 003.
        await client.OpenAsync(article);
        var sidecar = Path.Combine(corpus, "003_822e10b602b157a7.yaml");
        var symbols = await client.CallAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(sidecar) } });
        Assert.NotEmpty(symbols!.AsArray());
        static bool OfTheBuffer(JsonNode p, string uri) => p["uri"]!.GetValue<string>() == uri && p["version"]?.GetValue<int>() == 1;
        Assert.DoesNotContain(client.Drain("textDocument/publishDiagnostics", 0), p => OfTheBuffer(p, articleUri));
        // They come after: the order above says something.
        Assert.NotEmpty(client.WaitFor("textDocument/publishDiagnostics", p => OfTheBuffer(p, articleUri), 300_000)["diagnostics"]!.AsArray());
    }
}
