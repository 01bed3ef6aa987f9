using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>Where a built gazetteer index is kept between runs. Core decides what goes in; the host decides where.</summary>
public interface IGazetteerCache
{
    Stream? OpenRead(string key);
    void Write(string key, Action<Stream> write);

    /// <summary>
    /// The cached bytes, ideally mapped rather than read: the flat index is used in place, so a host that maps
    /// the file pays only for the pages lookups touch. By default the stream is read into memory.
    /// </summary>
    ReadOnlyMemory<byte>? Map(string key)
    {
        using var stream = OpenRead(key);
        if (stream is null) return null;
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    /// <summary>
    /// The cached bytes read by position: how the flat index is read. A host gives a file read with positioned reads
    /// (resident memory stays the store's small block cache, whatever the lookups touch); by default, <see cref="Map"/>'s
    /// bytes, read in place.
    /// </summary>
    IPositionedBytes? OpenPositioned(string key) => Map(key) is { } bytes ? new MemoryBytes(bytes) : null;

    /// <summary>
    /// Where a large build keeps its sorted runs and sections before the index is written. Null: the storage the host
    /// registered in <see cref="ScratchStorage.Default"/> (memory unless it registered files).
    /// </summary>
    IScratchStorage? Scratch => null;

    /// <summary>The content key remembered for a stamp of the dumps (see <see cref="IFileSystem.Stamp"/>), or null.</summary>
    string? RecallKey(string stamp) => null;

    /// <summary>Remembers the content key of the dumps with this stamp, so that the next start need not hash them.</summary>
    void RememberKey(string stamp, string key) { }
}

/// <summary>
/// The cache key and the cached form of a gazetteer index (<see cref="FlatGazetteerStore"/>). The key hashes the
/// content of every source file and the format version, so an edited dump never meets a stale index.
/// </summary>
public static class GazetteerCacheFormat
{
    /// <summary>
    /// One stamp for all the dumps and the configuration (null when a dump has none): equal stamps mean the same files,
    /// unchanged since their content key was computed.
    /// </summary>
    public static string? Stamp(IEnumerable<string?> fileStamps, string configuration)
    {
        var sb = new StringBuilder(FlatGazetteerStore.Magic).Append(GazetteerBuilder.ContentRevision);
        foreach (var s in fileStamps)
        {
            if (s is null) return null;
            sb.Append(s).Append('\0');
        }
        sb.Append(configuration);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32].ToLowerInvariant();
    }

    public static string Key(IEnumerable<Stream> sources)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(FlatGazetteerStore.Magic + GazetteerBuilder.ContentRevision));
        var buffer = new byte[1 << 16];
        foreach (var s in sources)
        {
            using (s)
            {
                int n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, n);
            }
            sha.AppendData([0xFF]);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..32].ToLowerInvariant();
    }

    /// <summary>The cache key of part N of an index (part 0 is the key itself; an index over 1.9 GB has more parts).</summary>
    public static string PartKey(string key, int part) => part == 0 ? key : $"{key}.{part}";

    /// <summary>Writes a gazetteer built in memory, in one stream (it must fit in one part).</summary>
    internal static void Write(Stream stream, Gazetteer g, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (g.Store is not MemoryGazetteerStore memory) throw new InvalidOperationException("Only a gazetteer built from its sources is cached.");
        using var writer = new FlatGazetteerWriter(MemoryScratchStorage.Instance);
        foreach (var e in memory.Entries) writer.Add(e);
        writer.Finish(memory.AdminNames, diagnostics, (part, write) =>
        {
            if (part != 0) throw new InvalidOperationException("A gazetteer of more than one part is written to a cache.");
            write(stream);
        });
    }

    /// <summary>The index cached under a key (its first part given, the others opened from the cache), or null when it is not a valid index of this version.</summary>
    internal static FlatGazetteerStore? Open(IGazetteerCache cache, string key, IPositionedBytes first) =>
        FlatGazetteerStore.Open(first, part => cache.OpenPositioned(PartKey(key, part)));

    /// <summary>The gazetteer over the bytes of a one-part index, or null when they are not a valid index of this version (then it is rebuilt).</summary>
    internal static (Gazetteer, ImmutableArray<Diagnostic>)? Read(ReadOnlyMemory<byte> data) =>
        FlatGazetteerStore.Open(data, _ => null) is { } store ? (new Gazetteer(store), store.Diagnostics) : null;
}
