using System.Collections.Concurrent;
using System.Collections.Immutable;
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
}

public sealed record OpenDocument(string Path, int Version, SourceText Text);

/// <summary>
/// The server's state: open documents and one immutable <see cref="CorpusSnapshot"/> per corpus root.
/// Mutations happen in order on the message loop; readers take a snapshot and never see it change.
/// </summary>
public sealed class Workspace(IFileSystem disk, Core.Gazetteer.IGazetteerCache? cache = null)
{
    private readonly ConcurrentDictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CorpusSnapshot>> _corpora = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ImmutableArray<string> Roots { get; private set; } = [];
    /// <summary>GeoNames files from the editor's settings, loaded into every corpus besides what corpus.yaml names.</summary>
    public ImmutableArray<string> ExtraGazetteerFiles { get; private set; } = [];

    /// <summary>New extra files reload every corpus; returns whether anything changed.</summary>
    public bool SetExtraGazetteerFiles(IEnumerable<string> files)
    {
        var next = files.Select(f => f.Replace('\\', '/')).Distinct().ToImmutableArray();
        if (next.SequenceEqual(ExtraGazetteerFiles)) return false;
        ExtraGazetteerFiles = next;
        _corpora.Clear();
        return true;
    }

    public IFileSystem View => new OverlayFileSystem(disk, p => _open.TryGetValue(p, out var d) ? d.Text : null);

    public IEnumerable<OpenDocument> OpenDocuments => _open.Values;
    public OpenDocument? GetOpen(string path) => _open.GetValueOrDefault(path);

    public void SetRoots(IEnumerable<string> roots) => Roots = roots.Select(r => r.TrimEnd('/')).Distinct().ToImmutableArray();

    /// <summary>The corpus a file belongs to: the nearest folder upwards with corpus.yaml, else its workspace root, else its folder.</summary>
    public string CorpusRootOf(string path)
    {
        var view = View;
        for (var dir = PathUtil.Directory(path); dir.Length > 0; dir = PathUtil.Directory(dir))
        {
            if (view.FileExists(dir + "/" + CorpusConfig.FileName)) return dir;
            if (Roots.Contains(dir)) return dir;
        }
        return PathUtil.Directory(path);
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

    public Task<CorpusSnapshot> SnapshotAsync(string root) =>
        _corpora.GetOrAdd(root, r => Task.Run(() => ApplyOpen(CorpusSnapshot.Load(r, disk, cache, ExtraGazetteerFiles), r)));

    public Task<CorpusSnapshot> SnapshotForAsync(string path) => SnapshotAsync(CorpusRootOf(path));

    public IEnumerable<Task<CorpusSnapshot>> AllSnapshots => _corpora.Values;

    private CorpusSnapshot ApplyOpen(CorpusSnapshot snapshot, string root)
    {
        foreach (var d in _open.Values.Where(d => d.Path.StartsWith(root + "/", StringComparison.Ordinal)))
            snapshot = snapshot.WithFile(d.Path, d.Text);
        return snapshot;
    }

    /// <summary>Replaces the snapshot of the corpus holding <paramref name="path"/> after its text changed.</summary>
    public async Task<CorpusSnapshot> UpdateAsync(string path, SourceText? text)
    {
        var root = CorpusRootOf(path);
        var current = await SnapshotAsync(root).ConfigureAwait(false);
        var kind = CorpusSnapshot.Classify(root, path, current.Config);
        CorpusSnapshot next;
        if (kind is FileKind.CorpusConfig or FileKind.Overlay or FileKind.Gazetteer) next = current.Reload(View, keepFilesFromSnapshot: true, cache, ExtraGazetteerFiles);
        else if (text is null && disk.ReadAllBytes(path) is { } bytes)
        {
            var file = CorpusSnapshot.ReadFile(path, kind, bytes);
            next = file.Text is not null ? current.WithFile(path, file.Text) : current.WithUnreadableFile(path, file.ReadError!);
        }
        else next = current.WithFile(path, text);
        lock (_gate) _corpora[root] = Task.FromResult(next);
        return next;
    }

    public void Open(string path, int version, SourceText text) => _open[path] = new OpenDocument(path, version, text);
    public void Close(string path) => _open.TryRemove(path, out _);
}
