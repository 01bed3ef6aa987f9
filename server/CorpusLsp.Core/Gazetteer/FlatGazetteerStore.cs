using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// A gazetteer read in place from the flat cache format: fixed-size entry records, sorted key tables and
/// posting lists over one UTF-8 string pool, and the near-miss index of "did you mean". Opening it reads a trailer;
/// an entry becomes an object the first time it is asked for. Over memory-mapped files a restart costs
/// milliseconds and the resident memory only the pages that lookups touch.
/// </summary>
/// <remarks>
/// Layout (little-endian). The file is one or more parts (each mapped on its own, so each under 2 GB); a section lies
/// in one part. Part 0: the magic, sections, a checksum per 4 KB block of every part, a trailer (counts, part lengths,
/// section places, the table's length), the trailer's length and a checksum of table and trailer. Sections: entry
/// records (<see cref="RecordSize"/> bytes), alternate-name references, fold keys (sorted ordinally), fold posting
/// starts and postings, the same three for skeleton keys, entry indices sorted by id, admin names (sorted keys and
/// values), countries and admin1 units, the string pool (each string its UTF-8 length as a 7-bit varint, then its
/// bytes; a reference is its int32 offset), the load diagnostics, and the near-miss index (<see cref="NearMiss"/>:
/// a table from a signature's top bits to its bucket's first posting, and postings sorted by signature, each the next 16
/// bits of the signature, the key's 48-bit sketch and the key's place in the string pool, in four sections by the signature's top two bits: at
/// full GeoNames scale they are ~3 GB, more than a part holds), per fold key its most prominent
/// entry's prominence (a float: completion picks keys from this column, not from the records), and per fold posting
/// its entry's prominence (completion orders the picked keys' entries from it and reads only the records it returns;
/// reading each candidate's record paged in a random block of records per candidate).
/// A block is checked the first time any byte of it is read; a mismatch throws
/// <see cref="GazetteerCacheDamagedException"/>, and the gazetteer is rebuilt (<see cref="HealingGazetteerStore"/>):
/// nothing from a damaged cache is used, and a restart pays only for the blocks it reads.
/// </remarks>
internal sealed class FlatGazetteerStore : IGazetteerStore
{
    public const string Magic = "CLSGAZ13";
    public const int RecordSize = 72;
    public const int BlockSize = 4096;
    private const int BlockShift = 12;

    public enum Section
    {
        Entries, Alternates, FoldKeys, FoldStarts, FoldPostings, SkelKeys, SkelStarts, SkelPostings, IdOrder, AdminKeys, AdminValues,
        Countries, Admin1s, Strings, Diagnostics, NearBuckets, NearPostings, NearPostings1, NearPostings2, NearPostings3, FoldProminence,
        FoldPostingProminence,
    }

    public const int SectionCount = (int)Section.FoldPostingProminence + 1;

    public readonly record struct Counts(int Entries, int FoldKeys, int SkeletonKeys, int AdminNames, int Countries, int Admin1s, int NearBits);

    private readonly ReadOnlyMemory<byte>[] _parts;
    private readonly (int Part, long Offset, long Length)[] _sections;
    private readonly Counts _counts;
    private readonly long[] _blockBase;      // per part: its first block's index in the checksum table
    private readonly long _tableOffset;      // in part 0
    private readonly int[][] _verified;      // per part: one bit per block already checked
    private readonly GazetteerEntry?[] _materialized;

    public int Count => _counts.Entries;
    public int FoldKeyCount => _counts.FoldKeys;
    public ImmutableArray<Diagnostic> Diagnostics { get; private set; } = [];

    private FlatGazetteerStore(ReadOnlyMemory<byte>[] parts, (int, long, long)[] sections, Counts counts, long tableOffset)
    {
        _parts = parts;
        _sections = sections;
        _counts = counts;
        _tableOffset = tableOffset;
        _blockBase = new long[parts.Length];
        _verified = new int[parts.Length][];
        var total = 0L;
        for (var p = 0; p < parts.Length; p++)
        {
            var blocks = (DataLength(p) + BlockSize - 1) >> BlockShift;
            _blockBase[p] = total;
            _verified[p] = new int[(blocks + 31) / 32];
            total += blocks;
        }
        _materialized = new GazetteerEntry?[counts.Entries];
    }

    /// <summary>Where each section lies: part, offset, length (tests damage each one).</summary>
    internal IReadOnlyList<(int Part, long Offset, long Length)> Sections => _sections;

    /// <summary>Checks every block of every section now, as a full scan would.</summary>
    internal void VerifyAll()
    {
        for (var i = 0; i < SectionCount; i++)
            for (var at = 0L; at < _sections[i].Length; at += 1 << 20)
                At((Section)i, at, (int)Math.Min(1 << 20, _sections[i].Length - at));
    }

    private long DataLength(int part) => part == 0 ? _tableOffset : _parts[part].Length;

    /// <summary>
    /// Opens the flat form from its parts (part 0 first; <paramref name="part"/> maps part N); null when it is not
    /// one, of another version, inconsistent, or damaged where opening reads (then the caller rebuilds).
    /// </summary>
    public static FlatGazetteerStore? Open(ReadOnlyMemory<byte> first, Func<int, ReadOnlyMemory<byte>?> part)
    {
        try
        {
            var s = first.Span;
            if (s.Length < 8 + 12 || !s[..8].SequenceEqual(Encoding.ASCII.GetBytes(Magic))) return null;
            var trailerLength = BinaryPrimitives.ReadInt64LittleEndian(s[^12..]);
            if (trailerLength <= 0 || trailerLength > s.Length - 20) return null;
            var trailer = s[(s.Length - 12 - (int)trailerLength)..^12];
            var tableLength = BinaryPrimitives.ReadInt64LittleEndian(trailer[^8..]);
            var tableOffset = s.Length - 12 - trailerLength - tableLength;
            if (tableLength < 0 || tableOffset < 8) return null;
            if (NearMiss.BlockHash(s[(int)tableOffset..^12]) != BinaryPrimitives.ReadUInt32LittleEndian(s[^4..])) return null;
            using var r = new BinaryReader(new MemoryStream(trailer.ToArray()));
            var counts = new Counts(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            var partCount = r.ReadInt32();
            if (partCount is < 1 or > 64) return null;
            var parts = new ReadOnlyMemory<byte>[partCount];
            parts[0] = first;
            for (var p = 0; p < partCount; p++)
            {
                var length = r.ReadInt64();
                if (p > 0) parts[p] = part(p) ?? default;
                if (p == 0 ? length != tableOffset : parts[p].Length != length) return null;
            }
            if (r.ReadInt32() != SectionCount) return null;
            var sections = new (int, long, long)[SectionCount];
            for (var i = 0; i < SectionCount; i++)
            {
                var (p, offset, length) = (r.ReadInt32(), r.ReadInt64(), r.ReadInt64());
                if (p < 0 || p >= partCount || offset < 0 || length < 0 || offset + length > (p == 0 ? tableOffset : parts[p].Length)) return null;
                sections[i] = (p, offset, length);
            }
            var store = new FlatGazetteerStore(parts, sections, counts, tableOffset);
            if (store._blockBase[^1] + ((store.DataLength(partCount - 1) + BlockSize - 1) >> BlockShift) != tableLength / 4) return null;
            return store.Consistent() ? store.ReadDiagnostics() : null;
        }
        catch (Exception ex) when (ex is GazetteerCacheDamagedException or EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private bool Consistent()
    {
        var c = _counts;
        bool Is(Section s, long bytes) => _sections[(int)s].Length == bytes;
        return c.Entries >= 0 && c.FoldKeys >= 0 && c.SkeletonKeys >= 0 && c.AdminNames >= 0 && c.Countries >= 0 && c.Admin1s >= 0 && c.NearBits is >= 4 and <= 26
            && Is(Section.Entries, (long)c.Entries * RecordSize) && Is(Section.IdOrder, 4L * c.Entries)
            && Is(Section.FoldKeys, 4L * c.FoldKeys) && Is(Section.FoldStarts, 4L * (c.FoldKeys + 1)) && Is(Section.FoldProminence, 4L * c.FoldKeys)
            && Is(Section.FoldPostingProminence, _sections[(int)Section.FoldPostings].Length)
            && Is(Section.SkelKeys, 4L * c.SkeletonKeys) && Is(Section.SkelStarts, 4L * (c.SkeletonKeys + 1))
            && Is(Section.AdminKeys, 4L * c.AdminNames) && Is(Section.AdminValues, 4L * c.AdminNames)
            && Is(Section.Countries, 8L * c.Countries) && Is(Section.Admin1s, 8L * c.Admin1s)
            && Is(Section.NearBuckets, 4L * ((1L << c.NearBits) + 1)) && Enumerable.Range(0, NearShards).All(s => _sections[(int)Section.NearPostings + s].Length % NearPostingSize == 0);
    }

    private FlatGazetteerStore ReadDiagnostics()
    {
        var builder = ImmutableArray.CreateBuilder<Diagnostic>();
        var (_, _, length) = _sections[(int)Section.Diagnostics];
        if (length > int.MaxValue) throw new GazetteerCacheDamagedException();
        using var r = new BinaryReader(new MemoryStream(At(Section.Diagnostics, 0, (int)length).ToArray()), Encoding.UTF8);
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            var code = r.ReadString(); var path = r.ReadString(); var span = new TextSpan(r.ReadInt32(), r.ReadInt32()); var message = r.ReadString();
            if (DiagnosticCatalog.Find(code) is { } descriptor) builder.Add(Diagnostic.Create(descriptor, path, span, message));
        }
        Diagnostics = builder.ToImmutable();
        return this;
    }

    /// <summary>Bytes of a section, checked: out of the section or in a block whose checksum fails, the cache is damaged.</summary>
    private ReadOnlySpan<byte> At(Section section, long offset, int length)
    {
        var (part, start, sectionLength) = _sections[(int)section];
        if (offset < 0 || length < 0 || offset + length > sectionLength) throw new GazetteerCacheDamagedException();
        var from = start + offset;
        if (length > 0) Verify(part, from, length);
        return _parts[part].Span.Slice((int)from, length);
    }

    private void Verify(int part, long from, int length)
    {
        var bits = _verified[part];
        for (long b = from >> BlockShift, last = (from + length - 1) >> BlockShift; b <= last; b++)
        {
            if ((Volatile.Read(ref bits[b >> 5]) & (1 << (int)(b & 31))) != 0) continue;
            var blockStart = b << BlockShift;
            var block = _parts[part].Span.Slice((int)blockStart, (int)Math.Min(BlockSize, DataLength(part) - blockStart));
            var expected = BinaryPrimitives.ReadUInt32LittleEndian(_parts[0].Span[(int)(_tableOffset + 4 * (_blockBase[part] + b))..]);
            if (NearMiss.BlockHash(block) != expected) throw new GazetteerCacheDamagedException();
            Interlocked.Or(ref bits[b >> 5], 1 << (int)(b & 31));
        }
    }

    private int Int(Section section, long index) => BinaryPrimitives.ReadInt32LittleEndian(At(section, index * 4, 4));

    private ReadOnlySpan<byte> Utf8(int offset)
    {
        var (_, _, poolLength) = _sections[(int)Section.Strings];
        var head = At(Section.Strings, offset, (int)Math.Min(5, poolLength - Math.Max(0, offset)));
        int length = 0, shift = 0, used = 0;
        while (true)
        {
            if (used == head.Length || shift > 28) throw new GazetteerCacheDamagedException();
            var b = head[used++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
            shift += 7;
        }
        return At(Section.Strings, (long)offset + used, length);
    }

    private string Str(int offset) => Encoding.UTF8.GetString(Utf8(offset));

    private string Key(Section keys, int index) => Str(Int(keys, index));

    /// <summary>
    /// A key against a string in ordinal (UTF-16) order without allocating: a binary search over millions of keys
    /// decodes one key per step. With <paramref name="prefix"/>, a key that starts with the string compares equal.
    /// </summary>
    private int CompareKey(Section keys, int index, string other, bool prefix = false)
    {
        var bytes = Utf8(Int(keys, index));
        Span<char> buffer = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        var chars = buffer[..Encoding.UTF8.GetChars(bytes, buffer)];
        if (prefix && chars.StartsWith(other.AsSpan(), StringComparison.Ordinal)) return 0;
        return chars.SequenceCompareTo(other.AsSpan());
    }

    public GazetteerEntry Entry(int index)
    {
        if (_materialized[index] is { } known) return known;
        var s = At(Section.Entries, (long)index * RecordSize, RecordSize);
        static int I(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadInt32LittleEndian(s[at..]);
        var (altStart, altCount) = (I(s, 12), I(s, 16));
        if (altCount < 0) throw new GazetteerCacheDamagedException();
        var alts = ImmutableArray.CreateBuilder<string>(altCount);
        for (var a = 0; a < altCount; a++) alts.Add(Str(Int(Section.Alternates, (long)altStart + a)));
        var entry = new GazetteerEntry(
            Str(I(s, 0)), Str(I(s, 4)), Str(I(s, 8)), alts.MoveToImmutable(),
            BinaryPrimitives.ReadDoubleLittleEndian(s[20..]), BinaryPrimitives.ReadDoubleLittleEndian(s[28..]),
            (char)BinaryPrimitives.ReadUInt16LittleEndian(s[68..]), Str(I(s, 44)), Str(I(s, 48)), Str(I(s, 52)), Str(I(s, 56)),
            BinaryPrimitives.ReadInt64LittleEndian(s[36..]), Str(I(s, 60)), I(s, 64), s[70] != 0);
        // Two threads may build the same entry; either copy is equal, and the last write wins harmlessly.
        _materialized[index] = entry;
        return entry;
    }

    public double Prominence(int index)
    {
        if (_materialized[index] is { } e) return Gazetteer.Prominence(e.Population, e.FeatureClass, e.FeatureCode);
        var s = At(Section.Entries, (long)index * RecordSize, RecordSize);
        return Gazetteer.Prominence(BinaryPrimitives.ReadInt64LittleEndian(s[36..]), (char)BinaryPrimitives.ReadUInt16LittleEndian(s[68..]),
            Str(BinaryPrimitives.ReadInt32LittleEndian(s[44..])));
    }

    public long Population(int index) =>
        _materialized[index] is { } e ? e.Population : BinaryPrimitives.ReadInt64LittleEndian(At(Section.Entries, (long)index * RecordSize + 36, 8));

    public int IndexOf(string id)
    {
        var wanted = Encoding.UTF8.GetBytes(id);
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var entry = Int(Section.IdOrder, mid);
            var c = Utf8(BinaryPrimitives.ReadInt32LittleEndian(At(Section.Entries, (long)entry * RecordSize, 4))).SequenceCompareTo(wanted);
            if (c == 0) return entry;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>The first key index whose key is ordinally at or after the given string.</summary>
    private int LowerBound(Section keys, int count, string key)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (CompareKey(keys, mid, key) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private int[] Postings(Section starts, Section postings, int keyIndex)
    {
        var from = Int(starts, keyIndex);
        var to = Int(starts, keyIndex + 1);
        if (to < from) throw new GazetteerCacheDamagedException();
        var ids = new int[to - from];
        for (var i = 0; i < ids.Length; i++) ids[i] = Int(postings, from + i);
        return ids;
    }

    private int[]? Find(Section keys, Section starts, Section postings, int count, string key)
    {
        var at = LowerBound(keys, count, key);
        return at < count && CompareKey(keys, at, key) == 0 ? Postings(starts, postings, at) : null;
    }

    public int[]? ByFold(string key) => Find(Section.FoldKeys, Section.FoldStarts, Section.FoldPostings, FoldKeyCount, key);
    public int[]? BySkeleton(string key) => Find(Section.SkelKeys, Section.SkelStarts, Section.SkelPostings, _counts.SkeletonKeys, key);

    /// <summary>
    /// Reads the per-key prominence column over the prefix's range, then the picked keys' postings and their prominence
    /// (contiguous with the keys): no entry record is touched.
    /// </summary>
    public IReadOnlyList<KeyPostings> TopKeysStartingWith(string prefix, int count)
    {
        var lo = LowerBound(Section.FoldKeys, FoldKeyCount, prefix);
        int from = lo, to = FoldKeyCount; // the first key past the prefix: keys with it are contiguous from lo
        while (from < to)
        {
            var mid = (from + to) >>> 1;
            if (CompareKey(Section.FoldKeys, mid, prefix, prefix: true) == 0) from = mid + 1; else to = mid;
        }
        var top = KeySelection.Top(lo, from, k => BinaryPrimitives.ReadSingleLittleEndian(At(Section.FoldProminence, 4L * k, 4)), count);
        return top.Select(k => new KeyPostings(Key(Section.FoldKeys, k), Postings(Section.FoldStarts, Section.FoldPostings, k), PostingProminence(k))).ToList();
    }

    private float[] PostingProminence(int keyIndex)
    {
        var from = Int(Section.FoldStarts, keyIndex);
        var values = new float[Int(Section.FoldStarts, keyIndex + 1) - from];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(At(Section.FoldPostingProminence, 4L * (from + i), 4));
        return values;
    }

    public IEnumerable<string> FoldKeys(int minLength, int maxLength)
    {
        for (var k = 0; k < FoldKeyCount; k++)
        {
            var key = Key(Section.FoldKeys, k);
            if (key.Length >= minLength && key.Length <= maxLength) yield return key;
        }
    }

    public const int NearPostingSize = 12;

    /// <summary>The postings lie in this many sections (<see cref="Section.NearPostings"/> and the next ones), by the signature's top bits.</summary>
    public const int NearShards = 4;

    /// <summary>
    /// The 16 bits of a signature below its bucket's <paramref name="bits"/>: within a bucket they sort as the signatures
    /// do. Two signatures of one bucket that share them only add candidates the sketch and the distance then judge.
    /// </summary>
    internal static ushort NearLowBits(ulong signature, int bits) => (ushort)((signature << bits) >> 48);

    /// <summary>The posting with global index <paramref name="at"/> of a shard whose first posting is <paramref name="first"/>.</summary>
    private ReadOnlySpan<byte> NearPosting(Section shard, int first, int at, int length = NearPostingSize) =>
        At(shard, (long)(at - first) * NearPostingSize, length);

    /// <summary>
    /// Fold keys within <paramref name="max"/> edits of the folded query, from the near-miss index. A candidate whose
    /// sketch rules it out (<see cref="NearMiss.MayBeWithin"/>) is dropped without reading its key; one that passes is
    /// read from the string pool directly (the posting holds its place there), one random read.
    /// </summary>
    public IEnumerable<(string Key, int Distance)> NearKeys(string folded, int max)
    {
        var bits = _counts.NearBits;
        var sketch = NearMiss.Sketch(folded);
        var seen = new HashSet<int>(); // keys by their place in the pool
        var found = new List<(string, int)>();
        var buffer = new char[64];
        foreach (var signature in NearMiss.Probes(folded, max))
        {
            var top = (long)(signature >> (64 - bits));
            var range = At(Section.NearBuckets, 4 * top, 8);
            int lo = BinaryPrimitives.ReadInt32LittleEndian(range), hi = BinaryPrimitives.ReadInt32LittleEndian(range[4..]);
            if (hi < lo) throw new GazetteerCacheDamagedException();
            var shardIndex = (int)(signature >> (64 - 2));
            var shard = Section.NearPostings + shardIndex;
            var first = Int(Section.NearBuckets, (long)shardIndex << (bits - 2));
            var wanted = NearLowBits(signature, bits);
            for (var at = FirstAtOrAfter(shard, first, lo, hi, wanted); at < hi; at++)
            {
                var p = NearPosting(shard, first, at);
                if (BinaryPrimitives.ReadUInt16LittleEndian(p) != wanted) break;
                if (!NearMiss.MayBeWithin(sketch, BinaryPrimitives.ReadUInt64LittleEndian(p) >> 16, max)) continue;
                var pooled = BinaryPrimitives.ReadInt32LittleEndian(p[8..]);
                if (!seen.Add(pooled)) continue;
                // Decode into a buffer, allocate only the keys kept.
                var bytes = Utf8(pooled);
                if (bytes.Length > buffer.Length) buffer = new char[bytes.Length];
                var key = buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
                var d = Fuzzy.EditDistance(folded.AsSpan(), key, max);
                if (d <= max) found.Add((key.ToString(), d));
            }
        }
        return found;
    }

    /// <summary>The first posting in [lo, hi) whose signature bits are at or after <paramref name="wanted"/> (each read checks only its own block).</summary>
    private int FirstAtOrAfter(Section shard, int first, int lo, int hi, ushort wanted)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (BinaryPrimitives.ReadUInt16LittleEndian(NearPosting(shard, first, mid, 2)) < wanted) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public string? AdminName(string code)
    {
        var at = LowerBound(Section.AdminKeys, _counts.AdminNames, code);
        return at < _counts.AdminNames && Key(Section.AdminKeys, at) == code ? Key(Section.AdminValues, at) : null;
    }

    public IEnumerable<(string Code, int Index)> Countries() => Pairs(Section.Countries, _counts.Countries);
    public IEnumerable<(string Code, int Index)> Admin1s() => Pairs(Section.Admin1s, _counts.Admin1s);

    private IEnumerable<(string, int)> Pairs(Section section, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (code, index) = (Int(section, 2L * i), Int(section, 2L * i + 1));
            if (index < 0 || index >= Count) throw new GazetteerCacheDamagedException();
            yield return (Str(code), index);
        }
    }
}
