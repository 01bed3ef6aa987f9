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
        if (DiagnosticCatalog.All.FirstOrDefault(d => d.Code == Code) is not { } descriptor || ParseSeverity(Severity) is not { } severity) return null;
        var fixes = Fixes.Select(t => new Fix(t, [])).ToArray();
        return new Located(new Diagnostic(descriptor, Path, default, Message, severity, [.. fixes]), Path, Line, Column, EndLine, EndColumn);
    }

    public static Severity? ParseSeverity(string? word) => word switch
    {
        "error" => Core.Diagnostics.Severity.Error, "warning" => Core.Diagnostics.Severity.Warning,
        "info" => Core.Diagnostics.Severity.Information, "hint" => Core.Diagnostics.Severity.Hint, _ => null,
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ShardSummary))]
internal sealed partial class SummaryJson : JsonSerializerContext;

public static class ShardSummaries
{
    public static string Write(ShardSummary summary) => JsonSerializer.Serialize(summary, SummaryJson.Default.ShardSummary) + "\n";

    /// <summary>The summary in a file, or a reason (with the line of a JSON error) why it is not one.</summary>
    public static (ShardSummary? Summary, string? Error) Read(string json)
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
