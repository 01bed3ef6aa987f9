using System.Numerics;
using System.Runtime.InteropServices;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// The near-miss index behind "did you mean". Two schemes, by key length, both exact (no key within the distance is
/// missed: tests and `bench fuzzy-compare` compare them with a scan of every key):
/// <list type="bullet">
/// <item>Short keys (up to <see cref="DeletionMaxLength"/> letters): deletion neighbourhoods. If two strings are within
/// k edits, deleting at most k letters from each leaves the same string (a substitution is a deletion on both sides), so
/// a key is indexed under each string left by deleting 0–2 of its letters, with the key's length, and a query probes the
/// strings left by deleting 0–k of its own.</item>
/// <item>Longer keys: partition signatures (the pigeonhole principle of PassJoin). A key is cut into k+1 segments; an
/// edit script of at most k edits leaves one segment whole, standing in the query within k positions of its place.</item>
/// </list>
/// Partitions alone cut a 3–5-letter key into one-letter segments, and a one-letter signature is shared by thousands
/// of keys: that made "did you mean" on short names cost tens of milliseconds. Deletions of a short key are few
/// (at most 22 for six letters) and each is shared by few keys.
/// </summary>
/// <remarks>
/// Suggestions allow 1 edit for names of 3–4 letters and 2 for longer ones, so a query of distance 1 meets keys of at
/// most 5 letters (all indexed by deletions) and partitions are cut for distance 2 only.
/// </remarks>
internal static class NearMiss
{
    /// <summary>Keys up to this length are indexed by deletion neighbourhoods, longer ones by partitions (bench fuzzy-compare).</summary>
    public const int DeletionMaxLength = 6;

    public static int MaxDistance(int queryLength) => queryLength <= 4 ? 1 : 2;

    /// <summary>The signatures a key is indexed under.</summary>
    public static IEnumerable<ulong> Signatures(string key, int deletionMaxLength = DeletionMaxLength)
    {
        if (key.Length < 2) yield break;
        if (key.Length <= deletionMaxLength)
        {
            // A query of distance 1 (≤ 4 letters) needs 0–1 deletions of the key; one of distance 2 (≥ 5 letters) leaves ≥ 3.
            foreach (var v in Deletions(key, 2).Where(v => key.Length - v.Length <= 1 || v.Length >= 3))
                yield return Signature(3, key.Length, 0, v);
            yield break;
        }
        foreach (var (start, length, segment) in Segments(key.Length, 2)) yield return Signature(2, key.Length, segment, key.AsSpan(start, length));
    }

    /// <summary>The signatures to probe for a query: every key of 2 letters or more within <paramref name="max"/> edits has one of them.</summary>
    public static IEnumerable<ulong> Probes(string query, int max, int deletionMaxLength = DeletionMaxLength)
    {
        var n = query.Length;
        List<string>? deletions = null;
        for (var length = Math.Max(2, n - max); length <= n + max; length++)
        {
            if (length <= deletionMaxLength)
            {
                deletions ??= Deletions(query, max);
                // The key loses length − |v| letters to reach v, at most max.
                foreach (var v in deletions)
                    if (length - v.Length is >= 0 and var i && i <= max) yield return Signature(3, length, 0, v);
                continue;
            }
            if (max < 2) continue; // a query of distance 1 has at most 4 letters: its keys are all short
            foreach (var (start, segmentLength, segment) in Segments(length, max))
            {
                for (var s = Math.Max(0, start - max); s <= Math.Min(n - segmentLength, start + max); s++)
                    yield return Signature(max, length, segment, query.AsSpan(s, segmentLength));
            }
        }
    }

    /// <summary>The distinct strings left by deleting 0 to <paramref name="max"/> letters.</summary>
    internal static List<string> Deletions(string s, int max)
    {
        var found = new HashSet<string>(StringComparer.Ordinal) { s };
        var frontier = new List<string> { s };
        for (var d = 0; d < max; d++)
        {
            var next = new List<string>();
            foreach (var t in frontier)
                for (var i = 0; i < t.Length; i++)
                    if (t.Remove(i, 1) is var u && found.Add(u)) next.Add(u);
            frontier = next;
        }
        return [.. found];
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
