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
    /// <summary>For large gazetteer dumps that are streamed, not held as bytes.</summary>
    Stream? OpenRead(string path);
    IEnumerable<string> EnumerateFiles(string directory, bool recursive);
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
