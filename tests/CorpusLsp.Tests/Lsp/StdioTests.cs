using System.Text.Json.Nodes;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>The real executable over stdio on the example corpus, as an editor starts it.</summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class StdioTests
{
    [Fact]
    public async Task Real_server_process_serves_the_example_corpus()
    {
        var corpus = Repo.CopyExample();
        await using var client = LspClient.Spawn(out var process, "--log", Path.Combine(corpus, ".server.log"));
        await client.InitializeAsync(corpus);

        // The whole corpus is checked at start-up: 000's documented date-line warning is published unopened.
        var published = client.Diagnostics(LspClient.Uri(Path.Combine(corpus, "000_c4d40e22f1093045.yaml")));
        Assert.Equal("CLS033", published["diagnostics"]![0]!["code"]!.GetValue<string>());

        var article = Path.Combine(corpus, "003_822e10b602b157a7.txt");
        await client.OpenAsync(article);
        // "Deir al-Zor" in 003 is linked to Deir ez-Zor: hover in the article shows its country.
        var lines = File.ReadAllLines(article);
        var line = Array.FindIndex(lines, l => l.Contains("Deir al-Zor"));
        var hover = await client.CallAsync("textDocument/hover", LspClient.At(article, line, lines[line].IndexOf("Deir al-Zor", StringComparison.Ordinal) + 2));
        Assert.Contains("Syria › Deir ez-Zor", hover!["contents"]!["value"]!.GetValue<string>());

        await client.ShutdownAsync();
        Assert.True(process.WaitForExit(10000));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("serving over stdio", File.ReadAllText(Path.Combine(corpus, ".server.log")));
    }
}
