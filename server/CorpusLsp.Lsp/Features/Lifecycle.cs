using System.Text.Json;
using CorpusLsp.Core.IO;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Lsp.Server;

public sealed partial class LanguageServer
{
    /// <summary>
    /// Standard token types, indexed by <see cref="Core.Services.TokenKind"/> (place, person, organisation, event, date), chosen
    /// so that VS Code's default themes draw each in its own colour (Light+ and Dark+: namespace teal, function
    /// yellow/brown, variable light/dark blue, keyword purple, number green); custom types get no colour from any theme.
    /// </summary>
    public static readonly string[] TokenTypes = ["namespace", "function", "variable", "keyword", "number"];
    public static readonly string[] TokenModifiers = ["unresolved"];

    private InitializeResult Initialize(InitializeParams p)
    {
        var caps = p.Capabilities;
        JsonElement? At(string[] path)
        {
            if (caps is not { } e) return null;
            foreach (var part in path)
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e)) return null;
            return e;
        }
        bool Has(params string[] path) => At(path) is { ValueKind: not (JsonValueKind.False or JsonValueKind.Null) };
        bool Lists(string[] path, string value) => At(path) is { ValueKind: JsonValueKind.Array } list
            && list.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == value);
        IEnumerable<string>? encodings = null;
        if (caps is { } cc && cc.TryGetProperty("general", out var g) && g.TryGetProperty("positionEncodings", out var pe) && pe.ValueKind == JsonValueKind.Array)
            encodings = pe.EnumerateArray().Select(x => x.GetString() ?? "").ToList();
        _translator = new Translator(Translator.Negotiate(encodings));
        _client = new ClientCapabilities(
            PullDiagnostics: Has("textDocument", "diagnostic"),
            DiagnosticRefresh: Has("workspace", "diagnostics", "refreshSupport"),
            DynamicWatchedFiles: Has("workspace", "didChangeWatchedFiles", "dynamicRegistration"),
            WorkDoneProgress: Has("window", "workDoneProgress"),
            Configuration: Has("workspace", "configuration"),
            ResolvesDocumentation: Lists(["textDocument", "completion", "completionItem", "resolveSupport", "properties"], "documentation"));

        var roots = (p.WorkspaceFolders ?? []).Select(f => Translator.ToPath(f.Uri)).ToList();
        if (roots.Count == 0 && p.RootUri is { } ru) roots.Add(Translator.ToPath(ru));
        else if (roots.Count == 0 && p.RootPath is { } rp) roots.Add(rp.Replace('\\', '/'));
        _workspace.SetRoots(roots);
        if (p.InitializationOptions is { ValueKind: JsonValueKind.Object } options) ApplySettings(options);
        _log.Information("initialize: roots {Roots}, encoding {Encoding}, client {@Client}", roots, Translator.EncodingName(_translator.Encoding), _client);

        return new InitializeResult(
            new ServerCapabilities(
                PositionEncoding: Translator.EncodingName(_translator.Encoding),
                TextDocumentSync: new TextDocumentSyncOptions(OpenClose: true, Change: 2, Save: new SaveOptions(false)),
                HoverProvider: true,
                CompletionProvider: new CompletionOptions([":", " ", "[", ",", "-"], ResolveProvider: true),
                DefinitionProvider: true,
                ReferencesProvider: true,
                DocumentSymbolProvider: true,
                WorkspaceSymbolProvider: true,
                CodeActionProvider: new CodeActionOptions(["quickfix", "refactor"]),
                SemanticTokensProvider: new SemanticTokensOptions(new SemanticTokensLegend(TokenTypes, TokenModifiers), Range: false, Full: true),
                InlayHintProvider: true,
                DiagnosticProvider: _client.PullDiagnostics ? new DiagnosticOptions("corpuslsp", InterFileDependencies: true, WorkspaceDiagnostics: true) : null,
                Workspace: new WorkspaceServerCapabilities(new WorkspaceFoldersServerCapabilities(true, false))),
            new ServerInfo("corpuslsp", _version));
    }

    private async Task InitializedAsync()
    {
        try
        {
            if (_client.DynamicWatchedFiles)
                await _rpc.RequestAsync("client/registerCapability", new RegistrationParams([
                    new Registration("corpuslsp-watch", "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions([
                        new FileSystemWatcher("**/corpus.yaml", null), new FileSystemWatcher("**/*.txt", null),
                        new FileSystemWatcher("**/*.yaml", null), new FileSystemWatcher("**/*.yml", null)]))]),
                    LspJsonContext.Default.RegistrationParams).ConfigureAwait(false);
            await PullConfigurationAsync().ConfigureAwait(false);
            await IndexAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Initialization after 'initialized' failed");
            await LogToClientAsync(1, $"corpuslsp: indexing failed: {ex.Message}").ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Loads every corpus of the workspace with work-done progress, then reports their diagnostics.</summary>
    private async Task IndexAsync()
    {
        const string token = "corpuslsp-index";
        var progress = false;
        if (_client.WorkDoneProgress)
        {
            try
            {
                await _rpc.RequestAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), LspJsonContext.Default.WorkDoneProgressCreateParams).ConfigureAwait(false);
                progress = true;
            }
            catch (Exception ex) { _log.Warning("Progress refused: {Message}", ex.Message); }
        }
        async Task Report(string kind, string? message, int? percentage) {
            if (progress) await _rpc.NotifyAsync("$/progress", new ProgressParams(token, new WorkDoneProgressValue(kind, kind == "begin" ? "Indexing corpus" : null, message, percentage)), LspJsonContext.Default.ProgressParams).ConfigureAwait(false);
        }
        await Report("begin", "loading gazetteer", 0).ConfigureAwait(false);
        await NotifyStatus("indexing", 0, 0, 0, null).ConfigureAwait(false);
        var corpora = _workspace.DiscoverCorpora();
        var started = DateTime.UtcNow;
        var files = 0;
        var entries = 0;
        var names = 0;
        for (var i = 0; i < corpora.Count; i++)
        {
            var loading = _workspace.SnapshotAsync(corpora[i]);
            // While the corpus loads: what it has read so far (a gazetteer dump is parsed as it is read) when that moved, else
            // every second how long it has been indexing what it read.
            var (lastFiles, lastBytes) = _workspace.ReadSoFar;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            while (await Task.WhenAny(loading, Task.Delay(ProgressInterval)).ConfigureAwait(false) != loading)
            {
                var (readFiles, readBytes) = _workspace.ReadSoFar;
                var moved = readBytes != lastBytes || readFiles != lastFiles;
                if (!moved && clock.Elapsed - lastReport < TimeSpan.FromSeconds(1)) continue;
                (lastFiles, lastBytes, lastReport) = (readFiles, readBytes, clock.Elapsed);
                var what = $"{PathUtil.FileName(corpora[i])}: {readBytes / 1e6:0.0} MB read from {readFiles} files";
                await Report("report", moved ? what : $"{what}, indexing ({clock.Elapsed.TotalSeconds:0} s)", i * 100 / corpora.Count).ConfigureAwait(false);
            }
            var snapshot = await loading.ConfigureAwait(false);
            await Report("report", $"{corpora[i]}: {snapshot.Gazetteer.Count:N0} places, {snapshot.Files.Count} files", (i + 1) * 100 / Math.Max(1, corpora.Count)).ConfigureAwait(false);
            files += snapshot.Files.Count;
            entries += snapshot.Gazetteer.Count;
            names += snapshot.Gazetteer.NameCount;
        }
        // Start-up compilation is a large part of the first answers (issue 19); the log says how much there was.
        _log.Information("Indexed {Count} corpora, {Files} files, {Entries} places in {Ms} ms ({Jitted} methods compiled in {JitMs} ms since start)",
            corpora.Count, files, entries, (DateTime.UtcNow - started).TotalMilliseconds,
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
        await Report("end", $"{files} files, {entries:N0} places", null).ConfigureAwait(false);
        await NotifyStatus("ready", files, entries, names, null).ConfigureAwait(false);
        await LogToClientAsync(3, $"corpuslsp: indexed {corpora.Count} corpus(es), {files} files, {entries:N0} gazetteer entries.").ConfigureAwait(false);
        await PublishAllAsync().ConfigureAwait(false);
        Compact();
    }

    /// <summary>
    /// Once indexing has analysed and published every pair, most of what it allocated is garbage the runtime would keep
    /// mapped until a later full collection (a 10,000-pair corpus: ~280 MB live in ~800 MB resident). One compacting
    /// collection returns it; it runs once per indexing, after the last publish, not while requests wait on a load.
    /// </summary>
    private void Compact()
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _log.Information("After indexing: heap {Before} -> {After} MB in {Ms} ms", before / 1_000_000, GC.GetTotalMemory(forceFullCollection: false) / 1_000_000, clock.ElapsedMilliseconds);
    }

    private Task NotifyStatus(string state, int files, int entries, int names, string? message) =>
        _rpc.NotifyAsync("corpuslsp/status", new CorpusStatusParams(state, files, entries, names, message), LspJsonContext.Default.CorpusStatusParams);

    /// <summary>Returns whether the gazetteer files changed, so that the corpora must be indexed again.</summary>
    private async Task<bool> PullConfigurationAsync()
    {
        if (!_client.Configuration) return false;
        try
        {
            // Applied on the message loop when the answer arrives, like settings pushed in a notification: in order.
            var reindex = false;
            await _rpc.RequestAsync("workspace/configuration", new ConfigurationParams([new ConfigurationItem(null, "corpuslsp")]), LspJsonContext.Default.ConfigurationParams,
                applyOnLoop: result => reindex = result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0 && ApplySettings(result[0])).ConfigureAwait(false);
            return reindex;
        }
        catch (Exception ex) { _log.Warning("workspace/configuration failed: {Message}", ex.Message); }
        return false;
    }

    private bool ApplySettings(JsonElement settings)
    {
        if (settings.ValueKind != JsonValueKind.Object) return false;
        if (settings.TryGetProperty("corpuslsp", out var nested) && nested.ValueKind == JsonValueKind.Object) settings = nested;
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        if (settings.TryGetProperty("diagnostics", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("disabled", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var code in list.EnumerateArray()) if (code.GetString() is { } s) disabled.Add(s);
        _settings = new Settings(disabled);
        var extra = new List<string>();
        if (settings.TryGetProperty("gazetteer", out var gz) && gz.ValueKind == JsonValueKind.Object && gz.TryGetProperty("extraFiles", out var files) && files.ValueKind == JsonValueKind.Array)
            foreach (var f in files.EnumerateArray()) if (f.GetString() is { Length: > 0 } s) extra.Add(s);
        var reindex = _workspace.SetExtraGazetteerFiles(extra);
        if (reindex) _log.Information("Extra gazetteer files: {Files}", extra);
        _log.Information("Settings: disabled {Codes}", disabled);
        return reindex;
    }

    private Task DidChangeConfigurationAsync(DidChangeConfigurationParams p)
    {
        var settings = p.Settings is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("corpuslsp", out _) ? s.Clone() : (JsonElement?)null;
        // Settings given here change the state now, on the message loop, in order with document changes.
        bool? applied = settings is { } given ? ApplySettings(given) : null;
        // Reindexing and asking the client (a request whose answer this loop reads) happen off the loop.
        _ = Task.Run(async () =>
        {
            try
            {
                var reindex = applied ?? await PullConfigurationAsync().ConfigureAwait(false);
                if (reindex) await IndexAsync().ConfigureAwait(false);
                else await PublishAllAsync().ConfigureAwait(false);
            }
            catch (Exception ex) { _log.Error(ex, "Applying configuration failed"); }
        });
        return Task.CompletedTask;
    }
}
