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
}

/// <summary>
/// The cache key and the cached form of a gazetteer index (<see cref="FlatGazetteerStore"/>). The key hashes the
/// content of every source file and the format version, so an edited dump never meets a stale index.
/// </summary>
public static class GazetteerCacheFormat
{
    public static string Key(IEnumerable<Stream> sources)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(FlatGazetteerStore.Magic));
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

    internal static void Write(Stream stream, Gazetteer g, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (g.Store is MemoryGazetteerStore memory) FlatGazetteerStore.Write(stream, memory, diagnostics);
        else throw new InvalidOperationException("Only a gazetteer built from its sources is cached.");
    }

    /// <summary>The gazetteer over cached bytes, or null when they are not a valid index of this version (then it is rebuilt).</summary>
    internal static (Gazetteer, ImmutableArray<Diagnostic>)? Read(ReadOnlyMemory<byte> data) =>
        FlatGazetteerStore.Open(data) is { } store ? (new Gazetteer(store), store.Diagnostics) : null;
}
