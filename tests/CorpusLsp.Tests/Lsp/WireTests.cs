using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CorpusLsp.Lsp.JsonRpc;
using CorpusLsp.Lsp.Protocol;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp;

namespace CorpusLsp.Tests.Lsp;

/// <summary>What a message looks like on the wire: a frame whose length counts UTF-8 bytes, text as written where JSON allows it.</summary>
public sealed class WireTests
{
    [Fact]
    public async Task A_diagnostic_message_crosses_the_wire_as_UTF8_and_reads_back_as_written()
    {
        const string message = "'Aleppo Sector 0' is none of the names of Aleppo (Syria › Ḥalab) \"quoted\" back\\slash \u0001 </script> 😀";
        using var output = new MemoryStream();
        var rpc = new JsonRpcConnection(PipeReader.Create(new MemoryStream()), output);
        var diagnostic = Diagnostic.Create(DiagnosticCatalog.RefNameMismatch, "/a.yaml", new TextSpan(0, 1), message);
        using var json = PublishMessage.Write(new Translator(PositionEncoding.Utf16), "/a.yaml", 1, new SourceText("x\n"), [diagnostic], new HashSet<string>(), out _);

        await rpc.SendAsync(json);

        var frame = Encoding.UTF8.GetString(output.ToArray());
        var body = frame[(frame.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(frame["Content-Length: ".Length..frame.IndexOf('\r')]));
        // Apostrophes and letters as written: six-byte escapes of each made a 2,000-diagnostic publish twice as slow to write.
        Assert.Contains("'Aleppo Sector 0'", body);
        Assert.Contains("Syria › Ḥalab", body);
        // What JSON requires stays escaped.
        Assert.Contains("\\\"quoted\\\"", body);
        Assert.Contains("back\\\\slash", body);
        Assert.Contains("\\u0001", body);
        var read = JsonDocument.Parse(body).RootElement.GetProperty("params").GetProperty("diagnostics")[0].GetProperty("message").GetString();
        Assert.Equal(message, read);
    }

    [Theory]
    [InlineData(PositionEncoding.Utf16)]
    [InlineData(PositionEncoding.Utf8)]
    [InlineData(PositionEncoding.Utf32)]
    public void A_publish_written_from_Cores_diagnostics_is_the_JSON_of_the_protocol_types(PositionEncoding encoding)
    {
        var text = new SourceText("meta:\n  note: Ḥalab 😀 \"x\"\nplaces:\n  - text: Aleppo\n");
        var translator = new Translator(encoding);
        Diagnostic[] diagnostics =
        [
            Diagnostic.Create(DiagnosticCatalog.RefNameMismatch, "/c/a.yaml", new TextSpan(text.Text.IndexOf("😀", StringComparison.Ordinal), text.Text.IndexOf("😀", StringComparison.Ordinal) + 2), "'Aleppo' › Ḥalab \"q\" \\ \u0001"),
            Diagnostic.Create(DiagnosticCatalog.NameNotAnnotatedHere, "/c/a.yaml", new TextSpan(text.Length, text.Length), "at the end"),
            Diagnostic.Create(DiagnosticCatalog.RefNameMismatch, "/c/a.yaml", new TextSpan(0, 4), "turned off below"),
        ];
        var disabled = new HashSet<string> { "CLS999" };
        foreach (var (version, source, off) in new[] { ((int?)7, text, disabled), (null, text, disabled), (3, null, disabled), (3, text, new HashSet<string> { "CLS024" }) })
        {
            var expected = new PublishDiagnosticsParams(Translator.ToUri("/c/a b.yaml"), version, translator.ToLsp(source, diagnostics, off));
            using var written = PublishMessage.Write(translator, "/c/a b.yaml", version, source, diagnostics, off, out var count);

            var body = Encoding.UTF8.GetString(written.WrittenSpan);
            var @params = JsonSerializer.Serialize(expected, LspJsonContext.Default.PublishDiagnosticsParams);
            Assert.Equal("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":" + Relaxed(@params) + "}", body);
            Assert.Equal(expected.Diagnostics.Length, count);
        }
    }

    [Fact]
    public void A_publish_taking_the_tails_of_the_publish_before_writes_the_same_bytes_as_one_without()
    {
        var before = new SourceText("places:\n  - text: Aleppo\n    ref: x\n  - text: Homs\n");
        var after = new SourceText("meta: {}\n" + before.Text);
        var moved = after.Text.Length - before.Text.Length;
        var message = "'Aleppo' › Ḥalab \"q\" \\ \u0001 😀";
        var first = Diagnostic.Create(DiagnosticCatalog.RefNameMismatch, "/c/a.yaml", new TextSpan(10, 16), message);
        var other = Diagnostic.Create(DiagnosticCatalog.PlaceUnlinked, "/c/a.yaml", new TextSpan(40, 44), "'Homs' is not linked.");
        Diagnostic[] then = [first, other];
        // After the edit: the same messages moved (the same strings, as the analysis moves them), one of them under another
        // code and severity, and a message new to this publish.
        Diagnostic[] now =
        [
            first with { Span = new TextSpan(10 + moved, 16 + moved) },
            other with { Span = new TextSpan(40 + moved, 44 + moved), Descriptor = DiagnosticCatalog.RefNameMismatch, Severity = Severity.Error },
            Diagnostic.Create(DiagnosticCatalog.UnknownPlaceRef, "/c/a.yaml", new TextSpan(0, 4), "'x' is not in the gazetteer."),
            first with { Span = new TextSpan(1, 2) },
        ];
        var translator = new Translator(PositionEncoding.Utf8);
        var tails = new DiagnosticTails();
        using (PublishMessage.Write(translator, "/c/a.yaml", 1, before, then, new HashSet<string>(), out _, tails)) { }

        using var reused = PublishMessage.Write(translator, "/c/a.yaml", 2, after, now, new HashSet<string>(), out _, tails);
        using var fresh = PublishMessage.Write(translator, "/c/a.yaml", 2, after, now, new HashSet<string>(), out _);

        Assert.Equal(Encoding.UTF8.GetString(fresh.WrittenSpan), Encoding.UTF8.GetString(reused.WrittenSpan));
        var items = JsonDocument.Parse(reused.WrittenMemory).RootElement.GetProperty("params").GetProperty("diagnostics");
        Assert.Equal("CLS024", items[1].GetProperty("code").GetString());
        Assert.Equal(1, items[1].GetProperty("severity").GetInt32());
        Assert.Equal(message, items[3].GetProperty("message").GetString());
        // Another file's publish takes none of them: the same bytes as written afresh.
        using var elsewhere = PublishMessage.Write(translator, "/c/b.yaml", 2, after, now, new HashSet<string>(), out _, tails);
        using var elsewhereFresh = PublishMessage.Write(translator, "/c/b.yaml", 2, after, now, new HashSet<string>(), out _);
        Assert.True(elsewhere.WrittenSpan.SequenceEqual(elsewhereFresh.WrittenSpan));
    }

    [Fact]
    public async Task Publishing_2000_diagnostics_allocates_no_copy_of_the_message()
    {
        var lines = string.Concat(Enumerable.Range(0, 2000).Select(i => $"  - text: Aleppo Sector {i}\n    ref: geonames:170063\n"));
        var text = new SourceText("places:\n" + lines);
        var diagnostics = Enumerable.Range(0, 2000).Select(i =>
        {
            var at = text.Text.IndexOf($"Aleppo Sector {i}\n", StringComparison.Ordinal);
            return Diagnostic.Create(DiagnosticCatalog.RefNameMismatch, "/c/large.yaml", new TextSpan(at, at + 15),
                $"'Aleppo Sector {i}' is none of the names of Aleppo (geonames:170063, Syria › Aleppo). Check the reference.");
        }).ToArray();
        var translator = new Translator(PositionEncoding.Utf16);
        using var output = new MemoryStream(4 << 20);
        var rpc = new JsonRpcConnection(PipeReader.Create(new MemoryStream()), output);
        async Task Publish()
        {
            using var message = PublishMessage.Write(translator, "/c/large.yaml", 2, text, diagnostics, new HashSet<string>(), out _);
            await rpc.SendAsync(message);
        }
        await Publish(); // warm: JIT, the pool's arrays, the code descriptions
        output.SetLength(0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sent = Publish();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await sent;

        Assert.True(output.Length > 600_000, $"{output.Length} bytes sent");
        // Writing into a string or an array of its own (and copying that into the frame) allocated ~3.3 MB.
        Assert.True(allocated < 256 * 1024, $"{allocated / 1024} KB allocated for a {output.Length / 1024} KB message");
    }

    /// <summary>The serializer's default encoder escapes what the server's writer leaves as is (non-ASCII, apostrophes).</summary>
    private static string Relaxed(string json) =>
        JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
