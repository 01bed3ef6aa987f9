using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Analysis.Rules;

namespace CorpusLsp.Cli;

/// <summary>
/// `check --merge SUMMARIES…`: the union of every shard's findings plus the cross-document rules run over the facts the
/// shards kept — the same diagnostics, at the same positions, as one unsharded `check`.
/// </summary>
public static class CheckMerge
{
    public static int Run(List<string> files, CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (files.Count == 0) { stderr.WriteLine("corpuslsp check --merge: give the summary file of every shard"); return 2; }
        // Read in parallel: parsing is most of a merge's time (8 summaries of 100,000 pairs: ~90 MB of JSON).
        var read = new (ShardSummary? Summary, string? Error)[files.Count];
        Parallel.For(0, files.Count, i => read[i] = File.Exists(files[i]) ? ShardSummaries.Read(File.ReadAllBytes(files[i])) : (null, "does not exist"));
        var summaries = new List<ShardSummary>();
        foreach (var (file, (summary, error)) in files.Zip(read))
        {
            if (summary is null) { stderr.WriteLine($"corpuslsp check --merge: {file}: {error}"); return 2; }
            summaries.Add(summary);
        }
        if (Incomplete(summaries, files) is { } problem) { stderr.WriteLine($"corpuslsp check --merge: {problem}"); return 2; }

        var located = new List<Located>();
        var fileCount = 0;
        foreach (var corpus in summaries.SelectMany(s => s.Corpora).GroupBy(c => c.Root, StringComparer.Ordinal))
        {
            var (rows, count) = Merge([.. corpus]);
            fileCount += count;
            located.AddRange(rows.Select(r => r.ToLocated()).OfType<Located>());
        }
        return CheckCommand.Report(located, fileCount, options, stdout, stderr);
    }

    /// <summary>Every shard of one N, each once; else what is wrong, naming the files.</summary>
    private static string? Incomplete(List<ShardSummary> summaries, List<string> files)
    {
        var n = summaries[0].Shards;
        if (summaries.FirstOrDefault(s => s.Shards != n) is { } other)
            return $"{files[summaries.IndexOf(other)]} is shard {other.Shard}/{other.Shards}, but {files[0]} is of {n} shards";
        var twice = summaries.GroupBy(s => s.Shard).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) return $"shard {twice.Key}/{n} is given twice ({string.Join(", ", twice.Select(s => files[summaries.IndexOf(s)]))})";
        var missing = Enumerable.Range(1, n).Except(summaries.Select(s => s.Shard)).ToList();
        return missing.Count > 0 ? $"missing the summary of shard {string.Join(", ", missing.Select(k => $"{k}/{n}"))}; the merge needs all {n}" : null;
    }

    /// <summary>One corpus: every shard's rows, each article's rows from the shard that holds its sidecar, CLS038 and CLS052.</summary>
    private static (List<Row> Rows, int FileCount) Merge(List<CorpusPart> parts)
    {
        var rows = parts.SelectMany(p => p.Diagnostics).ToList();
        var articles = parts.SelectMany(p => p.Articles).GroupBy(a => a.Path, StringComparer.Ordinal).ToList();
        // An article named by sidecars of several shards counts under the first sidecar by path, as in one snapshot.
        foreach (var article in articles)
            rows.AddRange((article.Where(a => a.ClaimedBy is not null).MinBy(a => a.ClaimedBy, StringComparer.Ordinal) ?? article.First()).Diagnostics);
        var events = parts.SelectMany(p => p.Events).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        if (parts[0].Severities.GetValueOrDefault(ShardCheck.CrossDocumentCodes[0].Code) is { } severity)
            foreach (var (index, message) in CrossDocumentRules.DatedDifferently([.. events.Select(ShardSummaries.Fact)]))
                rows.Add(events[index].At with { Severity = severity, Code = ShardCheck.CrossDocumentCodes[0].Code, Message = message });
        // CLS052 across articles: each shard counted the name's unannotated occurrences in its own articles.
        var unannotated = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, count) in parts.SelectMany(p => p.Coverage.Unannotated)) unannotated[name] = unannotated.GetValueOrDefault(name) + count;
        rows.AddRange(parts.SelectMany(p => p.Coverage.Candidates).Where(c => CoverageRule.Reported(c.Annotated, unannotated.GetValueOrDefault(c.Name))).Select(c => c.At));
        return (rows, parts.Sum(p => p.Sidecars) + articles.Count);
    }
}
