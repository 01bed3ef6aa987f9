using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Cli;

/// <summary>Gazetteer index cache in $CORPUSLSP_CACHE, else $XDG_CACHE_HOME/corpuslsp, else ~/.cache/corpuslsp. Written atomically.</summary>
public sealed class DiskGazetteerCache(string? directory = null) : IGazetteerCache
{
    public string Directory { get; } = directory ?? DefaultDirectory();

    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("CORPUSLSP_CACHE") is { Length: > 0 } d ? d
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "corpuslsp");

    public Stream? OpenRead(string key)
    {
        var path = Path.Combine(Directory, key + ".gaz");
        try { return File.Exists(path) ? new BufferedStream(File.OpenRead(path), 1 << 16) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Maps the cached index instead of reading it: a restart touches only the pages its lookups need.</summary>
    public ReadOnlyMemory<byte>? Map(string key)
    {
        var path = Path.Combine(Directory, key + ".gaz");
        lock (Mapped)
        {
            // The key is the content's hash: the same key is the same bytes, so one mapping serves every reload.
            if (Mapped.TryGetValue(path, out var known)) return known.Memory;
            if (MappedFileMemory.Open(path) is not { } mapped) return null;
            Mapped[path] = mapped;
            return mapped.Memory;
        }
    }

    private static readonly Dictionary<string, MappedFileMemory> Mapped = new(StringComparer.Ordinal);

    public void Write(string key, Action<Stream> write)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temp = Path.Combine(Directory, $"{key}.{Environment.ProcessId}.tmp");
            using (var stream = new BufferedStream(File.Create(temp), 1 << 16)) write(stream);
            File.Move(temp, Path.Combine(Directory, key + ".gaz"), overwrite: true);
        }
        catch (IOException) { /* a cache that cannot be written only costs time */ }
        catch (UnauthorizedAccessException) { }
    }
}
