using System.Diagnostics;
using System.Text.Json.Nodes;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;
using Xunit.Abstractions;

namespace CorpusLsp.Tests.Reliability;

[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class LoadTests(ITestOutputHelper output)
{
    /// <summary>
    /// 10,000 random edits as fast as the client can send them to the real server process: at the end the server's
    /// text equals the client's, memory stayed bounded, and the last diagnostics equal a from-scratch check.
    /// </summary>
    [Fact]
    public async Task Ten_thousand_random_edits_keep_server_and_client_in_step()
    {
        var edits = int.Parse(Environment.GetEnvironmentVariable("LOAD_EDITS") ?? "10000", System.Globalization.CultureInfo.InvariantCulture);
        var corpus = Repo.CopyExample();
        var sidecar = Path.Combine(corpus, "003_822e10b602b157a7.yaml");
        var text = File.ReadAllText(sidecar);
        await using var client = LspClient.Spawn(out var process);
        await client.InitializeAsync(corpus);
        await client.OpenAsync(sidecar, text);
        await client.CallAsync("textDocument/hover", LspClient.At(sidecar, 0, 0)); // the open is processed
        process.Refresh();
        var rssBefore = process.WorkingSet64;

        var random = new Random(5);
        var inserts = new[] { "", "x", "\n", "é", "😀", "  - text: Aleppo\n", "Khanaser", ": ", "- ", "\r\n" };
        var clock = Stopwatch.StartNew();
        long peak = rssBefore;
        for (var v = 2; v < edits + 2; v++)
        {
            var source = new SourceText(text);
            var a = random.Next(text.Length + 1);
            var b = Math.Min(text.Length, a + random.Next(6));
            // Keep the document near its size: delete more when it has grown.
            if (text.Length > 8000) b = Math.Min(text.Length, a + 40);
            // Editors never split a surrogate pair.
            if (a > 0 && a < text.Length && char.IsLowSurrogate(text[a])) a--;
            if (b > 0 && b < text.Length && char.IsLowSurrogate(text[b])) b++;
            // No editor position lies between the \r and \n of a line break.
            if (a > 0 && a < text.Length && text[a - 1] == '\r' && text[a] == '\n') a--;
            if (b > 0 && b < text.Length && text[b - 1] == '\r' && text[b] == '\n') b++;
            var insert = inserts[random.Next(inserts.Length)];
            var (l1, c1) = source.GetLineColumn(a);
            var (l2, c2) = source.GetLineColumn(b);
            text = text[..a] + insert + text[b..];
            await client.ChangeAsync(sidecar, v, insert, (l1, c1), (l2, c2));
            if (v % 1000 == 0) { process.Refresh(); peak = Math.Max(peak, process.WorkingSet64); }
        }
        var server = (await client.CallAsync("corpuslsp/documentText", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(sidecar) } }))!;
        var sent = clock.Elapsed;
        Assert.Equal(text, server["text"]!.GetValue<string>());
        Assert.Equal(edits + 1, server["version"]!.GetValue<int>());

        var last = client.Diagnostics(LspClient.Uri(sidecar), _ => true);
        while (last["version"]?.GetValue<int>() != edits + 1) last = client.Diagnostics(LspClient.Uri(sidecar));
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        output.WriteLine($"{edits} edits in {sent.TotalSeconds:0.0} s ({edits / sent.TotalSeconds:0} edits/s); RSS {rssBefore / 1e6:0} MB before, peak {peak / 1e6:0} MB");
        Assert.True(peak < rssBefore + 400_000_000, $"RSS grew from {rssBefore / 1e6:0} MB to {peak / 1e6:0} MB.");

        File.WriteAllText(sidecar, text);
        var scratch = CorpusSnapshot.Load(corpus, new CorpusLsp.Cli.PhysicalFileSystem()).DiagnosticsFor(sidecar);
        Assert.Equal(scratch.Select(d => d.Code + d.Message), last["diagnostics"]!.AsArray().Select(d => d!["code"]!.GetValue<string>() + d["message"]!.GetValue<string>()));
        await client.ShutdownAsync();
    }
}
