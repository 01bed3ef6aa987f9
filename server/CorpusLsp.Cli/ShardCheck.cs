using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;

namespace CorpusLsp.Cli;

/// <summary>
/// `check --shard K/N` on one corpus: reads and analyses only the shard's pairs (plus corpus.yaml, the gazetteer and the
/// source profiles), reports what it can know alone, and keeps for the merge what needs the other shards.
/// </summary>
public static class ShardCheck
{
    /// <summary>
    /// The codes whose findings need every article; a shard leaves them to `check --merge`. CLS052 (a name annotated
    /// elsewhere but not here) needs every article's text and annotations together, and is not reported by shards yet.
    /// </summary>
    public static readonly DiagnosticDescriptor[] CrossDocumentCodes = [DiagnosticCatalog.EventDatedDifferently];

    /// <param name="shownRoot">The corpus folder relative to the working folder, kept in the summary to match corpora across shards.</param>
    public static CheckCommand.CorpusResult Run(string root, string shownRoot, List<string> selected, (int K, int N) shard,
        IReadOnlyDictionary<string, SourceProfile>? profiles, IFileSystem fs, bool progress, TextWriter stderr)
    {
        bool Owned(string path) => CheckCommand.StableHash(PathUtil.Relative(root, path)) % (uint)shard.N == (uint)(shard.K - 1)
            && selected.Any(sel => path == sel || path.StartsWith(sel + "/", StringComparison.Ordinal)
                || (sel.EndsWith(".txt", StringComparison.Ordinal) && PathUtil.WithoutExtension(sel) == PathUtil.WithoutExtension(path)));
        var snapshot = CorpusSnapshot.Load(root, fs, new DiskGazetteerCache(), selection: new CorpusSelection(Owned, Owned, profiles));
        CheckCommand.AnalyzeWithProgress(snapshot, snapshot.Sidecars, progress, stderr);
        var locate = CheckCommand.Locator(snapshot, fs);

        var sidecarRows = snapshot.AllDiagnostics(path => snapshot.KindOf(path) == FileKind.Sidecar)
            .Where(d => shard.K == 1 || snapshot.Files.ContainsKey(d.Path)).Select(locate).ToList();
        var reported = new List<Located>(sidecarRows);
        var articles = new List<ArticlePart>();
        foreach (var article in snapshot.Articles)
        {
            var rows = snapshot.DiagnosticsFor(article).Select(locate).ToList();
            var claimedBy = snapshot.SidecarOf(article);
            // An article none of this shard's sidecars names may be named in another shard: only the merge can tell.
            if (claimedBy is not null) reported.AddRange(rows);
            articles.Add(new ArticlePart(PathUtil.Relative(root, article), claimedBy is null ? null : PathUtil.Relative(root, claimedBy), [.. rows.Select(Row.From)]));
        }
        var events = snapshot.KeyedEventDates().Select(e => new EventPart(e.Fact.Key, e.Fact.Path, e.Fact.Date,
            Row.From(locate(Diagnostic.Create(DiagnosticCatalog.EventDatedDifferently, e.SidecarPath, e.Span, ""))))).ToList();
        var severities = CrossDocumentCodes.ToDictionary(d => d.Code,
            d => snapshot.Config.Apply(Diagnostic.Create(d, root, default, "")) is { } applied ? Output.SeverityWord(applied.Severity) : null);
        var part = new CorpusPart(shownRoot, snapshot.Sidecars.Count(), [.. sidecarRows.Select(Row.From)], articles, events, severities);
        // Counted here: the shard's sidecars and the articles they name; the others wait for the merge, which counts every file once.
        var counted = part.Sidecars + articles.Count(a => a.ClaimedBy is not null);
        return new CheckCommand.CorpusResult(reported, counted, part);
    }
}
