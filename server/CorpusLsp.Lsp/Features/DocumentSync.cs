using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Lsp.Server;

public sealed partial class LanguageServer
{
    private void DidOpen(DidOpenTextDocumentParams p)
    {
        var path = Translator.ToPath(p.TextDocument.Uri);
        var text = new SourceText(p.TextDocument.Text);
        _workspace.Open(path, p.TextDocument.Version, text);
        // Queued, not awaited: loading the corpus must not hold up the message loop.
        _ = _workspace.UpdateAsync(path, text);
        SchedulePublish(path);
    }

    /// <summary>Applies incremental edits in order. An edit past the end clamps to it; a skipped version is logged, not fatal.</summary>
    private void DidChange(DidChangeTextDocumentParams p)
    {
        var path = Translator.ToPath(p.TextDocument.Uri);
        var doc = _workspace.GetOpen(path);
        if (doc is null)
        {
            _log.Warning("didChange for {Path}, which is not open; ignored", path);
            return;
        }
        if (p.TextDocument.Version != doc.Version + 1)
            _log.Warning("didChange for {Path}: version {Version} after {Previous}", path, p.TextDocument.Version, doc.Version);
        var text = doc.Text;
        foreach (var change in p.ContentChanges)
        {
            if (change.Range is null) { text = new SourceText(change.Text); continue; }
            var span = _translator.ToSpan(text, change.Range);
            text = new SourceText(string.Concat(text.Text.AsSpan(0, span.Start), change.Text, text.Text.AsSpan(span.End)));
        }
        _workspace.Open(path, p.TextDocument.Version, text);
        _log.Debug("didChange {Path} version {Version}", path, p.TextDocument.Version);
        // Queued, not awaited: loading the corpus must not hold up the message loop. A pushed publish of the typed file
        // starts the background count after its own diagnostics (a pulling client's requests come in their own time).
        _ = _workspace.UpdateAsync(path, text, warmLater: !_client.PullDiagnostics);
        ScheduleTyped(path);
    }

    private Task<DocumentTextResult?> DocumentText(DocumentTextParams p, CancellationToken ct)
    {
        var doc = _workspace.GetOpen(Translator.ToPath(p.TextDocument.Uri));
        return Task.FromResult(doc is null ? null : new DocumentTextResult(doc.Text.Text, doc.Version));
    }

    private void DidClose(DidCloseTextDocumentParams p)
    {
        var path = Translator.ToPath(p.TextDocument.Uri);
        _workspace.Close(path);
        // The file on disk is the truth again (the buffer may have been discarded).
        _ = _workspace.UpdateAsync(path, null);
        SchedulePublish(path);
    }

    private void DidChangeWatchedFiles(DidChangeWatchedFilesParams p)
    {
        foreach (var change in p.Changes)
        {
            var path = Translator.ToPath(change.Uri);
            if (_workspace.GetOpen(path) is not null) continue; // the editor's buffer wins over the disk
            // 1 created, 2 changed, 3 deleted: each is read again from the disk (a deleted file reads as gone).
            _ = _workspace.UpdateAsync(path, null);
            _log.Information("Watched file {Type}: {Path}", change.Type, path);
        }
        // Off the message loop: publishing may send requests to the client, whose answers this loop must read.
        _ = Task.Run(PublishAllAsync);
    }
}
