namespace CorpusLsp.Core.IO;

/// <summary>
/// Core's only window on files. Paths are absolute with '/' separators. The CLI and the server supply
/// the disk; the server overlays open editor buffers; tests supply memory.
/// </summary>
public interface IFileSystem
{
    bool FileExists(string path);
    /// <summary>Null when the file does not exist or cannot be read.</summary>
    byte[]? ReadAllBytes(string path);
    /// <summary>
    /// <see cref="ReadAllBytes"/> for a file whose bytes are kept as long as what holds them (a corpus's articles and
    /// sidecars): the file system chooses where (the disk of a `check` keeps them outside the collected heap).
    /// </summary>
    ReadOnlyMemory<byte>? ReadKept(string path) => ReadAllBytes(path) is { } bytes ? (ReadOnlyMemory<byte>?)bytes : null;

    /// <summary>For large gazetteer dumps that are streamed, not held as bytes.</summary>
    Stream? OpenRead(string path);
    IEnumerable<string> EnumerateFiles(string directory, bool recursive);

    /// <summary>Files below a folder, adding to <paramref name="unlisted"/> the folders that could not be listed.</summary>
    IEnumerable<string> EnumerateFiles(string directory, bool recursive, ICollection<string> unlisted) => EnumerateFiles(directory, recursive);

    /// <summary>The path with every link resolved, or null when it does not exist. Confinement compares these, not strings.</summary>
    string? RealPath(string path) => path;

    /// <summary>
    /// Why the file cannot be read, worded to follow its name ("'x.yaml' is a FIFO, not a regular file"); null when it can.
    /// Never quotes the file's content.
    /// </summary>
    string? Problem(string path) => FileExists(path) ? null : "does not exist";

    /// <summary>
    /// A cheap identity of the file's current content (real path, size, modification time), or null when there is none:
    /// it lets a 2 GB GeoNames dump be recognised without hashing its bytes on every start.
    /// </summary>
    string? Stamp(string path) => null;
}

/// <summary>
/// The files of one corpus: a path whose real location (links resolved) lies outside the corpus root is refused
/// as if unreadable, with the reason kept for messages, so a link to ~/.git-credentials is never read, let alone
/// quoted. Paths the user trusts explicitly (GeoNames files from editor settings) are exempt. Does no IO itself.
/// </summary>
public sealed class ConfinedFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;
    private readonly string? _realRoot;
    private readonly HashSet<string> _trusted;

    public ConfinedFileSystem(IFileSystem inner, string root, IEnumerable<string>? trusted = null)
    {
        _inner = inner is ConfinedFileSystem c ? c._inner : inner;
        _realRoot = _inner.RealPath(root.TrimEnd('/') is { Length: > 0 } r ? r : "/")?.TrimEnd('/');
        _trusted = new HashSet<string>(trusted ?? [], StringComparer.Ordinal);
    }

    /// <summary>Inside when missing (the inner file system says so in its own words) or when its real path is under the root's.</summary>
    public bool IsInside(string path)
    {
        if (_trusted.Contains(path)) return true;
        if (_inner.RealPath(path) is not { } real) return true;
        return _realRoot is not null && (real == _realRoot || real.StartsWith(_realRoot + "/", StringComparison.Ordinal));
    }

    public bool FileExists(string path) => IsInside(path) && _inner.FileExists(path);
    public byte[]? ReadAllBytes(string path) => IsInside(path) ? _inner.ReadAllBytes(path) : null;
    public ReadOnlyMemory<byte>? ReadKept(string path) => IsInside(path) ? _inner.ReadKept(path) : null;
    public Stream? OpenRead(string path) => IsInside(path) ? _inner.OpenRead(path) : null;
    public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => _inner.EnumerateFiles(directory, recursive);
    public IEnumerable<string> EnumerateFiles(string directory, bool recursive, ICollection<string> unlisted) => _inner.EnumerateFiles(directory, recursive, unlisted);
    public string? RealPath(string path) => _inner.RealPath(path);
    public string? Problem(string path) => IsInside(path) ? _inner.Problem(path) : "is a link to a file outside the corpus folder; it is not read";
    public string? Stamp(string path) => IsInside(path) ? _inner.Stamp(path) : null;
}

public sealed class InMemoryFileSystem : IFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemoryFileSystem Add(string path, string text) => Add(path, System.Text.Encoding.UTF8.GetBytes(text));
    public InMemoryFileSystem Add(string path, byte[] bytes) { _files[path] = bytes; return this; }
    public bool Remove(string path) => _files.Remove(path);

    public bool FileExists(string path) => _files.ContainsKey(path);
    public byte[]? ReadAllBytes(string path) => _files.GetValueOrDefault(path);
    public Stream? OpenRead(string path) => _files.TryGetValue(path, out var b) ? new MemoryStream(b, writable: false) : null;

    public IEnumerable<string> EnumerateFiles(string directory, bool recursive)
    {
        var prefix = directory.TrimEnd('/') + "/";
        return _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (recursive || !k[prefix.Length..].Contains('/'))).Order(StringComparer.Ordinal).ToList();
    }
}

public static class PathUtil
{
    /// <summary>Resolves a relative path against a folder; null when the result leaves <paramref name="root"/>.</summary>
    public static string? ResolveInside(string root, string baseDirectory, string relative)
    {
        if (relative.Length == 0 || relative.StartsWith('/') || relative.StartsWith('\\') || (relative.Length > 1 && relative[1] == ':')) return null;
        var parts = new List<string>(baseDirectory.TrimEnd('/').Split('/'));
        foreach (var part in relative.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count <= 1) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        var result = string.Join('/', parts);
        var rootPrefix = root.TrimEnd('/') + "/";
        return result.StartsWith(rootPrefix, StringComparison.Ordinal) ? result : null;
    }

    public static string Directory(string path) => path[..Math.Max(0, path.LastIndexOf('/'))];
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
    public static string WithoutExtension(string path) { var dot = path.LastIndexOf('.'); return dot > path.LastIndexOf('/') ? path[..dot] : path; }
    public static string Relative(string root, string path) => path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal) ? path[(root.TrimEnd('/').Length + 1)..] : path;
}
