using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.IO;

namespace CorpusLsp.Cli;

/// <summary>
/// The corpus `place` and `resolve` work in: the one enclosing the file (the nearest folder upwards with corpus.yaml),
/// else `--corpus DIR`, else none — then the built-in gazetteer answers, and only the file and its sidecar are read
/// (a name looked up from the home folder must not read every text file below it).
/// </summary>
public static class CommandCorpus
{
    public static CorpusSnapshot Load(string? file, string? corpus)
    {
        var root = Enclosing(file ?? corpus ?? ".");
        // A --corpus that does not exist, or the file system root, is a usage error (exit 2), as for `check`.
        if (root is null && corpus is not null) root = PhysicalFileSystem.FindCorpusRoot(corpus);
        var disk = new PhysicalFileSystem();
        if (root is not null) return CorpusSnapshot.Load(root, disk, new DiskGazetteerCache());
        var folder = file is null ? PhysicalFileSystem.Normalize(".") : PathUtil.Directory(PhysicalFileSystem.Normalize(file));
        return CorpusSnapshot.Load(folder, new PairOnly(disk, file is null ? null : PathUtil.WithoutExtension(PhysicalFileSystem.Normalize(file))), new DiskGazetteerCache());
    }

    /// <summary>The nearest folder upwards from the path holding corpus.yaml, or null.</summary>
    public static string? Enclosing(string path)
    {
        var full = PhysicalFileSystem.Normalize(path);
        for (var dir = Directory.Exists(full) ? full : Path.GetDirectoryName(full); dir is { Length: > 0 }; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "corpus.yaml"))) return dir.Replace('\\', '/').TrimEnd('/');
        return null;
    }

    /// <summary>The disk, listing only the files of one article/sidecar pair (or none).</summary>
    private sealed class PairOnly(IFileSystem disk, string? stem) : IFileSystem
    {
        public bool FileExists(string path) => disk.FileExists(path);
        public byte[]? ReadAllBytes(string path) => disk.ReadAllBytes(path);
        public Stream? OpenRead(string path) => disk.OpenRead(path);
        public string? Stamp(string path) => disk.Stamp(path);

        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) =>
            stem is null ? [] : new[] { ".txt", ".yaml", ".yml" }.Select(e => stem + e).Where(disk.FileExists);
    }
}
