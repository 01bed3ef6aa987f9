using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Lsp.Server;

/// <summary>Disk seen through the editor's open buffers: an open document's text wins over the file.</summary>
public sealed class OverlayFileSystem(IFileSystem disk, Func<string, SourceText?> open) : IFileSystem
{
    public bool FileExists(string path) => open(path) is not null || disk.FileExists(path);
    public byte[]? ReadAllBytes(string path) => open(path) is { } t ? System.Text.Encoding.UTF8.GetBytes(t.Text) : disk.ReadAllBytes(path);
    public Stream? OpenRead(string path) => open(path) is { } t ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(t.Text)) : disk.OpenRead(path);
    public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => disk.EnumerateFiles(directory, recursive);
    public IEnumerable<string> EnumerateFiles(string directory, bool recursive, ICollection<string> unlisted) => disk.EnumerateFiles(directory, recursive, unlisted);
    // Where a file really is, and why it cannot be read, are the disk's to say: a buffer does not move a link's target.
    public string? RealPath(string path) => disk.RealPath(path);
    public string? Problem(string path) => open(path) is not null ? null : disk.Problem(path);
    // An open buffer's content is not the disk's: only a file read from disk has the disk's stamp.
    public string? Stamp(string path) => open(path) is not null ? null : disk.Stamp(path);
}

public sealed record OpenDocument(string Path, int Version, SourceText Text);

/// <summary>A request's view of the workspace, captured when it arrived (see <see cref="Workspace.Capture"/>).</summary>
/// <param name="Complete">Adds to a partial snapshot (what a first load read first) the files a request about a document needs.</param>
public sealed record RequestView(string Path, Task<CorpusSnapshot> Latest, CorpusSnapshot? Ready, OpenDocument? Open, Func<CorpusSnapshot, string, OpenDocument?, CorpusSnapshot> Complete)
{
    /// <summary>Whether <see cref="ResolveAsync"/> answered from an older or partial snapshot: a fuller answer follows when <see cref="Latest"/> ends.</summary>
    public bool Provisional { get; private set; }

    /// <summary>
    /// The snapshot holding every change up to the request, when it is ready within <paramref name="wait"/>; else the newest
    /// finished one with this document's text as it was when the request arrived; null when the corpus was never loaded.
    /// Never waits for a gazetteer load longer than that.
    /// </summary>
    public async Task<CorpusSnapshot?> ResolveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        // While a first load reads a large corpus, what it read first (the open documents' pairs) answers at once: the
        // rest takes seconds, and waiting a while for it only delayed the first answer (issue 19).
        if (!Latest.IsCompleted && Ready is not { IsPartial: true })
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, timeout.Token);
            await Task.WhenAny(Latest, delay).ConfigureAwait(false);
            timeout.Cancel();
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (Latest.IsCompletedSuccessfully) return Latest.Result;
        if (Ready is null) return null;
        Provisional = true;
        return Complete(Ready, Path, Open);
    }
}

/// <summary>
/// The server's state: open documents and one immutable <see cref="CorpusSnapshot"/> per corpus. Mutations are made
/// in order on the message loop, but never wait there: each corpus's next snapshot is a continuation of its previous
/// one, so a slow load (a large gazetteer, a hung disk) delays that corpus's answers, not the loop, `shutdown` or `exit`.
/// Readers take the latest snapshot task and never see a snapshot change.
/// </summary>
public sealed class Workspace(IFileSystem physical, Core.Gazetteer.IGazetteerCache? cache = null)
{
    /// <summary>The disk, counting what loads read (for indexing progress).</summary>
    private readonly ReadCounter disk = new(physical);

    /// <summary>Keys of single-pair corpora (a file outside every corpus) start with this; a path never does.</summary>
    private const string PairKey = "pair:";

    private readonly ConcurrentDictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CorpusSnapshot>> _corpora = new(StringComparer.Ordinal);
    /// <summary>Per corpus, the newest snapshot that has finished: what requests answer from while a load runs.</summary>
    private readonly ConcurrentDictionary<string, CorpusSnapshot> _ready = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ImmutableArray<string> Roots { get; private set; } = [];

    /// <summary>A first load of a corpus of this many files (or more) answers from its open documents while it reads the rest.</summary>
    public int PreviewFromFiles { get; init; } = 1000;
    /// <summary>GeoNames files from the editor's settings, loaded into every corpus besides what corpus.yaml names.</summary>
    public ImmutableArray<string> ExtraGazetteerFiles { get; private set; } = [];

    /// <summary>New extra files reload every corpus; returns whether anything changed.</summary>
    public bool SetExtraGazetteerFiles(IEnumerable<string> files)
    {
        var next = files.Select(f => f.Replace('\\', '/')).Distinct().ToImmutableArray();
        lock (_gate)
        {
            if (next.SequenceEqual(ExtraGazetteerFiles)) return false;
            ExtraGazetteerFiles = next;
            _corpora.Clear();
        }
        return true;
    }

    public IFileSystem View => new OverlayFileSystem(disk, p => _open.TryGetValue(p, out var d) ? d.Text : null);

    public IEnumerable<OpenDocument> OpenDocuments => _open.Values;
    public OpenDocument? GetOpen(string path) => _open.GetValueOrDefault(path);

    /// <summary>Workspace folders. The file system root is never one: indexing it would read every disk.</summary>
    public void SetRoots(IEnumerable<string> roots) => Roots = roots.Select(r => r.TrimEnd('/')).Where(r => r.Length > 0).Distinct().ToImmutableArray();

    /// <summary>
    /// The corpus a file belongs to: the nearest folder upwards with corpus.yaml, else its workspace folder. A file outside
    /// both is a corpus of its own pair (the file and its article or sidecar), never its whole folder.
    /// </summary>
    public string CorpusKeyOf(string path)
    {
        var view = View;
        for (var dir = PathUtil.Directory(path); dir.Length > 0; dir = PathUtil.Directory(dir))
        {
            if (view.FileExists(dir + "/" + CorpusConfig.FileName)) return dir;
            if (Roots.Contains(dir)) return dir;
        }
        return PairKey + PathUtil.WithoutExtension(path);
    }

    /// <summary>Corpora under the workspace roots: every folder holding corpus.yaml (or the root itself).</summary>
    public IReadOnlyList<string> DiscoverCorpora()
    {
        var found = new List<string>();
        foreach (var root in Roots)
        {
            var configs = disk.EnumerateFiles(root, recursive: true).Where(p => PathUtil.FileName(p) == CorpusConfig.FileName && !p.Contains("/node_modules/") && !p.Contains("/.")).ToList();
            if (configs.Count == 0) found.Add(root);
            found.AddRange(configs.Select(PathUtil.Directory));
        }
        return found.Distinct().ToList();
    }

    /// <summary>Files and bytes read from the disk so far by loads (gazetteer dumps, corpus files).</summary>
    public (int Files, long Bytes) ReadSoFar => (disk.Files, disk.Bytes);

    /// <summary>Per corpus, the background count of the newest snapshot (see <see cref="Warm"/>), cancelled when a newer one is ready.</summary>
    private readonly ConcurrentDictionary<string, (CorpusSnapshot Snapshot, CancellationTokenSource Cancel)> _warming = new(StringComparer.Ordinal);

    /// <summary>
    /// Analyses the whole corpus of a finished snapshot in the background (its mention counts, which hover shows), so that
    /// requests never do; after a one-file change only that file's pair is analysed again.
    /// </summary>
    private void Warm(string key, CorpusSnapshot snapshot)
    {
        if (snapshot.IsPartial) return;
        var cts = new CancellationTokenSource();
        lock (_warming)
        {
            if (_warming.TryGetValue(key, out var previous))
            {
                if (ReferenceEquals(previous.Snapshot, snapshot)) return;
                previous.Cancel.Cancel();
            }
            _warming[key] = (snapshot, cts);
        }
        // Off the thread pool: a corpus of 10,000 pairs, or one 10 MB article, is seconds of work that requests must not queue behind.
        _ = BackgroundScheduler.Shared.Run(() =>
        {
            try { snapshot.MentionCounts(cts.Token); }
            catch (OperationCanceledException) { /* a newer snapshot is warmed instead */ }
        });
    }

    private void StopWarming(string key)
    {
        lock (_warming)
            if (_warming.TryRemove(key, out var previous)) previous.Cancel.Cancel();
    }

    public Task<CorpusSnapshot> SnapshotAsync(string key)
    {
        // A load runs on a thread of its own: a gazetteer build must not hold up the thread pool that answers requests.
        lock (_gate) return _corpora.GetOrAdd(key, k => Track(k, Task.Factory.StartNew(() => Load(k), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private Task<CorpusSnapshot> Track(string key, Task<CorpusSnapshot> task, bool warm = true)
    {
        // Snapshots of one corpus finish in the order they were queued, so the last one to finish is the newest.
        // A snapshot counted later still stops the count of the one before: that analyses texts no longer current.
        task.ContinueWith(t => { _ready[key] = t.Result; if (warm) Warm(key, t.Result); else StopWarming(key); },
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// What a request about <paramref name="path"/> works on, taken on the message loop when it arrives: the snapshot that
    /// will hold every change received so far, the newest finished one, and the open buffer as it is now.
    /// </summary>
    public RequestView Capture(string path)
    {
        var key = CorpusKeyOf(path);
        lock (_gate) return new RequestView(path, SnapshotAsync(key), _ready.GetValueOrDefault(key), GetOpen(path), (ready, p, open) => Complete(key, ready, p, open));
    }

    /// <summary>
    /// The snapshot a request answers from while the corpus's latest one is in the making: the last finished one with the
    /// document's buffer, and, when it is partial (the first files of a first load), with the document's pair read from the
    /// disk. Kept as the corpus's ready snapshot, so that the next request finds it.
    /// </summary>
    private CorpusSnapshot Complete(string key, CorpusSnapshot ready, string path, OpenDocument? open)
    {
        var snapshot = open is not null && !ReferenceEquals(ready.TextOf(path), open.Text) ? ready.WithFile(path, open.Text) : ready;
        if (snapshot.IsPartial)
        {
            var fs = new ConfinedFileSystem(disk, snapshot.Root, ExtraGazetteerFiles);
            var stem = PathUtil.WithoutExtension(path);
            var pair = new[] { stem + ".txt", stem + ".yaml", stem + ".yml", snapshot.Pairs.GetValueOrDefault(path) ?? "" };
            foreach (var other in pair.Where(p => p.Length > 0 && p != path && !snapshot.Files.ContainsKey(p)))
            {
                if (GetOpen(other) is { } buffer) snapshot = snapshot.WithFile(other, buffer.Text);
                else if (fs.ReadAllBytes(other) is { } bytes && CorpusSnapshot.ReadFile(other, CorpusSnapshot.Classify(snapshot.Root, other, snapshot.Config), bytes).Text is { } text)
                    snapshot = snapshot.WithFile(other, text);
            }
        }
        if (snapshot.IsPartial && !ReferenceEquals(snapshot, ready)) _ready.TryUpdate(key, snapshot, ready);
        return snapshot;
    }

    private CorpusSnapshot Load(string key)
    {
        if (key.StartsWith(PairKey, StringComparison.Ordinal))
        {
            var stem = key[PairKey.Length..];
            return ApplyOpen(CorpusSnapshot.LoadPair(stem, disk), d => PathUtil.WithoutExtension(d.Path) == stem);
        }
        bool Belongs(OpenDocument d) => d.Path.StartsWith(key + "/", StringComparison.Ordinal);
        // On a first load, the open documents and their pairs are read first and answered from while the rest is read.
        var preview = new CorpusSnapshot.Preview(IsOpen, first => _ready.TryAdd(key, ApplyOpen(first.Retaining(IsOpen), Belongs)), PreviewFromFiles);
        return Indexed(ApplyOpen(CorpusSnapshot.Load(key, disk, cache, ExtraGazetteerFiles, preview: _ready.ContainsKey(key) ? null : preview, parallelRead: false).Retaining(IsOpen), Belongs));
    }

    /// <summary>
    /// The corpus-wide parts a request needs (pairs, the sidecar of each article, source profiles) made before a snapshot
    /// becomes the corpus's latest: until then requests answer from the one before (or the preview), never parse the corpus.
    /// </summary>
    private static CorpusSnapshot Indexed(CorpusSnapshot snapshot)
    {
        if (snapshot.IsPartial) return snapshot;
        snapshot.AllSourceProfiles();
        snapshot.SidecarOf("");
        return snapshot;
    }

    public Task<CorpusSnapshot> SnapshotForAsync(string path) => SnapshotAsync(CorpusKeyOf(path));

    public IEnumerable<Task<CorpusSnapshot>> AllSnapshots => _corpora.Values;

    private CorpusSnapshot ApplyOpen(CorpusSnapshot snapshot, Func<OpenDocument, bool> belongs)
    {
        foreach (var d in _open.Values.Where(belongs))
            snapshot = snapshot.WithFile(d.Path, d.Text);
        return snapshot;
    }

    /// <summary>
    /// Queues the change of one file's text (null: read it from the disk again) after the corpus's previous changes and
    /// returns the snapshot that will hold it. Returns at once: nothing here reads a file or waits for a load.
    /// </summary>
    /// <param name="warmLater">
    /// The caller starts the background count of the new snapshot (<see cref="WarmAfterEdit"/>) once the edited file's
    /// diagnostics are computed: started at once, it took the edited pair's analysis at the background's lower priority, and
    /// the edited file's publish waited for it there.
    /// </param>
    public Task<CorpusSnapshot> UpdateAsync(string path, SourceText? text, bool warmLater = false)
    {
        var key = CorpusKeyOf(path);
        lock (_gate)
        {
            var previous = SnapshotAsync(key);
            var next = previous.ContinueWith(t => Indexed(Apply(t.IsCompletedSuccessfully ? t.Result : Load(key), path, text)),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            _corpora[key] = Track(key, next, warm: !warmLater);
            return next;
        }
    }

    /// <summary>
    /// Starts the background count of a snapshot made by <see cref="UpdateAsync"/> with its warmLater, when it is still the
    /// newest and not counted or being counted yet.
    /// </summary>
    public void WarmAfterEdit(string path, CorpusSnapshot snapshot)
    {
        var key = CorpusKeyOf(path);
        if (_ready.TryGetValue(key, out var newest) && ReferenceEquals(newest, snapshot) && snapshot.MentionCountsIfReady is null) Warm(key, snapshot);
    }

    private CorpusSnapshot Apply(CorpusSnapshot current, string path, SourceText? text)
    {
        var kind = CorpusSnapshot.Classify(current.Root, path, current.Config);
        if (kind is FileKind.CorpusConfig or FileKind.Overlay or FileKind.Gazetteer) return current.Reload(View, keepFilesFromSnapshot: true, cache, ExtraGazetteerFiles);
        if (text is not null) return current.WithFile(path, text);
        // Read through the corpus's confinement: a file replaced by a link out of the corpus is refused, not read.
        var fs = new ConfinedFileSystem(disk, current.Root, ExtraGazetteerFiles);
        if (fs.ReadAllBytes(path) is { } bytes)
        {
            var file = CorpusSnapshot.ReadFile(path, kind, bytes);
            return file.Text is not null ? current.WithFile(path, file.Text) : current.WithUnreadableFile(path, file.ReadError!);
        }
        return fs.Problem(path) is { } problem && problem != "does not exist" && kind is FileKind.Article or FileKind.Sidecar
            ? current.WithUnreadableFile(path, CorpusSnapshot.ReadFile(path, kind, null, fs).ReadError!)
            : current.WithFile(path, null);
    }

    public void Open(string path, int version, SourceText text)
    {
        _open[path] = new OpenDocument(path, version, text);
        _versions.AddOrUpdate(text, new StrongBox<int>(version));
    }

    /// <summary>
    /// The version of the buffer that held exactly this text (a request answers from the text it captured, and edits it
    /// returns are labelled with that version, not the buffer's current one); null for a text read from the disk.
    /// </summary>
    public int? VersionOf(SourceText text) => _versions.TryGetValue(text, out var version) ? version.Value : null;

    /// <summary>Each buffer text's version, for as long as a snapshot or request holds the text.</summary>
    private readonly ConditionalWeakTable<SourceText, StrongBox<int>> _versions = new();

    /// <summary>
    /// Which pairs a corpus's snapshots keep whole (parse and analysis): those of open documents. Of the others they keep
    /// what corpus-wide answers read and make the rest again when asked (a corpus of 10,000 pairs held ~1 GB; issue 19).
    /// </summary>
    private bool IsOpen(string path) => _open.ContainsKey(path);

    public void Close(string path) => _open.TryRemove(path, out _);
}
