using System.Text.Json;
using System.Text.Json.Serialization;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Cli;

/// <summary>
/// What `check --shard K/N --summary FILE` writes and `check --merge` reads: the shard's diagnostics, already positioned,
/// and the facts the cross-document rules need — compact, versioned, and byte-for-byte the same for the same input.
/// </summary>
public sealed record ShardSummary(string Format, int Version, int Shard, int Shards, List<CorpusPart> Corpora)
{
    public const string FormatName = "corpuslsp-check-summary";
    /// <summary>2: with the shard's part of CLS052 (<see cref="CoveragePart"/>).</summary>
    public const int CurrentVersion = 2;
}

/// <param name="Root">The corpus folder as the shard was given it (relative to where it ran).</param>
/// <param name="Sidecars">Sidecars this shard owns; shards own disjoint sets.</param>
/// <param name="Diagnostics">Every diagnostic the shard found outside articles (unfiltered by severity).</param>
/// <param name="Articles">The articles this shard read: those its sidecars name, and those nobody here names that it owns.</param>
/// <param name="Events">The dates of keyed events, in article order.</param>
/// <param name="Severities">The corpus's severity for each cross-document code; null when switched off.</param>
/// <param name="Coverage">What the merge needs to finish CLS052; the findings the shard could settle alone are in <paramref name="Diagnostics"/>.</param>
public sealed record CorpusPart(string Root, int Sidecars, List<Row> Diagnostics, List<ArticlePart> Articles, List<EventPart> Events,
    Dictionary<string, string?> Severities, CoveragePart Coverage);

/// <summary>CLS052 across shards: a name annotated only in other articles is reported when the corpus annotates it at least as often as it leaves it unannotated.</summary>
/// <param name="Unannotated">Name → its unannotated occurrences in this shard's articles (names sorted).</param>
/// <param name="Candidates">Findings that hold if the name's unannotated occurrences over all shards do not outnumber its annotations.</param>
public sealed record CoveragePart(SortedDictionary<string, int> Unannotated, List<CoverageCandidate> Candidates);

/// <param name="Annotated">How many times the corpus annotates the name.</param>
public sealed record CoverageCandidate(string Name, int Annotated, Row At);

/// <param name="ClaimedBy">The first sidecar (by path) of this shard that names the article; null when none does.</param>
public sealed record ArticlePart(string Path, string? ClaimedBy, List<Row> Diagnostics);

public sealed record EventPart(string Key, string Path, string Date, Row At);

/// <summary>A positioned diagnostic as every output format needs it.</summary>
public sealed record Row(string Path, int Line, int Column, int EndLine, int EndColumn, string Severity, string Code, string Message, List<string> Fixes)
{
    public static Row From(Located x) => new(x.DisplayPath, x.Line, x.Column, x.EndLine, x.EndColumn, Output.SeverityWord(x.Diagnostic.Severity),
        x.Diagnostic.Code, x.Diagnostic.Message, [.. x.Diagnostic.Fixes.Select(f => f.Title)]);

    /// <summary>Back to a located diagnostic; null when the code is not in this version's catalog.</summary>
    public Located? ToLocated()
    {
        if (!Descriptors.TryGetValue(Code, out var descriptor) || ParseSeverity(Severity) is not { } severity) return null;
        var fixes = Fixes.Select(t => new Fix(t, [])).ToArray();
        return new Located(new Diagnostic(descriptor, Path, default, Message, severity, [.. fixes]), Path, Line, Column, EndLine, EndColumn);
    }

    /// <summary>By code, first of a code as the catalog lists them: a merge turns ~100,000 rows back.</summary>
    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors =
        DiagnosticCatalog.All.DistinctBy(d => d.Code).ToDictionary(d => d.Code, StringComparer.Ordinal);

    public static Severity? ParseSeverity(string? word) => word switch
    {
        "error" => Core.Diagnostics.Severity.Error, "warning" => Core.Diagnostics.Severity.Warning,
        "info" => Core.Diagnostics.Severity.Information, "hint" => Core.Diagnostics.Severity.Hint, _ => null,
    };
}

/// <summary>
/// Rows are most of a summary (8 summaries of 100,000 pairs hold ~190,000): read and written by hand, in the shape the
/// generated serializer gives any record (camelCase, fields in order, unknown fields skipped), without the buffering of
/// constructor arguments that made reading them most of a merge's time.
/// </summary>
internal sealed class RowJson : JsonConverter<Row>
{
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path"), LineName = JsonEncodedText.Encode("line"),
        ColumnName = JsonEncodedText.Encode("column"), EndLineName = JsonEncodedText.Encode("endLine"), EndColumnName = JsonEncodedText.Encode("endColumn"),
        SeverityName = JsonEncodedText.Encode("severity"), CodeName = JsonEncodedText.Encode("code"), MessageName = JsonEncodedText.Encode("message"),
        FixesName = JsonEncodedText.Encode("fixes");

    public override Row Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ExpectObject(ref reader, "A diagnostic row");
        string path = "", severity = "", code = "", message = "";
        int line = 0, column = 0, endLine = 0, endColumn = 0;
        List<string> fixes = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(PathName.EncodedUtf8Bytes)) path = NextString(ref reader);
            else if (reader.ValueTextEquals(LineName.EncodedUtf8Bytes)) line = NextInt(ref reader);
            else if (reader.ValueTextEquals(ColumnName.EncodedUtf8Bytes)) column = NextInt(ref reader);
            else if (reader.ValueTextEquals(EndLineName.EncodedUtf8Bytes)) endLine = NextInt(ref reader);
            else if (reader.ValueTextEquals(EndColumnName.EncodedUtf8Bytes)) endColumn = NextInt(ref reader);
            else if (reader.ValueTextEquals(SeverityName.EncodedUtf8Bytes)) severity = NextSeverity(ref reader);
            else if (reader.ValueTextEquals(CodeName.EncodedUtf8Bytes)) code = NextString(ref reader);
            else if (reader.ValueTextEquals(MessageName.EncodedUtf8Bytes)) message = NextString(ref reader);
            else if (reader.ValueTextEquals(FixesName.EncodedUtf8Bytes)) fixes = NextStrings(ref reader);
            else Skip(ref reader);
        }
        ExpectEnd(ref reader, "A diagnostic row");
        return new Row(path, line, column, endLine, endColumn, severity, code, message, fixes);
    }

    internal static string NextString(ref Utf8JsonReader reader) => NextStringOrNull(ref reader) ?? "";

    internal static string? NextStringOrNull(ref Utf8JsonReader reader) =>
        !reader.Read() ? throw new JsonException() : reader.TokenType == JsonTokenType.String ? Pooled(ref reader) : reader.GetString();

    /// <summary>Strings already read on this thread (summaries are read in parallel), by their text.</summary>
    [ThreadStatic] private static Dictionary<string, string>? _pool;

    /// <summary>
    /// A string value, the same object as an equal one read before: paths, keys, dates and messages repeat across rows
    /// (an article's rows, a sidecar's events), and a merge holds them all to its end.
    /// </summary>
    private static string Pooled(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (reader.ValueIsEscaped || reader.HasValueSequence || length > 256) return reader.GetString()!;
        Span<char> chars = stackalloc char[256];
        // Invalid UTF-8 is left to GetString, which reports it as the JSON error it is.
        if (System.Text.Unicode.Utf8.ToUtf16(reader.ValueSpan, chars, out _, out var count, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
            return reader.GetString()!;
        var pool = _pool ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..count], out var known)) return known;
        if (pool.Count >= 1 << 17) pool.Clear();
        var text = new string(chars[..count]);
        pool[text] = text;
        return text;
    }

    private static int NextInt(ref Utf8JsonReader reader) => reader.Read() ? reader.GetInt32() : throw new JsonException();

    /// <summary>A row after its property name.</summary>
    internal Row NextRow(ref Utf8JsonReader reader, JsonSerializerOptions options) => reader.Read() ? Read(ref reader, typeof(Row), options) : throw new JsonException();

    internal static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    internal static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"{what} must be an object.");
    }

    internal static void ExpectEnd(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException($"{what} is not closed.");
    }

    /// <summary>The four words as the literals <see cref="Output.SeverityWord"/> gives: one string each, not one per row.</summary>
    private static string NextSeverity(ref Utf8JsonReader reader)
    {
        var word = NextString(ref reader);
        return Row.ParseSeverity(word) is { } severity ? Output.SeverityWord(severity) : word;
    }

    private static List<string> NextStrings(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A row's fixes must be a list of titles.");
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(reader.TokenType == JsonTokenType.String ? Pooled(ref reader) : reader.GetString() ?? "");
        return list;
    }

    public override void Write(Utf8JsonWriter writer, Row value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(PathName, value.Path);
        writer.WriteNumber(LineName, value.Line);
        writer.WriteNumber(ColumnName, value.Column);
        writer.WriteNumber(EndLineName, value.EndLine);
        writer.WriteNumber(EndColumnName, value.EndColumn);
        writer.WriteString(SeverityName, value.Severity);
        writer.WriteString(CodeName, value.Code);
        writer.WriteString(MessageName, value.Message);
        writer.WriteStartArray(FixesName);
        foreach (var fix in value.Fixes) writer.WriteStringValue(fix);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>An article's part of a summary (one per article: 100,000 in a merge of 100,000 pairs), read and written like <see cref="RowJson"/>.</summary>
internal sealed class ArticlePartJson : JsonConverter<ArticlePart>
{
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path"), ClaimedByName = JsonEncodedText.Encode("claimedBy"),
        DiagnosticsName = JsonEncodedText.Encode("diagnostics");
    private static readonly RowJson Rows = new();

    public override ArticlePart Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        RowJson.ExpectObject(ref reader, "An article's part");
        string path = "";
        string? claimedBy = null;
        List<Row> rows = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(PathName.EncodedUtf8Bytes)) path = RowJson.NextString(ref reader);
            else if (reader.ValueTextEquals(ClaimedByName.EncodedUtf8Bytes)) claimedBy = RowJson.NextStringOrNull(ref reader);
            else if (reader.ValueTextEquals(DiagnosticsName.EncodedUtf8Bytes))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("An article's diagnostics must be a list.");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) rows.Add(Rows.Read(ref reader, typeof(Row), options));
            }
            else RowJson.Skip(ref reader);
        }
        RowJson.ExpectEnd(ref reader, "An article's part");
        return new ArticlePart(path, claimedBy, rows);
    }

    public override void Write(Utf8JsonWriter writer, ArticlePart value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(PathName, value.Path);
        writer.WriteString(ClaimedByName, value.ClaimedBy);
        writer.WriteStartArray(DiagnosticsName);
        foreach (var row in value.Diagnostics) Rows.Write(writer, row, options);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>A keyed event's date (one per keyed event in every article), read and written like <see cref="RowJson"/>.</summary>
internal sealed class EventPartJson : JsonConverter<EventPart>
{
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key"), PathName = JsonEncodedText.Encode("path"),
        DateName = JsonEncodedText.Encode("date"), AtName = JsonEncodedText.Encode("at");
    private static readonly RowJson Rows = new();

    public override EventPart Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        RowJson.ExpectObject(ref reader, "An event's date");
        string key = "", path = "", date = "";
        Row? at = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(KeyName.EncodedUtf8Bytes)) key = RowJson.NextString(ref reader);
            else if (reader.ValueTextEquals(PathName.EncodedUtf8Bytes)) path = RowJson.NextString(ref reader);
            else if (reader.ValueTextEquals(DateName.EncodedUtf8Bytes)) date = RowJson.NextString(ref reader);
            else if (reader.ValueTextEquals(AtName.EncodedUtf8Bytes)) at = Rows.NextRow(ref reader, options);
            else RowJson.Skip(ref reader);
        }
        RowJson.ExpectEnd(ref reader, "An event's date");
        return new EventPart(key, path, date, at ?? throw new JsonException("An event's date has no position (`at`)."));
    }

    public override void Write(Utf8JsonWriter writer, EventPart value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(KeyName, value.Key);
        writer.WriteString(PathName, value.Path);
        writer.WriteString(DateName, value.Date);
        writer.WritePropertyName(AtName);
        Rows.Write(writer, value.At, options);
        writer.WriteEndObject();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(RowJson), typeof(ArticlePartJson), typeof(EventPartJson)])]
[JsonSerializable(typeof(ShardSummary))]
internal sealed partial class SummaryJson : JsonSerializerContext;

public static class ShardSummaries
{
    /// <summary>The summary as one line of JSON and a newline, written as it goes: a shard of 30,000 pairs writes ~27 MB.</summary>
    public static void Write(Stream to, ShardSummary summary)
    {
        JsonSerializer.Serialize(to, summary, SummaryJson.Default.ShardSummary);
        to.WriteByte((byte)'\n');
    }

    /// <summary>The summary in a file's bytes (UTF-8), or a reason (with the line of a JSON error) why it is not one.</summary>
    public static (ShardSummary? Summary, string? Error) Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var s = JsonSerializer.Deserialize(json, SummaryJson.Default.ShardSummary);
            if (s is null || s.Format != ShardSummary.FormatName) return (null, $"not a check summary (no \"format\": \"{ShardSummary.FormatName}\")");
            if (s.Version != ShardSummary.CurrentVersion) return (null, $"summary version {s.Version}, this corpuslsp reads version {ShardSummary.CurrentVersion}; run the shards and the merge with the same version");
            if (s.Shards < 1 || s.Shard < 1 || s.Shard > s.Shards) return (null, $"shard {s.Shard}/{s.Shards} is not a valid K/N");
            if (s.Corpora is null || s.Corpora.Any(c => c is null || c.Diagnostics is null || c.Articles is null || c.Events is null || c.Severities is null
                    || c.Coverage?.Unannotated is null || c.Coverage.Candidates is null))
                return (null, "a corpus entry lacks diagnostics, articles, events, severities or coverage");
            return (s, null);
        }
        catch (JsonException e)
        {
            return (null, e.LineNumber is { } line ? $"line {line + 1}, column {e.BytePositionInLine + 1}: {e.Message.Split(" Path:")[0]}" : e.Message);
        }
    }

    public static KeyedEventDate Fact(EventPart e) => new(e.Key, e.Path, e.Date);
}
