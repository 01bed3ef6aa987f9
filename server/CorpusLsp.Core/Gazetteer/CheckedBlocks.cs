using System.Buffers;
using System.Buffers.Binary;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// The bytes of a flat index's parts, each 4 KB block checked against its checksum the first time any byte of it is
/// read (a mismatch or a short read throws <see cref="GazetteerCacheDamagedException"/>). Parts in memory are read in
/// place. Parts read by position go through a small block cache: a memory mapping made RssFile grow with every page
/// lookups touched (1.5 GB after "did you mean" at 2.5M rows), while the cache holds at most
/// <see cref="CacheSets"/> × 2 blocks, its buffers allocated once and reused. A read of three blocks or more (a long
/// posting list, a prefix's prominence column) is one positioned read into a pooled buffer, not block by block.
/// </summary>
internal sealed class CheckedBlocks
{
    public const int BlockSize = 4096;
    private const int BlockShift = 12;

    /// <summary>Sets of two blocks: 2 × 4,096 × 4 KB = 32 MB at most, allocated as they are first used.</summary>
    private const int CacheBits = 12;
    private const int CacheSets = 1 << CacheBits;

    /// <summary>Reads spanning more blocks than this bypass the cache: one read of the whole run.</summary>
    private const int CachedRunBlocks = 2;

    private readonly IPositionedBytes[] _parts;
    private readonly ReadOnlyMemory<byte>[] _memory;  // per part: its bytes when in memory, else empty
    private readonly bool[] _inMemory;
    private readonly long[] _dataLength;              // per part: bytes covered by checksums (part 0 stops at the table)
    private readonly long[] _blockBase;               // per part: its first block's index in the checksum table
    private readonly byte[] _checksums;               // 4 bytes per block, read and checked once on opening
    private readonly int[][] _verified;               // per part: one bit per block already checked
    private Set[]? _sets;

    public CheckedBlocks(IPositionedBytes[] parts, long[] dataLength, byte[] checksums)
    {
        _parts = parts;
        _dataLength = dataLength;
        _checksums = checksums;
        _memory = new ReadOnlyMemory<byte>[parts.Length];
        _inMemory = new bool[parts.Length];
        _blockBase = new long[parts.Length];
        _verified = new int[parts.Length][];
        var total = 0L;
        for (var p = 0; p < parts.Length; p++)
        {
            if (parts[p] is MemoryBytes m) (_memory[p], _inMemory[p]) = (m.Memory, true);
            var blocks = (dataLength[p] + BlockSize - 1) >> BlockShift;
            _blockBase[p] = total;
            _verified[p] = new int[(blocks + 31) / 32];
            total += blocks;
        }
        TotalBlocks = total;
    }

    /// <summary>Blocks in all parts: the checksum table has one entry each.</summary>
    public long TotalBlocks { get; }

    public long DataLength(int part) => _dataLength[part];

    /// <summary>Copies the bytes at <paramref name="from"/> of a part into <paramref name="destination"/>, every block they touch checked.</summary>
    public void Read(int part, long from, Span<byte> destination)
    {
        if (destination.Length == 0) return;
        if (from < 0 || from + destination.Length > _dataLength[part]) throw new GazetteerCacheDamagedException();
        if (_inMemory[part])
        {
            var span = _memory[part].Span;
            VerifyInPlace(part, span, from, destination.Length);
            span.Slice((int)from, destination.Length).CopyTo(destination);
            return;
        }
        long first = from >> BlockShift, last = (from + destination.Length - 1) >> BlockShift;
        if (last - first >= CachedRunBlocks) { ReadRun(part, first, last, from, destination); return; }
        if (last == first + 1) { ReadPair(part, first, from, destination); return; }
        for (var b = first; b <= last; b++)
        {
            var blockStart = b << BlockShift;
            var at = (int)Math.Max(0, from - blockStart);
            var take = (int)Math.Min(BlockSize - at, from + destination.Length - blockStart - at);
            var into = (int)(blockStart + at - from);
            CopyFromCache(part, b, at, destination.Slice(into, take));
        }
    }

    private void VerifyInPlace(int part, ReadOnlySpan<byte> span, long from, int length)
    {
        for (long b = from >> BlockShift, last = (from + length - 1) >> BlockShift; b <= last; b++)
        {
            if (IsVerified(part, b)) continue;
            var blockStart = b << BlockShift;
            Check(part, b, span.Slice((int)blockStart, BlockLength(part, b)));
        }
    }

    private int BlockLength(int part, long block) => (int)Math.Min(BlockSize, _dataLength[part] - (block << BlockShift));

    private bool IsVerified(int part, long block) => (Volatile.Read(ref _verified[part][block >> 5]) & (1 << (int)(block & 31))) != 0;

    private void Check(int part, long block, ReadOnlySpan<byte> bytes)
    {
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(_checksums.AsSpan((int)(4 * (_blockBase[part] + block)), 4));
        if (NearMiss.BlockHash(bytes) != expected) throw new GazetteerCacheDamagedException();
        Interlocked.Or(ref _verified[part][block >> 5], 1 << (int)(block & 31));
    }

    /// <summary>Blocks <paramref name="first"/>–<paramref name="last"/> in one positioned read, each checked if not yet, the wanted bytes copied out.</summary>
    private void ReadRun(int part, long first, long last, long from, Span<byte> destination)
    {
        var start = first << BlockShift;
        var length = (int)(Math.Min(_dataLength[part], (last + 1) << BlockShift) - start);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (_parts[part].Read(start, buffer.AsSpan(0, length)) != length) throw new GazetteerCacheDamagedException();
            for (var b = first; b <= last; b++)
                if (!IsVerified(part, b)) Check(part, b, buffer.AsSpan((int)((b - first) << BlockShift), BlockLength(part, b)));
            buffer.AsSpan((int)(from - start), destination.Length).CopyTo(destination);
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>
    /// Bytes across two blocks: from the cache where it has either, else both in one positioned read (8 KB), each checked
    /// and cached. A near-miss bucket (about a kilobyte) spans two blocks about a third of the time, and a read is a
    /// system call of ~3.5 µs on the machine that measures "did you mean" at 12.4M rows, where a query makes ~80.
    /// </summary>
    private void ReadPair(int part, long first, long from, Span<byte> destination)
    {
        var split = (int)(((first + 1) << BlockShift) - from);
        var head = destination[..split];
        var tail = destination[split..];
        if (TryCopyFromCache(part, first, (int)(from - (first << BlockShift)), head)) { CopyFromCache(part, first + 1, 0, tail); return; }
        if (TryCopyFromCache(part, first + 1, 0, tail)) { CopyFromCache(part, first, (int)(from - (first << BlockShift)), head); return; }
        var start = first << BlockShift;
        var length = (int)(Math.Min(_dataLength[part], start + 2 * BlockSize) - start);
        var buffer = ArrayPool<byte>.Shared.Rent(2 * BlockSize);
        try
        {
            if (_parts[part].Read(start, buffer.AsSpan(0, length)) != length) throw new GazetteerCacheDamagedException();
            for (var b = 0; b < 2; b++)
                if (!IsVerified(part, first + b)) Check(part, first + b, buffer.AsSpan(b * BlockSize, BlockLength(part, first + b)));
            buffer.AsSpan((int)(from - start), destination.Length).CopyTo(destination);
            for (var b = 0; b < 2; b++) Keep(part, first + b, buffer.AsSpan(b * BlockSize, BlockLength(part, first + b)));
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private Set SetOf(long tag) => (_sets ?? InitSets())[(int)(((ulong)tag * 0x9E3779B97F4A7C15UL) >> (64 - CacheBits))];

    /// <summary>Copies from the cache when it holds the block (then it is the most recent of its set); false, and nothing read, when it does not.</summary>
    private bool TryCopyFromCache(int part, long block, int at, Span<byte> destination)
    {
        var tag = ((long)part << 40) | block;
        var set = SetOf(tag);
        lock (set)
        {
            if (Hit(set, tag) is not { } bytes) return false;
            bytes.AsSpan(at, destination.Length).CopyTo(destination);
            return true;
        }
    }

    /// <summary>The block of the set's way holding <paramref name="tag"/>, now its most recent (null when neither does); under the set's lock.</summary>
    private static byte[]? Hit(Set set, long tag)
    {
        if (set.Tag0 == tag) { set.RecentIs1 = false; return set.Block0!; }
        if (set.Tag1 == tag) { set.RecentIs1 = true; return set.Block1!; }
        return null;
    }

    /// <summary>Puts a block just read (and checked) in the cache, in the least recently used way of its set, unless it is there.</summary>
    private void Keep(int part, long block, ReadOnlySpan<byte> bytes)
    {
        var tag = ((long)part << 40) | block;
        var set = SetOf(tag);
        lock (set)
        {
            if (set.Tag0 == tag || set.Tag1 == tag) return;
            if (set.RecentIs1)
            {
                bytes.CopyTo(set.Block0 ??= NewBlock());
                (set.Tag0, set.RecentIs1) = (tag, false);
            }
            else
            {
                bytes.CopyTo(set.Block1 ??= NewBlock());
                (set.Tag1, set.RecentIs1) = (tag, true);
            }
        }
    }

    /// <summary>Two ways per set, the least recently used one replaced; a reader copies out under the set's lock, so no span aliases a reused buffer.</summary>
    private sealed class Set
    {
        public long Tag0 = -1, Tag1 = -1;
        public byte[]? Block0, Block1;
        public bool RecentIs1;
    }

    private void CopyFromCache(int part, long block, int at, Span<byte> destination)
    {
        var tag = ((long)part << 40) | block;
        var set = SetOf(tag);
        lock (set)
        {
            var bytes = Hit(set, tag) ?? Fill(set, tag, part, block);
            bytes.AsSpan(at, destination.Length).CopyTo(destination);
        }
    }

    /// <summary>Reads the block into the set's least recently used way, now its most recent; under the set's lock.</summary>
    private byte[] Fill(Set set, long tag, int part, long block)
    {
        byte[] bytes;
        if (set.RecentIs1)
        {
            set.Tag0 = -1;
            bytes = set.Block0 ??= NewBlock();
            Load(part, block, bytes);
            (set.Tag0, set.RecentIs1) = (tag, false);
        }
        else
        {
            set.Tag1 = -1;
            bytes = set.Block1 ??= NewBlock();
            Load(part, block, bytes);
            (set.Tag1, set.RecentIs1) = (tag, true);
        }
        return bytes;
    }

    /// <summary>
    /// A cache buffer on the pinned heap: they are made one by one as queries first fill each way, up to 32 MB, and kept
    /// for the process's life; as ordinary objects each was copied from generation to generation by the collections the
    /// queries' own garbage triggers (the slowest "did you mean" queries at 12.4M rows had 2–13 ms of collection pauses).
    /// </summary>
    private static byte[] NewBlock() => GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

    private Set[] InitSets()
    {
        var sets = new Set[CacheSets];
        for (var i = 0; i < sets.Length; i++) sets[i] = new Set();
        return Interlocked.CompareExchange(ref _sets, sets, null) ?? sets;
    }

    private void Load(int part, long block, byte[] into)
    {
        var length = BlockLength(part, block);
        if (_parts[part].Read(block << BlockShift, into.AsSpan(0, length)) != length) throw new GazetteerCacheDamagedException();
        if (!IsVerified(part, block)) Check(part, block, into.AsSpan(0, length));
    }
}
