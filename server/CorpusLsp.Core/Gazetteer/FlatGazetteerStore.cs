using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// A gazetteer read in place from the flat cache format: fixed-size entry records, sorted key tables and
/// posting lists over one UTF-8 string pool. Opening it reads a header; an entry becomes an object the first
/// time it is asked for. Over a memory-mapped file this makes a restart cost milliseconds and the resident
/// memory only the pages that lookups touch.
/// </summary>
/// <remarks>
/// Layout (little-endian): header (magic, counts, section offsets), entry records (<see cref="RecordSize"/>
/// bytes), alternate-name references, fold keys (sorted ordinally), fold posting starts and postings, the same
/// three for skeleton keys, entry indices sorted by id, admin names (sorted keys and values), countries and
/// admin1 units, the string pool, and the load diagnostics of the sources. A string reference is an int32
/// offset into the pool and an int32 byte length.
/// </remarks>
internal sealed class FlatGazetteerStore : IGazetteerStore
{
    public const string Magic = "CLSGAZ5\n";
    private const int RecordSize = 112;
    private const int SectionCount = 16;
    private const int HeaderSize = 8 + 4 * 4 + SectionCount * 8;

    private enum Section { Entries, Alternates, FoldKeys, FoldStarts, FoldPostings, SkelKeys, SkelStarts, SkelPostings, IdOrder, AdminKeys, AdminValues, Countries, Admin1s, Strings, Diagnostics, End }

    private readonly ReadOnlyMemory<byte> _data;
    private readonly long[] _sections = new long[SectionCount];
    private readonly int _adminCount, _countryCount, _admin1Count;
    private readonly GazetteerEntry?[] _materialized;

    public int Count { get; }
    public int FoldKeyCount { get; }
    private readonly int _skelKeyCount;
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    private ReadOnlySpan<byte> Span => _data.Span;

    private FlatGazetteerStore(ReadOnlyMemory<byte> data, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        _data = data;
        var s = data.Span;
        Count = BinaryPrimitives.ReadInt32LittleEndian(s[8..]);
        FoldKeyCount = BinaryPrimitives.ReadInt32LittleEndian(s[12..]);
        _skelKeyCount = BinaryPrimitives.ReadInt32LittleEndian(s[16..]);
        _adminCount = BinaryPrimitives.ReadInt32LittleEndian(s[20..]);
        for (var i = 0; i < SectionCount; i++) _sections[i] = BinaryPrimitives.ReadInt64LittleEndian(s[(24 + 8 * i)..]);
        _countryCount = (int)((_sections[(int)Section.Admin1s] - _sections[(int)Section.Countries]) / 12);
        _admin1Count = (int)((_sections[(int)Section.Strings] - _sections[(int)Section.Admin1s]) / 12);
        _materialized = new GazetteerEntry?[Count];
        Diagnostics = diagnostics.ToImmutable();
    }

    /// <summary>Opens the flat form; null when it is not one, is of another version, or is inconsistent (then the caller rebuilds).</summary>
    public static FlatGazetteerStore? Open(ReadOnlyMemory<byte> data)
    {
        var s = data.Span;
        if (s.Length < HeaderSize || !s[..8].SequenceEqual(Encoding.ASCII.GetBytes(Magic))) return null;
        var previous = (long)HeaderSize;
        for (var i = 0; i < SectionCount; i++)
        {
            var at = BinaryPrimitives.ReadInt64LittleEndian(s[(24 + 8 * i)..]);
            if (at < previous || at > s.Length) return null;
            previous = at;
        }
        if (previous != s.Length) return null;
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        try
        {
            var start = (int)BinaryPrimitives.ReadInt64LittleEndian(s[(24 + 8 * (int)Section.Diagnostics)..]);
            var end = (int)BinaryPrimitives.ReadInt64LittleEndian(s[(24 + 8 * (int)Section.End)..]);
            using var r = new BinaryReader(new MemoryStream(s[start..end].ToArray()), Encoding.UTF8);
            for (var n = r.ReadInt32(); n > 0; n--)
            {
                var code = r.ReadString(); var path = r.ReadString(); var span = new TextSpan(r.ReadInt32(), r.ReadInt32()); var message = r.ReadString();
                if (DiagnosticCatalog.Find(code) is { } descriptor) diagnostics.Add(Diagnostic.Create(descriptor, path, span, message));
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return null;
        }
        var store = new FlatGazetteerStore(data, diagnostics);
        return store.Count >= 0 && store.FoldKeyCount >= 0 ? store : null;
    }

    private int Int(Section section, long index) => BinaryPrimitives.ReadInt32LittleEndian(Span[(int)(_sections[(int)section] + index * 4)..]);

    private ReadOnlySpan<byte> Utf8(long at)
    {
        var s = Span;
        var offset = BinaryPrimitives.ReadInt32LittleEndian(s[(int)at..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(s[(int)(at + 4)..]);
        return s.Slice((int)_sections[(int)Section.Strings] + offset, length);
    }

    private string Str(long at) => Encoding.UTF8.GetString(Utf8(at));

    private string Key(Section keys, int index) => Str(_sections[(int)keys] + 8L * index);

    public GazetteerEntry Entry(int index)
    {
        if (_materialized[index] is { } known) return known;
        var r = _sections[(int)Section.Entries] + (long)index * RecordSize;
        var s = Span;
        var altStart = BinaryPrimitives.ReadInt32LittleEndian(s[(int)(r + 24)..]);
        var altCount = BinaryPrimitives.ReadInt32LittleEndian(s[(int)(r + 28)..]);
        var alts = ImmutableArray.CreateBuilder<string>(altCount);
        for (var a = 0; a < altCount; a++) alts.Add(Str(_sections[(int)Section.Alternates] + 8L * (altStart + a)));
        var entry = new GazetteerEntry(
            Str(r), Str(r + 8), Str(r + 16), alts.MoveToImmutable(),
            BinaryPrimitives.ReadDoubleLittleEndian(s[(int)(r + 32)..]), BinaryPrimitives.ReadDoubleLittleEndian(s[(int)(r + 40)..]),
            (char)BinaryPrimitives.ReadUInt16LittleEndian(s[(int)(r + 100)..]), Str(r + 56), Str(r + 64), Str(r + 72), Str(r + 80),
            BinaryPrimitives.ReadInt64LittleEndian(s[(int)(r + 48)..]), Str(r + 88), BinaryPrimitives.ReadInt32LittleEndian(s[(int)(r + 96)..]),
            s[(int)(r + 102)] != 0);
        // Two threads may build the same entry; either copy is equal, and the last write wins harmlessly.
        _materialized[index] = entry;
        return entry;
    }

    public double Prominence(int index)
    {
        if (_materialized[index] is { } e) return Gazetteer.Prominence(e.Population, e.FeatureClass, e.FeatureCode);
        var r = _sections[(int)Section.Entries] + (long)index * RecordSize;
        return Gazetteer.Prominence(BinaryPrimitives.ReadInt64LittleEndian(Span[(int)(r + 48)..]),
            (char)BinaryPrimitives.ReadUInt16LittleEndian(Span[(int)(r + 100)..]), Str(r + 56));
    }

    public int IndexOf(string id)
    {
        var wanted = Encoding.UTF8.GetBytes(id);
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var entry = Int(Section.IdOrder, mid);
            var c = Utf8(_sections[(int)Section.Entries] + (long)entry * RecordSize).SequenceCompareTo(wanted);
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
            if (string.CompareOrdinal(Key(keys, mid), key) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private int[] Postings(Section starts, Section postings, int keyIndex)
    {
        var from = Int(starts, keyIndex);
        var to = Int(starts, keyIndex + 1);
        var ids = new int[to - from];
        for (var i = 0; i < ids.Length; i++) ids[i] = Int(postings, from + i);
        return ids;
    }

    private int[]? Find(Section keys, Section starts, Section postings, int count, string key)
    {
        var at = LowerBound(keys, count, key);
        return at < count && Key(keys, at) == key ? Postings(starts, postings, at) : null;
    }

    public int[]? ByFold(string key) => Find(Section.FoldKeys, Section.FoldStarts, Section.FoldPostings, FoldKeyCount, key);
    public int[]? BySkeleton(string key) => Find(Section.SkelKeys, Section.SkelStarts, Section.SkelPostings, _skelKeyCount, key);

    public IEnumerable<(string Key, int[] Ids)> FoldKeysStartingWith(string prefix)
    {
        for (var k = LowerBound(Section.FoldKeys, FoldKeyCount, prefix); k < FoldKeyCount; k++)
        {
            var key = Key(Section.FoldKeys, k);
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) yield break;
            yield return (key, Postings(Section.FoldStarts, Section.FoldPostings, k));
        }
    }

    public IEnumerable<string> FoldKeys(int minLength, int maxLength)
    {
        for (var k = 0; k < FoldKeyCount; k++)
        {
            // A UTF-8 key has at least as many bytes as characters and at most three per UTF-16 unit: filter before decoding.
            var bytes = BinaryPrimitives.ReadInt32LittleEndian(Span[(int)(_sections[(int)Section.FoldKeys] + 8L * k + 4)..]);
            if (bytes < minLength || bytes > 3 * maxLength) continue;
            yield return Key(Section.FoldKeys, k);
        }
    }

    public string? AdminName(string code)
    {
        var at = LowerBound(Section.AdminKeys, _adminCount, code);
        return at < _adminCount && Key(Section.AdminKeys, at) == code ? Key(Section.AdminValues, at) : null;
    }

    public IEnumerable<(string Code, int Index)> Countries() => Pairs(Section.Countries, _countryCount);
    public IEnumerable<(string Code, int Index)> Admin1s() => Pairs(Section.Admin1s, _admin1Count);

    private IEnumerable<(string, int)> Pairs(Section section, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var at = _sections[(int)section] + 12L * i;
            yield return (Str(at), BinaryPrimitives.ReadInt32LittleEndian(Span[(int)(at + 8)..]));
        }
    }

    /// <summary>Writes a store built in memory in the flat form.</summary>
    public static void Write(Stream output, MemoryGazetteerStore store, IReadOnlyList<Diagnostic> diagnostics)
    {
        var pool = new MemoryStream();
        var interned = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        (int, int) Ref(string s)
        {
            if (interned.TryGetValue(s, out var r)) return r;
            var bytes = Encoding.UTF8.GetBytes(s);
            r = ((int)pool.Position, bytes.Length);
            pool.Write(bytes);
            interned[s] = r;
            return r;
        }
        var sections = new MemoryStream[SectionCount];
        var writers = new BinaryWriter[SectionCount];
        for (var i = 0; i < SectionCount; i++) { sections[i] = new MemoryStream(); writers[i] = new BinaryWriter(sections[i], Encoding.UTF8); }
        void WriteRef(Section section, string s) { var (o, l) = Ref(s); writers[(int)section].Write(o); writers[(int)section].Write(l); }

        var entries = store.Entries;
        var alternates = 0;
        foreach (var e in entries)
        {
            var w = writers[(int)Section.Entries];
            var start = sections[(int)Section.Entries].Position;
            WriteRef(Section.Entries, e.Id); WriteRef(Section.Entries, e.Name); WriteRef(Section.Entries, e.AsciiName);
            w.Write(alternates); w.Write(e.AlternateNames.Length);
            foreach (var a in e.AlternateNames) WriteRef(Section.Alternates, a);
            alternates += e.AlternateNames.Length;
            w.Write(e.Latitude); w.Write(e.Longitude); w.Write(e.Population);
            WriteRef(Section.Entries, e.FeatureCode); WriteRef(Section.Entries, e.CountryCode); WriteRef(Section.Entries, e.Admin1);
            WriteRef(Section.Entries, e.Admin2); WriteRef(Section.Entries, e.Source);
            w.Write(e.SourceLine); w.Write((ushort)e.FeatureClass); w.Write(e.ApproximateLocation ? (byte)1 : (byte)0);
            w.Write(new byte[RecordSize - (int)(sections[(int)Section.Entries].Position - start)]);
        }
        void WriteKeys(Section keys, Section starts, Section postings, IEnumerable<string> ordered, Dictionary<string, int[]> map)
        {
            var n = 0;
            foreach (var k in ordered)
            {
                WriteRef(keys, k);
                writers[(int)starts].Write(n);
                foreach (var id in map[k]) writers[(int)postings].Write(id);
                n += map[k].Length;
            }
            writers[(int)starts].Write(n);
        }
        WriteKeys(Section.FoldKeys, Section.FoldStarts, Section.FoldPostings, store.SortedFoldKeys, store.Fold);
        var skeletonKeys = store.Skeleton.Keys.Order(StringComparer.Ordinal).ToList();
        WriteKeys(Section.SkelKeys, Section.SkelStarts, Section.SkelPostings, skeletonKeys, store.Skeleton);
        // Ids compare as UTF-8 bytes when looked up: sort them the same way.
        var byId = Enumerable.Range(0, entries.Count).Select(i => (Id: Encoding.UTF8.GetBytes(entries[i].Id), Index: i))
            .OrderBy(x => x.Id, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        foreach (var (_, index) in byId) writers[(int)Section.IdOrder].Write(index);
        var admin = store.AdminNames.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var (k, v) in admin) { WriteRef(Section.AdminKeys, k); WriteRef(Section.AdminValues, v); }
        foreach (var (code, index) in store.Countries()) { WriteRef(Section.Countries, code); writers[(int)Section.Countries].Write(index); }
        foreach (var (code, index) in store.Admin1s()) { WriteRef(Section.Admin1s, code); writers[(int)Section.Admin1s].Write(index); }
        var dw = writers[(int)Section.Diagnostics];
        dw.Write(diagnostics.Count);
        foreach (var d in diagnostics) { dw.Write(d.Code); dw.Write(d.Path); dw.Write(d.Span.Start); dw.Write(d.Span.End); dw.Write(d.Message); }
        foreach (var w in writers) w.Flush();
        pool.WriteTo(sections[(int)Section.Strings]);

        using var output2 = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        output2.Write(Encoding.ASCII.GetBytes(Magic));
        output2.Write(entries.Count); output2.Write(store.SortedFoldKeys.Length); output2.Write(skeletonKeys.Count); output2.Write(admin.Count);
        var at = (long)HeaderSize;
        for (var i = 0; i < SectionCount - 1; i++) { output2.Write(at); at += sections[i].Length; }
        output2.Write(at); // End
        for (var i = 0; i < SectionCount - 1; i++) sections[i].WriteTo(output);
    }
}
