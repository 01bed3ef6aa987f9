namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Bytes read by position, as a cached gazetteer index is: the host decides what lies behind (a file read with
/// positioned reads, so the index costs no resident pages beyond a small block cache), Core only reads.
/// </summary>
public interface IPositionedBytes
{
    long Length { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; returns how many bytes were read (fewer only at the end or on an error).</summary>
    int Read(long offset, Span<byte> destination);
}

/// <summary>
/// Bytes already in memory (a test's cache, the built-in gazetteer, a host that maps the file): the flat store reads
/// them in place, without a block cache.
/// </summary>
public sealed class MemoryBytes(ReadOnlyMemory<byte> memory) : IPositionedBytes
{
    public ReadOnlyMemory<byte> Memory { get; } = memory;

    public long Length => Memory.Length;

    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Memory.Length) return 0;
        var n = (int)Math.Min(destination.Length, Memory.Length - offset);
        Memory.Span.Slice((int)offset, n).CopyTo(destination);
        return n;
    }
}
