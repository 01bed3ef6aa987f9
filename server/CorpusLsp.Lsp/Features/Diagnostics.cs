using System.Collections.Concurrent;
using System.Security.Cryptography;
using CorpusLsp.Lsp.JsonRpc;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Lsp.Server;

public sealed partial class LanguageServer
{
    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    /// <summary>What was last published per file (the SHA-256 of the message, version and diagnostics): the same is never sent twice.</summary>
    private readonly Dictionary<string, byte[]> _published = new(StringComparer.Ordinal);
    /// <summary>Per file, the ticket of the last message sent and the snapshot it was made from (see <see cref="PublishOneAsync"/>).</summary>
    private readonly Dictionary<string, (long Ticket, WeakReference<CorpusSnapshot> From)> _sentFrom = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private long _tickets;
    private int _publishing;
    /// <summary>Files typed in whose diagnostics are not computed yet (see <see cref="ScheduleTyped"/>).</summary>
    private readonly ConcurrentDictionary<string, byte> _typed = new(StringComparer.Ordinal);
    private int _typing;
    /// <summary>The JSON of the typed file's last publish after each range (taken by the publish that uses it; null meanwhile).</summary>
    private DiagnosticTails? _typedTails = new();

    /// <summary>
    /// Marks a file for re-publishing and starts a publisher if none runs. No fixed debounce: edits that
    /// arrive while a pass runs are coalesced into the next pass.
    /// </summary>
    private void SchedulePublish(string path)
    {
        _dirty[path] = 0;
        if (Interlocked.CompareExchange(ref _publishing, 1, 0) != 0) return;
        _ = Task.Run(async () =>
        {
            try
            {
                while (!_dirty.IsEmpty)
                {
                    var batch = _dirty.Keys.ToList();
                    foreach (var p in batch) _dirty.TryRemove(p, out _);
                    await PublishAsync(batch, affectedOnly: true).ConfigureAwait(false);
                }
            }
            catch (Exception ex) { _log.Error(ex, "Publishing diagnostics failed"); }
            finally
            {
                Volatile.Write(ref _publishing, 0);
                if (!_dirty.IsEmpty) SchedulePublish(_dirty.Keys.First());
            }
        });
    }

    /// <summary>
    /// Publishes a file typed in on a lane of its own, at normal priority (<see cref="BackgroundScheduler.Editing"/>), then
    /// schedules what depends on it (its pair, the other open documents) on the background lane. In one lane with them, the
    /// next edit's publish waited for the pair's diagnostics of the edit before, at the background's lower priority.
    /// </summary>
    private void ScheduleTyped(string path)
    {
        if (_client.PullDiagnostics) { SchedulePublish(path); return; }
        _typed[path] = 0;
        if (Interlocked.CompareExchange(ref _typing, 1, 0) != 0) return;
        _ = Task.Run(async () =>
        {
            try
            {
                while (!_typed.IsEmpty)
                    foreach (var p in _typed.Keys.ToList())
                    {
                        _typed.TryRemove(p, out _);
                        var ticket = Interlocked.Increment(ref _tickets);
                        await PublishOneAsync(p, await SnapshotToPublishAsync(p).ConfigureAwait(false), ticket, typed: true, 0).ConfigureAwait(false);
                        SchedulePublish(p);
                    }
            }
            catch (Exception ex) { _log.Error(ex, "Publishing diagnostics failed"); }
            finally
            {
                Volatile.Write(ref _typing, 0);
                if (!_typed.IsEmpty) ScheduleTyped(_typed.Keys.First());
            }
        });
    }

    private async Task PublishAllAsync()
    {
        var paths = new List<string>();
        foreach (var task in _workspace.AllSnapshots)
        {
            var s = await task.ConfigureAwait(false);
            paths.AddRange(s.Files.Keys);
            if (s.Config.ConfigPath is { } c) paths.Add(c);
            paths.AddRange(s.Config.Overlays.Select(o => o.Path));
            paths.AddRange(s.GazetteerDiagnostics.Select(d => d.Path));
        }
        lock (_published) paths.AddRange(_published.Keys);
        // What the pass costs the requests answered meanwhile (issue 19: steady hovers ran beside it): its length, what the
        // process allocated and the collections it paid.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (allocated, paused) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var distinct = paths.Distinct().ToList();
        await PublishAsync(distinct, affectedOnly: false).ConfigureAwait(false);
        _log.Information("Published {Files} files in {Ms} ms: {Allocated} MB allocated, collections {Gen0}/{Gen1}/{Gen2}, paused {Paused} ms",
            distinct.Count, clock.ElapsedMilliseconds, (GC.GetTotalAllocatedBytes() - allocated) >> 20, GC.CollectionCount(0) - collections.Item1,
            GC.CollectionCount(1) - collections.Item2, GC.CollectionCount(2) - collections.Item3, (long)(GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
    }

    /// <summary>Publishes (push) or asks the client to pull again, for the given files and the files that depend on them.</summary>
    private async Task PublishAsync(IReadOnlyList<string> paths, bool affectedOnly)
    {
        if (_client.PullDiagnostics)
        {
            // Not awaited: the answer arrives on the message loop, which may be the caller.
            if (_client.DiagnosticRefresh)
                _ = _rpc.RequestAsync<object?>("workspace/diagnostic/refresh", null, LspJsonContext.Default.Object!)
                    .ContinueWith(t => _log.Debug("refresh: {Message}", t.Exception?.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
            return;
        }
        var entered = System.Diagnostics.Stopwatch.GetTimestamp();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            targets.Add(path);
            if (!affectedOnly) continue;
            var snapshot = await SnapshotToPublishAsync(path).ConfigureAwait(false);
            // An article's diagnostics live in its sidecar; a sidecar decides whether its article is annotated.
            if (snapshot.SidecarOf(path) is { } sidecar) targets.Add(sidecar);
            if (snapshot.Pairs.GetValueOrDefault(path) is { } article) targets.Add(article);
            foreach (var open in _workspace.OpenDocuments) targets.Add(open.Path);
        }
        // The files changed first: the editor waits on the one typed in, and its pair's diagnostics follow.
        var changed = affectedOnly ? paths.ToHashSet(StringComparer.Ordinal) : [];
        foreach (var path in targets.OrderBy(p => changed.Contains(p) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal))
        {
            var ticket = Interlocked.Increment(ref _tickets);
            await PublishOneAsync(path, await SnapshotToPublishAsync(path).ConfigureAwait(false), ticket, typed: false, entered).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Computes and sends one file's diagnostics from <paramref name="snapshot"/>. Two lanes publish (the typed file's and the
    /// background's): a ticket drawn before the snapshot was taken orders them, so a message made from an older snapshot is
    /// never sent after one made from a newer; the background lane skips a file the typed lane published from the same snapshot.
    /// </summary>
    private async Task PublishOneAsync(string path, CorpusSnapshot snapshot, long ticket, bool typed, long entered)
    {
        var open = _workspace.GetOpen(path);
        // The version we label diagnostics with must be the one they were computed from: when the buffer moved on
        // since this snapshot, skip; the change that moved it has scheduled the next pass.
        if (open is not null && snapshot.Files.ContainsKey(path) && !ReferenceEquals(snapshot.TextOf(path), open.Text)) return;
        if (!typed && SentFrom(path, snapshot)) return;
        // Computed off the thread pool: a 10 MB article's diagnostics take seconds, and requests must not queue behind them.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ran = 0L;
        var (message, count) = await (typed ? BackgroundScheduler.Editing : BackgroundScheduler.Shared).Run(() =>
        {
            ran = System.Diagnostics.Stopwatch.GetTimestamp();
            // The file typed in gets most of its diagnostics again, moved: their JSON after the range is taken from its last publish.
            var tails = typed ? Interlocked.Exchange(ref _typedTails, null) : null;
            try
            {
                var written = PublishMessage.Write(_translator, path, open?.Version, TextFor(snapshot, path), snapshot.DiagnosticsFor(path), _settings.DisabledCodes, out var n, tails);
                return (written, n);
            }
            finally { if (tails is not null) Volatile.Write(ref _typedTails, tails); }
        }).ConfigureAwait(false);
        // The corpus-wide count of this snapshot (hover's mention counts), deferred by an edit until its file's diagnostics are made.
        _workspace.WarmAfterEdit(path, snapshot);
        using (message)
        {
            var computed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            await _sending.WaitAsync().ConfigureAwait(false);
            try
            {
                lock (_published)
                {
                    if (_sentFrom.TryGetValue(path, out var last) && last.Ticket > ticket) return;
                    _sentFrom[path] = (ticket, new WeakReference<CorpusSnapshot>(snapshot));
                }
                if (!ShouldSend(path, message, count)) return;
                await _rpc.SendAsync(message).ConfigureAwait(false);
            }
            finally { _sending.Release(); }
            // Where an edit's wait goes: the snapshot (since the pass began), the queue of the analysis threads, the analysis, the write.
            _log.Debug("publish {Path}{Lane}: {Count} diagnostics, {Bytes} bytes, snapshot after {Snapshot} ms, queued {Queued} ms, computed in {Computed} ms, sent after {Sent} ms; collections so far {Gen0}/{Gen1}/{Gen2}, paused {Paused} ms, processor {Processor} ms",
                path, typed ? " (typed)" : "", count, message.WrittenCount, entered == 0 ? 0 : (int)System.Diagnostics.Stopwatch.GetElapsedTime(entered, started).TotalMilliseconds,
                (int)System.Diagnostics.Stopwatch.GetElapsedTime(started, ran).TotalMilliseconds,
                (int)computed.TotalMilliseconds, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), (int)GC.GetTotalPauseDuration().TotalMilliseconds,
                (int)Environment.CpuUsage.TotalTime.TotalMilliseconds);
        }
    }

    private bool SentFrom(string path, CorpusSnapshot snapshot)
    {
        lock (_published) return _sentFrom.TryGetValue(path, out var last) && last.From.TryGetTarget(out var from) && ReferenceEquals(from, snapshot);
    }

    /// <summary>
    /// Whether a file's message differs from the last one sent for it (kept as its SHA-256, not the message): an open during
    /// indexing and indexing's own pass give the same message, which is sent once. A file without diagnostics that never had
    /// any gets no message.
    /// </summary>
    private bool ShouldSend(string path, PooledBuffer message, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(message.WrittenSpan, hash);
        lock (_published)
        {
            if (count == 0 && !_published.ContainsKey(path)) return false;
            if (_published.GetValueOrDefault(path) is { } before && before.AsSpan().SequenceEqual(hash)) return false;
            if (count == 0) _published.Remove(path); else _published[path] = hash.ToArray();
        }
        return true;
    }

    /// <summary>
    /// The snapshot to publish a file's diagnostics from: the one holding every change, when ready within a moment; while a
    /// first load still reads the corpus, the part read first when it holds the file (an opened document and its pair), and
    /// the file is published again from the full snapshot when that is ready.
    /// </summary>
    private async Task<CorpusSnapshot> SnapshotToPublishAsync(string path)
    {
        while (true)
        {
            var view = _workspace.Capture(path);
            var snapshot = await view.ResolveAsync(LoadWait, CancellationToken.None).ConfigureAwait(false);
            if (snapshot is not null && (!view.Provisional || snapshot.Files.ContainsKey(path)))
            {
                if (view.Provisional) _ = view.Latest.ContinueWith(_ => SchedulePublish(path), TaskScheduler.Default);
                return snapshot;
            }
            // Nothing read yet (the gazetteer is loading): ask again, the first files may be ready by then.
            if (snapshot is not null || view.Latest.IsCompleted) return await view.Latest.ConfigureAwait(false);
        }
    }

    private LspDiagnostic[] ToLsp(CorpusSnapshot snapshot, string path, IEnumerable<Diagnostic> diagnostics) =>
        _translator.ToLsp(TextFor(snapshot, path), diagnostics, _settings.DisabledCodes);

    private async Task<FullDocumentDiagnosticReport?> DocumentDiagnostics(DocumentDiagnosticParams p, CancellationToken ct)
    {
        var path = Translator.ToPath(p.TextDocument.Uri);
        var snapshot = await _workspace.SnapshotForAsync(path).ConfigureAwait(false);
        return new FullDocumentDiagnosticReport("full", $"{snapshot.Version}", ToLsp(snapshot, path, snapshot.DiagnosticsFor(path)));
    }

    private async Task<WorkspaceDiagnosticReport?> WorkspaceDiagnostics(WorkspaceDiagnosticParams p, CancellationToken ct)
    {
        var items = new List<WorkspaceFullDocumentDiagnosticReport>();
        foreach (var task in _workspace.AllSnapshots)
        {
            var snapshot = await task.ConfigureAwait(false);
            foreach (var group in snapshot.AllDiagnostics().GroupBy(d => d.Path))
            {
                ct.ThrowIfCancellationRequested();
                items.Add(new WorkspaceFullDocumentDiagnosticReport("full", $"{snapshot.Version}", ToLsp(snapshot, group.Key, group), Translator.ToUri(group.Key), _workspace.GetOpen(group.Key)?.Version));
            }
        }
        return new WorkspaceDiagnosticReport(items.ToArray());
    }
}
