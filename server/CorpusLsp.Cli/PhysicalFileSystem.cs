using CorpusLsp.Core.IO;

namespace CorpusLsp.Cli;

/// <summary>The disk, seen through Core's interface. Read-only: nothing here writes user files.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    public static string Normalize(string path) => Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/');

    public bool FileExists(string path) => File.Exists(path);

    public byte[]? ReadAllBytes(string path)
    {
        try { return File.Exists(path) ? File.ReadAllBytes(path) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public Stream? OpenRead(string path)
    {
        try { return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public IEnumerable<string> EnumerateFiles(string directory, bool recursive)
    {
        if (!Directory.Exists(directory)) return [];
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(directory, "*", options).Select(p => p.Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The corpus a path belongs to: the nearest folder upwards holding corpus.yaml, else the folder itself.</summary>
    public static string FindCorpusRoot(string path)
    {
        var full = Normalize(path);
        var start = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!.Replace('\\', '/');
        for (var dir = start; dir is not null && dir.Length > 0; dir = Path.GetDirectoryName(dir)?.Replace('\\', '/'))
            if (File.Exists(Path.Combine(dir, "corpus.yaml"))) return dir.TrimEnd('/');
        return start;
    }
}
