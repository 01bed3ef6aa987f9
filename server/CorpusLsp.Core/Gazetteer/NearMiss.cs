using System.Numerics;
using System.Runtime.InteropServices;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// The near-miss index behind "did you mean": partition signatures (the pigeonhole principle of PassJoin). A key is
/// cut into max+1 segments; an edit script of at most max edits leaves one segment whole, and that segment stands in
/// the query within max positions of where it stands in the key. So the keys within distance max of a query are
/// among those that share a signature (length, segment number, segment text) with one of the query's substrings
/// near each segment's place — a few dozen hash probes — and an edit distance confirms each candidate. Exact: no
/// key within the distance is missed (a test compares it with a scan of every key).
/// </summary>
/// <remarks>
/// Suggestions allow 1 edit for names of 3–4 letters and 2 for longer ones, so a key of 2–5 letters is cut for
/// distance 1 and a key of 3 letters or more for distance 2: at most five signatures per key.
/// </remarks>
internal static class NearMiss
{
    public static int MaxDistance(int queryLength) => queryLength <= 4 ? 1 : 2;

    /// <summary>The signatures a key is indexed under.</summary>
    public static IEnumerable<ulong> Signatures(string key)
    {
        if (key.Length is >= 2 and <= 5)
            foreach (var (start, length, segment) in Segments(key.Length, 1)) yield return Signature(1, key.Length, segment, key.AsSpan(start, length));
        if (key.Length >= 3)
            foreach (var (start, length, segment) in Segments(key.Length, 2)) yield return Signature(2, key.Length, segment, key.AsSpan(start, length));
    }

    /// <summary>The signatures to probe for a query: every key within <paramref name="max"/> edits has one of them.</summary>
    public static IEnumerable<ulong> Probes(string query, int max)
    {
        var n = query.Length;
        var (minKey, maxKey) = max == 1 ? (2, 5) : (3, int.MaxValue);
        for (var length = Math.Max(minKey, n - max); length <= Math.Min(maxKey, n + max); length++)
        {
            foreach (var (start, segmentLength, segment) in Segments(length, max))
            {
                for (var s = Math.Max(0, start - max); s <= Math.Min(n - segmentLength, start + max); s++)
                    yield return Signature(max, length, segment, query.AsSpan(s, segmentLength));
            }
        }
    }

    /// <summary>max+1 segments: the first ones ⌊L/(max+1)⌋ long, the last L mod (max+1) one longer.</summary>
    private static IEnumerable<(int Start, int Length, int Segment)> Segments(int length, int max)
    {
        var k = max + 1;
        var (size, longer) = (length / k, length % k);
        var start = 0;
        for (var i = 0; i < k; i++)
        {
            var l = size + (i >= k - longer ? 1 : 0);
            yield return (start, l, i);
            start += l;
        }
    }

    private static ulong Signature(int max, int length, int segment, ReadOnlySpan<char> text)
    {
        var h = 0xCBF29CE484222325UL ^ ((ulong)max << 56) ^ ((ulong)segment << 48) ^ (ulong)length;
        h *= 0x100000001B3UL;
        foreach (var c in text) h = (h ^ c) * 0x100000001B3UL;
        return Mix(h);
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33; h *= 0xFF51AFD7ED558CCDUL; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53UL; h ^= h >> 33;
        return h;
    }

    /// <summary>A 32-bit checksum of a block of the cache file; damage detection, not security.</summary>
    public static uint BlockHash(ReadOnlySpan<byte> block)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)block.Length;
        var words = MemoryMarshal.Cast<byte, ulong>(block);
        foreach (var w in words) h = BitOperations.RotateLeft((h ^ w) * 0x9E3779B97F4A7C15UL, 29);
        foreach (var b in block[(words.Length * 8)..]) h = BitOperations.RotateLeft((h ^ b) * 0x9E3779B97F4A7C15UL, 29);
        h = Mix(h);
        return (uint)(h ^ (h >> 32));
    }
}
