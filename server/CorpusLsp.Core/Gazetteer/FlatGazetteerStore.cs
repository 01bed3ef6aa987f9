using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// A gazetteer read in place from the flat cache format: fixed-size entry records, sorted key tables and
/// posting lists over one UTF-8 string pool, and the near-miss index of "did you mean". Opening it reads a trailer;
/// an entry becomes an object the first time it is asked for. Read by position (<see cref="IPositionedBytes"/>,
/// through <see cref="CheckedBlocks"/>' block cache), a restart costs milliseconds and the resident memory the checksum
/// table and a bounded cache, however many pages lookups touch; a contiguous run (a key's postings, a prefix's
/// prominence column, a near-miss bucket) is one read.
/// </summary>
/// <remarks>
/// Layout (little-endian). The file is one or more parts (each under 2 GB, so a host may also map each on its own); a section lies
/// in one part. Part 0: the magic, sections, a checksum per 4 KB block of every part, a trailer (counts, part lengths,
/// section places, the table's length), the trailer's length and a checksum of table and trailer. Sections: entry
/// records (<see cref="RecordSize"/> bytes), alternate-name references, fold keys (sorted ordinally), fold posting
/// starts and postings, the same three for skeleton keys, entry indices sorted by id, admin names (sorted keys and
/// values), countries and admin1 units, the string pool (each string its UTF-8 length as a 7-bit varint, then its
/// bytes; a reference is its int32 offset), the load diagnostics, and the near-miss index (<see cref="NearMiss"/>:
/// a table from a signature's top bits to its bucket's first posting, and postings sorted by signature, each the next 16
/// bits of the signature, the key itself when it is short ASCII else its sketch (48 bits, <see cref="NearMiss.PostingKey"/>), the key's place in the string pool and the largest population of its entries (a float rounded up), in four sections by the signature's top two bits: at
/// full GeoNames scale they are ~3 GB, more than a part holds), per fold key its most prominent
/// entry's prominence (a float: completion picks keys from this column, not from the records), and per fold posting
/// its entry's prominence (completion orders the picked keys' entries from it and reads only the records it returns;
/// reading each candidate's record paged in a random block of records per candidate) and population (an int64: "did
/// you mean" orders a found key's entries by it, in one read, where it searched the key again and read a record per entry).
/// A block is checked the first time any byte of it is read; a mismatch throws
/// <see cref="GazetteerCacheDamagedException"/>, and the gazetteer is rebuilt (<see cref="HealingGazetteerStore"/>):
/// nothing from a damaged cache is used, and a restart pays only for the blocks it reads.
/// </remarks>
internal sealed class FlatGazetteerStore : IGazetteerStore
{
    public const string Magic = "CLSGAZ18";
    public const int RecordSize = 72;
    public const int BlockSize = CheckedBlocks.BlockSize;

    public enum Section
    {
        Entries, Alternates, FoldKeys, FoldStarts, FoldPostings, SkelKeys, SkelStarts, SkelPostings, IdOrder, AdminKeys, AdminValues,
        Countries, Admin1s, Strings, Diagnostics, NearBuckets, NearPostings, NearPostings1, NearPostings2, NearPostings3, FoldProminence,
        FoldPostingProminence, FoldPostingPopulation,
    }

    public const int SectionCount = (int)Section.FoldPostingPopulation + 1;

    public readonly record struct Counts(int Entries, int FoldKeys, int SkeletonKeys, int AdminNames, int Countries, int Admin1s, int NearBits);

    private readonly CheckedBlocks _blocks;
    private readonly (int Part, long Offset, long Length)[] _sections;
    private readonly Counts _counts;
    /// <summary>
    /// Entries already built, by index. A dictionary, not an array of one reference per entry: at 12.4M rows that array
    /// was 99 MB the collector scanned whenever a full collection ran (one during opening took ~0.5 s and made it resident).
    /// </summary>
    private readonly ConcurrentDictionary<int, GazetteerEntry> _materialized = new();

    /// <summary>
    /// The index found for each id asked for (-1 for an id of another layer): a binary search of the id column locks ~50 blocks of the block cache, and
    /// each mention's `ref` check asks for its entry's index (in `check` on two cores, threads queued on those few hot
    /// blocks' locks; issue 19). Grows with the distinct ids asked for, as <see cref="_materialized"/> does.
    /// </summary>
    private readonly ConcurrentDictionary<string, int> _indexById = new(StringComparer.Ordinal);
    private int _indexedIds; // counted here: ConcurrentDictionary.Count takes every lock of the table
    private const int MaxIndexedIds = 1 << 20;
    private int[]? _nearFirst; // per near-miss shard: the global index of its first posting
    private long _nearBytesScanned;
    private int[]?[]? _nearBucketPages; // the near-miss bucket table, by pages as "did you mean" reads them
    private int _nearWarming; // 1 once a query started warming the table
    private int[]? _keyColumnEnds; // the first and last fold keys' places in the pool (KeyIndexOfPooled)

    public int Count => _counts.Entries;
    public int FoldKeyCount => _counts.FoldKeys;
    public ImmutableArray<Diagnostic> Diagnostics { get; private set; } = [];

    private FlatGazetteerStore(CheckedBlocks blocks, (int, long, long)[] sections, Counts counts)
    {
        _blocks = blocks;
        _sections = sections;
        _counts = counts;
    }

    /// <summary>Where each section lies: part, offset, length (tests damage each one).</summary>
    internal IReadOnlyList<(int Part, long Offset, long Length)> Sections => _sections;

    /// <summary>Checks every block of every section now, as a full scan would.</summary>
    internal void VerifyAll()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (var i = 0; i < SectionCount; i++)
                for (var at = 0L; at < _sections[i].Length; at += 1 << 20)
                    Read((Section)i, at, buffer.AsSpan(0, (int)Math.Min(1 << 20, _sections[i].Length - at)));
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Opens the flat form from parts in memory (tests, the built-in gazetteer, a mapped file).</summary>
    public static FlatGazetteerStore? Open(ReadOnlyMemory<byte> first, Func<int, ReadOnlyMemory<byte>?> part) =>
        Open(new MemoryBytes(first), p => part(p) is { } bytes ? new MemoryBytes(bytes) : null);

    /// <summary>
    /// Opens the flat form from its parts (part 0 first; <paramref name="part"/> opens part N); null when it is not
    /// one, of another version, inconsistent, or damaged where opening reads (then the caller rebuilds). Opening reads
    /// the magic, the trailer and the checksum table (4 bytes per 4 KB block) and checks them; nothing else.
    /// </summary>
    public static FlatGazetteerStore? Open(IPositionedBytes first, Func<int, IPositionedBytes?> part)
    {
        try
        {
            var fileLength = first.Length;
            Span<byte> head = stackalloc byte[12];
            if (fileLength < 8 + 12 || first.Read(0, head[..8]) != 8 || !head[..8].SequenceEqual(Encoding.ASCII.GetBytes(Magic))) return null;
            if (first.Read(fileLength - 12, head) != 12) return null;
            var trailerLength = BinaryPrimitives.ReadInt64LittleEndian(head);
            var tableHash = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
            if (trailerLength is <= 8 or > 1 << 20 || trailerLength > fileLength - 20) return null;
            var trailer = new byte[trailerLength];
            if (first.Read(fileLength - 12 - trailerLength, trailer) != trailer.Length) return null;
            var tableLength = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(trailer.Length - 8));
            var tableOffset = fileLength - 12 - trailerLength - tableLength;
            if (tableLength < 0 || tableLength % 4 != 0 || tableOffset < 8 || tableLength + trailerLength > int.MaxValue) return null;
            // The table and the trailer are checked together, as written: one read of both.
            var tableAndTrailer = new byte[tableLength + trailerLength];
            if (first.Read(tableOffset, tableAndTrailer) != tableAndTrailer.Length || NearMiss.BlockHash(tableAndTrailer) != tableHash) return null;
            using var r = new BinaryReader(new MemoryStream(trailer));
            var counts = new Counts(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            var partCount = r.ReadInt32();
            if (partCount is < 1 or > 64) return null;
            var parts = new IPositionedBytes[partCount];
            var dataLength = new long[partCount];
            parts[0] = first;
            for (var p = 0; p < partCount; p++)
            {
                var length = r.ReadInt64();
                if (p > 0) parts[p] = part(p) ?? new MemoryBytes(default); // a missing part has length 0: a mismatch
                dataLength[p] = p == 0 ? tableOffset : parts[p].Length;
                if (length != dataLength[p]) return null;
            }
            if (r.ReadInt32() != SectionCount) return null;
            var sections = new (int, long, long)[SectionCount];
            for (var i = 0; i < SectionCount; i++)
            {
                var (p, offset, length) = (r.ReadInt32(), r.ReadInt64(), r.ReadInt64());
                if (p < 0 || p >= partCount || offset < 0 || length < 0 || offset + length > dataLength[p]) return null;
                sections[i] = (p, offset, length);
            }
            var blocks = new CheckedBlocks(parts, dataLength, tableAndTrailer);
            if (blocks.TotalBlocks != tableLength / 4) return null;
            var store = new FlatGazetteerStore(blocks, sections, counts);
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
            && Is(Section.FoldPostingPopulation, 2 * _sections[(int)Section.FoldPostings].Length)
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
        var bytes = new byte[length];
        Read(Section.Diagnostics, 0, bytes);
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            var code = r.ReadString(); var path = r.ReadString(); var span = new TextSpan(r.ReadInt32(), r.ReadInt32()); var message = r.ReadString();
            if (DiagnosticCatalog.Find(code) is { } descriptor) builder.Add(Diagnostic.Create(descriptor, path, span, message));
        }
        Diagnostics = builder.ToImmutable();
        return this;
    }

    /// <summary>Bytes of a section into <paramref name="destination"/>, checked: out of the section or in a block whose checksum fails, the cache is damaged.</summary>
    private void Read(Section section, long offset, Span<byte> destination)
    {
        var (part, start, sectionLength) = _sections[(int)section];
        if (offset < 0 || offset + destination.Length > sectionLength) throw new GazetteerCacheDamagedException();
        _blocks.Read(part, start + offset, destination);
    }

    private int Int(Section section, long index)
    {
        Span<byte> bytes = stackalloc byte[4];
        Read(section, index * 4, bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    /// <summary>A run of int32 values in one read (a posting list, a key's range of starts).</summary>
    private void Ints(Section section, long index, Span<int> destination)
    {
        Read(section, index * 4, MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(destination, destination);
    }

    /// <summary>A run of float32 values in one read (a prominence column).</summary>
    private void Floats(Section section, long index, Span<float> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        Read(section, index * 4, bytes);
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(bytes), MemoryMarshal.Cast<byte, int>(bytes));
    }

    /// <summary>Room on the stack for a string of the pool: names are rarely longer, a longer one is read into an array of its own.</summary>
    private const int StringScratch = 256;

    /// <summary>
    /// A string of the pool as UTF-8, read into <paramref name="scratch"/>: its length and bytes in one read up to the
    /// end of the block they start in (most strings), else a second read for the rest.
    /// </summary>
    private ReadOnlySpan<byte> Utf8(int offset, Span<byte> scratch)
    {
        var (_, start, poolLength) = _sections[(int)Section.Strings];
        if (offset < 0 || offset >= poolLength) throw new GazetteerCacheDamagedException();
        var toBlockEnd = CheckedBlocks.BlockSize - (int)((start + offset) & (CheckedBlocks.BlockSize - 1));
        var got = (int)Math.Min(Math.Min(scratch.Length, poolLength - offset), Math.Max(toBlockEnd, 5));
        Read(Section.Strings, offset, scratch[..got]);
        int length = 0, shift = 0, used = 0;
        while (true)
        {
            if (used == got || shift > 28) throw new GazetteerCacheDamagedException();
            var b = scratch[used++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
            shift += 7;
        }
        if (length < 0 || used + (long)length > poolLength - offset) throw new GazetteerCacheDamagedException();
        if (used + length <= got) return scratch.Slice(used, length);
        if (used + length <= scratch.Length)
        {
            Read(Section.Strings, (long)offset + got, scratch[got..(used + length)]);
            return scratch.Slice(used, length);
        }
        var large = new byte[length];
        Read(Section.Strings, (long)offset + used, large);
        return large;
    }

    private string Str(int offset)
    {
        Span<byte> scratch = stackalloc byte[StringScratch];
        return Encoding.UTF8.GetString(Utf8(offset, scratch));
    }

    private string Key(Section keys, int index) => Str(Int(keys, index));

    /// <summary>
    /// A key against a string in ordinal (UTF-16) order without allocating: a binary search over millions of keys
    /// decodes one key per step. With <paramref name="prefix"/>, a key that starts with the string compares equal.
    /// </summary>
    private int CompareKey(Section keys, int index, string other, bool prefix = false)
    {
        Span<byte> scratch = stackalloc byte[StringScratch];
        var bytes = Utf8(Int(keys, index), scratch);
        Span<char> buffer = bytes.Length <= StringScratch ? stackalloc char[bytes.Length] : new char[bytes.Length];
        var chars = buffer[..Encoding.UTF8.GetChars(bytes, buffer)];
        if (prefix && chars.StartsWith(other.AsSpan(), StringComparison.Ordinal)) return 0;
        return chars.SequenceCompareTo(other.AsSpan());
    }

    public GazetteerEntry Entry(int index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index));
        if (_materialized.TryGetValue(index, out var known)) return known;
        Span<byte> s = stackalloc byte[RecordSize];
        Read(Section.Entries, (long)index * RecordSize, s);
        static int I(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadInt32LittleEndian(s[at..]);
        var (altStart, altCount) = (I(s, 12), I(s, 16));
        if (altCount is < 0 or > 1 << 20) throw new GazetteerCacheDamagedException();
        // The alternates' references are contiguous: one read.
        Span<int> altRefs = altCount <= 64 ? stackalloc int[altCount] : new int[altCount];
        Ints(Section.Alternates, altStart, altRefs);
        var alts = ImmutableArray.CreateBuilder<string>(altCount);
        foreach (var a in altRefs) alts.Add(Str(a));
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
        if (_materialized.TryGetValue(index, out var e)) return Gazetteer.Prominence(e.Population, e.FeatureClass, e.FeatureCode);
        Span<byte> s = stackalloc byte[RecordSize];
        Read(Section.Entries, (long)index * RecordSize, s);
        return Gazetteer.Prominence(BinaryPrimitives.ReadInt64LittleEndian(s[36..]), (char)BinaryPrimitives.ReadUInt16LittleEndian(s[68..]),
            Str(BinaryPrimitives.ReadInt32LittleEndian(s[44..])));
    }

    public long Population(int index)
    {
        if (_materialized.TryGetValue(index, out var e)) return e.Population;
        Span<byte> s = stackalloc byte[8];
        Read(Section.Entries, (long)index * RecordSize + 36, s);
        return BinaryPrimitives.ReadInt64LittleEndian(s);
    }

    public int IndexOf(string id)
    {
        if (_indexById.TryGetValue(id, out var known)) return known;
        var found = SearchId(id);
        if (Volatile.Read(ref _indexedIds) < MaxIndexedIds && _indexById.TryAdd(id, found)) Interlocked.Increment(ref _indexedIds);
        return found;
    }

    private int SearchId(string id)
    {
        var wanted = Encoding.UTF8.GetBytes(id);
        Span<byte> scratch = stackalloc byte[StringScratch];
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var entry = Int(Section.IdOrder, mid);
            if (entry < 0 || entry >= Count) throw new GazetteerCacheDamagedException();
            var c = Utf8(Int(Section.Entries, (long)entry * (RecordSize / 4)), scratch).SequenceCompareTo(wanted);
            if (c == 0) return entry;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>The first key index whose key is ordinally at or after the given string.</summary>
    private int LowerBound(Section keys, int count, string key)
    {
        var top = _searchTops.GetOrAdd((keys, count), _ => new string?[1 << SearchTopLevels]);
        int lo = 0, hi = count, node = 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            int c;
            if (node < top.Length)
            {
                // Where each search goes next depends only on the comparisons so far: node n's children are 2n and 2n+1.
                var known = Volatile.Read(ref top[node]) ?? (top[node] = Str(Int(keys, mid)));
                c = string.CompareOrdinal(known, key);
                node = 2 * node + (c < 0 ? 1 : 0);
            }
            else c = CompareKey(keys, mid, key);
            if (c < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The keys at the first levels of each key section's binary search, kept as they are first read: every search starts
    /// through the same few blocks, and in `check` on two cores the threads queued on those blocks' locks (issue 19).
    /// 4,095 keys per section at most.
    /// </summary>
    private readonly ConcurrentDictionary<(Section, int), string?[]> _searchTops = new();
    private const int SearchTopLevels = 12;

    /// <summary>A key's postings [From, To): its start and the next key's, in one read.</summary>
    private (int From, int To) PostingRange(Section starts, int keyIndex)
    {
        Span<int> range = stackalloc int[2];
        Ints(starts, keyIndex, range);
        if (range[1] < range[0] || range[0] < 0) throw new GazetteerCacheDamagedException();
        return (range[0], range[1]);
    }

    private int[] Postings(Section postings, (int From, int To) range)
    {
        var ids = new int[range.To - range.From];
        Ints(postings, range.From, ids);
        return ids;
    }

    private int[]? Find(Section keys, Section starts, Section postings, int count, string key)
    {
        var at = LowerBound(keys, count, key);
        return at < count && CompareKey(keys, at, key) == 0 ? Postings(postings, PostingRange(starts, at)) : null;
    }

    public int[]? ByFold(string key) => Find(Section.FoldKeys, Section.FoldStarts, Section.FoldPostings, FoldKeyCount, key);
    public int[]? BySkeleton(string key) => Find(Section.SkelKeys, Section.SkelStarts, Section.SkelPostings, _counts.SkeletonKeys, key);

    /// <summary>
    /// The first key past those that start with <paramref name="prefix"/> (contiguous from <paramref name="lo"/>): a
    /// galloping search from lo, so its reads stay near the range (blocks already read) instead of halving the whole table.
    /// </summary>
    private int EndOfPrefix(int lo, string prefix)
    {
        bool Has(int k) => CompareKey(Section.FoldKeys, k, prefix, prefix: true) == 0;
        if (lo >= FoldKeyCount || !Has(lo)) return lo;
        var step = 1; // lo + step / 2 has the prefix
        while (lo + step < FoldKeyCount && Has(lo + step)) step *= 2;
        int from = lo + step / 2 + 1, to = Math.Min(lo + step, FoldKeyCount);
        while (from < to)
        {
            var mid = (from + to) >>> 1;
            if (Has(mid)) from = mid + 1; else to = mid;
        }
        return from;
    }

    /// <summary>Prominence values of a prefix's keys read at a time: one read per 16 KB of the column, not one per key.</summary>
    private const int ProminenceChunk = 4096;

    /// <summary>
    /// Reads the per-key prominence column over the prefix's range (in runs), then the picked keys' postings and their
    /// prominence (contiguous with the keys; one read each): no entry record is touched.
    /// </summary>
    public IReadOnlyList<KeyPostings> TopKeysStartingWith(string prefix, int count)
    {
        var lo = LowerBound(Section.FoldKeys, FoldKeyCount, prefix);
        var hi = EndOfPrefix(lo, prefix);
        var column = ArrayPool<float>.Shared.Rent(Math.Clamp(hi - lo, 1, ProminenceChunk));
        int[] top;
        try
        {
            int chunkStart = lo, chunkEnd = lo;
            // Top asks for the keys in order: the next run is read when the last one is used up.
            top = KeySelection.Top(lo, hi, k =>
            {
                if (k >= chunkEnd)
                {
                    (chunkStart, chunkEnd) = (k, Math.Min(hi, k + column.Length));
                    Floats(Section.FoldProminence, chunkStart, column.AsSpan(0, chunkEnd - chunkStart));
                }
                return column[k - chunkStart];
            }, count);
        }
        finally { ArrayPool<float>.Shared.Return(column); }
        return top.Select(k =>
        {
            var range = PostingRange(Section.FoldStarts, k);
            var prominence = new float[range.To - range.From];
            Floats(Section.FoldPostingProminence, range.From, prominence);
            return new KeyPostings(Key(Section.FoldKeys, k), Postings(Section.FoldPostings, range), prominence);
        }).ToList();
    }

    public IEnumerable<string> FoldKeys(int minLength, int maxLength)
    {
        // The key column in runs of 1,024; a key's string is read only when its length may fit (bytes ≥ chars).
        var offsets = new int[1024];
        for (var k = 0; k < FoldKeyCount; k += offsets.Length)
        {
            var n = Math.Min(offsets.Length, FoldKeyCount - k);
            Ints(Section.FoldKeys, k, offsets.AsSpan(0, n));
            for (var i = 0; i < n; i++)
            {
                var key = Str(offsets[i]);
                if (key.Length >= minLength && key.Length <= maxLength) yield return key;
            }
        }
    }

    public const int NearPostingSize = 16;

    /// <summary>The postings lie in this many sections (<see cref="Section.NearPostings"/> and the next ones), by the signature's top bits.</summary>
    public const int NearShards = 4;

    /// <summary>
    /// The 16 bits of a signature below its bucket's <paramref name="bits"/>: within a bucket they sort as the signatures
    /// do. Two signatures of one bucket that share them only add candidates the sketch and the distance then judge.
    /// </summary>
    internal static ushort NearLowBits(ulong signature, int bits) => (ushort)((signature << bits) >> 48);

    /// <summary>Per shard, the global index of its first posting (the bucket table counts postings across shards).</summary>
    private int[] NearFirst()
    {
        if (_nearFirst is { } known) return known;
        // From the shards' lengths, not the table: its entries at the shards' starts lie in four pages of their own.
        var first = new int[NearShards];
        for (var s = 1; s < NearShards; s++) first[s] = first[s - 1] + (int)(_sections[(int)Section.NearPostings + s - 1].Length / NearPostingSize);
        return _nearFirst = first;
    }

    /// <summary>
    /// The first posting of bucket <paramref name="b"/> (the table has one entry past the last bucket). The table (16 MB
    /// at 12.4M rows) is read a page at a time as probes reach it, a page being the entries that start in one block of
    /// the file, and the pages kept: read whole, it cost the first query ~165 ms and made all of it resident, where a
    /// query probes 60–80 buckets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called twice a probe from the first query on, as CollectNear
    private int BucketStart(long b)
    {
        var skew = _sections[(int)Section.NearBuckets].Offset & (BlockSize - 1);
        var entries = (1L << _counts.NearBits) + 1;
        var pages = NearBucketPages();
        var index = (skew + 4 * b) / BlockSize;
        var first = FirstOfPage(index, skew);
        var page = Volatile.Read(ref pages[index]) ?? ReadBucketPage(pages, index, first, Math.Min(entries, FirstOfPage(index + 1, skew)));
        return page[b - first];
    }

    /// <summary>The table's pages, one array for every thread (the warming thread fills the same one).</summary>
    private int[]?[] NearBucketPages()
    {
        if (Volatile.Read(ref _nearBucketPages) is { } known) return known;
        var skew = _sections[(int)Section.NearBuckets].Offset & (BlockSize - 1);
        var pages = new int[]?[(skew + 4 * ((1L << _counts.NearBits) + 1) + BlockSize - 1) / BlockSize];
        return Interlocked.CompareExchange(ref _nearBucketPages, pages, null) ?? pages;
    }

    /// <summary>
    /// Reads the pages of the near-miss bucket table no query has read yet, 16 at a time (64 KB, one read each), on a pool
    /// thread that the first "did you mean" query starts (<see cref="WarmNearBucketTableOnce"/>). At 12.4M rows the table
    /// is 4,096 pages, and the first few hundred queries of a process each read up to 70 of them one by one (the slowest
    /// 1% of the first thousand read 21 on average). Damage found here is left for the query that reads the page to heal.
    /// </summary>
    internal void WarmNearBucketTable()
    {
        const int Run = 16;
        var skew = _sections[(int)Section.NearBuckets].Offset & (BlockSize - 1);
        var entries = (1L << _counts.NearBits) + 1;
        var pages = NearBucketPages();
        var buffer = ArrayPool<int>.Shared.Rent(Run * BlockSize / 4 + 1);
        try
        {
            for (var index = 0L; index < pages.Length; index += Run)
            {
                var last = Math.Min(pages.Length, index + Run);
                if (Enumerable.Range(0, (int)(last - index)).All(i => Volatile.Read(ref pages[index + i]) is not null)) continue;
                var first = FirstOfPage(index, skew);
                var run = buffer.AsSpan(0, (int)(Math.Min(entries, FirstOfPage(last, skew)) - first));
                Ints(Section.NearBuckets, first, run);
                for (var i = index; i < last; i++)
                {
                    var from = FirstOfPage(i, skew);
                    var page = GC.AllocateUninitializedArray<int>((int)(Math.Min(entries, FirstOfPage(i + 1, skew)) - from), pinned: true);
                    run.Slice((int)(from - first), page.Length).CopyTo(page);
                    for (var k = 1; k < page.Length; k++)
                        if (page[k] < page[k - 1]) return; // damaged: the query that reads the page finds it
                    Interlocked.CompareExchange(ref pages[i], page, null);
                }
            }
        }
        catch (GazetteerCacheDamagedException) { }
        finally { ArrayPool<int>.Shared.Return(buffer); }
    }

    /// <summary>
    /// The first "did you mean" query starts <see cref="WarmNearBucketTable"/> on a pool thread when the table is over a
    /// megabyte (a smaller one is read in a few reads by the first queries). Not on opening: loading and lookups, which
    /// never read the table, would share the two cores with it.
    /// </summary>
    private void WarmNearBucketTableOnce()
    {
        if (Volatile.Read(ref _nearWarming) != 0 || Interlocked.Exchange(ref _nearWarming, 1) != 0) return;
        if (_sections[(int)Section.NearBuckets].Length > 1 << 20)
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.WarmNearBucketTable(), this, preferLocal: false);
    }

    /// <summary>The first table entry that starts in page <paramref name="index"/>.</summary>
    private static long FirstOfPage(long index, long skew) => index == 0 ? 0 : (index * BlockSize - skew + 3) / 4;

    private int[] ReadBucketPage(int[]?[] pages, long index, long from, long to)
    {
        // Kept for the process's life, on the pinned heap: never copied by the collections of the queries' garbage.
        var page = GC.AllocateUninitializedArray<int>((int)(to - from), pinned: true);
        Ints(Section.NearBuckets, from, page);
        for (var i = 1; i < page.Length; i++)
            if (page[i] < page[i - 1]) throw new GazetteerCacheDamagedException();
        // Two threads may read the same page; either copy is equal.
        Volatile.Write(ref pages[index], page);
        return page;
    }

    /// <summary>Near-miss postings of the signatures the queries so far probed (`bench gaz-suggest-profile`).</summary>
    internal long NearPostingsScanned => Interlocked.Read(ref _nearBytesScanned) / NearPostingSize;

    /// <summary>The postings of one near-miss signature (`bench gaz-near-lists`: which signatures are shared by many keys).</summary>
    internal int NearListLength(ulong signature)
    {
        var (bits, firsts) = (_counts.NearBits, NearFirst());
        var b = (long)(signature >> (64 - bits));
        int lo = BucketStart(b), hi = BucketStart(b + 1);
        var shard = (int)(signature >> (64 - 2));
        var postings = new byte[(hi - lo) * NearPostingSize];
        Read(Section.NearPostings + shard, (long)(lo - firsts[shard]) * NearPostingSize, postings);
        var (wanted, n) = (NearLowBits(signature, bits), 0);
        for (var at = FirstAtOrAfter(postings, wanted); at < postings.Length && BinaryPrimitives.ReadUInt16LittleEndian(postings.AsSpan(at)) == wanted; at += NearPostingSize) n++;
        return n;
    }

    public IEnumerable<(string Key, int Distance)> NearKeys(string folded, int max)
    {
        var found = new List<(string, int)>();
        Span<byte> scratch = stackalloc byte[StringScratch];
        var chars = new char[64];
        var pattern = new EditDistancePattern(folded);
        foreach (var c in NearCandidates(pattern, max))
        {
            if (NearMiss.IsInline(c.Carried)) { found.Add((NearMiss.InlineKey(c.Carried, new char[NearMiss.InlineMaxLength]).ToString(), c.Bound)); continue; }
            var key = Decode(c.Pooled, scratch, ref chars);
            if (pattern.Distance(key, max) is var d && d <= max) found.Add((key.ToString(), d));
        }
        return found;
    }

    private ReadOnlySpan<char> Decode(int pooled, Span<byte> scratch, ref char[] chars)
    {
        var utf8 = Utf8(pooled, scratch);
        if (utf8.Length > chars.Length) chars = new char[utf8.Length];
        return chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
    }

    /// <summary>
    /// Best first: candidates, confirmed keys and their entries in one queue ordered by (distance, population descending,
    /// key, a key before its entries, posting). A candidate stands there with its sketch's bound of the distance and its
    /// posting's bound of its entries' populations, so whatever it may yield (under the same key) comes after it: the first
    /// <paramref name="limit"/> distinct entries taken from the queue are those of the full sort, and a key is read only
    /// when it may still place an entry among them (its posting list and populations then in two runs).
    /// </summary>
    /// <remarks>
    /// In two rounds when <paramref name="max"/> is 2: the probes of one edit first (<see cref="NearMiss.PlacedProbes"/>
    /// of 1, a third to a half of those of 2), which find every key within one edit with a bound of at most its distance.
    /// The queue is taken from while its next item stands at distance 0 or 1; a key of distance 2 comes after all of those
    /// in the order, so when they give the <paramref name="limit"/> entries (a typo of a known name mostly does) the
    /// answer is complete and the other probes are not read. Else the rest of the probes add their candidates (a key
    /// found in the first round keeps its bound there: it is at most its distance) and the queue goes on. At 12.4M rows
    /// the slowest 1% of queries by processor time scanned 5,000–15,000 postings, most under probes of two edits.
    /// </remarks>
    public IReadOnlyList<(int Index, string Key, int Distance)> Suggestions(string folded, int max, int limit)
    {
        var result = new List<(int, string, int)>();
        if (limit <= 0) return result;
        var queue = new PriorityQueue<(string? Key, int Entry, ulong Carried), (int Distance, double Population, int Pooled, int Rank, int Posting)>();
        var pattern = new EditDistancePattern(folded);
        var near = new NearSearch();
        var taken = new HashSet<int>();
        Span<byte> scratch = stackalloc byte[StringScratch];
        Span<char> inline = stackalloc char[NearMiss.InlineMaxLength];
        var chars = new char[64];
        try
        {
            for (var round = Math.Min(max, 1); round <= max && result.Count < limit; round++)
            {
                var queued = near.Candidates.Count;
                CollectNear(pattern, max, round, near);
                // A key its posting carried is measured already: it stands as a confirmed key, where a candidate would after its
                // reading. Its string is made when it comes out (most never do: a 6-letter query may have thousands), and the
                // queue is built in one pass, not one insertion per candidate.
                queue.EnqueueRange(NewItems(near.Candidates, queued));
                while (result.Count < limit && queue.TryPeek(out _, out var next) && (round == max || next.Distance <= round))
                {
                    var (item, order) = (queue.Dequeue(), next);
                    if (item.Entry >= 0)
                    {
                        if (taken.Add(item.Entry)) result.Add((item.Entry, item.Key!, order.Distance));
                    }
                    else if (item.Key is null && !NearMiss.IsInline(item.Carried))
                    {
                        var key = Decode(order.Pooled, scratch, ref chars);
                        if (pattern.Distance(key, max) is var d && d <= max) queue.Enqueue((key.ToString(), -1, 0), order with { Distance = d });
                    }
                    else
                    {
                        var key = item.Key ?? NearMiss.InlineKey(item.Carried, inline).ToString();
                        var range = PostingRange(Section.FoldStarts, KeyIndexOfPooled(order.Pooled));
                        var ids = Postings(Section.FoldPostings, range);
                        var populations = new long[ids.Length];
                        Read(Section.FoldPostingPopulation, 8L * range.From, MemoryMarshal.AsBytes(populations.AsSpan()));
                        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(populations, populations);
                        foreach (var i in FirstByPopulation(populations, limit))
                        {
                            if (populations[i] > -order.Population) throw new GazetteerCacheDamagedException(); // above its key's bound
                            queue.Enqueue((key, ids[i], 0), (order.Distance, -(double)populations[i], order.Pooled, 1, i));
                        }
                    }
                }
            }
        }
        finally { near.Release(); }
        return result;
    }

    /// <summary>The candidates from <paramref name="from"/> on as queue items (a candidate stands with its bound and its population bound).</summary>
    private static IEnumerable<((string? Key, int Entry, ulong Carried), (int Distance, double Population, int Pooled, int Rank, int Posting))> NewItems(List<NearCandidate> candidates, int from)
    {
        for (var i = from; i < candidates.Count; i++)
        {
            var c = candidates[i];
            yield return ((null, -1, c.Carried), (c.Bound, -(double)c.Population, c.Pooled, 0, 0));
        }
    }

    /// <summary>
    /// The places of a key's first <paramref name="count"/> entries in its order (population descending, then posting
    /// order; all of them when it has no more): only those can be answers. Each entry before one in the key's order
    /// comes out of the queue before it, and they are distinct (a key lists an entry once), so the answers are complete
    /// before a later one comes out. The key's most populous entry is among them, so checking these against the key's
    /// bound checks them all. A key of the synthetic 12.4M-row index has up to ~20,000 entries, and queueing every one
    /// was most of a slow query's processor time.
    /// </summary>
    internal static int[] FirstByPopulation(long[] populations, int count)
    {
        if (count >= populations.Length) return [.. Enumerable.Range(0, populations.Length)];
        if (count > 64)
            return [.. Enumerable.Range(0, populations.Length).OrderByDescending(i => populations[i]).ThenBy(i => i).Take(count)];
        var kept = new int[Math.Max(count, 0)];
        var filled = 0;
        for (var i = 0; i < populations.Length && count > 0; i++)
        {
            // A later posting of equal population comes after the kept ones: it displaces none.
            if (filled == count && populations[i] <= populations[kept[filled - 1]]) continue;
            var at = filled == count ? filled - 1 : filled++;
            for (; at > 0 && populations[kept[at - 1]] < populations[i]; at--) kept[at] = kept[at - 1];
            kept[at] = i;
        }
        return kept;
    }

    /// <summary>
    /// The index of the fold key at this place in the pool. Keys are pooled one after another in their order, so the key
    /// column ascends almost linearly: the place is guessed from the column's two ends, then from the density of the
    /// last block read (its keys' bytes per key), and the block of the column around each guess is read whole (1,024
    /// keys, one read) and searched in memory. A bisection of the 30M keys of a full GeoNames index read ~7 blocks below
    /// the cached top levels per key; this reads one to three. Every fourth step bisects, so a column that is not near
    /// linear still costs O(log n) blocks.
    /// </summary>
    internal int KeyIndexOfPooled(int pooled)
    {
        var (lo, hi) = (0, FoldKeyCount - 1);
        if (hi < 0) throw new GazetteerCacheDamagedException();
        var ends = _keyColumnEnds ??= [Int(Section.FoldKeys, lo), Int(Section.FoldKeys, hi)];
        long atLo = ends[0], atHi = ends[1];
        if (atLo == pooled) return lo;
        if (atHi == pooled) return hi;
        var (_, start, _) = _sections[(int)Section.FoldKeys];
        var window = ArrayPool<int>.Shared.Rent(CheckedBlocks.BlockSize / 4);
        try
        {
            // Known: the key at lo is before the wanted place and the key at hi after it; it lies strictly between.
            (int Index, long At, double BytesPerKey)? anchor = null;
            for (var step = 0; ; step++)
            {
                if (pooled < atLo || pooled > atHi || hi - lo < 2) throw new GazetteerCacheDamagedException();
                var guess = step % 4 == 3 ? (lo + hi) >>> 1
                    : anchor is { } a ? a.Index + (long)Math.Round((pooled - a.At) / a.BytesPerKey)
                    : lo + (long)(hi - lo) * (pooled - atLo) / (atHi - atLo);
                guess = Math.Clamp(guess, lo + 1, hi - 1);
                // The keys of the column's file block that holds the guess, within (lo, hi).
                var blockStart = (start + 4 * guess) & ~(long)(CheckedBlocks.BlockSize - 1);
                var from = (int)Math.Max(lo + 1, (blockStart - start + 3) / 4);
                var to = (int)Math.Min(hi - 1, (blockStart + CheckedBlocks.BlockSize - start) / 4 - 1);
                var keys = window.AsSpan(0, to - from + 1);
                Ints(Section.FoldKeys, from, keys);
                var bytesPerKey = keys.Length > 1 && keys[^1] > keys[0] ? (keys[^1] - keys[0]) / (double)(keys.Length - 1) : anchor?.BytesPerKey ?? 1;
                if (pooled < keys[0]) { (hi, atHi) = (from, keys[0]); anchor = (from, keys[0], bytesPerKey); }
                else if (pooled > keys[^1]) { (lo, atLo) = (to, keys[^1]); anchor = (to, keys[^1], bytesPerKey); }
                else return keys.BinarySearch(pooled) is var i and >= 0 ? from + i : throw new GazetteerCacheDamagedException();
            }
        }
        finally { ArrayPool<int>.Shared.Return(window); }
    }

    /// <summary>
    /// A key found by the index: when its posting carries it (<see cref="NearMiss.IsInline"/> of <see cref="Carried"/>)
    /// Bound is its distance, else a lower bound of it (its sketch's, or the distance of the key a remainder posting makes
    /// with its probe's segments: the key's own, unless another signature's posting shared the probe's bits).
    /// </summary>
    private readonly record struct NearCandidate(int Pooled, int Bound, float Population, ulong Carried);

    /// <summary>
    /// The keys the near-miss index gives for the folded query, each once, whose sketch allows <paramref name="max"/> edits
    /// (<see cref="NearMiss.DistanceBound"/>), or whose remainder posting makes a key within them, with that bound and
    /// their bound of population; none is read yet. Each probed bucket's postings [lo, hi) are one read (about a
    /// kilobyte), searched in memory for the signature's low bits.
    /// </summary>
    /// <remarks>
    /// A key met by several postings keeps the smallest bound. A remainder posting of another signature that shares a
    /// probe's bits makes a wrong key, whose distance may be below or above the key's: below, the key is read and
    /// measured before it answers (as a sketch's candidate is); above, or when the posting cannot be read under this probe,
    /// it is skipped, since a key within the distance has its own posting under one of the probes, which bounds it right.
    /// </remarks>
    private List<NearCandidate> NearCandidates(EditDistancePattern pattern, int max)
    {
        var near = new NearSearch();
        try
        {
            CollectNear(pattern, max, max, near);
            return near.Candidates;
        }
        finally { near.Release(); }
    }

    /// <summary>
    /// What one query's search of the index has found so far: keys by their place in the pool (their place in
    /// <see cref="Candidates"/>) and the probes read, so that a second round (<see cref="Suggestions"/>) reads none twice.
    /// </summary>
    private sealed class NearSearch
    {
        public readonly Dictionary<int, int> Seen = [];
        public readonly List<NearCandidate> Candidates = [];

        /// <summary>The probes read so far, sorted and distinct (<see cref="NearMiss.SortDistinct"/>), in a pooled array.</summary>
        public NearMiss.Probe[] Probed = [];
        public int ProbedCount;

        /// <summary>This round's probes (pooled scratch).</summary>
        public NearMiss.Probe[] Fresh = [];

        public void Release()
        {
            if (Probed.Length > 0) ArrayPool<NearMiss.Probe>.Shared.Return(Probed);
            if (Fresh.Length > 0) ArrayPool<NearMiss.Probe>.Shared.Return(Fresh);
            (Probed, Fresh, ProbedCount) = ([], [], 0);
        }

        /// <summary>
        /// The probes of <paramref name="round"/> edits not read yet, sorted; they are counted as read. A second round's
        /// probes include the first's (every key within one edit is within two), so it reads only the others.
        /// </summary>
        public ReadOnlySpan<NearMiss.Probe> Unread(string folded, int round)
        {
            var count = NearMiss.FillProbes(folded, round, ref Fresh, 0); // before Fresh is read: it may be replaced by a larger array
            var all = NearMiss.SortDistinct(Fresh.AsSpan(0, count));
            var union = ArrayPool<NearMiss.Probe>.Shared.Rent(Math.Max(1, all + ProbedCount));
            var (fresh, kept, k) = (0, 0, 0);
            // Merge: the union into a new array; the fresh ones (not in Probed) to the front of Fresh.
            for (var i = 0; i < all; i++)
            {
                var probe = Fresh[i];
                while (k < ProbedCount && Compare(Probed[k], probe) < 0) union[kept++] = Probed[k++];
                if (k < ProbedCount && Probed[k] == probe) continue;
                union[kept++] = probe;
                Fresh[fresh++] = probe;
            }
            while (k < ProbedCount) union[kept++] = Probed[k++];
            if (Probed.Length > 0) ArrayPool<NearMiss.Probe>.Shared.Return(Probed);
            (Probed, ProbedCount) = (union, kept);
            return Fresh.AsSpan(0, fresh);
        }

        private static int Compare(in NearMiss.Probe a, in NearMiss.Probe b) => a.Signature != b.Signature ? a.Signature.CompareTo(b.Signature)
            : (a.KeyLength, a.First, a.Second, a.FirstAt, a.SecondAt).CompareTo((b.KeyLength, b.First, b.Second, b.FirstAt, b.SecondAt));
    }

    /// <summary>
    /// <see cref="NearCandidates"/> for these probes, each read once per search (a query's probes may repeat a probe, and a
    /// second round repeats those of the first), into <paramref name="near"/>: candidates whose bound is within
    /// <paramref name="max"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first query: straight to optimized code, no tier-0 loop
    private void CollectNear(EditDistancePattern pattern, int max, int round, NearSearch near)
    {
        var probes = near.Unread(pattern.Text, round);
        var folded = pattern.Text;
        var bits = _counts.NearBits;
        var firsts = NearFirst();
        WarmNearBucketTableOnce();
        var sketch = NearMiss.Sketch(folded);
        var (seen, candidates) = (near.Seen, near.Candidates);
        var bucket = ArrayPool<byte>.Shared.Rent(64 * NearPostingSize);
        Span<char> key = stackalloc char[NearMiss.InlineMaxLength];
        Span<char> whole = stackalloc char[32];
        (int Start, int Length)[] segments = [];
        var segmentsOf = 0; // the key length they are of
        var scanned = 0L;
        try
        {
            var (inBucket, bytes) = (-1L, 0); // the bucket the buffer holds: probes sharing one (sorted, they are adjacent) read it once
            foreach (var probe in probes)
            {
                var signature = probe.Signature;
                var b = (long)(signature >> (64 - bits));
                if (probe.IsPair && segmentsOf != probe.KeyLength) (segments, segmentsOf) = (NearMiss.Segments(probe.KeyLength, 4, longerFirst: true), probe.KeyLength);
                if (b != inBucket)
                {
                    int lo = BucketStart(b), hi = BucketStart(b + 1);
                    if (hi < lo) throw new GazetteerCacheDamagedException(); // across two pages, each checked alone
                    var shardIndex = (int)(signature >> (64 - 2));
                    bytes = (hi - lo) * NearPostingSize;
                    if (bucket.Length < bytes)
                    {
                        ArrayPool<byte>.Shared.Return(bucket);
                        bucket = ArrayPool<byte>.Shared.Rent(bytes);
                    }
                    Read(Section.NearPostings + shardIndex, (long)(lo - firsts[shardIndex]) * NearPostingSize, bucket.AsSpan(0, bytes));
                    inBucket = b;
                }
                if (bytes == 0) continue;
                var postings = bucket.AsSpan(0, bytes);
                var wanted = NearLowBits(signature, bits);
                var (from, at) = (FirstAtOrAfter(postings, wanted), 0);
                for (at = from; at < postings.Length; at += NearPostingSize)
                {
                    var p = postings.Slice(at, NearPostingSize);
                    if (BinaryPrimitives.ReadUInt16LittleEndian(p) != wanted) break;
                    var carried = BinaryPrimitives.ReadUInt64LittleEndian(p) >> 16;
                    int bound;
                    if (NearMiss.IsInline(carried)) bound = pattern.Distance(NearMiss.InlineKey(carried, key), max);
                    else if (!NearMiss.IsRemainder(carried)) bound = NearMiss.DistanceBound(sketch, carried);
                    else if (probe.IsPair && probe.KeyLength <= whole.Length && NearMiss.KeyOfRemainder(carried, probe, segments, folded, whole[..probe.KeyLength]))
                        bound = pattern.Distance(whole[..probe.KeyLength], max);
                    else continue;
                    if (bound > max) continue;
                    var pooled = BinaryPrimitives.ReadInt32LittleEndian(p[8..]);
                    ref var place = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, pooled, out var known);
                    if (!known)
                    {
                        place = candidates.Count;
                        candidates.Add(new NearCandidate(pooled, bound, BinaryPrimitives.ReadSingleLittleEndian(p[12..]), carried));
                    }
                    else if (bound < candidates[place].Bound) candidates[place] = candidates[place] with { Bound = bound };
                }
                scanned += at - from;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(bucket); }
        Interlocked.Add(ref _nearBytesScanned, scanned);
    }

    /// <summary>The byte offset of the first posting of a bucket whose signature bits are at or after <paramref name="wanted"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstAtOrAfter(ReadOnlySpan<byte> postings, ushort wanted)
    {
        int lo = 0, hi = postings.Length / NearPostingSize;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (BinaryPrimitives.ReadUInt16LittleEndian(postings[(mid * NearPostingSize)..]) < wanted) lo = mid + 1; else hi = mid;
        }
        return lo * NearPostingSize;
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
        var pair = new int[2];
        for (var i = 0; i < count; i++)
        {
            Ints(section, 2L * i, pair);
            var (code, index) = (pair[0], pair[1]);
            if (index < 0 || index >= Count) throw new GazetteerCacheDamagedException();
            yield return (Str(code), index);
        }
    }
}
