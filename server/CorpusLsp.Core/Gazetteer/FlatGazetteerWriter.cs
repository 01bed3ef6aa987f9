using System.Buffers.Binary;
using System.Text;
using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Writes the flat form (<see cref="FlatGazetteerStore"/>) from entries given one at a time, with bounded memory:
/// records, alternate names and strings go to scratch as they come; fold, skeleton, id and near-miss keys are
/// sorted externally. What stays in memory is small: admin names, country and admin1 indices, an intern table of
/// short repeated codes.
/// </summary>
internal sealed class FlatGazetteerWriter : IDisposable
{
    /// <summary>Tests make runs and parts tiny, in their own flow only, to cross run and part boundaries.</summary>
    internal static readonly AsyncLocal<(int ChunkRecords, long PartLimit)?> Limits = new();

    /// <summary>
    /// Records per sorted run: about 50 MB of keys. Two chunks of a sorter are in memory while one is written on another
    /// thread (<see cref="ExternalSorter{T}"/>): runs of 2M records took the build's peak to 1.9 GB at 12.4M rows.
    /// </summary>
    internal static int ChunkRecords => Limits.Value?.ChunkRecords ?? 1 << 20;

    /// <summary>The largest part file: a mapped part must fit a span (2 GB).</summary>
    internal static long PartLimit => Limits.Value?.PartLimit ?? 1_900_000_000;

    private readonly IScratchStorage _scratch;
    private readonly Stream[] _sections = new Stream[FlatGazetteerStore.SectionCount];
    private readonly BinaryWriter[] _w = new BinaryWriter[FlatGazetteerStore.SectionCount];
    private readonly Dictionary<string, int> _interned = new(StringComparer.Ordinal);
    private readonly ExternalSorter<(string Key, int Index)> _fold, _skeleton, _ids;
    private readonly List<(string Code, int Index)> _countries = [], _admin1s = [];
    private readonly List<float> _prominence = []; // per entry: 4 bytes each, for the per-key column completion reads
    private readonly List<long> _population = [];  // per entry: 8 bytes each, for the per-posting column "did you mean" orders by
    private long _poolLength;
    private int _count, _alternates;

    public FlatGazetteerWriter(IScratchStorage scratch)
    {
        _scratch = scratch;
        for (var i = 0; i < _sections.Length; i++)
        {
            _sections[i] = scratch.Create();
            _w[i] = new BinaryWriter(new BufferedStream(_sections[i], 1 << 16), Encoding.UTF8, leaveOpen: true);
        }
        var pairs = Comparer<(string Key, int Index)>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key) is var c and not 0 ? c : a.Index.CompareTo(b.Index));
        _fold = Sorter(pairs);
        _skeleton = Sorter(pairs);
        _ids = Sorter(Comparer<(string Key, int Index)>.Create((a, b) => CompareCodePoints(a.Key, b.Key)));
    }

    private ExternalSorter<(string Key, int Index)> Sorter(IComparer<(string Key, int Index)> comparer) =>
        new(_scratch, comparer, (w, x) => { w.Write(x.Key); w.Write(x.Index); }, r => (r.ReadString(), r.ReadInt32()), ChunkRecords);

    /// <summary>Ids are looked up as UTF-8 bytes: code point order, which UTF-16 ordinal order is not for surrogates.</summary>
    private static int CompareCodePoints(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] == b[i]) continue;
            static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
            return Fix(a[i]).CompareTo(Fix(b[i]));
        }
        return a.Length.CompareTo(b.Length);
    }

    private BinaryWriter W(FlatGazetteerStore.Section s) => _w[(int)s];

    /// <summary>A string in the pool (UTF-8, its byte length first as a 7-bit varint); its offset.</summary>
    private int Pool(string s)
    {
        var bytes = Encoding.UTF8.GetByteCount(s);
        var at = _poolLength;
        if (at + bytes + 5 > int.MaxValue) throw new GazetteerTooLargeException();
        var w = W(FlatGazetteerStore.Section.Strings);
        w.Write7BitEncodedInt(bytes);
        w.Write(Encoding.UTF8.GetBytes(s));
        _poolLength += bytes + (bytes < 0x80 ? 1 : bytes < 0x4000 ? 2 : bytes < 0x200000 ? 3 : bytes < 0x10000000 ? 4 : 5);
        return (int)at;
    }

    /// <summary>Codes repeat millions of times (feature codes, countries, admin codes, sources): one copy each.</summary>
    private int Intern(string s)
    {
        if (_interned.TryGetValue(s, out var at)) return at;
        at = Pool(s);
        if (_interned.Count < 1_000_000) _interned[s] = at;
        return at;
    }

    public void Add(GazetteerEntry e)
    {
        var index = _count++;
        var w = W(FlatGazetteerStore.Section.Entries);
        var name = Pool(e.Name);
        w.Write(Pool(e.Id)); w.Write(name); w.Write(e.AsciiName == e.Name ? name : Pool(e.AsciiName));
        w.Write(_alternates); w.Write(e.AlternateNames.Length);
        foreach (var a in e.AlternateNames) W(FlatGazetteerStore.Section.Alternates).Write(Pool(a));
        _alternates += e.AlternateNames.Length;
        w.Write(e.Latitude); w.Write(e.Longitude); w.Write(e.Population);
        w.Write(Intern(e.FeatureCode)); w.Write(Intern(e.CountryCode)); w.Write(Intern(e.Admin1)); w.Write(Intern(e.Admin2)); w.Write(Intern(e.Source));
        w.Write(e.SourceLine); w.Write((ushort)e.FeatureClass); w.Write(e.ApproximateLocation ? (byte)1 : (byte)0); w.Write((byte)0);
        _prominence.Add(KeySelection.Width(Gazetteer.Prominence(e.Population, e.FeatureClass, e.FeatureCode)));
        _population.Add(e.Population);
        foreach (var n in e.AllNames)
        {
            var folded = NameFolding.Fold(n);
            if (folded.Length == 0) continue;
            _fold.Add((folded, index));
            _skeleton.Add((NameFolding.SkeletonOfFolded(folded), index));
        }
        _ids.Add((e.Id, index));
        if (e.IsCountry && e.CountryCode.Length > 0) _countries.Add((e.CountryCode, index));
        if (e.FeatureCode == "ADM1" && !e.IsCountry) _admin1s.Add(($"{e.CountryCode}.{e.Admin1}", index));
        if (_count == int.MaxValue / FlatGazetteerStore.RecordSize) throw new GazetteerTooLargeException();
    }

    /// <summary>Sorts the keys, writes the remaining sections, and hands each part of the file to <paramref name="writePart"/> (the last parts first, part 0 last).</summary>
    public void Finish(IReadOnlyDictionary<string, string> adminNames, IReadOnlyList<Diagnostic> diagnostics, Action<int, Action<Stream>> writePart)
    {
        // Per fold key (by its index), its place in the pool and its entries' largest population: the near-miss postings
        // carry both. Sized once (there are no more keys than names): grown by doubling they took twice the memory.
        var keyPlaces = new List<int>((int)Math.Min(_fold.Count, Array.MaxLength));
        var keyPopulations = new List<float>((int)Math.Min(_fold.Count, Array.MaxLength));
        using var near = new ExternalSorter<(ulong Signature, int Key, ulong Sketch)>(_scratch,
            Comparer<(ulong Signature, int Key, ulong Sketch)>.Create((a, b) => a.Signature.CompareTo(b.Signature) is var c and not 0 ? c : a.Key.CompareTo(b.Key)),
            (w, x) => { w.Write(x.Signature); w.Write(x.Key); w.Write(x.Sketch); }, r => (r.ReadUInt64(), r.ReadInt32(), r.ReadUInt64()), ChunkRecords);
        var foldKeys = WriteKeys(_fold, FlatGazetteerStore.Section.FoldKeys, FlatGazetteerStore.Section.FoldStarts, FlatGazetteerStore.Section.FoldPostings,
            (key, k, pooled) => { keyPlaces.Add(pooled); foreach (var (s, carried) in NearMiss.Postings(key)) near.Add((s, k, carried)); },
            (FlatGazetteerStore.Section.FoldProminence, FlatGazetteerStore.Section.FoldPostingProminence, FlatGazetteerStore.Section.FoldPostingPopulation, keyPopulations));
        var skeletonKeys = WriteKeys(_skeleton, FlatGazetteerStore.Section.SkelKeys, FlatGazetteerStore.Section.SkelStarts, FlatGazetteerStore.Section.SkelPostings, null);
        foreach (var (_, index) in _ids.Sorted()) W(FlatGazetteerStore.Section.IdOrder).Write(index);
        var admin = adminNames.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var (k, v) in admin) { W(FlatGazetteerStore.Section.AdminKeys).Write(Pool(k)); W(FlatGazetteerStore.Section.AdminValues).Write(Pool(v)); }
        foreach (var (code, index) in _countries) { W(FlatGazetteerStore.Section.Countries).Write(Intern(code)); W(FlatGazetteerStore.Section.Countries).Write(index); }
        foreach (var (code, index) in _admin1s) { W(FlatGazetteerStore.Section.Admin1s).Write(Intern(code)); W(FlatGazetteerStore.Section.Admin1s).Write(index); }
        var nearBits = WriteNearMiss(near, keyPlaces, keyPopulations);
        var dw = W(FlatGazetteerStore.Section.Diagnostics);
        dw.Write(diagnostics.Count);
        foreach (var d in diagnostics) { dw.Write(d.Code); dw.Write(d.Path); dw.Write(d.Span.Start); dw.Write(d.Span.End); dw.Write(d.Message); }
        foreach (var w in _w) w.Flush();
        var counts = new FlatGazetteerStore.Counts(_count, foldKeys, skeletonKeys, admin.Count, _countries.Count, _admin1s.Count, nearBits);
        WriteParts(counts, writePart);
    }

    /// <summary>
    /// Unique keys in order, each with its entries (ascending, once each); with <paramref name="prominence"/>, per key its
    /// most prominent entry's prominence, per posting its entry's prominence and population, and (in memory) per key the
    /// largest population of its entries, rounded up to a float (<see cref="NearMiss.PopulationBound"/>). <paramref name="onKey"/>
    /// gets each key, its index among the keys and its place in the string pool. Returns the number of keys.
    /// </summary>
    private int WriteKeys(ExternalSorter<(string Key, int Index)> sorter, FlatGazetteerStore.Section keys, FlatGazetteerStore.Section starts,
        FlatGazetteerStore.Section postings, Action<string, int, int>? onKey,
        (FlatGazetteerStore.Section PerKey, FlatGazetteerStore.Section PerPosting, FlatGazetteerStore.Section Population, List<float> KeyPopulations)? prominence = null)
    {
        var n = 0;
        var postingCount = 0;
        string? current = null;
        var last = -1;
        var best = float.NegativeInfinity; // the current key's most prominent entry (KeySelection.KeyProminence)
        var largest = long.MinValue;        // the current key's most populous entry
        foreach (var (key, index) in sorter.Sorted())
        {
            if (key != current)
            {
                if (current is not null && prominence is { } p) { W(p.PerKey).Write(best); p.KeyPopulations.Add(NearMiss.PopulationBound(largest)); }
                current = key;
                last = -1;
                best = float.NegativeInfinity;
                largest = long.MinValue;
                var pooled = Pool(key);
                W(keys).Write(pooled);
                W(starts).Write(postingCount);
                onKey?.Invoke(key, n, pooled);
                n++;
            }
            if (index == last) continue;
            W(postings).Write(index);
            if (prominence is { } pp) { W(pp.PerPosting).Write(_prominence[index]); W(pp.Population).Write(_population[index]); }
            best = Math.Max(best, _prominence[index]);
            largest = Math.Max(largest, _population[index]);
            postingCount++;
            last = index;
        }
        if (current is not null && prominence is { } q) { W(q.PerKey).Write(best); q.KeyPopulations.Add(NearMiss.PopulationBound(largest)); }
        W(starts).Write(postingCount);
        sorter.Dispose();
        return n;
    }

    /// <summary>
    /// Postings sorted by signature, 16 bytes each (<see cref="FlatGazetteerStore.NearPostingSize"/>: the 16 signature bits
    /// below the bucket's, the key itself, the letters a pair signature leaves out of it or its sketch in 48 bits (<see cref="NearMiss.Postings"/>), the key's place in the string pool, the largest population of its
    /// entries as a float rounded up), in <see cref="FlatGazetteerStore.NearShards"/> sections by the
    /// signature's top two bits, and a table from a signature's top bits to its bucket's first
    /// posting; returns the number of bits. A probe reads one table entry and searches one bucket: about
    /// <see cref="PostingsPerBucket"/> postings, most often within one page.
    /// </summary>
    private int WriteNearMiss(ExternalSorter<(ulong Signature, int Key, ulong Sketch)> sorter, List<int> keyPlaces, List<float> keyPopulations)
    {
        var bits = Math.Clamp(64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, sorter.Count / PostingsPerBucket)), 4, 26);
        var buckets = W(FlatGazetteerStore.Section.NearBuckets);
        var count = 0;
        var bucket = 0L;
        (ulong Signature, int Key)? last = null;
        foreach (var (signature, key, sketch) in sorter.Sorted())
        {
            if (last == (signature, key)) continue;
            for (var top = (long)(signature >> (64 - bits)); bucket <= top; bucket++) buckets.Write(count);
            var postings = W(FlatGazetteerStore.Section.NearPostings + (int)(signature >> (64 - 2)));
            postings.Write(FlatGazetteerStore.NearLowBits(signature, bits));
            postings.Write((uint)sketch);
            postings.Write((ushort)(sketch >> 32));
            postings.Write(keyPlaces[key]);
            postings.Write(keyPopulations[key]);
            if (++count == int.MaxValue) throw new GazetteerTooLargeException();
            last = (signature, key);
        }
        for (; bucket <= 1L << bits; bucket++) buckets.Write(count);
        return bits;
    }

    /// <summary>A small table (its pages stay warm across queries) and buckets of a page or less.</summary>
    private const int PostingsPerBucket = 64;

    private void WriteParts(FlatGazetteerStore.Counts counts, Action<int, Action<Stream>> writePart)
    {
        // Sections go to parts in order; a section never spans two parts. Part 0 starts with the magic.
        var placement = new (int Part, long Offset, long Length)[_sections.Length];
        var partLengths = new List<long> { 8 };
        for (var i = 0; i < _sections.Length; i++)
        {
            var length = _sections[i].Length;
            if (length > PartLimit) throw new GazetteerTooLargeException();
            if (partLengths[^1] + length > PartLimit && partLengths[^1] > (partLengths.Count == 1 ? 8 : 0)) partLengths.Add(0);
            placement[i] = (partLengths.Count - 1, partLengths[^1], length);
            partLengths[^1] += length;
        }
        var checksums = new List<uint>[partLengths.Count];
        for (var part = partLengths.Count - 1; part >= 0; part--)
        {
            var p = part;
            writePart(p, output =>
            {
                var hashing = new BlockHashingStream(output);
                if (p == 0) hashing.Write(Encoding.ASCII.GetBytes(FlatGazetteerStore.Magic));
                for (var i = 0; i < _sections.Length; i++)
                {
                    if (placement[i].Part != p) continue;
                    _sections[i].Position = 0;
                    _sections[i].CopyTo(hashing, 1 << 16);
                }
                checksums[p] = hashing.Finish();
                if (p == 0) WriteTrailer(output, counts, placement, partLengths, checksums);
            });
        }
    }

    private static void WriteTrailer(Stream output, FlatGazetteerStore.Counts counts, (int Part, long Offset, long Length)[] placement, List<long> partLengths, List<uint>[] checksums)
    {
        var table = new MemoryStream();
        var trailer = new MemoryStream();
        using (var t = new BinaryWriter(table, Encoding.UTF8, leaveOpen: true))
            foreach (var list in checksums) foreach (var c in list) t.Write(c);
        using (var w = new BinaryWriter(trailer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(counts.Entries); w.Write(counts.FoldKeys); w.Write(counts.SkeletonKeys); w.Write(counts.AdminNames);
            w.Write(counts.Countries); w.Write(counts.Admin1s); w.Write(counts.NearBits);
            w.Write(partLengths.Count);
            foreach (var length in partLengths) w.Write(length);
            w.Write(placement.Length);
            foreach (var (part, offset, length) in placement) { w.Write(part); w.Write(offset); w.Write(length); }
            w.Write(table.Length);
        }
        table.WriteTo(output);
        trailer.WriteTo(output);
        var hash = NearMiss.BlockHash([.. table.ToArray(), .. trailer.ToArray()]);
        Span<byte> end = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(end, trailer.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[8..], hash);
        output.Write(end);
    }

    public void Dispose()
    {
        _fold.Dispose(); _skeleton.Dispose(); _ids.Dispose();
        foreach (var s in _sections) s.Dispose();
    }

    /// <summary>Passes bytes through and keeps a checksum of every block of <see cref="FlatGazetteerStore.BlockSize"/> bytes.</summary>
    private sealed class BlockHashingStream(Stream inner) : Stream
    {
        private readonly byte[] _block = new byte[FlatGazetteerStore.BlockSize];
        private readonly List<uint> _hashes = [];
        private int _filled;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            while (buffer.Length > 0)
            {
                var take = Math.Min(buffer.Length, _block.Length - _filled);
                buffer[..take].CopyTo(_block.AsSpan(_filled));
                _filled += take;
                buffer = buffer[take..];
                if (_filled == _block.Length) { _hashes.Add(NearMiss.BlockHash(_block)); _filled = 0; }
            }
        }

        public List<uint> Finish()
        {
            if (_filled > 0) _hashes.Add(NearMiss.BlockHash(_block.AsSpan(0, _filled)));
            _filled = 0;
            return _hashes;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>A gazetteer beyond what the flat form addresses (2 GB of strings, of records, or of any one section).</summary>
internal sealed class GazetteerTooLargeException : Exception;

/// <summary>A block of the cache whose checksum does not match: the cache is rebuilt.</summary>
internal sealed class GazetteerCacheDamagedException : Exception;
