using System.Text;
using System.Text.Json.Nodes;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Reliability;

public sealed class ProtocolRobustnessTests
{
    private const string Sidecar = "places:\n  - text: Khanaser\n    ref: geonames:168351\n";
    private const string Article = "Syrian forces liberated Khanaser on Thursday.";

    [Fact]
    public async Task Fuzzed_frames_never_bring_the_server_down()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        await using var client = LspClient.InProcess(out var server);
        await client.InitializeAsync(corpus.Root);
        var mutator = new Mutator(11);
        var valid = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.yaml"},"position":{"line":0,"character":0}}}""");
        var count = 0;
        for (; count < 300; count++)
        {
            var body = mutator.Bytes(valid);
            // Mostly honest lengths, sometimes lies: the framing must recover either way.
            var length = count % 10 == 0 ? body.Length + 5 : count % 13 == 0 ? Math.Max(0, body.Length - 3) : body.Length;
            await client.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {length}\r\n\r\n"), .. body]);
            if (count % 10 == 0) await client.SendRawAsync(Encoding.ASCII.GetBytes("\r\n\r\n     "));
        }
        // Resynchronise: a request with a fresh frame still gets its answer (skipping any garbage in between).
        JsonNode? answer = null;
        for (var attempt = 0; attempt < 5 && answer is null; attempt++)
        {
            try { answer = await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "Khan" }, TimeSpan.FromSeconds(3)); }
            catch (TimeoutException) { await client.SendRawAsync(Encoding.ASCII.GetBytes(new string(' ', 64))); }
        }
        Assert.NotNull(answer);
        Assert.False(server.IsCompleted);
    }

    [Fact]
    public async Task Skipped_versions_and_edits_past_the_end_keep_texts_equal()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Article, Article, version: 1);
        // Version 5 after 1, and a range far past the end: the server clamps and keeps going.
        await client.ChangeAsync(corpus.Article, 5, " Aleppo.", (40, 0), (41, 7));
        var text = (await client.CallAsync("corpuslsp/documentText", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Article) } }))!["text"]!.GetValue<string>();
        Assert.Equal(Article + " Aleppo.", text);
    }

    /// <summary>
    /// Each request followed at once by a change of its document is answered about the version it was sent for: a result,
    /// never ContentModified (LSP keeps that for changes outside the message stream; the client cancels what it no longer
    /// wants), and its edits labelled with that version, which a client checks before applying them.
    /// </summary>
    [Fact]
    public async Task Requests_racing_edits_are_answered_about_the_version_they_were_sent_for()
    {
        // The misspelt first mention has a quick fix on line 1; the second mention's name says which version this is.
        static string Versioned(int v) => $"places:\n  - text: Kanaser\n  - text: Version{v}\n";
        using var corpus = new TempCorpus(Sidecar, Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Sidecar, Versioned(1), version: 1);
        var sent = new List<(int Version, Task<JsonNode> Symbols, Task<JsonNode> Actions)>();
        for (var v = 1; v < 40; v++)
        {
            var (_, symbols) = await client.StartAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) } });
            var (_, actions) = await client.StartAsync("textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) },
                ["range"] = new JsonObject { ["start"] = LspClient.Position(1, 12), ["end"] = LspClient.Position(1, 12) },
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
            });
            await client.ChangeAsync(corpus.Sidecar, v + 1, Versioned(v + 1));
            sent.Add((v, symbols, actions));
        }
        foreach (var (version, symbols, actions) in sent)
        {
            var names = (await symbols.WaitAsync(TimeSpan.FromSeconds(30)))["result"]!.ToJsonString();
            Assert.Contains($"Version{version}\"", names);
            var answer = await actions.WaitAsync(TimeSpan.FromSeconds(30));
            var edits = answer["result"]!.AsArray().Select(a => a!["edit"]?["documentChanges"]).OfType<JsonArray>().SelectMany(c => c).ToList();
            Assert.NotEmpty(edits);
            Assert.All(edits, e => Assert.Equal(version, e!["textDocument"]!["version"]!.GetValue<int>()));
        }
    }

    [Fact]
    public async Task Server_never_writes_user_files()
    {
        var corpus = Repo.CopyExample();
        var before = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        await using (var client = LspClient.InProcess(out _))
        {
            await client.InitializeAsync(corpus);
            var sidecar = Path.Combine(corpus, "003_822e10b602b157a7.yaml");
            await client.OpenAsync(sidecar);
            await client.ChangeAsync(sidecar, 2, "places:\n  - text: Kanaser\n");
            client.Diagnostics(LspClient.Uri(sidecar), d => d.Any(x => x!["code"]!.GetValue<string>() == "CLS011"));
            await client.CodeActionsAsync(sidecar, (1, 12), (1, 12));
            await client.ShutdownAsync();
        }
        var after = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    [Fact]
    public async Task Garbage_gazetteer_keeps_the_last_good_index_and_says_so()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Sidecar);
        File.WriteAllText(Path.Combine(corpus.Root, "gaz", "cities.txt"), "garbage\tnot\ta\tgeonames\trow\n\u0000\u0001 more garbage\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(Path.Combine(corpus.Root, "gaz", "cities.txt")), ["type"] = 2 }) });
        var published = client.Diagnostics(LspClient.Uri(Path.Combine(corpus.Root, "gaz", "cities.txt")), d => d.Count > 0);
        Assert.Equal("CLS026", published["diagnostics"]![0]!["code"]!.GetValue<string>());
        // Hover still resolves Khanaser: the previous index is in use.
        var hover = await client.CallAsync("textDocument/hover", LspClient.At(corpus.Sidecar, 1, 12));
        Assert.Contains("Khanāşir", hover!["contents"]!["value"]!.GetValue<string>());
    }
}
