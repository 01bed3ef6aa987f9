using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Analysis.Rules;
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
    /// elsewhere but not here) is settled by the shard where the article annotates the name itself, and otherwise from
    /// the corpus's annotated names (`corpuslsp profiles`) plus the unannotated counts every shard adds up in the merge.
    /// </summary>
    public static readonly DiagnosticDescriptor[] CrossDocumentCodes = [DiagnosticCatalog.EventDatedDifferently];

    /// <param name="shownRoot">The corpus folder relative to the working folder, kept in the summary to match corpora across shards.</param>
    public static CheckCommand.CorpusResult Run(string root, string shownRoot, List<string> selected, (int K, int N) shard,
        IReadOnlyDictionary<string, SourceProfile>? profiles, IReadOnlyDictionary<string, AnnotatedName>? names, IFileSystem fs, bool progress, TextWriter stderr)
    {
        bool Owned(string path) => CheckCommand.StableHash(PathUtil.Relative(root, path)) % (uint)shard.N == (uint)(shard.K - 1)
            && selected.Any(sel => path == sel || path.StartsWith(sel + "/", StringComparison.Ordinal)
                || (sel.EndsWith(".txt", StringComparison.Ordinal) && PathUtil.WithoutExtension(sel) == PathUtil.WithoutExtension(path)));
        var snapshot = CorpusSnapshot.Load(root, fs, new DiskGazetteerCache(), selection: new CorpusSelection(Owned, Owned, profiles,
            names is null ? null : SourceProfiles.Rooted(names, root)));
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
        var (certain, coverage) = Coverage(snapshot, locate);
        reported.AddRange(certain);
        var part = new CorpusPart(shownRoot, snapshot.Sidecars.Count(), [.. sidecarRows.Concat(certain).Select(Row.From)], articles, events, severities, coverage);
        // Counted here: the shard's sidecars and the articles they name; the others wait for the merge, which counts every file once.
        var counted = part.Sidecars + articles.Count(a => a.ClaimedBy is not null);
        return new CheckCommand.CorpusResult(reported, counted, part);
    }

    /// <summary>CLS052 in this shard's articles against the corpus's annotated names, with the corpus's severity.</summary>
    private static (List<Located> Certain, CoveragePart Part) Coverage(CorpusSnapshot snapshot, Func<Diagnostic, Located> locate)
    {
        var analyses = snapshot.Sidecars.Select(snapshot.Analyze).OfType<DocumentAnalysis>().ToList();
        var part = CoverageRule.CheckPart(analyses, snapshot.CorpusNames!, p => PathUtil.Relative(snapshot.Root, p));
        var certain = part.Certain.Select(snapshot.Config.Apply).OfType<Diagnostic>().Select(locate).ToList();
        var candidates = part.Candidates.Select(c => (c.Name, Diagnostic: snapshot.Config.Apply(c.Diagnostic))).Where(c => c.Diagnostic is not null)
            .Select(c => new CoverageCandidate(c.Name, snapshot.CorpusNames![c.Name].Count, Row.From(locate(c.Diagnostic!)))).ToList();
        return (certain, new CoveragePart(part.Unannotated, candidates));
    }
}
