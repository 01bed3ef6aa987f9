using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.JsonRpc;
using CorpusLsp.Lsp.Protocol;
using Serilog;

namespace CorpusLsp.Lsp.Server;

/// <summary>
/// The LSP server. Document notifications are applied in order on the message loop; requests run
/// concurrently against the snapshot current when they arrive. Handlers are thin: read the snapshot,
/// call Core, convert with the <see cref="Translator"/> (see Features/).
/// </summary>
public sealed partial class LanguageServer
{
    private enum State { Uninitialized, Initialized, ShutDown }

    private readonly JsonRpcConnection _rpc;
    private readonly Workspace _workspace;
    private readonly ILogger _log;
    /// <summary>Requests in flight, by the raw JSON of their id.</summary>
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    /// <summary>The request a handler runs for: its captured view and cancellation.</summary>
    private readonly AsyncLocal<RequestScope?> _scope = new();

    /// <summary>How long a request waits for a snapshot in the making before it answers from the last finished one.</summary>
    private static readonly TimeSpan LoadWait = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, Func<JsonElement?, CancellationToken, Task<(object? Result, JsonTypeInfo? Type)>>> _requests;
    private readonly CancellationTokenSource _lifetime = new();
    private State _state = State.Uninitialized;
    private Translator _translator = new(PositionEncoding.Utf16);
    private ClientCapabilities _client = ClientCapabilities.None;
    private Settings _settings = Settings.Default;
    private readonly string _version;

    public LanguageServer(PipeReader input, Stream output, IFileSystem disk, ILogger log, string version, Core.Gazetteer.IGazetteerCache? cache = null)
    {
        _rpc = new JsonRpcConnection(input, output);
        _rpc.Log += m => _log?.Warning("{Message}", m);
        _workspace = new Workspace(disk, cache);
        _log = log;
        _version = version;
        _requests = new()
        {
            ["textDocument/hover"] = (p, ct) => Handle(p, LspJsonContext.Default.TextDocumentPositionParams, ct, Hover, LspJsonContext.Default.Hover),
            ["textDocument/completion"] = (p, ct) => Handle(p, LspJsonContext.Default.CompletionParams, ct, Completion, LspJsonContext.Default.CompletionList),
            ["completionItem/resolve"] = (p, ct) => Handle(p, LspJsonContext.Default.CompletionItem, ct, ResolveCompletion, LspJsonContext.Default.CompletionItem),
            ["textDocument/definition"] = (p, ct) => Handle(p, LspJsonContext.Default.TextDocumentPositionParams, ct, Definition, LspJsonContext.Default.LocationArray),
            ["textDocument/references"] = (p, ct) => Handle(p, LspJsonContext.Default.ReferenceParams, ct, References, LspJsonContext.Default.LocationArray),
            ["textDocument/documentSymbol"] = (p, ct) => Handle(p, LspJsonContext.Default.DocumentSymbolParams, ct, DocumentSymbols, LspJsonContext.Default.DocumentSymbolArray),
            ["workspace/symbol"] = (p, ct) => Handle(p, LspJsonContext.Default.WorkspaceSymbolParams, ct, WorkspaceSymbols, LspJsonContext.Default.SymbolInformationArray),
            ["textDocument/codeAction"] = (p, ct) => Handle(p, LspJsonContext.Default.CodeActionParams, ct, CodeActions, LspJsonContext.Default.CodeActionArray),
            ["textDocument/semanticTokens/full"] = (p, ct) => Handle(p, LspJsonContext.Default.SemanticTokensParams, ct, SemanticTokensFull, LspJsonContext.Default.SemanticTokens),
            ["textDocument/inlayHint"] = (p, ct) => Handle(p, LspJsonContext.Default.InlayHintParams, ct, InlayHints, LspJsonContext.Default.InlayHintArray),
            ["textDocument/diagnostic"] = (p, ct) => Handle(p, LspJsonContext.Default.DocumentDiagnosticParams, ct, DocumentDiagnostics, LspJsonContext.Default.FullDocumentDiagnosticReport),
            ["workspace/diagnostic"] = (p, ct) => Handle(p, LspJsonContext.Default.WorkspaceDiagnosticParams, ct, WorkspaceDiagnostics, LspJsonContext.Default.WorkspaceDiagnosticReport),
            ["corpuslsp/documentText"] = (p, ct) => Handle(p, LspJsonContext.Default.DocumentTextParams, ct, DocumentText, LspJsonContext.Default.DocumentTextResult),
            ["corpuslsp/fileInfo"] = (p, ct) => Handle(p, LspJsonContext.Default.FileInfoParams, ct, FileInfo, LspJsonContext.Default.FileInfoResult),
            ["corpuslsp/placeLocation"] = (p, ct) => Handle(p, LspJsonContext.Default.TextDocumentPositionParams, ct, PlaceLocation, LspJsonContext.Default.PlaceLocationResult),
            ["corpuslsp/annotateActions"] = (p, ct) => Handle(p, LspJsonContext.Default.AnnotateParams, ct, AnnotateActions, LspJsonContext.Default.AnnotateActionArray),
            ["corpuslsp/mapTimeline"] = (p, ct) => Handle(p, MapTimelineJsonContext.Default.MapTimelineParams, ct, MapTimeline, MapTimelineJsonContext.Default.MapTimelineResult),
        };
    }

    /// <summary>Runs until `exit` or the end of input. Returns the process exit code (0 after shutdown, 1 otherwise).</summary>
    public async Task<int> RunAsync()
    {
        await _rpc.RunAsync(DispatchAsync, _lifetime.Token).ConfigureAwait(false);
        return _state == State.ShutDown ? 0 : 1;
    }

    private async Task DispatchAsync(IncomingMessage message)
    {
        // From here to the request's task: the message loop's part of its wait (its snapshot and texts captured under the
        // workspace's lock; issue 19, a hover's p99 beside background work).
        var received = Stopwatch.GetTimestamp();
        try
        {
            if (message.Id is not { } id) { await NotificationAsync(message).ConfigureAwait(false); return; }
            switch (message.Method)
            {
                case "initialize":
                    if (_state != State.Uninitialized) { await _rpc.SendErrorAsync(id, ErrorCodes.InvalidRequest, "initialize was already called.").ConfigureAwait(false); return; }
                    var result = Initialize(Deserialize(message.Params, LspJsonContext.Default.InitializeParams));
                    _state = State.Initialized;
                    await _rpc.SendResultAsync(id, result, LspJsonContext.Default.InitializeResult).ConfigureAwait(false);
                    return;
                case "shutdown":
                    _state = State.ShutDown;
                    await _rpc.SendResultAsync(id, null, null).ConfigureAwait(false);
                    return;
            }
            if (_state == State.Uninitialized) { await _rpc.SendErrorAsync(id, ErrorCodes.ServerNotInitialized, $"'{message.Method}' before initialize.").ConfigureAwait(false); return; }
            if (_state == State.ShutDown) { await _rpc.SendErrorAsync(id, ErrorCodes.InvalidRequest, $"'{message.Method}' after shutdown.").ConfigureAwait(false); return; }
            if (!_requests.TryGetValue(message.Method, out var handler))
            {
                await _rpc.SendErrorAsync(id, ErrorCodes.MethodNotFound, $"Unknown method '{message.Method}'.").ConfigureAwait(false);
                return;
            }
            // The raw JSON of the id: 1 and "1" are two requests.
            var key = id.GetRawText();
            var cts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            var document = DocumentOf(message.Params);
            // The snapshot and texts the request works on are taken here, on the message loop, in order with the changes.
            var view = document is null ? null : _workspace.Capture(document);
            var running = new Running(cts);
            _running[key] = running;
            var versionAtStart = view?.Open?.Version;
            var queuedAt = Stopwatch.GetTimestamp();
            var dispatchMs = Stopwatch.GetElapsedTime(received, queuedAt).TotalMilliseconds;
            var pausedBefore = GC.GetTotalPauseDuration();
            var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            // The background's corpus-wide loops step aside until the answer is sent (see BackgroundScheduler.Pause).
            var pause = BackgroundScheduler.Pause.Hold();
            _ = Task.Run(async () =>
            {
                var queuedMs = (long)Stopwatch.GetElapsedTime(queuedAt).TotalMilliseconds;
                _scope.Value = new RequestScope(view, cts.Token);
                var clock = Stopwatch.StartNew();
                var outcome = "failed";
                try
                {
                    // Answered from the texts captured above even when the document has changed since: the answer is about
                    // the version the client asked about, and a client that no longer wants it cancels it (LSP 3.17 on
                    // ContentModified). Refused as stale, a completion vanished in VS Code while the user typed on.
                    var (value, type) = await handler(message.Params, cts.Token).ConfigureAwait(false);
                    cts.Token.ThrowIfCancellationRequested();
                    outcome = "answered";
                    await _rpc.SendResultAsync(id, value, type).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    outcome = "cancelled";
                    await _rpc.SendErrorAsync(id, ErrorCodes.RequestCancelled, "Request cancelled.").ConfigureAwait(false);
                }
                catch (NotLoadedException)
                {
                    outcome = "corpus still loading";
                    await AnswerWhileLoadingAsync(id, message.Method).ConfigureAwait(false);
                }
                catch (JsonRpcException ex)
                {
                    outcome = $"error {ex.Code}";
                    await _rpc.SendErrorAsync(id, ex.Code, ex.Message).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _log.Error(ex, "Request {Method} failed", message.Method);
                    await _rpc.SendErrorAsync(id, ErrorCodes.InternalError, $"{message.Method} failed: {ex.Message}").ConfigureAwait(false);
                }
                finally
                {
                    // One line per request: what a flaky editor test needs to tell a slow answer from a dropped one.
                    _log.Debug("{Method} {Id} {Outcome} in {Ms} ms after {Dispatch:0.0} ms dispatching and {Queued} ms queued (version {Version}; pool {Threads} threads, {Pending} pending; GC paused {Paused} ms meanwhile in {Gen0}/{Gen1}/{Gen2} collections{LastCollection})",
                        message.Method, key, outcome, clock.ElapsedMilliseconds, dispatchMs, queuedMs, versionAtStart, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, (long)(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds,
                        GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3,
                        GC.CollectionCount(0) == collectionsBefore.Item1 || !_log.IsEnabled(Serilog.Events.LogEventLevel.Debug) ? "" : LastCollection());
                    _running.TryRemove(new KeyValuePair<string, Running>(key, running));
                    cts.Dispose();
                    pause.Dispose();
                }
            });
        }
        catch (JsonRpcException ex) when (message.Id is { } id)
        {
            await _rpc.SendErrorAsync(id, ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nothing a client sends may bring the server down.
            _log.Error(ex, "Message {Method} failed", message.Method);
            if (message.Id is { } id) await _rpc.SendErrorAsync(id, ErrorCodes.InternalError, ex.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The last collection, for a request that waited on one: its generation, what it kept and how the large object heap
    /// moved (what started it: a young generation filled, or the large object heap's budget; issue 19).
    /// </summary>
    private static string LastCollection()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var generations = info.GenerationInfo;
        var large = generations.Length > 3 ? $", large objects {generations[3].SizeBeforeBytes >> 20} -> {generations[3].SizeAfterBytes >> 20} MB" : "";
        return $"; the last: gen {info.Generation}{(info.Compacted ? " compacting" : "")}, {info.PromotedBytes >> 20} MB promoted, heap {info.HeapSizeBytes >> 20} MB{large}";
    }

    private async Task NotificationAsync(IncomingMessage message)
    {
        if (message.Method == "exit") { _lifetime.Cancel(); return; }
        if (_state != State.Initialized) return; // the spec says: drop notifications before initialize, and after shutdown
        switch (message.Method)
        {
            case "initialized": _ = Task.Run(InitializedAsync); break;
            case "$/cancelRequest":
                var cancel = Deserialize(message.Params, LspJsonContext.Default.CancelParams);
                if (_running.TryGetValue(cancel.Id.GetRawText(), out var running)) running.Cancel();
                break;
            case "textDocument/didOpen": DidOpen(Deserialize(message.Params, LspJsonContext.Default.DidOpenTextDocumentParams)); break;
            case "textDocument/didChange": DidChange(Deserialize(message.Params, LspJsonContext.Default.DidChangeTextDocumentParams)); break;
            case "textDocument/didClose": DidClose(Deserialize(message.Params, LspJsonContext.Default.DidCloseTextDocumentParams)); break;
            case "textDocument/didSave": break; // the buffer is already current
            case "workspace/didChangeWatchedFiles": DidChangeWatchedFiles(Deserialize(message.Params, LspJsonContext.Default.DidChangeWatchedFilesParams)); break;
            case "workspace/didChangeConfiguration": await DidChangeConfigurationAsync(Deserialize(message.Params, LspJsonContext.Default.DidChangeConfigurationParams)).ConfigureAwait(false); break;
            default: _log.Debug("Ignored notification {Method}", message.Method); break;
        }
    }

    private sealed record RequestScope(RequestView? View, CancellationToken Token);

    private sealed class Running(CancellationTokenSource cts)
    {
        public void Cancel()
        {
            try { cts.Cancel(); } catch (ObjectDisposedException) { /* it has just finished */ }
        }
    }

    /// <summary>No snapshot of the corpus has finished loading yet (a cold gazetteer build): nothing to answer from.</summary>
    private sealed class NotLoadedException() : Exception("The corpus is still loading.");

    /// <summary>
    /// While a corpus loads for the first time: completion says "incomplete" (the client asks again as the user types),
    /// hover says nothing, other requests answer ContentModified (clients retry or drop them quietly).
    /// </summary>
    private Task AnswerWhileLoadingAsync(JsonElement id, string method) => method switch
    {
        "textDocument/completion" => _rpc.SendResultAsync(id, new CompletionList(true, []), LspJsonContext.Default.CompletionList),
        "textDocument/hover" => _rpc.SendResultAsync(id, null, null),
        _ => _rpc.SendErrorAsync(id, ErrorCodes.ContentModified, "The corpus is still loading; ask again when indexing ends."),
    };

    /// <summary>The document a request is about, when its params name one.</summary>
    private static string? DocumentOf(JsonElement? raw) =>
        raw is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("textDocument", out var td) && td.ValueKind == JsonValueKind.Object
        && td.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String ? Translator.ToPath(uri.GetString()!) : null;

    private static T Deserialize<T>(JsonElement? element, JsonTypeInfo<T> type)
    {
        if (element is not { } e) throw new JsonRpcException(ErrorCodes.InvalidParams, "Missing params.");
        try { return e.Deserialize(type) ?? throw new JsonRpcException(ErrorCodes.InvalidParams, "Null params."); }
        catch (JsonException ex) { throw new JsonRpcException(ErrorCodes.InvalidParams, $"Invalid params: {ex.Message}"); }
    }

    private static async Task<(object?, JsonTypeInfo?)> Handle<TParams, TResult>(JsonElement? raw, JsonTypeInfo<TParams> paramType, CancellationToken ct,
        Func<TParams, CancellationToken, Task<TResult?>> handler, JsonTypeInfo<TResult> resultType)
    {
        var p = Deserialize(raw, paramType);
        // Every handler reads textDocument.uri: without it the request is invalid, whatever the handler would make of a null.
        if (paramType.Properties.Any(x => x.Name == "textDocument") && DocumentOf(raw) is null)
            throw new JsonRpcException(ErrorCodes.InvalidParams, "textDocument.uri is missing or not a string.");
        var result = await handler(p, ct).ConfigureAwait(false);
        return (result, resultType);
    }

    private Task LogToClientAsync(int type, string message) =>
        _rpc.NotifyAsync("window/logMessage", new LogMessageParams(type, message), LspJsonContext.Default.LogMessageParams);

    /// <summary>
    /// Path and text of a document, for conversions: the open buffer or the snapshot's text, else the disk, read like the
    /// corpus's own files (inside its folder, regular files only, bounded).
    /// </summary>
    private SourceText? TextFor(CorpusSnapshot snapshot, string path) =>
        // The snapshot's own text first: offsets computed on it must be converted with it, not with a newer buffer.
        snapshot.TextOf(path) ?? _workspace.GetOpen(path)?.Text
        ?? (new ConfinedFileSystem(_workspace.View, snapshot.Root).ReadAllBytes(path) is { } b && b.Length < (16 << 20) ? SourceText.DecodeUtf8(b, out _) : null);
}

/// <summary>What the client said it can do, reduced to what changes our behaviour.</summary>
/// <param name="ResolvesDocumentation">Completion items may come without documentation, asked for with `completionItem/resolve` when shown.</param>
public sealed record ClientCapabilities(bool PullDiagnostics, bool DiagnosticRefresh, bool DynamicWatchedFiles, bool WorkDoneProgress, bool Configuration,
    bool ResolvesDocumentation = false)
{
    public static readonly ClientCapabilities None = new(false, false, false, false, false);
}

public sealed record Settings(IReadOnlySet<string> DisabledCodes)
{
    public static readonly Settings Default = new(new HashSet<string>());
}
