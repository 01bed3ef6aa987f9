using System.Diagnostics;
using System.Text.Json.Nodes;
using CorpusLsp.Cli;
using CorpusLsp.Core.IO;
using CorpusLsp.Lsp.Server;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Reliability;

/// <summary>The server against hostile file systems and requests (issue 16, items 1, 2, 4, 7, 12; settings in order).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServerFileSystemTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);


    private static async Task InitializeAsync(LspClient client, string root, JsonObject? options = null, JsonObject? capabilities = null)
    {
        var watch = Stopwatch.StartNew();
        await client.CallAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = LspClient.Uri(root),
            ["capabilities"] = capabilities ?? new JsonObject(),
            ["initializationOptions"] = options,
        });
        await client.NotifyAsync("initialized", new JsonObject());
        client.WaitFor("corpuslsp/status", p => p["state"]!.GetValue<string>() == "ready", (int)Budget.TotalMilliseconds);
        Assert.True(watch.Elapsed < Budget);
    }

    [Fact]
    public async Task Item1_a_linked_secret_never_reaches_diagnostics_or_hover()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n  overlay: [gazetteer/creds.yaml]\n");
        fs.Link("gazetteer/creds.yaml", fs.SecretFile);
        var linked = fs.Link("b.yaml", fs.SecretJson);
        await using var client = LspClient.InProcess(out _);
        await InitializeAsync(client, fs.Corpus);

        var published = client.Diagnostics(LspClient.Uri(linked))["diagnostics"]!.AsArray();
        var config = client.Diagnostics(LspClient.Uri(Path.Combine(fs.Corpus, "corpus.yaml")))["diagnostics"]!.AsArray();
        var hover = await client.RequestAsync("textDocument/hover", LspClient.At(linked, 0, 3), Budget);

        Assert.Equal("'b.yaml' is a link to a file outside the corpus folder; it is not read.", Assert.Single(published)!["message"]!.GetValue<string>());
        Assert.Contains(config, d => d!["message"]!.GetValue<string>() == "Gazetteer file 'gazetteer/creds.yaml' is a link to a file outside the corpus folder; it is not read.");
        Assert.DoesNotContain(HostileFileSystem.Secret, published.ToJsonString() + config.ToJsonString() + hover.ToJsonString());
    }

    [Fact]
    public async Task Item2_fifos_and_devices_neither_stop_indexing_nor_requests_nor_shutdown()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt, gaz/pipe.txt, gaz/zero.txt]\n");
        fs.Fifo("x.yaml");
        fs.Fifo("x.txt");
        fs.Fifo("gaz/pipe.txt");
        fs.Link("gaz/zero.txt", "/dev/zero");
        await using var client = LspClient.InProcess(out var server);
        var options = new JsonObject { ["gazetteer"] = new JsonObject { ["extraFiles"] = new JsonArray("/dev/zero", "/dev/urandom") } };
        await InitializeAsync(client, fs.Corpus, options);

        var fifo = client.Diagnostics(LspClient.Uri(Path.Combine(fs.Corpus, "x.yaml")))["diagnostics"]!.AsArray();
        Assert.Contains("is a FIFO (named pipe), not a regular file", Assert.Single(fifo)!["message"]!.GetValue<string>());
        var hover = await client.RequestAsync("textDocument/hover", LspClient.At("/dev/zero", 0, 0), Budget);
        Assert.Null(hover["error"]);
        hover = await client.RequestAsync("textDocument/hover", LspClient.At(Path.Combine(fs.Corpus, "x.txt"), 0, 0), Budget);
        Assert.Null(hover["error"]);
        Assert.Null((await client.RequestAsync("shutdown", null, Budget))["error"]);
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await server.WaitAsync(Budget));
    }

    [Fact]
    public async Task Item4_an_edit_ending_at_character_int_max_on_a_later_line_clamps_to_its_end()
    {
        using var corpus = new TempCorpus(HostileFileSystem.Sidecar, "ab\ncd\nef");
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(corpus.Article, "ab\ncd\nef");
        await client.ChangeAsync(corpus.Article, 2, "X", (1, 1), (1, int.MaxValue));
        var text = (await client.CallAsync("corpuslsp/documentText", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Article) } }))!["text"]!.GetValue<string>();
        Assert.Equal("ab\ncX\nef", text);
    }

    [Fact]
    public void Item4_translator_clamps_huge_characters_in_every_encoding()
    {
        var text = new CorpusLsp.Core.Text.SourceText("ab\ncd\nef");
        foreach (var encoding in new[] { CorpusLsp.Lsp.PositionEncoding.Utf16, CorpusLsp.Lsp.PositionEncoding.Utf8, CorpusLsp.Lsp.PositionEncoding.Utf32 })
            Assert.Equal(5, new CorpusLsp.Lsp.Translator(encoding).ToOffset(text, new CorpusLsp.Lsp.Protocol.Position(1, int.MaxValue)));
    }

    [Fact]
    public async Task Item7_a_lone_file_is_a_corpus_of_its_pair_not_its_folder()
    {
        using var fs = new HostileFileSystem();
        var notes = Path.Combine(fs.Home, "notes");
        Directory.CreateDirectory(notes);
        for (var i = 0; i < 200; i++) File.WriteAllText(Path.Combine(notes, $"other{i}.txt"), HostileFileSystem.Article);
        File.WriteAllText(Path.Combine(notes, "lone.txt"), HostileFileSystem.Article);
        File.WriteAllText(Path.Combine(notes, "lone.yaml"), HostileFileSystem.Sidecar);
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", [Path.Combine(notes, "pipe.yaml")]) { UseShellExecute = false })!) p.WaitForExit();

        var workspace = new Workspace(new PhysicalFileSystem());
        var snapshot = await workspace.SnapshotForAsync(Path.Combine(notes, "lone.txt")).WaitAsync(Budget);
        Assert.Equal(new[] { "lone.txt", "lone.yaml" }, snapshot.Files.Keys.Select(k => PathUtil.FileName(k)).Order(StringComparer.Ordinal).ToArray());

        using var corpus = new TempCorpus(HostileFileSystem.Sidecar, HostileFileSystem.Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        await client.OpenAsync(Path.Combine(notes, "lone.txt"));
        var hover = await client.RequestAsync("textDocument/hover", LspClient.At(Path.Combine(notes, "lone.txt"), 0, 26), Budget);
        Assert.Null(hover["error"]);
    }

    /// <summary>A disk whose reads below one folder hang until released, as a FIFO or a dead network mount does.</summary>
    internal sealed class HangingDisk(string below) : IFileSystem
    {
        private readonly PhysicalFileSystem _disk = new();
        public readonly ManualResetEventSlim Release = new(false);
        private void Wait(string path) { if (path.StartsWith(below, StringComparison.Ordinal)) Release.Wait(); }
        public bool FileExists(string path) => _disk.FileExists(path);
        public byte[]? ReadAllBytes(string path) { Wait(path); return _disk.ReadAllBytes(path); }
        public Stream? OpenRead(string path) { Wait(path); return _disk.OpenRead(path); }
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) { Wait(directory); return _disk.EnumerateFiles(directory, recursive); }
    }

    [Fact]
    public async Task Item7_loading_never_runs_on_the_message_loop()
    {
        using var corpus = new TempCorpus(HostileFileSystem.Sidecar, HostileFileSystem.Article);
        using var fs = new HostileFileSystem();
        var slow = Path.Combine(fs.Home, "slow.txt");
        File.WriteAllText(slow, HostileFileSystem.Article);
        var disk = new HangingDisk(fs.Home);
        await using var client = LspClient.InProcess(out var server, disk);
        try
        {
            await client.InitializeAsync(corpus.Root);
            await client.OpenAsync(slow, HostileFileSystem.Article);
            // The load of slow.txt's corpus hangs; the loop still answers requests elsewhere and `shutdown`.
            var hover = await client.RequestAsync("textDocument/hover", LspClient.At(corpus.Article, 0, 26), Budget);
            Assert.Contains("Khan", hover["result"]!.ToJsonString());
            Assert.Null((await client.RequestAsync("shutdown", null, Budget))["error"]);
            await client.NotifyAsync("exit", null);
            Assert.Equal(0, await server.WaitAsync(Budget));
        }
        finally { disk.Release.Set(); }
    }

    [Theory]
    [InlineData("""{"textDocument":{},"position":{"line":0,"character":0}}""")]
    [InlineData("""{"textDocument":{"uri":null},"position":{"line":0,"character":0}}""")]
    [InlineData("""{"position":{"line":0,"character":0}}""")]
    public async Task Item12_a_request_without_a_document_uri_is_invalid_params(string @params)
    {
        using var corpus = new TempCorpus(HostileFileSystem.Sidecar, HostileFileSystem.Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root);
        var response = await client.RequestAsync("textDocument/hover", JsonNode.Parse(@params), Budget);
        Assert.Equal(-32602, response["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Settings_pushed_by_the_client_apply_before_the_next_request()
    {
        using var corpus = new TempCorpus("places:\n  - text: Khanaser\n", HostileFileSystem.Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeAsync(corpus.Root, new JsonObject { ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject() } });
        await client.OpenAsync(corpus.Sidecar);
        JsonNode? Pull() => new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) } };
        Assert.Contains((await client.CallAsync("textDocument/diagnostic", Pull()))!["items"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CLS023");
        for (var round = 0; round < 5; round++)
        {
            var disabled = round % 2 == 0 ? new JsonArray("CLS023") : new JsonArray();
            await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["corpuslsp"] = new JsonObject { ["diagnostics"] = new JsonObject { ["disabled"] = disabled } } } });
            var items = (await client.CallAsync("textDocument/diagnostic", Pull()))!["items"]!.AsArray();
            Assert.Equal(round % 2 != 0, items.Any(d => d!["code"]!.GetValue<string>() == "CLS023"));
        }
    }
}
