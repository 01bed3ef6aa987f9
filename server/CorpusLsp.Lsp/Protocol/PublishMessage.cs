using System.Runtime.CompilerServices;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.JsonRpc;

namespace CorpusLsp.Lsp.Protocol;

/// <summary>The textDocument/publishDiagnostics notification, as the server sends it.</summary>
public static class PublishMessage
{
    /// <summary>
    /// The notification of one file, written from Core's diagnostics into a pooled buffer: the same JSON as serializing
    /// <see cref="PublishDiagnosticsParams"/> with <see cref="LspJsonContext"/>, without those objects, a string or an array of
    /// its own (~730 KB for 2,000 diagnostics, on the large object heap; issue 19). The caller disposes the buffer.
    /// </summary>
    /// <param name="tails">What the file's publish before wrote after each range, to take instead of writing it again (the
    /// caller's alone while this runs); the same bytes either way.</param>
    public static PooledBuffer Write(Translator translator, string path, int? version, SourceText? text, IEnumerable<Diagnostic> diagnostics,
        IReadOnlySet<string> disabledCodes, out int count, DiagnosticTails? tails = null)
    {
        tails?.Begin(path);
        var state = (Uri: Translator.ToUri(path), Version: version, Text: text, Diagnostics: diagnostics, Disabled: disabledCodes, Translator: translator, Count: new StrongBox<int>(), Tails: tails);
        var message = JsonRpcConnection.Notification("textDocument/publishDiagnostics", state, static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("uri", s.Uri);
            if (s.Version is { } v) w.WriteNumber("version", v);
            w.WritePropertyName("diagnostics");
            s.Count.Value = s.Translator.WriteDiagnostics(w, s.Text, s.Diagnostics, s.Disabled, s.Tails);
            w.WriteEndObject();
        });
        tails?.End();
        count = state.Count.Value;
        return message;
    }
}
