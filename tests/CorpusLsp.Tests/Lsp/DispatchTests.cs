using System.Diagnostics;
using System.Text.Json.Nodes;
using CorpusLsp.Tests.Reliability;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>
/// How requests meet loads and changes: answered from what is loaded while a gazetteer is built, with progress that moves;
/// ids kept apart by type; each change published once.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DispatchTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Ids_1_and_string_1_are_two_requests()
    {
        using var corpus = new TempCorpus(HostileFileSystem.Sidecar, HostileFileSystem.Article);
        // The corpus's reads hang: requests about it wait, so a cancellation has something to cancel.
        var disk = new ServerFileSystemTests.HangingDisk(corpus.Root);
        await using var client = LspClient.InProcess(out _, disk);
        try
        {
            await client.InitializeWithoutWaitingAsync(corpus.Root);
            await client.OpenAsync(corpus.Sidecar, HostileFileSystem.Sidecar);
            await client.SendWithIdAsync("7", "textDocument/hover", LspClient.At(corpus.Sidecar, 1, 10));
            await client.SendWithIdAsync(7, "textDocument/hover", LspClient.At(corpus.Sidecar, 1, 10));
            await client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = "7" });
            var text = client.WaitForResponse("7");
            var number = client.WaitForResponse(7);
            Assert.Equal(-32800, text["error"]?["code"]?.GetValue<int>());
            // Not cancelled: answered from what is loaded, which is nothing yet.
            Assert.True(number["error"] is null && number["result"] is null, number.ToJsonString());
        }
        finally { disk.Release.Set(); }
    }

    [Fact]
    public async Task A_sidecar_opened_while_indexing_gets_its_diagnostics_once()
    {
        using var corpus = new TempCorpus("places:\n  - text: Kanaser\n", HostileFileSystem.Article);
        await using var client = LspClient.InProcess(out _);
        await client.InitializeWithoutWaitingAsync(corpus.Root);
        await client.OpenAsync(corpus.Sidecar);
        // Everything until indexing and publishing are over (a fixture corpus: well under the quiet time).
        var sent = client.Drain("textDocument/publishDiagnostics", quietMs: 3000).Where(p => p["uri"]!.GetValue<string>() == LspClient.Uri(corpus.Sidecar)).ToList();
        // With a cold gazetteer cache, a first set may go out from what is loaded and a fuller one after indexing; when
        // indexing's pass reaches the file before the open does, its set goes out unversioned and again for the opened
        // version. What must never happen is the same message (version and set) twice.
        Assert.NotEmpty(sent);
        var contents = sent.Select(p => p.ToJsonString()).ToList();
        Assert.True(contents.Count == contents.Distinct().Count(), string.Join("\n", contents));
        Assert.Contains(sent[^1]["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CLS011");
    }

    [Fact]
    public async Task Hover_during_a_hung_load_is_answered_even_when_its_document_changes_meanwhile()
    {
        using var corpus = new TempCorpus(HostileFileSystem.Sidecar, HostileFileSystem.Article);
        var disk = new ServerFileSystemTests.HangingDisk(corpus.Root);
        await using var client = LspClient.InProcess(out _, disk);
        try
        {
            await client.InitializeWithoutWaitingAsync(corpus.Root);
            await client.OpenAsync(corpus.Sidecar, HostileFileSystem.Sidecar);
            // Nothing loaded: hover says nothing, completion asks to be asked again, rather than waiting for the disk.
            var hover = await client.RequestAsync("textDocument/hover", LspClient.At(corpus.Sidecar, 1, 10), Budget);
            Assert.True(hover["error"] is null && hover["result"] is null, hover.ToJsonString());
            var completion = await client.RequestAsync("textDocument/completion", LspClient.At(corpus.Sidecar, 2, 9), Budget);
            Assert.True(completion["result"]!["isIncomplete"]!.GetValue<bool>());
            // A change while a read of the same document waits: the read is still answered, about the text it was sent for.
            var (_, pending) = await client.StartAsync("textDocument/hover", LspClient.At(corpus.Sidecar, 1, 10));
            await client.ChangeAsync(corpus.Sidecar, 2, "#", (0, 0));
            var answer = await pending.WaitAsync(Budget);
            Assert.True(answer["error"] is null && answer["result"] is null, answer.ToJsonString());
        }
        finally { disk.Release.Set(); }
    }
}

/// <summary>The real server process during a first start, while it builds the gazetteer index.</summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class ColdLoadTests
{
    private static JsonObject Capabilities() => new() { ["window"] = new JsonObject { ["workDoneProgress"] = true } };

    [Fact]
    public async Task During_a_cold_gazetteer_load_progress_moves_and_a_hover_and_a_cancellation_are_answered_before_it_ends()
    {
        var corpus = Repo.CopyExample();
        // A cache folder of its own: the example's gazetteer is built from its dumps, as on a first start.
        var cache = TestEnvironment.NewScratchFolder("cold-cache");
        await using var client = LspClient.Spawn(new Dictionary<string, string> { ["CORPUSLSP_CACHE"] = cache }, out _);
        await client.InitializeWithoutWaitingAsync(corpus, Capabilities());
        Assert.Equal("begin", client.WaitFor("$/progress", p => true, 60_000)["value"]!["kind"]!.GetValue<string>());

        var sidecar = Path.Combine(corpus, "003_822e10b602b157a7.yaml");
        await client.OpenAsync(sidecar);
        var line = File.ReadAllLines(sidecar).ToList().FindIndex(l => l.Contains("text: Deir al-Zor"));
        var hover = await client.RequestAsync("textDocument/hover", LspClient.At(sidecar, line, 12), TimeSpan.FromSeconds(60));
        Assert.True(hover["error"] is null, hover.ToJsonString());

        // `$/cancelRequest` is read while the load runs: the cancelled request is answered at once.
        var (id, pending) = await client.StartAsync("textDocument/definition", LspClient.At(sidecar, line, 12));
        await client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });
        var cancelled = await pending.WaitAsync(TimeSpan.FromSeconds(60));

        var progress = new List<JsonNode>();
        while (progress.LastOrDefault()?["value"]?["kind"]?.GetValue<string>() != "end") progress.Add(client.WaitFor("$/progress", timeoutMs: 120_000));
        var kinds = progress.Select(p => p["value"]!["kind"]!.GetValue<string>()).ToList();
        // Answered from what is loaded, not after the load: both answers arrive before the load's end (whatever the
        // machine's speed; the one-second target is measured in bench/, not here).
        var end = client.ArrivalOf(progress[^1]);
        Assert.True(client.ArrivalOf(hover) < end, "the hover was answered only after the load ended");
        Assert.True(client.ArrivalOf(cancelled) < end, "the cancelled request was answered only after the load ended");
        // Cancelled, or (when the cancellation came after its wait for the load) told the corpus is still loading.
        Assert.Contains(cancelled["error"]?["code"]?.GetValue<int>(), new int?[] { -32800, -32801 });
        Assert.True(kinds.Count(k => k == "report") >= 1, $"progress between begin and end: {string.Join(", ", kinds)}");
        Assert.All(kinds.SkipLast(1), k => Assert.Equal("report", k));

        // Once loaded, the same hover describes the place.
        Assert.Contains("Deir ez-Zor", (await client.CallAsync("textDocument/hover", LspClient.At(sidecar, line, 12)))!.ToJsonString());
    }
}
