using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CorpusLsp.Lsp.JsonRpc;
using CorpusLsp.Lsp.Protocol;
using LspRange = CorpusLsp.Lsp.Protocol.Range;

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
        var diagnostic = new LspDiagnostic(new LspRange(new Position(0, 0), new Position(0, 1)), 2, "CLS024", "corpuslsp", message, null, null);
        var json = JsonRpcConnection.ToJson(new PublishDiagnosticsParams("file:///a.yaml", 1, [diagnostic]), LspJsonContext.Default.PublishDiagnosticsParams);

        await rpc.NotifyAsync("textDocument/publishDiagnostics", json);

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
}
