using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// `check --shard K/N --summary` on every shard plus `check --merge` must say exactly what one unsharded `check` says:
/// generated corpora with cross-document conflicts, articles named from other shards, orphans and sources.
/// </summary>
public sealed class ShardMergeTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 1)]
    public void Shards_plus_merge_equal_the_unsharded_check(int seed, int shards)
    {
        var corpus = GeneratedCorpus(seed);
        var whole = Support.Cli.Run("check", corpus, "--no-progress");
        var merged = ShardedCheck(corpus, shards, "text");
        Assert.Equal(whole.Out, merged.Out);
        Assert.Equal(whole.Exit, merged.Exit);
        Assert.Equal(FilesChecked(whole.Err), FilesChecked(merged.Err));
        var wholeJson = Support.Cli.Run("check", corpus, "--format", "json", "--min-severity", "warning", "--no-progress");
        Assert.Equal(wholeJson.Out, ShardedCheck(corpus, shards, "json", "warning").Out);
        var wholeAll = Support.Cli.Run("check", corpus, "--format", "json", "--no-progress");
        Assert.Equal(wholeAll.Out, ShardedCheck(corpus, shards, "json").Out);
        // The planted conflicts are there to be found: CLS038, and CLS052 for a name the corpus annotates as often as
        // not, never for one it leaves unannotated more often — though no single shard may see that.
        Assert.Contains("CLS038", whole.Out);
        Assert.Equal(3, whole.Out.Split('\n').Count(l => l.Contains(" CLS052 ") && l.Contains("'Qudsaya'")));
        Assert.Equal(2, whole.Out.Split('\n').Count(l => l.Contains(" CLS052 ") && l.Contains("'Tadef'")));
        Assert.DoesNotContain("'Sarmada'", whole.Out);
        // ...and some of them only through the lexicon: an article left unannotated in a shard none of whose sidecars
        // annotates the name, so a shard that looked only at its own sidecars would miss it.
        if (shards > 1) Assert.Contains(Planted, p => p.Left.Any(l => !p.Annotated.Any(a => ShardOf(a, shards) == ShardOf(l, shards))));
    }

    /// <summary>The shard (0-based) that owns a generated pair: the one its sidecar's path hashes to, as `--shard` splits.</summary>
    private static uint ShardOf(string stem, int shards) => CorpusLsp.Cli.CheckCommand.StableHash(stem + ".yaml") % (uint)shards;

    [Fact]
    public void Shards_given_precomputed_profiles_agree_with_shards_that_compute_them()
    {
        var corpus = GeneratedCorpus(7);
        var profiles = Path.Combine(TestEnvironment.NewScratchFolder("profiles"), "profiles.json");
        Assert.Equal(0, Support.Cli.Run("profiles", corpus, "-o", profiles).Exit);
        Assert.Contains("\"source\": \"agency a\"", File.ReadAllText(profiles));
        Assert.Contains("\"name\": \"Qudsaya\"", File.ReadAllText(profiles));
        var whole = Support.Cli.Run("check", corpus, "--format", "json", "--no-progress");
        Assert.Equal(whole.Out, ShardedCheck(corpus, 4, "json", "hint", profiles).Out);
    }

    [Fact]
    public void A_profiles_file_of_the_old_version_is_refused_at_its_version_line()
    {
        // Version 1 had no annotated names: a shard given it would miss CLS052 findings the unsharded check reports.
        var corpus = GeneratedCorpus(2);
        var profiles = Path.Combine(TestEnvironment.NewScratchFolder("profiles"), "profiles.json");
        Assert.Equal(0, Support.Cli.Run("profiles", corpus, "-o", profiles).Exit);
        var lines = File.ReadAllLines(profiles);
        var versionLine = Array.FindIndex(lines, l => l.Contains("\"version\": 2")) + 1;
        Assert.True(versionLine > 0);
        File.WriteAllText(profiles, File.ReadAllText(profiles).Replace("\"version\": 2", "\"version\": 1"));
        var run = Support.Cli.Run("check", corpus, "--shard", "1/2", "--profiles", profiles, "--no-progress");
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Out);
        Assert.Contains($"{profiles}: line {versionLine}: version 1, this corpuslsp reads version 2; write it again with `corpuslsp profiles`", run.Err);
    }

    [Fact]
    public void A_shard_given_profiles_reads_only_its_own_pairs()
    {
        var root = CorpusLsp.Cli.PhysicalFileSystem.Normalize(GeneratedCorpus(5));
        var fs = new ReadLog(new CorpusLsp.Cli.PhysicalFileSystem());
        bool Owned(string path) => CorpusLsp.Cli.CheckCommand.StableHash(Path.GetRelativePath(root, path)) % 4 == 1;
        var snapshot = CorpusSnapshot.Load(root, fs, new CorpusLsp.Cli.DiskGazetteerCache(),
            selection: new CorpusSelection(Owned, Owned, new Dictionary<string, SourceProfile>(), new Dictionary<string, CorpusLsp.Core.Analysis.Rules.AnnotatedName>()));
        var pairs = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Count(p => p.EndsWith(".txt") || p.EndsWith(".yaml") && !p.EndsWith("corpus.yaml")) - 1;
        var read = fs.Read.Where(p => !p.Contains("/gazetteer/") && !p.EndsWith("/corpus.yaml")).ToList();
        var named = snapshot.Pairs.Values.OfType<string>().ToHashSet();
        Assert.All(read, p => Assert.True(Owned(p) || named.Contains(p), $"{p} belongs to another shard"));
        Assert.InRange(read.Count, 1, pairs / 2);
        Assert.Equal(snapshot.Files.Count, read.Count);
    }

    [Fact]
    public void A_shard_read_one_pair_at_a_time_writes_what_it_writes_in_one_piece()
    {
        // Articles named by several sidecars fall in several chunks, and CLS052's counts add up over chunks: the summary
        // and the report must not change.
        var corpus = GeneratedCorpus(6);
        var folder = TestEnvironment.NewScratchFolder("chunks");
        for (var k = 1; k <= 3; k++)
        {
            string Summary(string chunk, out string output)
            {
                var file = Path.Combine(folder, $"shard-{k}-{chunk}.json");
                var run = Support.Cli.Run("check", corpus, "--shard", $"{k}/3", "--chunk", chunk, "--summary", file, "--format", "json", "--no-progress");
                Assert.True(run.Exit is 0 or 1, run.Err);
                output = run.Out;
                return File.ReadAllText(file);
            }
            Assert.Equal(Summary("100000", out var whole), Summary("1", out var chunked));
            Assert.Equal(whole, chunked);
        }
    }

    [Fact]
    public void A_shard_lets_each_chunk_of_pairs_go_before_it_reads_the_next()
    {
        // A million pairs in 32 shards held every analysis (~135 KB a pair) to the end: 4.2 GB a shard.
        var root = CorpusLsp.Cli.PhysicalFileSystem.Normalize(GeneratedCorpus(8));
        var earlier = new List<WeakReference>();
        var alive = new List<int>();
        void Read(CorpusSnapshot chunk)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            alive.Add(earlier.Count(w => w.IsAlive));
            earlier.Add(new WeakReference(chunk));
            if (chunk.Sidecars.FirstOrDefault() is { } sidecar) earlier.Add(new WeakReference(chunk.Analyze(sidecar)));
        }
        var result = CorpusLsp.Cli.ShardCheck.Run(root, "corpus", [root], (1, 2), null, null, new CorpusLsp.Cli.PhysicalFileSystem(), false, TextWriter.Null,
            chunkSize: 3, chunkRead: Read);
        Assert.True(alive.Count > 4, $"{alive.Count} chunks");
        Assert.All(alive, n => Assert.Equal(0, n));
        Assert.NotEmpty(result.Part!.Articles);
    }

    private sealed class ReadLog(IFileSystem inner) : IFileSystem
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Read { get; } = [];
        public bool FileExists(string path) => inner.FileExists(path);
        public byte[]? ReadAllBytes(string path) { Read.Add(path); return inner.ReadAllBytes(path); }
        public Stream? OpenRead(string path) => inner.OpenRead(path);
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => inner.EnumerateFiles(directory, recursive);
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive, ICollection<string> unlisted) => inner.EnumerateFiles(directory, recursive, unlisted);
        public string? RealPath(string path) => inner.RealPath(path);
        public string? Problem(string path) => inner.Problem(path);
    }

    [Fact]
    public void The_merge_orders_paths_and_messages_as_UTF8_the_way_the_check_orders_strings()
    {
        // The merge keeps text as UTF-8 and sorts its bytes; the check sorts .NET strings by UTF-16 code unit, which puts
        // U+E000..U+FFFF after the surrogate pairs of characters beyond U+FFFF. Every pair must compare alike.
        string[] texts = ["", "a", "ab", "b", "\u00e9", "\u00e9a", "\u00ff", "\u0100", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uff21", "\ufffd",
            "\U0001F600", "a\U0001F600", "a\ufffd", "a\ue000b", "\U0001F600\ufffd", "\U0001F601"];
        foreach (var x in texts)
            foreach (var y in texts)
                Assert.True(Math.Sign(string.CompareOrdinal(x, y)) == Math.Sign(CorpusLsp.Cli.Utf8Order.Compare(Encoding.UTF8.GetBytes(x), Encoding.UTF8.GetBytes(y))),
                    $"'{x}' against '{y}'");
    }

    [Fact]
    public void Merge_refuses_an_incomplete_or_mixed_set_of_summaries()
    {
        var corpus = GeneratedCorpus(3);
        var folder = TestEnvironment.NewScratchFolder("summaries");
        string Summary(int k, int n)
        {
            var file = Path.Combine(folder, $"s{k}of{n}.json");
            Support.Cli.Run("check", corpus, "--shard", $"{k}/{n}", "--summary", file, "--no-progress");
            return file;
        }
        var (one, two, other) = (Summary(1, 3), Summary(2, 3), Summary(1, 2));
        var missing = Support.Cli.Run("check", "--merge", one, two);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("missing the summary of shard 3/3", missing.Err);
        var twice = Support.Cli.Run("check", "--merge", one, one, two);
        Assert.Contains("shard 1/3 is given twice", twice.Err);
        Assert.Contains("is shard 1/2, but", Support.Cli.Run("check", "--merge", one, other).Err);
        var broken = Path.Combine(folder, "broken.json");
        File.WriteAllText(broken, "{\n  \"format\": \"corpuslsp-check-summary\",\n  \"version\": 1,\n  \"shard\": [\n");
        var bad = Support.Cli.Run("check", "--merge", broken);
        Assert.Equal(2, bad.Exit);
        Assert.Contains($"{broken}: line 4", bad.Err);
    }

    private static (int Exit, string Out, string Err) ShardedCheck(string corpus, int n, string format, string minSeverity = "hint", string? profiles = null)
    {
        string[] extra = profiles is null ? [] : ["--profiles", profiles];
        var folder = TestEnvironment.NewScratchFolder("summaries");
        var summaries = new List<string>();
        for (var k = 1; k <= n; k++)
        {
            var file = Path.Combine(folder, $"shard-{k}.json");
            var run = Support.Cli.Run(["check", corpus, "--shard", $"{k}/{n}", "--summary", file, "--no-progress", .. extra]);
            Assert.True(run.Exit is 0 or 1, run.Err);
            summaries.Add(file);
        }
        // Shards may finish in any order; the merge must not care.
        summaries.Reverse();
        return Support.Cli.Run(["check", "--merge", .. summaries, "--format", format, "--min-severity", minSeverity]);
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];

    private static string FilesChecked(string err) => LastLine(err).Split(':')[0];

    /// <summary>
    /// The example corpus plus generated pairs on article 003's text: keyed events dated two ways, sidecars naming another
    /// pair's article, articles without sidecars, sidecars without articles, an article that is not UTF-8, and sources.
    /// </summary>
    private static string GeneratedCorpus(int seed)
    {
        var corpus = Repo.CopyExample();
        var random = new Random(seed);
        var text = File.ReadAllText(Path.Combine(corpus, "003_822e10b602b157a7.txt"));
        string[] sources = ["Agency A", "agency  a", "Paper B", ""];
        for (var i = 0; i < 40; i++)
        {
            var name = $"gen/{i:000}";
            var roll = random.Next(100);
            if (roll >= 10) Write(corpus, name + ".txt", text);
            if (roll < 15 && roll >= 10) continue;
            var article = roll % 5 == 0 ? $"article: {random.Next(40):000}.txt\n" : "";
            var source = sources[random.Next(sources.Length)];
            Write(corpus, name + ".yaml", $"""
                {article}meta:
                  title: Generated {i}
                  published: 2016-02-25
                {(source.Length > 0 ? $"  source: {source}\n" : "")}places:
                  - id: khanaser
                    text: Khanaser
                    occurrence: all
                    ref: geonames:168351
                  - id: aleppo
                    text: Aleppo
                    occurrence: 1
                    ref: geonames:{(random.Next(2) == 0 ? "170063" : "170062")}
                events:
                  - id: liberation
                    type: capture
                    text: liberated
                    date: 2016-02-{24 + random.Next(2)}
                    key: k{random.Next(4)}
                """ + "\n");
        }
        File.WriteAllBytes(Path.Combine(corpus, "gen", "latin1.txt"), Encoding.Latin1.GetBytes("Caf\u00e9 in Aleppo."));
        foreach (var (name, annotated, left) in Planted)
            foreach (var stem in annotated.Concat(left))
            {
                Write(corpus, stem + ".txt", $"Officials of {name} met on Monday.\n");
                var organisation = annotated.Contains(stem) ? $"organisations:\n  - text: {name}\n    kind: council\n" : "";
                Write(corpus, stem + ".yaml", $"meta:\n  title: {Path.GetFileName(stem)}\n  published: 2016-02-22\n{organisation}");
            }
        return corpus;
    }

    /// <summary>
    /// Coverage (CLS052), each pair "Officials of NAME met on Monday.": 'Qudsaya' annotated 3 times and left 3 times,
    /// 'Tadef' 2 and 2, 'Sarmada' annotated 2 times and left 3 times (never reported, though one shard alone may not see
    /// that). 'Tadef' is annotated in its even pairs: the shard hash modulo 2 is the parity of the path's characters, so
    /// pairs -0 and -2 share a shard of two and -1 and -3 are in the other.
    /// </summary>
    private static readonly (string Name, string[] Annotated, string[] Left)[] Planted =
    [
        ("Qudsaya", ["gen/qudsaya-0", "gen/qudsaya-1", "gen/qudsaya-2"], ["gen/qudsaya-3", "gen/qudsaya-4", "gen/qudsaya-5"]),
        ("Tadef", ["gen/tadef-0", "gen/tadef-2"], ["gen/tadef-1", "gen/tadef-3"]),
        ("Sarmada", ["gen/sarmada-0", "gen/sarmada-1"], ["gen/sarmada-2", "gen/sarmada-3", "gen/sarmada-4"]),
    ];

    private static void Write(string corpus, string relative, string content)
    {
        var path = Path.Combine(corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
