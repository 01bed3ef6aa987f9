using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// The near-miss index behind "did you mean". Two schemes, by key length, both exact (no key within the distance is
/// missed: tests and `bench fuzzy-compare` compare them with a scan of every key):
/// <list type="bullet">
/// <item>Short keys (up to <see cref="DeletionMaxLength"/> letters): deletion neighbourhoods. If two strings are within
/// k edits, deleting at most k letters from each leaves the same string (a substitution is a deletion on both sides), so
/// a key is indexed under each string left by deleting 0–2 of its letters (the string alone: the key's length is in
/// the sketch), and a query probes the strings left by deleting 0–k of its own, each once.</item>
/// <item>Longer keys: partition signatures (the pigeonhole principle of PassJoin, two segments of k+2): a key is cut into
/// four segments; two edits leave two of them whole, standing in the query within two positions of their places. A key
/// is indexed under each pair of its segments (six signatures): a pair is four letters or more, where one segment of a
/// 7–9-letter key was two or three letters, shared by thousands of keys at 12 million rows.</item>
/// </list>
/// Each posting also carries the key's <see cref="Sketch"/> (length and letter counts): at 12 million rows a signature of
/// four letters is still shared by hundreds of keys, and reading each from the string pool touched a page per candidate.
/// Partitions alone cut a 3–5-letter key into one-letter segments, and a one-letter signature is shared by thousands
/// of keys: that made "did you mean" on short names cost tens of milliseconds. Deletions of a short key are few
/// (at most 29 for seven letters) and each is shared by few keys.
/// </summary>
/// <remarks>
/// Suggestions allow 1 edit for names of 3–4 letters and 2 for longer ones, so a query of distance 1 meets keys of at
/// most 5 letters (all indexed by deletions) and partitions are cut for distance 2 only.
/// </remarks>
internal static class NearMiss
{
    /// <summary>
    /// Keys up to this length are indexed by deletion neighbourhoods, longer ones by partitions (bench fuzzy-compare).
    /// Seven, not six: four segments of a 7-letter key are 2, 2, 2 and 1 letters, and the three pairs with the last one
    /// are three letters, shared at 12.4M rows by up to 11,400 keys; a 6–9-letter query met ~240–330 postings a probe
    /// there, a third of all it scanned (bench gaz-near-lists). Its deletions leave five letters or more.
    /// </summary>
    public const int DeletionMaxLength = 7;

    public static int MaxDistance(int queryLength) => queryLength <= 4 ? 1 : 2;

    /// <summary>The signatures a key is indexed under.</summary>
    public static IEnumerable<ulong> Signatures(string key, int deletionMaxLength = DeletionMaxLength)
    {
        if (key.Length < 2) yield break;
        if (key.Length <= deletionMaxLength)
        {
            // A query of distance 1 (≤ 4 letters) needs 0–1 deletions of the key; one of distance 2 (≥ 5 letters) leaves ≥ 3.
            // The signature is the remaining string alone, not its key's length with it: a query then probes each of its
            // deletions once, not once per key length it may meet (22 probes for six letters, not 58), and the length
            // is in the sketch, which drops keys of a length too far before they are read.
            foreach (var v in Deletions(key, 2).Where(v => key.Length - v.Length <= 1 || v.Length >= 3))
                yield return DeletionSignature(v);
            yield break;
        }
        var segments = Segments(key.Length, PairSegments, longerFirst: true);
        for (var i = 0; i < PairSegments; i++)
            for (var j = i + 1; j < PairSegments; j++)
                yield return PairSignature(key.Length, i, j, key.AsSpan(segments[i].Start, segments[i].Length), key.AsSpan(segments[j].Start, segments[j].Length));
    }

    /// <summary>
    /// The postings of a key: each signature it is indexed under (<see cref="Signatures"/>, in that order) with what the
    /// posting carries of the key (48 bits). The key itself when it fits (<see cref="PostingKey"/>); else, under a pair
    /// signature, the letters of the two segments the signature leaves out when they fit (<see cref="RemainderKey"/>):
    /// a probe knows the other two from the query, so the key is whole again without a read of the string pool; else
    /// its sketch.
    /// </summary>
    public static IEnumerable<(ulong Signature, ulong Carried)> Postings(string key, int deletionMaxLength = DeletionMaxLength)
    {
        var whole = PostingKey(key);
        if (key.Length <= deletionMaxLength || IsInline(whole))
        {
            foreach (var signature in Signatures(key, deletionMaxLength)) yield return (signature, whole);
            yield break;
        }
        var segments = Segments(key.Length, PairSegments, longerFirst: true);
        for (var i = 0; i < PairSegments; i++)
            for (var j = i + 1; j < PairSegments; j++)
                yield return (PairSignature(key.Length, i, j, key.AsSpan(segments[i].Start, segments[i].Length), key.AsSpan(segments[j].Start, segments[j].Length)),
                    RemainderKey(key, segments, i, j) ?? whole);
    }

    /// <summary>
    /// What a pair posting of a key longer than <see cref="InlineMaxLength"/> carries when the two segments its signature
    /// leaves out fit in 48 bits (null when not): the inline flag, the key's length (over <see cref="InlineMaxLength"/>,
    /// which tells it from a key carried whole) and their letters in order, 7-bit ASCII when there are up to 6, else up
    /// to 8 of <see cref="ShortAlphabet"/>, as a key carried whole. At 12.4M rows a 9–12-letter query met hundreds of
    /// long keys its sketch could not tell from within two edits, each a random block of the pool (p99 of the profile).
    /// </summary>
    internal static ulong? RemainderKey(string key, (int Start, int Length)[] segments, int first, int second)
    {
        if (key.Length <= InlineMaxLength || key.Length > 31) return null;
        Span<char> rest = stackalloc char[key.Length];
        var m = 0;
        for (var s = 0; s < PairSegments; s++)
            if (s != first && s != second)
            {
                key.AsSpan(segments[s].Start, segments[s].Length).CopyTo(rest[m..]);
                m += segments[s].Length;
            }
        return EncodeLetters(rest[..m]) is { } letters ? letters | ((ulong)key.Length << LengthShift) | InlineFlag : null;
    }

    /// <summary>Up to 6 ASCII letters in 7 bits each or up to 8 of <see cref="ShortAlphabet"/> in 5 bits each (by their count, as <see cref="DecodeLetters"/> reads them); null when they do not fit.</summary>
    private static ulong? EncodeLetters(ReadOnlySpan<char> letters)
    {
        var bits = 0UL;
        if (letters.Length <= 6 && !letters.ContainsAnyExceptInRange((char)0, (char)0x7F))
        {
            for (var i = 0; i < letters.Length; i++) bits |= (ulong)letters[i] << (7 * i);
            return bits;
        }
        if (letters.Length > InlineMaxLength) return null;
        for (var i = 0; i < letters.Length; i++)
        {
            var code = ShortAlphabet.IndexOf(letters[i]);
            if (code < 0) return null;
            bits |= (ulong)code << (5 * i);
        }
        return bits;
    }

    /// <summary><paramref name="into"/>.Length letters of <see cref="EncodeLetters"/>; false when a code is out of the alphabet (a damaged cache, or another posting's bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DecodeLetters(ulong bits, Span<char> into)
    {
        if (into.Length <= 6)
        {
            for (var i = 0; i < into.Length; i++) into[i] = (char)((bits >> (7 * i)) & 0x7F);
            return true;
        }
        for (var i = 0; i < into.Length; i++)
        {
            var code = (int)((bits >> (5 * i)) & 0x1F);
            if (code >= ShortAlphabet.Length) return false;
            into[i] = ShortAlphabet[code];
        }
        return true;
    }

    /// <summary>Whether a posting carries the letters its pair signature leaves out of a long key (<see cref="RemainderKey"/>).</summary>
    public static bool IsRemainder(ulong postingKey) => (postingKey & InlineFlag) != 0 && (int)(postingKey >> LengthShift) > InlineMaxLength;

    /// <summary>
    /// One probe: its signature and, for a pair probe, the key length it is for, its two segments and where they stand in
    /// the query (a remainder posting found under it is made whole from these, <see cref="KeyOfRemainder"/>).
    /// </summary>
    public readonly record struct Probe(ulong Signature, int KeyLength, int First, int Second, int FirstAt, int SecondAt)
    {
        public bool IsPair => KeyLength > 0;
    }

    /// <summary>
    /// The key a remainder posting found under a pair probe stands for, written into <paramref name="key"/> (the probe's
    /// key length): the probe's two segments from the query, the posting's letters in the other two. False when the posting
    /// is not a remainder of a key of that length (then it came from another signature of the bucket sharing the low bits,
    /// and the key's own posting under its own signature is met too). A posting of another signature that shares the bits
    /// gives a wrong key here: "did you mean" confirms a key from the pool before it answers with it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool KeyOfRemainder(ulong postingKey, in Probe probe, (int Start, int Length)[] segments, string query, Span<char> key)
    {
        if (!IsRemainder(postingKey) || (int)(postingKey >> LengthShift) != probe.KeyLength) return false;
        var (i, j) = (segments[probe.First], segments[probe.Second]);
        query.AsSpan(probe.FirstAt, i.Length).CopyTo(key[i.Start..]);
        query.AsSpan(probe.SecondAt, j.Length).CopyTo(key[j.Start..]);
        Span<char> rest = stackalloc char[key.Length - i.Length - j.Length];
        if (!DecodeLetters(postingKey, rest)) return false;
        var m = 0;
        for (var s = 0; s < PairSegments; s++)
            if (s != probe.First && s != probe.Second)
            {
                rest.Slice(m, segments[s].Length).CopyTo(key[segments[s].Start..]);
                m += segments[s].Length;
            }
        return true;
    }

    /// <summary>The signatures to probe for a query: every key of 2 letters or more within <paramref name="max"/> edits has one of them.</summary>
    public static IEnumerable<ulong> Probes(string query, int max, int deletionMaxLength = DeletionMaxLength) =>
        PlacedProbes(query, max, deletionMaxLength).Select(p => p.Signature);

    /// <summary><see cref="Probes"/> with what a pair probe stands for (<see cref="Probe"/>).</summary>
    public static IEnumerable<Probe> PlacedProbes(string query, int max, int deletionMaxLength = DeletionMaxLength)
    {
        foreach (var probe in DeletionProbes(query, max, deletionMaxLength)) yield return new Probe(probe, 0, 0, 0, 0, 0);
        for (var length = Math.Max(deletionMaxLength + 1, query.Length - max); length <= query.Length + max; length++)
            foreach (var probe in PlacedPairProbes(query, length, max)) yield return probe;
    }

    /// <summary>
    /// <see cref="PlacedProbes"/> of a query within <paramref name="max"/> ≤ 2 edits, appended to <paramref name="into"/>
    /// (grown from the shared pool) from its <paramref name="count"/>-th place; returns the new count. The same probes,
    /// without an enumerator, a set of strings or a string per deletion: those were most of a query's ~20 KB of garbage,
    /// and at 12.4M rows the collections it set off fell in one query in a hundred (the p99 of `bench gaz-suggest-profile`).
    /// A deletion left by two sets of positions appears twice, as a pair probe may: <see cref="SortDistinct"/> drops
    /// repeats. Sorted, they are read in the order of their buckets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FillProbes(string query, int max, ref Probe[] into, int count, int deletionMaxLength = DeletionMaxLength)
    {
        if (max > 2)
        {
            foreach (var probe in PlacedProbes(query, max, deletionMaxLength)) Append(ref into, ref count, probe);
            return count;
        }
        var n = query.Length;
        var (shortest, longest) = (Math.Max(2, n - max), Math.Min(deletionMaxLength, n + max));
        for (var d = 0; d <= Math.Min(max, n) && shortest <= longest; d++)
        {
            // DeletionProbes: the strings of n − d letters that a key of a length in [shortest, longest] may leave too.
            if (n - d > longest || n - d + max < shortest) continue;
            if (d == 0) Append(ref into, ref count, new Probe(DeletionSignature(query, -1, -1), 0, 0, 0, 0, 0));
            for (var i = 0; d > 0 && i < n; i++)
                for (var j = d == 1 ? -1 : i + 1; j < (d == 1 ? 0 : n); j++)
                    Append(ref into, ref count, new Probe(DeletionSignature(query, i, j), 0, 0, 0, 0, 0));
        }
        for (var length = Math.Max(deletionMaxLength + 1, n - max); length <= n + max; length++)
        {
            var (d, segments) = (n - length, Segments(length, PairSegments, longerFirst: true));
            for (var i = 0; i < PairSegments; i++)
                for (var j = i + 1; j < PairSegments; j++)
                    for (var di = -max; di <= max; di++)
                        for (var dj = -max; dj <= max; dj++)
                        {
                            if (!TryPlacePair(segments, n, d, max, i, j, di, dj, out var si, out var sj)) continue;
                            var signature = PairSignature(length, i, j, query.AsSpan(si, segments[i].Length), query.AsSpan(sj, segments[j].Length));
                            Append(ref into, ref count, new Probe(signature, length, i, j, si, sj));
                        }
        }
        return count;
    }

    private static void Append(ref Probe[] into, ref int count, Probe probe)
    {
        if (count == into.Length)
        {
            var larger = ArrayPool<Probe>.Shared.Rent(Math.Max(64, 2 * count));
            into.AsSpan(0, count).CopyTo(larger);
            if (into.Length > 0) ArrayPool<Probe>.Shared.Return(into);
            into = larger;
        }
        into[count++] = probe;
    }

    /// <summary>Sorts probes by signature (their buckets' order), then by placement, and drops repeats; returns how many are left.</summary>
    internal static int SortDistinct(Span<Probe> probes)
    {
        probes.Sort(static (a, b) => a.Signature != b.Signature ? a.Signature.CompareTo(b.Signature)
            : (a.KeyLength, a.First, a.Second, a.FirstAt, a.SecondAt).CompareTo((b.KeyLength, b.First, b.Second, b.FirstAt, b.SecondAt)));
        var kept = 0;
        for (var i = 0; i < probes.Length; i++)
            if (kept == 0 || probes[i] != probes[kept - 1]) probes[kept++] = probes[i];
        return kept;
    }

    /// <summary>
    /// The probes for keys of up to <paramref name="deletionMaxLength"/> letters: the query's deletions, each once, that a
    /// key of such a length within <paramref name="max"/> edits may leave too (it loses length − |v| letters to reach v,
    /// at most max).
    /// </summary>
    internal static IEnumerable<ulong> DeletionProbes(string query, int max, int deletionMaxLength = DeletionMaxLength)
    {
        var (shortest, longest) = (Math.Max(2, query.Length - max), Math.Min(deletionMaxLength, query.Length + max));
        if (shortest > longest) yield break;
        foreach (var v in Deletions(query, max))
            if (v.Length <= longest && v.Length + max >= shortest) yield return DeletionSignature(v);
    }

    /// <summary>
    /// A key of <paramref name="length"/> letters within <paramref name="max"/> ≤ 2 edits of the query keeps two of its four
    /// segments whole. Segment s stands in the query shifted by δs, the insertions minus deletions before it. Probing only
    /// for the two leftmost whole segments i &lt; j finds every key (PassJoin's multi-match-aware selection): the i segments
    /// before i and the j − i − 1 between are broken, each by an edit of its own, so the edits before i number at least
    /// max(i, |δi|), those between max(j − i − 1, |δj − δi|), those after |d − δj| (d = query length − key length). That
    /// halves the probes of counting only the shifts.
    /// </summary>
    internal static IEnumerable<ulong> PairProbes(string query, int length, int max) => PlacedPairProbes(query, length, max).Select(p => p.Signature);

    private static IEnumerable<Probe> PlacedPairProbes(string query, int length, int max)
    {
        var (n, d) = (query.Length, query.Length - length);
        var segments = Segments(length, PairSegments, longerFirst: true);
        for (var i = 0; i < PairSegments; i++)
            for (var j = i + 1; j < PairSegments; j++)
                for (var di = -max; di <= max; di++)
                    for (var dj = -max; dj <= max; dj++)
                    {
                        if (!TryPlacePair(segments, n, d, max, i, j, di, dj, out var si, out var sj)) continue;
                        yield return new Probe(PairSignature(length, i, j, query.AsSpan(si, segments[i].Length), query.AsSpan(sj, segments[j].Length)), length, i, j, si, sj);
                    }
    }

    /// <summary>
    /// Where segments i &lt; j of a key <paramref name="d"/> letters shorter than the query stand in the query, shifted by
    /// <paramref name="di"/> and <paramref name="dj"/>; false when that placement needs more than <paramref name="max"/>
    /// edits (the count of <see cref="PairProbes"/>) or leaves a segment outside the query or overlapping the other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryPlacePair((int Start, int Length)[] segments, int n, int d, int max, int i, int j, int di, int dj, out int si, out int sj)
    {
        (si, sj) = (segments[i].Start + di, segments[j].Start + dj);
        if (Math.Max(i, Math.Abs(di)) + Math.Max(j - i - 1, Math.Abs(dj - di)) + Math.Abs(d - dj) > max) return false;
        return si >= 0 && si + segments[i].Length <= sj && sj + segments[j].Length <= n;
    }

    /// <summary>
    /// A key's sketch, stored with each of its postings (48 bits): its length (5 bits, capped at 31) and how often each
    /// class of characters occurs in it (<see cref="SketchClasses"/> classes, character c in class c mod 21, a count of
    /// 2 bits capped at 3: doubled letters count, as in "Shoushou"). <see cref="DistanceBound"/> rejects most candidates
    /// from the sketches alone, without reading the key from the string pool (a random page per candidate at 12 million
    /// rows). A set of letters (one bit each, the sketch of cache format CLSGAZ11) could not tell "aaab" from "abbb".
    /// </summary>
    public static ulong Sketch(ReadOnlySpan<char> key)
    {
        var counts = 0UL;
        foreach (var c in key)
        {
            var shift = 2 * (c % SketchClasses);
            if (((counts >> shift) & 3) != 3) counts += 1UL << shift;
        }
        return ((ulong)Math.Min(key.Length, 31) << LengthShift) | counts;
    }

    /// <summary>
    /// A lower bound of the edit distance between two strings with these sketches, never above the true distance (tests
    /// compare with a scan): an insertion or deletion changes the length by one; and an edit takes at most one character
    /// away from one class and adds at most one to another, so the characters one string has in excess of the other,
    /// summed over classes, need an edit each, on either side. Capping a count at 3 never makes an excess larger (if the
    /// other count reaches the cap, the capped excess is 0), and capping both lengths at 31 only shrinks their difference.
    /// A candidate whose bound is over the query's distance is dropped unread; "did you mean" confirms the others in the
    /// order of this bound, and reads few of the keys it finds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DistanceBound(ulong a, ulong b)
    {
        var bound = Math.Abs((int)(a >> LengthShift) - (int)(b >> LengthShift));
        // The 21 counts of 2 bits, even and odd classes apart in 4-bit lanes: (x | 4) − y stays in its lane (1–7), and
        // its bit 2 says x ≥ y, with the excess x − y in its low bits: a few word operations, not a loop of 21 steps per candidate.
        const ulong Low = 0x3333_3333_3333_3333UL;
        var (ae, be) = (a & CountBits & Low, b & CountBits & Low);
        var (ao, bo) = ((a & CountBits) >> 2 & Low, (b & CountBits) >> 2 & Low);
        var over = Excess(ae, be) + Excess(ao, bo);
        var under = Excess(be, ae) + Excess(bo, ao);
        return Math.Max(bound, Math.Max(over, under));
    }

    /// <summary>The sum over 4-bit lanes (values 0–3) of max(x − y, 0).</summary>
    private static int Excess(ulong x, ulong y)
    {
        const ulong Low = 0x3333_3333_3333_3333UL, Four = 0x4444_4444_4444_4444UL;
        var r = (x | Four) - y;
        var positive = (r & Four) >> 2;             // 1 in lanes where x ≥ y
        var excess = r & (positive * 3) & Low;     // x − y there (0 where equal), 0 elsewhere
        return BitOperations.PopCount(excess & 0x1111_1111_1111_1111UL) + 2 * BitOperations.PopCount(excess & 0x2222_2222_2222_2222UL);
    }

    /// <summary>The bits of a sketch's class counts (below the inline flag and the length).</summary>
    private const ulong CountBits = (1UL << (2 * SketchClasses)) - 1;

    /// <summary>
    /// What a near-miss posting carries of its key in 48 bits: the key itself when it fits, else its <see cref="Sketch"/>.
    /// A carried key has bit 42 set, which no sketch sets (21 classes of 2 bits fill bits 0–41), its length where a
    /// sketch has it, and in bits 0–41 its characters: up to 6 ASCII characters of 7 bits, or 7–8 characters of
    /// <see cref="ShortAlphabet"/> in 5 bits each. A carried key's distance to the query is computed from the posting,
    /// exactly, without a read of the string pool: at 12 million rows a query met hundreds of keys its sketch could not
    /// tell from within two edits, each a random block of the pool.
    /// </summary>
    public static ulong PostingKey(ReadOnlySpan<char> key)
    {
        var bits = ((ulong)key.Length << LengthShift) | InlineFlag;
        if (key.Length <= 6 && !key.ContainsAnyExceptInRange((char)0, (char)0x7F))
        {
            for (var i = 0; i < key.Length; i++) bits |= (ulong)key[i] << (7 * i);
            return bits;
        }
        if (key.Length > InlineMaxLength) return Sketch(key);
        for (var i = 0; i < key.Length; i++)
        {
            var code = ShortAlphabet.IndexOf(key[i]);
            if (code < 0) return Sketch(key);
            bits |= (ulong)code << (5 * i);
        }
        return bits;
    }

    /// <summary>Keys up to this length may be carried in their postings (<see cref="PostingKey"/>).</summary>
    public const int InlineMaxLength = 8;

    /// <summary>The characters of a carried key of 7–8 characters, 5 bits each (folded keys are lower case).</summary>
    private const string ShortAlphabet = "abcdefghijklmnopqrstuvwxyz -'.";

    private const ulong InlineFlag = 1UL << 42;

    /// <summary>The key a posting carries (<see cref="PostingKey"/>) into <paramref name="into"/>, or empty when it carries a sketch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<char> InlineKey(ulong postingKey, Span<char> into)
    {
        if (!IsInline(postingKey)) return default;
        var length = (int)(postingKey >> LengthShift);
        var (width, mask) = length <= 6 ? (7, 0x7FUL) : (5, 0x1FUL);
        for (var i = 0; i < length; i++)
        {
            var code = (int)((postingKey >> (width * i)) & mask);
            if (width == 5 && code >= ShortAlphabet.Length) throw new GazetteerCacheDamagedException();
            into[i] = width == 7 ? (char)code : ShortAlphabet[code];
        }
        return into[..length];
    }

    /// <summary>Whether a posting carries its whole key (<see cref="PostingKey"/>) rather than a sketch or a remainder (<see cref="RemainderKey"/>).</summary>
    public static bool IsInline(ulong postingKey) => (postingKey & InlineFlag) != 0 && (int)(postingKey >> LengthShift) <= InlineMaxLength;

    /// <summary>A population as a float no smaller than it (a near-miss posting's bound of its key's entries' populations).</summary>
    public static float PopulationBound(long population)
    {
        var f = (float)population;
        return (double)f < population ? MathF.BitIncrement(f) : f;
    }

    /// <summary>Character classes of a sketch: 21 of 2 bits, the length above them, 48 bits in all (a posting's share).</summary>
    private const int SketchClasses = 21;

    private const int LengthShift = 43;

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

    /// <summary>Four segments for edit distance 2 (two stay whole), since single segments of 7–9-letter keys are two or three letters, shared by thousands of keys.</summary>
    private const int PairSegments = 4;

    /// <summary>
    /// <paramref name="count"/> segments of ⌊L/count⌋ letters, L mod count of them one longer: the last ones, or with
    /// <paramref name="longerFirst"/> the first ones. Pairs take the longer ones first: most probes are for the leftmost
    /// segments (<see cref="PairProbes"/>), and a longer signature is shared by fewer keys.
    /// </summary>
    internal static (int Start, int Length)[] Segments(int length, int count, bool longerFirst = false)
    {
        var (size, longer) = (length / count, length % count);
        var segments = new (int Start, int Length)[count];
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var l = size + ((longerFirst ? i < longer : i >= count - longer) ? 1 : 0);
            segments[i] = (start, l);
            start += l;
        }
        return segments;
    }

    private static ulong PairSignature(int length, int first, int second, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var h = 0xCBF29CE484222325UL ^ (4UL << 56) ^ ((ulong)(first * PairSegments + second) << 48) ^ (ulong)length;
        h *= 0x100000001B3UL;
        foreach (var c in a) h = (h ^ c) * 0x100000001B3UL;
        h = (h ^ 0xFFFF) * 0x100000001B3UL; // the boundary: "ab"+"c" and "a"+"bc" differ
        foreach (var c in b) h = (h ^ c) * 0x100000001B3UL;
        return Mix(h);
    }

    /// <summary>
    /// The signature of a string a key of up to <see cref="DeletionMaxLength"/> letters leaves after deleting 0–2 of them
    /// (3 in the top byte: pair signatures have 4 there).
    /// </summary>
    private static ulong DeletionSignature(ReadOnlySpan<char> text) => DeletionSignature(text, -1, -1);

    /// <summary><see cref="DeletionSignature(ReadOnlySpan{char})"/> of the text without its letters at <paramref name="skip"/> and <paramref name="skipToo"/> (-1: none).</summary>
    private static ulong DeletionSignature(ReadOnlySpan<char> text, int skip, int skipToo)
    {
        var h = 0xCBF29CE484222325UL ^ (3UL << 56);
        h *= 0x100000001B3UL;
        for (var i = 0; i < text.Length; i++)
            if (i != skip && i != skipToo) h = (h ^ text[i]) * 0x100000001B3UL;
        return Mix(h);
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33; h *= 0xFF51AFD7ED558CCDUL; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53UL; h ^= h >> 33;
        return h;
    }

    /// <summary>
    /// A 32-bit checksum of a block of the cache file; damage detection, not security. Four independent lanes: every 4 KB
    /// block is checked the first time a process reads it, and one lane's chain of multiplies took ~1 µs per block,
    /// most of a did-you-mean query that touches a few hundred blocks.
    /// </summary>
    public static uint BlockHash(ReadOnlySpan<byte> block)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        var words = MemoryMarshal.Cast<byte, ulong>(block);
        ulong a = K ^ (ulong)block.Length, b = a + 1, c = a + 2, d = a + 3;
        var i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            a = BitOperations.RotateLeft((a ^ words[i]) * K, 29);
            b = BitOperations.RotateLeft((b ^ words[i + 1]) * K, 29);
            c = BitOperations.RotateLeft((c ^ words[i + 2]) * K, 29);
            d = BitOperations.RotateLeft((d ^ words[i + 3]) * K, 29);
        }
        var h = Mix(a) ^ BitOperations.RotateLeft(Mix(b), 16) ^ BitOperations.RotateLeft(Mix(c), 32) ^ BitOperations.RotateLeft(Mix(d), 48);
        for (; i < words.Length; i++) h = BitOperations.RotateLeft((h ^ words[i]) * K, 29);
        foreach (var x in block[(words.Length * 8)..]) h = BitOperations.RotateLeft((h ^ x) * K, 29);
        h = Mix(h);
        return (uint)(h ^ (h >> 32));
    }
}
