using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Cli;

/// <summary>
/// Gazetteer index cache in $CORPUSLSP_CACHE, else $XDG_CACHE_HOME/corpuslsp, else ~/.cache/corpuslsp. Written atomically.
/// Bounded: after each write, the least recently used indexes are deleted until the folder fits the cap
/// ($CORPUSLSP_CACHE_MAX_MB, default 1024 MB); the index just written always stays.
/// </summary>
public sealed class DiskGazetteerCache(string? directory = null, long? maxBytes = null) : IGazetteerCache
{
    public const long DefaultMaxBytes = 1L << 30;

    public string Directory { get; } = directory ?? DefaultDirectory();

    public long MaxBytes { get; } = maxBytes ?? (long.TryParse(Environment.GetEnvironmentVariable("CORPUSLSP_CACHE_MAX_MB"), out var mb) && mb > 0 ? mb << 20 : DefaultMaxBytes);

    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("CORPUSLSP_CACHE") is { Length: > 0 } d ? d
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "corpuslsp");

    private string PathOf(string key) => Path.Combine(Directory, key + ".gaz");

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        try
        {
            if (!File.Exists(path)) return null;
            Touch(path);
            return new BufferedStream(File.OpenRead(path), 1 << 16);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// The cached index read by position (how the gazetteer reads it): resident memory stays the store's block cache,
    /// not every page lookups touched, as with <see cref="Map"/>. One open file per index and process, like a mapping.
    /// </summary>
    public IPositionedBytes? OpenPositioned(string key)
    {
        var path = PathOf(key);
        lock (Opened)
        {
            // The key is the content's hash: the same key is the same bytes, so one open file serves every reload.
            if (Opened.TryGetValue(path, out var known)) return known;
            if (PositionedFile.Open(path) is not { } file) return null;
            Touch(path);
            return Opened[path] = file;
        }
    }

    private static readonly Dictionary<string, PositionedFile> Opened = new(StringComparer.Ordinal);

    /// <summary>Maps the cached index instead of reading it (tests; the gazetteer reads by position, <see cref="OpenPositioned"/>).</summary>
    public ReadOnlyMemory<byte>? Map(string key)
    {
        var path = PathOf(key);
        lock (Mapped)
        {
            // The key is the content's hash: the same key is the same bytes, so one mapping serves every reload.
            if (Mapped.TryGetValue(path, out var known)) return known.Memory;
            if (MappedFileMemory.Open(path) is not { } mapped) return null;
            Touch(path);
            Mapped[path] = mapped;
            return mapped.Memory;
        }
    }

    private string KeyFile(string stamp) => Path.Combine(Directory, "keys", stamp);

    /// <summary>The content key remembered for these dumps' stamp: a 40-byte file instead of hashing gigabytes.</summary>
    public string? RecallKey(string stamp)
    {
        try
        {
            var path = KeyFile(stamp);
            if (!File.Exists(path)) return null;
            var key = File.ReadAllText(path).Trim();
            return key.Length > 0 && key.All(char.IsAsciiHexDigitLower) ? key : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public void RememberKey(string stamp, string key) => WriteAtomically(KeyFile(stamp), s => s.Write(System.Text.Encoding.ASCII.GetBytes(key)));

    /// <summary>Writes to a temp file next to the target and moves it in place; false when the cache cannot be written (that only costs time).</summary>
    private static bool WriteAtomically(string path, Action<Stream> write)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            using (var stream = new BufferedStream(File.Create(temp), 1 << 16)) write(stream);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static readonly Dictionary<string, MappedFileMemory> Mapped = new(StringComparer.Ordinal);

    public void Write(string key, Action<Stream> write)
    {
        if (!WriteAtomically(PathOf(key), write)) return;
        try { Evict(keep: Path.GetFullPath(PathOf(key))); }
        catch (IOException) { /* a cache that cannot be trimmed only takes room */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Use is recorded in the modification time (access times are often not kept: noatime). Deleting an index another
    /// process has open is safe on Unix: its open file stays readable until it ends.
    /// </summary>
    private static void Touch(string path)
    {
        try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Deletes the least recently used indexes until the folder fits <see cref="MaxBytes"/>, and temp files left by crashed
    /// writers. A large index is written in parts ("KEY.gaz", "KEY.1.gaz", …): the parts of one index are kept or deleted
    /// together (deleting one part breaks the whole), and the index holding <paramref name="keep"/> always stays, even when
    /// it alone is larger than the cap.
    /// </summary>
    public void Evict(string? keep = null)
    {
        var folder = new DirectoryInfo(Directory);
        if (!folder.Exists) return;
        foreach (var stale in folder.EnumerateFiles("*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1))) TryDelete(stale);
        // Remembered keys are tiny; those of dumps not seen for a month are dropped so the folder does not grow forever.
        var keys = new DirectoryInfo(Path.Combine(Directory, "keys"));
        if (keys.Exists)
            foreach (var old in keys.EnumerateFiles().Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-30))) TryDelete(old);
        var keepKey = keep is null ? null : IndexKey(Path.GetFileName(keep));
        var indexes = folder.EnumerateFiles("*.gaz").GroupBy(f => IndexKey(f.Name), StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Parts: g.ToList(), Used: g.Max(f => f.LastWriteTimeUtc)))
            .OrderByDescending(g => g.Used).ToList();
        var total = indexes.Sum(g => g.Parts.Sum(f => f.Length));
        for (var i = indexes.Count - 1; i >= 0 && total > MaxBytes; i--)
        {
            if (indexes[i].Key == keepKey) continue;
            foreach (var part in indexes[i].Parts)
                if (TryDelete(part)) total -= part.Length;
        }
    }

    /// <summary>"KEY.gaz" and "KEY.3.gaz" belong to the index KEY (GazetteerCacheFormat.PartKey).</summary>
    private static string IndexKey(string fileName) => fileName.Split('.')[0];

    private static bool TryDelete(FileInfo file)
    {
        try { file.Delete(); return true; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
