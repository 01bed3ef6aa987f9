using System.Buffers;
using System.Numerics;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Cli;

/// <summary>
/// The UTF-8 text of the strings one summary holds, each distinct string once: a merge of a million pairs holds
/// millions of paths, which as .NET strings (two bytes a character, an object each) took more memory than the rows.
/// </summary>
internal sealed class Utf8Pool
{
    private byte[] _bytes;
    /// <summary>Where each string starts, and after the last one where the next would: string i ends where i + 1 starts.</summary>
    private int[] _start;
    private int _count;
    /// <summary>While strings are added: each string's hash, and open addressing (id + 1 of the string whose hash falls here, 0 when free).</summary>
    private int[]? _hash, _buckets;

    /// <summary>A pool made for about <paramref name="strings"/> strings of <paramref name="bytes"/> bytes, its lookup in <paramref name="scratch"/>'s arrays if they are large enough.</summary>
    public Utf8Pool(int bytes = 1 << 16, int strings = 1 << 10, ReadScratch? scratch = null)
    {
        _bytes = new byte[Math.Max(bytes, 1 << 10)];
        _start = new int[Math.Max(strings, 1 << 8) + 2];
        var buckets = (int)BitOperations.RoundUpToPowerOf2((uint)_start.Length * 2);
        _hash = scratch?.Hash is { } hash && hash.Length >= _start.Length ? hash : new int[_start.Length];
        if (scratch?.Buckets is { } reused && reused.Length >= buckets) Array.Clear(_buckets = reused);
        else _buckets = new int[buckets];
    }

    public int Count => _count;

    public ReadOnlySpan<byte> this[int id] => _bytes.AsSpan(_start[id], _start[id + 1] - _start[id]);

    public int HashOf(int id) => _hash is null ? Hash(this[id]) : _hash[id];

    /// <summary>The id of these bytes: the same id for the same bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<byte> utf8)
    {
        if (_hash is null || _buckets is null) throw new InvalidOperationException("The pool is frozen.");
        var hash = Hash(utf8);
        var mask = _buckets.Length - 1;
        var i = hash & mask;
        for (; _buckets[i] != 0; i = (i + 1) & mask)
        {
            var known = _buckets[i] - 1;
            if (_hash[known] == hash && this[known].SequenceEqual(utf8)) return known;
        }
        var id = Append(utf8, hash);
        _buckets[i] = id + 1;
        if (_count * 2 > _buckets.Length) Rehash();
        return id;
    }

    /// <summary>Process-wide (HashCode's seed is per process): equal bytes in two pools hash alike.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Hash(ReadOnlySpan<byte> utf8)
    {
        var h = new HashCode();
        h.AddBytes(utf8);
        return h.ToHashCode() & int.MaxValue;
    }

    private int Append(ReadOnlySpan<byte> utf8, int hash)
    {
        var used = _start[_count];
        if (used + utf8.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, used + utf8.Length));
        if (_count + 2 > _start.Length)
        {
            Array.Resize(ref _start, _start.Length * 2);
            if (_hash!.Length < _start.Length) Array.Resize(ref _hash, _start.Length);
        }
        utf8.CopyTo(_bytes.AsSpan(used));
        _hash![_count] = hash;
        _start[++_count] = used + utf8.Length;
        return _count - 1;
    }

    private void Rehash()
    {
        _buckets = new int[_buckets!.Length * 2];
        var mask = _buckets.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var i = _hash![id] & mask;
            while (_buckets[i] != 0) i = (i + 1) & mask;
            _buckets[i] = id + 1;
        }
    }

    /// <summary>
    /// No more strings: lets go of the lookup and of the room kept for strings to come (a merge keeps 32 summaries'
    /// pools; the lookup was a third of each). Hashes are computed again when asked for.
    /// </summary>
    public void Freeze(ReadScratch? scratch = null)
    {
        // Copied only when much of an array is unused: each copy leaves the old one as large-object garbage.
        if (_bytes.Length - _start[_count] > _bytes.Length / 8) Array.Resize(ref _bytes, _start[_count]);
        if (_start.Length - _count > _start.Length / 8) Array.Resize(ref _start, _count + 1);
        if (scratch is not null) (scratch.Hash, scratch.Buckets) = (_hash, _buckets);
        (_hash, _buckets) = (null, null);
    }

    public int Bytes => _start[_count];
}

/// <summary>
/// What a thread reading summaries reuses from one to the next: the file's bytes and a pool's lookup arrays (needed only
/// while a summary is read), and the sizes of the summaries read so far (<see cref="SummarySizes"/>).
/// </summary>
internal sealed class ReadScratch(SummarySizes sizes)
{
    public byte[] File = [];
    public int[]? Hash, Buckets;
    public SummarySizes Sizes { get; } = sizes;
}

/// <summary>
/// The largest sizes of the summaries read so far. A merge's summaries are shards of one corpus, about equal: once one
/// is read the next one's lists and pool are made at about their final size instead of growing by doubling — each
/// doubling left its old array as large-object garbage, most of the peak memory of 32 summaries of a million pairs.
/// </summary>
internal sealed class SummarySizes
{
    private readonly Lock _lock = new();
    private int _diagnostics, _articles, _articleRows, _events, _strings, _bytes;

    public (int Diagnostics, int Articles, int ArticleRows, int Events, int Strings, int Bytes) Expected
    {
        get
        {
            lock (_lock) return (Ahead(_diagnostics), Ahead(_articles), Ahead(_articleRows), Ahead(_events), Ahead(_strings), Ahead(_bytes));
        }
    }

    /// <summary>A little more than the largest seen: shards differ by a few percent.</summary>
    private static int Ahead(int n) => n + n / 32;

    public void Add(SummaryFacts facts)
    {
        lock (_lock)
        {
            (_strings, _bytes) = (Math.Max(_strings, facts.Strings.Count), Math.Max(_bytes, facts.Strings.Bytes));
            foreach (var c in facts.Corpora ?? [])
            {
                _diagnostics = Math.Max(_diagnostics, c.Diagnostics?.Count ?? 0);
                _articles = Math.Max(_articles, c.Articles?.Count ?? 0);
                _articleRows = Math.Max(_articleRows, c.ArticleRows.Count);
                _events = Math.Max(_events, c.Events?.Count ?? 0);
            }
        }
    }
}


/// <summary>A string of a summary: its id in the pool of that summary (<see cref="None"/> for JSON null).</summary>
internal readonly record struct Text(int Pool, int Id)
{
    public static readonly Text None = new(-1, -1);
    public bool IsNone => Id < 0;
}

/// <summary>
/// A positioned diagnostic as a merge keeps it (~50 bytes, no objects of its own): <see cref="Code"/> is the code's rank
/// in <see cref="RowCodes.Sorted"/> (-1 when this version does not know it), <see cref="Fixes"/> the fix titles as one
/// string (<see cref="RowCodes.FixTitles"/>), <see cref="Severity"/> 0 when the word is not one.
/// </summary>
internal struct CompactRow
{
    public Text Path, Message, Fixes;
    public int Line, Column, EndLine, EndColumn;
    public short Code;
    public byte Severity;

    /// <summary>What <see cref="Row.ToLocated"/> turns into a diagnostic; other rows it drops.</summary>
    public readonly bool Known => Code >= 0 && Severity != 0;
}

internal static class RowCodes
{
    /// <summary>Every code of the catalog in ordinal order: comparing ranks compares codes as the report sorts them.</summary>
    public static readonly string[] Sorted = [.. DiagnosticCatalog.All.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>By rank: the first descriptor of a code as the catalog lists it (as <see cref="Row.ToLocated"/> takes it).</summary>
    public static readonly DiagnosticDescriptor[] Descriptors = [.. Sorted.Select(c => DiagnosticCatalog.All.First(d => d.Code == c))];

    private static readonly Dictionary<string, short>.AlternateLookup<ReadOnlySpan<char>> Ranks =
        Sorted.Select((c, i) => (c, (short)i)).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static short Rank(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 32) return -1;
        Span<char> chars = stackalloc char[32];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        return Ranks.TryGetValue(chars[..count], out var rank) ? rank : (short)-1;
    }

    /// <summary>Fix titles kept as one string: each title's UTF-8 length (4 bytes) and bytes.</summary>
    public static string[] FixTitles(ReadOnlySpan<byte> joined)
    {
        var titles = new List<string>();
        while (joined.Length >= 4)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(joined);
            titles.Add(Encoding.UTF8.GetString(joined.Slice(4, length)));
            joined = joined[(4 + length)..];
        }
        return [.. titles];
    }
}

/// <summary>One summary as a merge keeps it; every <see cref="Text"/> in it is in <see cref="Strings"/>.</summary>
internal sealed class SummaryFacts(Utf8Pool strings)
{
    public Utf8Pool Strings { get; } = strings;
    public string? Format { get; set; }
    public int Version { get; set; }
    public int Shard { get; set; }
    public int Shards { get; set; }
    public List<CorpusFacts>? Corpora { get; set; }

    /// <summary>Lets go of the room the lists kept for items to come: a merge holds every summary to its end.</summary>
    public void TrimExcess()
    {
        foreach (var c in Corpora ?? [])
        {
            c.Diagnostics?.TrimExcess();
            c.Articles?.TrimExcess();
            c.ArticleRows.TrimExcess();
            c.Events?.TrimExcess();
        }
    }
}

/// <summary>A corpus's part of a summary (see <see cref="CorpusPart"/>), its article rows in one list.</summary>
internal sealed class CorpusFacts
{
    public string Root { get; set; } = "";
    public int Sidecars { get; set; }
    public List<CompactRow>? Diagnostics { get; set; }
    public List<ArticleFacts>? Articles { get; set; }
    public List<CompactRow> ArticleRows { get; set; } = [];
    public List<EventFacts>? Events { get; set; }
    public Dictionary<string, string?>? Severities { get; set; }
    public Dictionary<string, int>? Unannotated { get; set; }
    public List<(string Name, int Annotated, CompactRow At)>? Candidates { get; set; }
}

/// <param name="Rows">The article's rows: this many in <see cref="CorpusFacts.ArticleRows"/> from <paramref name="FirstRow"/>.</param>
internal readonly record struct ArticleFacts(Text Path, Text ClaimedBy, int FirstRow, int Rows);

internal readonly record struct EventFacts(Text Key, Text Path, Text Date, CompactRow At);

/// <summary>
/// Reads a summary (<see cref="ShardSummary"/>'s JSON) into <see cref="SummaryFacts"/> with one forward pass of the
/// reader: no object per row, article or event, and each string once as UTF-8. Unknown fields are skipped.
/// </summary>
internal ref struct SummaryReader
{
    private Utf8JsonReader _reader;
    private readonly Utf8Pool _strings;
    private readonly int _pool;
    private readonly Text _empty;
    /// <summary>Where an escaped string is unescaped before it is pooled.</summary>
    private byte[] _scratch = new byte[256];
    /// <summary>Where a row's fix titles are joined (see <see cref="RowCodes.FixTitles"/>).</summary>
    private byte[] _joined = new byte[256];

    private readonly (int Diagnostics, int Articles, int ArticleRows, int Events, int Strings, int Bytes) _expected;

    private SummaryReader(ReadOnlySpan<byte> json, Utf8Pool strings, int pool, (int, int, int, int, int, int) expected)
    {
        _expected = expected;
        _reader = new Utf8JsonReader(json);
        (_strings, _pool) = (strings, pool);
        _empty = new Text(pool, strings.Add([]));
    }

    /// <summary>
    /// The facts, their strings tagged with <paramref name="pool"/> (the summary's place in the merge), or why the bytes
    /// are not a summary of this version (a JSON error with its line and column).
    /// </summary>
    public static (SummaryFacts? Facts, string? Error) Read(ReadOnlySpan<byte> json, int pool, ReadScratch scratch)
    {
        var expected = scratch.Sizes.Expected;
        var facts = new SummaryFacts(new Utf8Pool(expected.Bytes, expected.Strings, scratch));
        var reader = new SummaryReader(json, facts.Strings, pool, expected);
        try
        {
            if (!reader.Next() || reader._reader.TokenType == JsonTokenType.Null) return (null, NotASummary);
            reader.Summary(facts);
            facts.Strings.Freeze(scratch);
            facts.TrimExcess();
            scratch.Sizes.Add(facts);
            return Problem(facts) is { } problem ? (null, problem) : (facts, null);
        }
        catch (JsonException e) when (e.LineNumber is { } line)
        {
            return (null, $"line {line + 1}, column {e.BytePositionInLine + 1}: {e.Message.Split(" LineNumber:")[0]}");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            var at = (int)Math.Min(reader._reader.TokenStartIndex, json.Length);
            var line = json[..at].Count((byte)'\n');
            var column = at - (json[..at].LastIndexOf((byte)'\n') + 1);
            return (null, $"line {line + 1}, column {column + 1}: {e.Message}");
        }
    }

    private static readonly string NotASummary = $"not a check summary (no \"format\": \"{ShardSummary.FormatName}\")";

    /// <summary>What the merge needs of a summary beyond well-formed JSON: this format and version, a valid K/N, every list of a corpus.</summary>
    private static string? Problem(SummaryFacts s)
    {
        if (s.Format != ShardSummary.FormatName) return NotASummary;
        if (s.Version != ShardSummary.CurrentVersion) return $"summary version {s.Version}, this corpuslsp reads version {ShardSummary.CurrentVersion}; run the shards and the merge with the same version";
        if (s.Shards < 1 || s.Shard < 1 || s.Shard > s.Shards) return $"shard {s.Shard}/{s.Shards} is not a valid K/N";
        if (s.Corpora is null || s.Corpora.Any(c => c is null || c.Diagnostics is null || c.Articles is null || c.Events is null || c.Severities is null
                || c.Unannotated is null || c.Candidates is null))
            return "a corpus entry lacks diagnostics, articles, events, severities or coverage";
        return null;
    }

    private bool Next() => _reader.Read();

    private void Value()
    {
        if (!_reader.Read()) throw new JsonException("The summary ends early.");
    }

    private void Expect(JsonTokenType type, string what)
    {
        if (_reader.TokenType != type) throw new JsonException($"{what} must be {(type == JsonTokenType.StartArray ? "a list" : "an object")}.");
    }

    private bool Is(ReadOnlySpan<byte> name) => _reader.ValueTextEquals(name);

    private void Summary(SummaryFacts facts)
    {
        Expect(JsonTokenType.StartObject, "A summary");
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("format"u8)) facts.Format = NextString();
            else if (Is("version"u8)) facts.Version = NextInt();
            else if (Is("shard"u8)) facts.Shard = NextInt();
            else if (Is("shards"u8)) facts.Shards = NextInt();
            else if (Is("corpora"u8)) facts.Corpora = NextList(static (ref SummaryReader r) => r.Corpus(), 1);
            else Skip();
        }
    }

    private CorpusFacts Corpus()
    {
        Expect(JsonTokenType.StartObject, "A corpus entry");
        var corpus = new CorpusFacts { ArticleRows = new List<CompactRow>(_expected.ArticleRows) };
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("root"u8)) corpus.Root = NextString() ?? "";
            else if (Is("sidecars"u8)) corpus.Sidecars = NextInt();
            else if (Is("diagnostics"u8)) corpus.Diagnostics = NextList(static (ref SummaryReader r) => r.ReadRow(), _expected.Diagnostics);
            else if (Is("articles"u8))
            {
                var rows = corpus.ArticleRows;
                corpus.Articles = NextList((ref SummaryReader r) => r.Article(rows), _expected.Articles);
            }
            else if (Is("events"u8)) corpus.Events = NextList(static (ref SummaryReader r) => r.Event(), _expected.Events);
            else if (Is("severities"u8)) corpus.Severities = NextSeverities();
            else if (Is("coverage"u8)) Coverage(corpus);
            else Skip();
        }
        return corpus;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ArticleFacts Article(List<CompactRow> rows)
    {
        Expect(JsonTokenType.StartObject, "An article's part");
        var (path, claimedBy, first) = (_empty, Text.None, rows.Count);
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("path"u8)) path = NextText() ?? path;
            else if (Is("claimedBy"u8)) claimedBy = NextText() ?? Text.None;
            else if (Is("diagnostics"u8))
            {
                // Only the last list of a repeated property counts, as the serializer reads it.
                rows.RemoveRange(first, rows.Count - first);
                Value();
                Expect(JsonTokenType.StartArray, "An article's diagnostics");
                while (Next() && _reader.TokenType != JsonTokenType.EndArray) rows.Add(ReadRow());
            }
            else Skip();
        }
        return new ArticleFacts(path, claimedBy, first, rows.Count - first);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private EventFacts Event()
    {
        Expect(JsonTokenType.StartObject, "An event's date");
        Text empty = _empty, key = empty, path = empty, date = empty;
        CompactRow? at = null;
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("key"u8)) key = NextText() ?? empty;
            else if (Is("path"u8)) path = NextText() ?? empty;
            else if (Is("date"u8)) date = NextText() ?? empty;
            else if (Is("at"u8)) { Value(); at = ReadRow(); }
            else Skip();
        }
        return new EventFacts(key, path, date, at ?? throw new JsonException("An event's date has no position (`at`)."));
    }

    private void Coverage(CorpusFacts corpus)
    {
        Value();
        if (_reader.TokenType == JsonTokenType.Null) return;
        Expect(JsonTokenType.StartObject, "Coverage");
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("unannotated"u8))
            {
                Value();
                if (_reader.TokenType == JsonTokenType.Null) continue;
                Expect(JsonTokenType.StartObject, "Unannotated counts");
                corpus.Unannotated = new Dictionary<string, int>(StringComparer.Ordinal);
                while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = _reader.GetString()!;
                    corpus.Unannotated[name] = NextInt();
                }
            }
            else if (Is("candidates"u8)) corpus.Candidates = NextList(static (ref SummaryReader r) => r.Candidate(), 0);
            else Skip();
        }
    }

    private (string Name, int Annotated, CompactRow At) Candidate()
    {
        Expect(JsonTokenType.StartObject, "A coverage candidate");
        var (name, annotated) = ("", 0);
        CompactRow? at = null;
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("name"u8)) name = NextString() ?? "";
            else if (Is("annotated"u8)) annotated = NextInt();
            else if (Is("at"u8)) { Value(); at = ReadRow(); }
            else Skip();
        }
        return (name, annotated, at ?? throw new JsonException("A coverage candidate has no position (`at`)."));
    }

    private Dictionary<string, string?>? NextSeverities()
    {
        Value();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        Expect(JsonTokenType.StartObject, "Severities");
        var severities = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var code = _reader.GetString()!;
            Value();
            severities[code] = _reader.TokenType == JsonTokenType.Null ? null : _reader.GetString();
        }
        return severities;
    }

    /// <summary>A row (the reader at its start) as <see cref="RowJson"/> reads one: missing strings are empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private CompactRow ReadRow()
    {
        Expect(JsonTokenType.StartObject, "A diagnostic row");
        var empty = _empty;
        var row = new CompactRow { Path = empty, Message = empty, Fixes = empty, Code = -1 };
        while (Next() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is("path"u8)) row.Path = NextText() ?? empty;
            else if (Is("line"u8)) row.Line = NextInt();
            else if (Is("column"u8)) row.Column = NextInt();
            else if (Is("endLine"u8)) row.EndLine = NextInt();
            else if (Is("endColumn"u8)) row.EndColumn = NextInt();
            else if (Is("severity"u8)) row.Severity = NextSeverity();
            else if (Is("code"u8)) row.Code = NextCode();
            else if (Is("message"u8)) row.Message = NextText() ?? empty;
            else if (Is("fixes"u8)) row.Fixes = NextFixes();
            else Skip();
        }
        return row;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<T>? NextList<T>(Item<T> item, int expected)
    {
        Value();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        Expect(JsonTokenType.StartArray, "A list");
        var list = new List<T>(expected);
        while (Next() && _reader.TokenType != JsonTokenType.EndArray) list.Add(item(ref this));
        return list;
    }

    private delegate T Item<T>(ref SummaryReader reader);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int NextInt()
    {
        Value();
        return _reader.GetInt32();
    }

    private string? NextString()
    {
        Value();
        return _reader.GetString();
    }

    /// <summary>The next string value, pooled; null for JSON null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Text? NextText()
    {
        Value();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.String) throw new JsonException("A string was expected.");
        return new Text(_pool, _strings.Add(Unescaped()));
    }

    /// <summary>The string value the reader is at, as UTF-8 without JSON escapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<byte> Unescaped()
    {
        if (!_reader.ValueIsEscaped) return _reader.ValueSpan;
        if (_scratch.Length < _reader.ValueSpan.Length) _scratch = new byte[_reader.ValueSpan.Length];
        return _scratch.AsSpan(0, _reader.CopyString(_scratch));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private byte NextSeverity()
    {
        Value();
        return Row.ParseSeverity(_reader.TokenType == JsonTokenType.Null ? "" : _reader.GetString()) is { } severity ? (byte)severity : (byte)0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private short NextCode()
    {
        Value();
        return _reader.TokenType == JsonTokenType.String ? RowCodes.Rank(Unescaped()) : (short)-1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Text NextFixes()
    {
        Value();
        if (_reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A row's fixes must be a list of titles.");
        var used = 0;
        while (Next() && _reader.TokenType != JsonTokenType.EndArray)
        {
            var title = _reader.TokenType == JsonTokenType.String ? Unescaped() : Encoding.UTF8.GetBytes(_reader.GetString() ?? "");
            if (_joined.Length < used + 4 + title.Length) Array.Resize(ref _joined, 2 * (used + 4 + title.Length));
            BinaryPrimitives.WriteInt32LittleEndian(_joined.AsSpan(used), title.Length);
            title.CopyTo(_joined.AsSpan(used + 4));
            used += 4 + title.Length;
        }
        return new Text(_pool, _strings.Add(_joined.AsSpan(0, used)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Skip()
    {
        _reader.Read();
        _reader.Skip();
    }
}
