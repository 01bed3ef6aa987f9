namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Temporary storage for building a large gazetteer index: sorted runs and sections too large to keep in memory.
/// Core does no IO, so the host supplies it (the CLI: files that vanish when closed); by default it is memory.
/// </summary>
public interface IScratchStorage
{
    /// <summary>An empty, readable, writable and seekable stream, deleted when disposed.</summary>
    Stream Create();
}

/// <summary>Scratch in memory: for tests and small gazetteers, and when the host supplies none.</summary>
public sealed class MemoryScratchStorage : IScratchStorage
{
    public static readonly MemoryScratchStorage Instance = new();
    public Stream Create() => new MemoryStream();
}

/// <summary>The scratch storage a host registers for every build (the CLI registers temporary files at start).</summary>
public static class ScratchStorage
{
    public static IScratchStorage Default { get; set; } = MemoryScratchStorage.Instance;
}
