using System.Text.Json;
using System.Text.Json.Serialization;
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
/// Rows are most of a summary (8 summaries of 100,000 pairs hold ~190,000): written by hand, in the shape the generated
/// serializer gives any record (camelCase, fields in order). <see cref="SummaryReader"/> reads them back.
/// </summary>
internal sealed class RowJson : JsonConverter<Row>
{
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path"), LineName = JsonEncodedText.Encode("line"),
        ColumnName = JsonEncodedText.Encode("column"), EndLineName = JsonEncodedText.Encode("endLine"), EndColumnName = JsonEncodedText.Encode("endColumn"),
        SeverityName = JsonEncodedText.Encode("severity"), CodeName = JsonEncodedText.Encode("code"), MessageName = JsonEncodedText.Encode("message"),
        FixesName = JsonEncodedText.Encode("fixes");

    /// <summary>Summaries are read by <see cref="SummaryReader"/>, which keeps rows as <see cref="CompactRow"/>s.</summary>
    public override Row Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

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

/// <summary>An article's part of a summary (one per article: 100,000 in a merge of 100,000 pairs), written like <see cref="RowJson"/>.</summary>
internal sealed class ArticlePartJson : JsonConverter<ArticlePart>
{
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path"), ClaimedByName = JsonEncodedText.Encode("claimedBy"),
        DiagnosticsName = JsonEncodedText.Encode("diagnostics");
    private static readonly RowJson Rows = new();

    public override ArticlePart Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

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

/// <summary>A keyed event's date (one per keyed event in every article), written like <see cref="RowJson"/>.</summary>
internal sealed class EventPartJson : JsonConverter<EventPart>
{
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key"), PathName = JsonEncodedText.Encode("path"),
        DateName = JsonEncodedText.Encode("date"), AtName = JsonEncodedText.Encode("at");
    private static readonly RowJson Rows = new();

    public override EventPart Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

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
}
