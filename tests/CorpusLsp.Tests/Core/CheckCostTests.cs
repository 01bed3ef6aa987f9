using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.IO;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Issue 19: what `check` allocates per pair sets how often its threads wait for a collection (the runtime's collections
/// were most of a 10,000-pair check's processor time). Allocation is counted, not time: it does not depend on the machine.
/// </summary>
public sealed class CheckCostTests
{
    private const string Root = "/syria";

    [Fact]
    public void Checking_the_example_pairs_as_check_does_allocates_less_than_300_KB_per_pair()
    {
        // As `check` reads a corpus: every pair's analysis let go once its facts are taken, the sidecars read once for the
        // source profiles first. The second load of the same files is measured, so that what is made once per process
        // (the gazetteer's entries, the code's tables) is not counted. l26 allocated 364,841 bytes per example pair here;
        // 259,059 once the word index was one array, the drift check kept one pattern and its word tables per thread, the
        // cues stopped joining strings, the tables were sized up front and a oneOf with one fitting schema stopped copying.
        var fs = new InMemoryFileSystem();
        foreach (var file in Directory.EnumerateFiles(Repo.Example, "*", SearchOption.AllDirectories))
            fs.Add(Root + "/" + Path.GetRelativePath(Repo.Example, file).Replace('\\', '/'), File.ReadAllBytes(file));
        var cache = new MemoryCache();
        var expected = Check(CorpusSnapshot.Load(Root, fs, cache, parallelRead: false).Retaining(_ => false));

        var snapshot = CorpusSnapshot.Load(Root, fs, cache, parallelRead: false).Retaining(_ => false);
        // The pass over every sidecar for pairs and profiles runs on the thread pool: made before, not counted here.
        snapshot.AllSourceProfiles();
        _ = snapshot.Pairs;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var diagnostics = Check(snapshot);
        var perPair = (GC.GetAllocatedBytesForCurrentThread() - before) / snapshot.Sidecars.Count();

        Assert.Equal(expected, diagnostics);
        Assert.True(perPair < 300_000, $"{perPair:N0} bytes allocated per pair");
    }

    [Fact]
    public void Reading_a_sidecars_facts_for_pairs_and_profiles_allocates_under_a_third_of_its_tree()
    {
        // `check` reads every sidecar's article, source and linked places before any analysis, and parses it again for its
        // analysis: the first read skims (l27 built the whole tree twice, ~17% of a 10,000-pair check's allocation).
        var sidecars = Directory.EnumerateFiles(Repo.Example, "*.yaml").Select(f => (Path: f, Text: new CorpusLsp.Core.Text.SourceText(File.ReadAllText(f)))).ToList();
        foreach (var (path, text) in sidecars) { CorpusLsp.Core.Model.SidecarReader.ReadFacts(path, text); CorpusLsp.Core.Yaml.YamlTree.Parse(path, text); }
        long facts = 0, trees = 0;
        foreach (var (path, text) in sidecars)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            CorpusLsp.Core.Model.SidecarReader.ReadFacts(path, text);
            facts += GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            CorpusLsp.Core.Yaml.YamlTree.Parse(path, text);
            trees += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(facts * 3 < trees, $"{facts:N0} bytes for the facts of {sidecars.Count} sidecars, {trees:N0} for their trees");
    }

    [Fact]
    public void A_pair_nothing_retains_is_analysed_alike_but_keeps_no_entry_results_for_an_edit()
    {
        // `check` retains no pair: each analysis goes once its facts are taken, so what an editor keeps of each entry for
        // the next edit (keys over the entry's lines, results, moved diagnostics) would only be allocated and hashed.
        var fs = ExampleFiles();
        var cache = new MemoryCache();
        var kept = CorpusSnapshot.Load(Root, fs, cache, parallelRead: false);
        var letGo = CorpusSnapshot.Load(Root, fs, cache, parallelRead: false).Retaining(_ => false);
        foreach (var path in kept.Sidecars)
        {
            var (a, b) = (kept.Analyze(path)!, letGo.Analyze(path)!);
            Assert.Equal(Lines(a.Diagnostics), Lines(b.Diagnostics));
            Assert.Equal(a.Mentions.Select(m => m.Spans.Length), b.Mentions.Select(m => m.Spans.Length));
            Assert.NotEmpty(a.Memo!.Anchors);
            Assert.Empty(b.Memo!.Anchors);
            Assert.Empty(b.Memo.Places);
            Assert.Empty(b.Memo.Whens);
        }
        Assert.Equal(Check(kept), Check(letGo));
    }

    [Fact]
    public void A_text_read_from_a_file_lends_its_characters_without_making_a_string()
    {
        // CLS052 scans every article after its analysis let go of the article's string: decoding each again was ~4% of a
        // 10,000-pair check's allocation.
        string[] texts = ["", "Aleppo, Syria.\nIdlib\r\n", "Café in Zürich — 5 km", "𝒜 pair 😀 of surrogates\n", new string('x', 70_000) + "é"];
        foreach (var s in texts)
        {
            var text = CorpusLsp.Core.Text.SourceText.FromFileBytes(System.Text.Encoding.UTF8.GetBytes(s), out _)!;
            Assert.Equal(s, text.Chars(out var buffer).ToString());
            CorpusLsp.Core.Text.SourceText.ReturnBuffer(buffer);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var length = text.Chars(out buffer).Length;
            CorpusLsp.Core.Text.SourceText.ReturnBuffer(buffer);
            Assert.Equal(s.Length, length);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000, $"{s.Length} characters lent");
            var held = text.Text;
            Assert.Equal(s, held);
            Assert.True(text.Chars(out buffer) == held.AsSpan() && buffer is null, "a string held is lent itself");
            GC.KeepAlive(held);
        }
    }

    [Fact]
    public void A_text_read_from_a_file_allocates_its_line_table_once_at_its_size()
    {
        // Every file of a corpus is read at load: its line table was a list grown line by line, then copied.
        var lines = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"line {i} of an article\n"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(lines);
        CorpusLsp.Core.Text.SourceText.FromFileBytes(bytes, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = CorpusLsp.Core.Text.SourceText.FromFileBytes(bytes, out _)!;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2_001, text.LineCount);
        Assert.True(allocated < 2_001 * sizeof(int) + 512, $"{allocated:N0} bytes for a text of 2,001 lines");
    }

    [Fact]
    public void Line_starts_of_a_text_read_from_bytes_or_held_as_a_string_are_those_of_a_plain_split()
    {
        var random = new Random(19);
        string[] parts = ["a", "é", "😀", "\n", "\r", "\r\n", " ", "Aleppo"];
        // Longer texts too: bytes are read sixteen at a time (a CRLF or a character may straddle two chunks), into a table
        // grown as the lines come; and each sequence, and a CRLF, split by a block's end.
        var texts = Enumerable.Range(0, 1000).Select(n => string.Concat(Enumerable.Range(0, random.Next(0, n % 100 == 0 ? 30_000 : n % 2 == 0 ? 30 : 300)).Select(_ => parts[random.Next(parts.Length)])))
            .Concat(Enumerable.Range(0, 20).SelectMany(pad => new[] { "😀\n", "é\r\n", "€\r", "\r\n" }.Select(tail => new string('a', pad) + tail + "x😀\n")));
        foreach (var s in texts)
        {
            var expected = new List<int> { 0 };
            for (var i = 0; i < s.Length; i++)
                if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.Length || s[i + 1] != '\n'))) expected.Add(i + 1);
            foreach (var text in new[] { new CorpusLsp.Core.Text.SourceText(s), CorpusLsp.Core.Text.SourceText.FromFileBytes(System.Text.Encoding.UTF8.GetBytes(s), out _)! })
            {
                Assert.Equal(expected, Enumerable.Range(0, text.LineCount).Select(text.LineStart));
                Assert.Equal(s.Length, text.Length);
            }
        }
    }

    [Fact]
    public void The_corpus_lexicon_makes_one_record_per_name_however_many_sidecars_annotate_it()
    {
        // CLS052's lexicon is gathered on one thread after every analysis: a record per name per sidecar was ~1.5 KB per pair.
        string[] names = ["Aleppo", "Idlib", "Khanaser", "Syria", "Damascus", "Homs", "Hama", "Raqqa", "Deir ez-Zor", "Latakia"];
        var sidecars = Enumerable.Range(0, 1_000).Select(s => names.Take(1 + s % names.Length)
            .Select(n => new CorpusLsp.Core.Analysis.Rules.AnnotatedName(n, 1 + s % 3, CorpusLsp.Core.Model.MentionKind.Place, $"/c/{s:D4}.yaml", n.ToLowerInvariant(), null)).ToList()).ToList();
        CorpusLsp.Core.Analysis.Rules.CoverageRule.Lexicon(sidecars);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var lexicon = CorpusLsp.Core.Analysis.Rules.CoverageRule.Lexicon(sidecars);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var expected = sidecars.SelectMany(l => l).GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.First() with { Count = g.Sum(n => n.Count) });
        Assert.Equal(expected.OrderBy(e => e.Key), lexicon.OrderBy(e => e.Key));
        // What is left is the enumeration of the 1,000 lists (~40 KB); a record per name and sidecar was ~350 KB more.
        Assert.True(allocated < 100_000, $"{allocated:N0} bytes for the lexicon of 10 names in 1,000 sidecars");
    }

    [Fact]
    public void A_lexicon_gathered_in_chunks_is_the_lexicon_of_the_whole_corpus_in_the_same_order()
    {
        // A shard's streaming pass adds each chunk of sidecars to the lexicon so far: counts add up, and the first
        // annotation (by sidecar path) stays the one the fix copies, whether it came in an earlier chunk or this one.
        static CorpusLsp.Core.Analysis.Rules.AnnotatedName N(string name, int count, string sidecar) =>
            new(name, count, CorpusLsp.Core.Model.MentionKind.Place, sidecar, name.ToLowerInvariant(), null);
        List<List<CorpusLsp.Core.Analysis.Rules.AnnotatedName>> sidecars =
        [
            [N("Aleppo", 2, "/c/a.yaml"), N("Idlib", 1, "/c/a.yaml")],
            [N("Idlib", 3, "/c/b.yaml")],
            [N("Homs", 1, "/c/c.yaml"), N("Aleppo", 1, "/c/c.yaml")],
            [N("Hama", 1, "/c/d.yaml"), N("Homs", 4, "/c/d.yaml"), N("Idlib", 1, "/c/d.yaml")],
        ];
        var chunked = CorpusLsp.Core.Analysis.Rules.CoverageRule.Lexicon(sidecars.Take(2));
        CorpusLsp.Core.Analysis.Rules.CoverageRule.AddTo(chunked, sidecars.Skip(2));
        Assert.Equal(["Aleppo", "Idlib", "Homs", "Hama"], chunked.Keys);
        Assert.Equal([(3, "/c/a.yaml"), (5, "/c/a.yaml"), (5, "/c/c.yaml"), (1, "/c/d.yaml")], chunked.Values.Select(n => (n.Count, n.SidecarPath)));
        Assert.Equal(CorpusLsp.Core.Analysis.Rules.CoverageRule.Lexicon(sidecars), chunked);
    }

    [Fact]
    public void A_pairs_names_for_CLS052_are_read_as_the_corpus_strings_when_it_holds_them()
    {
        var fs = ExampleFiles();
        var snapshot = CorpusSnapshot.Load(Root, fs, new MemoryCache(), parallelRead: false);
        var pool = new CorpusLsp.Core.Analysis.Rules.NamePool();
        // Twice: the second time each name's id and link are the ones the pool kept for it, compared, not looked up.
        foreach (var path in snapshot.Sidecars.Concat(snapshot.Sidecars))
        {
            var a = snapshot.Analyze(path)!;
            var plain = CorpusLsp.Core.Analysis.Rules.CoverageFacts.Of(a);
            var interned = CorpusLsp.Core.Analysis.Rules.CoverageFacts.Of(a, pool);
            Assert.Equal(plain.Names, interned.Names);
            Assert.All(interned.Names, n => Assert.Same(pool.Of(n.Name), n.Name));
            Assert.All(interned.Names.Where(n => n.Id is not null), n => Assert.Same(pool.Of(n.Id!), n.Id));
            Assert.All(interned.Names.Where(n => n.Value is not null), n => Assert.Same(pool.Of(n.Value!), n.Value));
        }
    }

    [Fact]
    public void A_name_annotated_with_another_id_or_link_in_another_pair_keeps_its_own()
    {
        var fs = ExampleFiles();
        var snapshot = CorpusSnapshot.Load(Root, fs, new MemoryCache(), parallelRead: false);
        var place = snapshot.Sidecars.Select(path => snapshot.Analyze(path)!).SelectMany(a => a.Mentions)
            .Select(m => m.Mention).OfType<CorpusLsp.Core.Model.PlaceMention>().First(p => p.Id is not null && p.Ref is not null);
        var other = place with { Id = place.Id + "-other", Ref = "geonames:1" };
        var pool = new CorpusLsp.Core.Analysis.Rules.NamePool();
        var first = pool.Named("Aleppo", "/c/a.yaml", place);
        var second = pool.Named("Aleppo", "/c/b.yaml", other);
        var third = pool.Named("Aleppo".AsSpan(), "/c/c.yaml", place);
        Assert.Equal((place.Id, place.Ref), (first.Id, first.Value));
        Assert.Equal((other.Id, "geonames:1"), (second.Id, second.Value));
        Assert.Equal((place.Id, place.Ref), (third.Id, third.Value));
        Assert.Same(first.Name, third.Name);
    }

    [Fact]
    public void Parsing_an_example_sidecar_makes_its_tree_without_a_builder_per_mapping_and_sequence()
    {
        // Every pair's analysis parses its sidecar: a builder per mapping and sequence, grown and then copied, was ~7 KB of
        // this 4.7 KB sidecar's 47 KB tree (l28; 40 KB once the reader reuses its builders).
        var path = Path.Combine(Repo.Example, "001_d3d6fd6fb7a240eb.yaml");
        var text = new CorpusLsp.Core.Text.SourceText(File.ReadAllText(path));
        CorpusLsp.Core.Yaml.YamlTree.Parse(path, text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var tree = CorpusLsp.Core.Yaml.YamlTree.Parse(path, text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsType<CorpusLsp.Core.Yaml.YMapping>(tree.Root);
        Assert.True(allocated < 44_000, $"{allocated:N0} bytes for the tree of a {text.Length:N0}-character sidecar");
    }

    [Fact]
    public void An_articles_word_index_is_made_at_its_number_of_words()
    {
        // Each analysis indexes its article's words once: a list of a sixth of the article's length, then its copy.
        var words = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"w{i % 700}"));
        var article = words + " Aleppo.";
        CorpusLsp.Core.Analysis.Anchoring.Occurrences(string.Join(' ', words, "Idlib."), "Idlib");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = CorpusLsp.Core.Analysis.Anchoring.Occurrences(article, "Aleppo");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal([new CorpusLsp.Core.Text.TextSpan(words.Length + 1, words.Length + 7)], found);
        // 5,001 starts of 4 bytes, a bucket bound per 16 characters, the weak table's entry and the result (l31: 5,001 keys of 8
        // bytes); the list grown to 7,500 keys was ~60 KB more, a table of slots sized for the article's length ~50 KB more.
        Assert.True(allocated < 5_001 * sizeof(ulong) + 30_000, $"{allocated:N0} bytes for the index of 5,001 words");
    }

    private static InMemoryFileSystem ExampleFiles()
    {
        var fs = new InMemoryFileSystem();
        foreach (var file in Directory.EnumerateFiles(Repo.Example, "*", SearchOption.AllDirectories))
            fs.Add(Root + "/" + Path.GetRelativePath(Repo.Example, file).Replace('\\', '/'), File.ReadAllBytes(file));
        return fs;
    }

    private static List<string> Lines(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> diagnostics) =>
        [.. diagnostics.Select(d => $"{d.Path}:{d.Span.Start}-{d.Span.End} {d.Code} {d.Message} {d.Fixes.Length}")];

    /// <summary>The pairs' facts made one by one on this thread, then every diagnostic, as text.</summary>
    private static List<string> Check(CorpusSnapshot snapshot)
    {
        foreach (var sidecar in snapshot.Sidecars) snapshot.MakeFacts(sidecar);
        return [.. snapshot.AllDiagnostics().Select(d => $"{d.Path}:{d.Span.Start}-{d.Span.End} {d.Code} {d.Message}")];
    }

    [Fact]
    public void A_link_checked_without_a_memo_is_judged_by_each_pairs_own_name()
    {
        // A `check` keeps no entries: each link and whether it matches its name are found once per gazetteer, link and name,
        // and a second pair linking the same place under another name is still told it is none of its names.
        var snapshot = Fixture.Corpus("places: []\n", SidecarDiagnosticsTests.Article);
        IEnumerable<string> Codes(string sidecar) => DocumentAnalyzer.Analyze(CorpusLsp.Core.Model.SidecarReader.Read(Fixture.SidecarPath, new CorpusLsp.Core.Text.SourceText(sidecar)).Sidecar,
                [], Fixture.ArticlePath, new CorpusLsp.Core.Text.SourceText(SidecarDiagnosticsTests.Article), snapshot.Gazetteer, snapshot.Config, snapshot.FirstOverlayPath, null, null, keepEntries: false)
            .Diagnostics.Select(d => d.Code).Where(c => c is "CLS020" or "CLS024");
        const string Matching = "places:\n  - text: Aleppo\n    ref: geonames:170063\n";
        const string Mismatched = "places:\n  - text: Khanaser\n    ref: geonames:170063\n";
        const string Unknown = "places:\n  - text: Aleppo\n    ref: geonames:1\n";
        Assert.Empty(Codes(Matching));
        Assert.Equal(["CLS024"], Codes(Mismatched));
        Assert.Empty(Codes(Matching));
        Assert.Equal(["CLS024"], Codes(Mismatched));
        Assert.Equal(["CLS020"], Codes(Unknown));
    }

    [Fact]
    public void The_name_pool_gives_one_entry_per_name_when_pairs_add_names_at_once()
    {
        // Thousands of names, from several threads at once: the table grows while it is read.
        var pool = new CorpusLsp.Core.Analysis.Rules.NamePool();
        var names = Enumerable.Range(0, 5000).Select(i => $"Place {i}").ToArray();
        var found = new CorpusLsp.Core.Analysis.Rules.NamePool.Entry[4][];
        Parallel.For(0, found.Length, t => found[t] = (t % 2 == 0 ? names : names.Reverse()).Select(n => pool.EntryOf(n.AsSpan())).OrderBy(e => e.Name, StringComparer.Ordinal).ToArray());
        Assert.All(found, f => Assert.Equal(found[0], f));
        Assert.Equal(names.Order(StringComparer.Ordinal), found[0].Select(e => e.Name));
        Assert.Equal(names.Length, found[0].Select(e => e.Number).Distinct().Count());
        Assert.All(names, n => Assert.Same(pool.Of(n), pool.EntryOf(n.AsSpan()).Name));
    }
}
