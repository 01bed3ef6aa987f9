using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Analysis.Rules;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;

namespace CorpusLsp.Cli;

/// <summary>
/// `check --shard K/N` on one corpus: reads and analyses only the shard's pairs (plus corpus.yaml, the gazetteer and the
/// source profiles), reports what it can know alone, and keeps for the merge what needs the other shards. The pairs are
/// read and analysed a chunk at a time and only positioned rows and facts are kept, so a shard's memory does not grow
/// with its pair count beyond those rows (a full analysis is ~135 KB a pair; 31,000 pairs of a million held 4 GB).
/// </summary>
public static class ShardCheck
{
    /// <summary>
    /// The codes whose findings need every article; a shard leaves them to `check --merge`. CLS052 (a name annotated
    /// elsewhere but not here) is settled by the shard where the article annotates the name itself, and otherwise from
    /// the corpus's annotated names (`corpuslsp profiles`) plus the unannotated counts every shard adds up in the merge.
    /// </summary>
    public static readonly DiagnosticDescriptor[] CrossDocumentCodes = [DiagnosticCatalog.EventDatedDifferently];

    /// <summary>
    /// Pairs analysed at once. Measured on `--shard 1/4` of 20,000 synthetic pairs (2 cores): peak RSS 223 / 269 / 350 /
    /// 489 MB for chunks of 50 / 250 / 500 / 1,000 pairs at the same CPU time; 790 MB when the shard was one chunk.
    /// </summary>
    public const int DefaultChunk = 256;

    /// <param name="shownRoot">The corpus folder relative to the working folder, kept in the summary to match corpora across shards.</param>
    /// <param name="chunkRead">Told of each chunk's snapshot as it is read (tests watch that the previous one is let go).</param>
    public static CheckCommand.CorpusResult Run(string root, string shownRoot, List<string> selected, (int K, int N) shard,
        IReadOnlyDictionary<string, SourceProfile>? profiles, IReadOnlyDictionary<string, AnnotatedName>? names, IFileSystem fs, bool progress, TextWriter stderr,
        int chunkSize = DefaultChunk, Action<CorpusSnapshot>? chunkRead = null)
    {
        bool Owned(string path) => CheckCommand.StableHash(PathUtil.Relative(root, path)) % (uint)shard.N == (uint)(shard.K - 1)
            && selected.Any(sel => path == sel || path.StartsWith(sel + "/", StringComparison.Ordinal)
                || (sel.EndsWith(".txt", StringComparison.Ordinal) && PathUtil.WithoutExtension(sel) == PathUtil.WithoutExtension(path)));
        var chunks = CorpusSnapshot.LoadInChunks(root, fs, new DiskGazetteerCache(), new CorpusSelection(Owned, Owned, profiles,
            names is null ? null : SourceProfiles.Rooted(names, root)), chunkSize);
        using var bar = progress && chunks.Sidecars >= 200 ? new CheckCommand.ProgressBar(stderr, chunks.Sidecars) : null;
        var facts = new ShardFacts(shard, fs);
        foreach (var snapshot in chunks.Snapshots)
        {
            chunkRead?.Invoke(snapshot);
            facts.Add(snapshot, bar);
        }
        return facts.Result(shownRoot);
    }

    /// <summary>
    /// What a shard keeps of its chunks: positioned rows, keyed event dates and CLS052's counts — in the order one snapshot
    /// of the whole shard would give them, so the summary and the output are the same whatever the chunk size.
    /// </summary>
    private sealed class ShardFacts((int K, int N) shard, IFileSystem fs)
    {
        /// <summary>Sidecar diagnostics, with the path each is about: a shard other than the first reports only those on its own files.</summary>
        private readonly List<(string Path, Row Row)> _sidecarRows = [];
        private readonly List<(string Path, Row Row)> _corpusRows = [];
        private readonly HashSet<string> _files = new(StringComparer.Ordinal);
        /// <summary>Article path → its part, from the first chunk that read it: that chunk holds the first sidecar (by path) naming it.</summary>
        private readonly Dictionary<string, ArticlePart> _articles = new(StringComparer.Ordinal);
        private readonly List<EventPart> _events = [];
        private readonly List<Row> _certain = [];
        private readonly List<CoverageCandidate> _candidates = [];
        private readonly Dictionary<string, int> _unannotated = new(StringComparer.Ordinal);
        private Dictionary<string, string?>? _severities;
        private int _sidecars;

        public void Add(CorpusSnapshot snapshot, CheckCommand.ProgressBar? bar)
        {
            var sidecars = snapshot.Sidecars.ToList();
            Parallel.ForEach(sidecars, s => { snapshot.MakeFacts(s); bar?.Tick(); });
            var locate = CheckCommand.Locator(snapshot, fs);
            if (_severities is null) First(snapshot, locate);
            _sidecars += sidecars.Count;
            _files.UnionWith(snapshot.Files.Keys);
            foreach (var sidecar in sidecars)
                foreach (var d in snapshot.DiagnosticsFor(sidecar)) _sidecarRows.Add((d.Path, Row.From(locate(d))));
            foreach (var article in snapshot.Articles)
            {
                if (_articles.ContainsKey(article)) continue;
                var claimedBy = snapshot.SidecarOf(article);
                _articles[article] = new ArticlePart(PathUtil.Relative(snapshot.Root, article), claimedBy is null ? null : PathUtil.Relative(snapshot.Root, claimedBy),
                    [.. snapshot.DiagnosticsFor(article).Select(d => Row.From(locate(d)))]);
            }
            _events.AddRange(snapshot.KeyedEventDates(sidecars).Select(e => new EventPart(e.Fact.Key, e.Fact.Path, e.Fact.Date,
                Row.From(locate(Diagnostic.Create(DiagnosticCatalog.EventDatedDifferently, e.SidecarPath, e.Span, ""))))));
            Coverage(snapshot, sidecars, locate);
        }

        /// <summary>What every chunk shares: the corpus's own diagnostics (configuration, gazetteer) and the severities of the cross-document codes.</summary>
        private void First(CorpusSnapshot snapshot, Func<Diagnostic, Located> locate)
        {
            _corpusRows.AddRange(snapshot.ConfigDiagnostics.Concat(snapshot.GazetteerDiagnostics).Select(snapshot.Config.Apply).OfType<Diagnostic>()
                .Select(d => (d.Path, Row.From(locate(d)))));
            _severities = CrossDocumentCodes.ToDictionary(d => d.Code,
                d => snapshot.Config.Apply(Diagnostic.Create(d, snapshot.Root, default, "")) is { } applied ? Output.SeverityWord(applied.Severity) : null);
        }

        /// <summary>
        /// CLS052 in this chunk's articles against the corpus's annotated names. A candidate holds while the name's
        /// unannotated occurrences do not outnumber its annotations; the count only grows, so one that fails is dropped now.
        /// </summary>
        private void Coverage(CorpusSnapshot snapshot, List<string> sidecars, Func<Diagnostic, Located> locate)
        {
            var analyses = sidecars.Select(snapshot.Analyze).OfType<DocumentAnalysis>().ToList();
            var part = CoverageRule.CheckPart(analyses, snapshot.CorpusNames!, p => PathUtil.Relative(snapshot.Root, p));
            _certain.AddRange(part.Certain.Select(snapshot.Config.Apply).OfType<Diagnostic>().Select(d => Row.From(locate(d))));
            foreach (var (name, diagnostic) in part.Candidates)
                if (snapshot.Config.Apply(diagnostic) is { } applied)
                    _candidates.Add(new CoverageCandidate(name, snapshot.CorpusNames![name].Count, Row.From(locate(applied))));
            foreach (var (name, count) in part.Unannotated) _unannotated[name] = _unannotated.GetValueOrDefault(name) + count;
            _candidates.RemoveAll(c => !CoverageRule.Reported(c.Annotated, _unannotated.GetValueOrDefault(c.Name)));
        }

        public CheckCommand.CorpusResult Result(string shownRoot)
        {
            var sidecarRows = _sidecarRows.Concat(_corpusRows).Where(r => shard.K == 1 || _files.Contains(r.Path)).Select(r => r.Row).ToList();
            var articles = _articles.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value).ToList();
            // An article none of this shard's sidecars names may be named in another shard: only the merge can tell.
            var reported = sidecarRows.Concat(articles.Where(a => a.ClaimedBy is not null).SelectMany(a => a.Diagnostics)).Concat(_certain)
                .Select(r => r.ToLocated()).OfType<Located>().ToList();
            var coverage = new CoveragePart(new SortedDictionary<string, int>(_unannotated, StringComparer.Ordinal), _candidates);
            var part = new CorpusPart(shownRoot, _sidecars, [.. sidecarRows.Concat(_certain)], articles, _events, _severities!, coverage);
            // Counted here: the shard's sidecars and the articles they name; the others wait for the merge, which counts every file once.
            return new CheckCommand.CorpusResult(reported, part.Sidecars + articles.Count(a => a.ClaimedBy is not null), part);
        }
    }
}
