using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.Server;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// What a request costs follows the request, not the corpus or the article, and the answers stay those of the small case:
/// a relativeTo chain of 10,000 events, inlay hints near the end of a 10 MB article, hover while a corpus is indexed.
/// (Speed itself is measured in bench/lsp, never here.)
/// </summary>
public sealed class CorpusScaleTests
{
    private const string KhanaserSidecar = "meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n";
    private const string KhanaserArticle = "Syrian forces liberated Khanaser on Thursday.";

    [Fact]
    public void A_chain_of_10000_relativeTo_events_dates_each_a_day_after_the_one_it_names()
    {
        const int n = 10_000;
        static string Day(int i) => new DateOnly(2016, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var article = new StringBuilder("Strike 0 came on January 1, 2016.\n");
        var sidecar = new StringBuilder($"meta:\n  published: {Day(n + 1)}\nevents:\n  - id: s0\n    type: attack\n    text: Strike 0\n    date: {Day(0)}\n");
        for (var i = 1; i < n; i++)
        {
            article.Append($"Strike {i} came a day later.\n");
            // One event of the chain is dated a day off: the one place the chain must disagree.
            sidecar.Append($"  - id: s{i}\n    type: attack\n    text: Strike {i}\n    date: {Day(i == 7_000 ? i + 1 : i)}\n    when: a day later\n    relativeTo: s{i - 1}\n");
        }
        var analysis = Fixture.Corpus(sidecar.ToString(), article.ToString()).Analyze(Fixture.SidecarPath)!;

        var dates = analysis.Dates.ToDictionary(d => d.Event.Id!);
        Assert.Equal(new DateOnly(2016, 1, 1).AddDays(n - 1), dates[$"s{n - 1}"].Reference!.Value.AddDays(1));
        Assert.Equal(Day(n - 1), dates[$"s{n - 1}"].Normalization!.Value!.Value);
        Assert.Equal(Day(5_000), dates["s5000"].Normalization!.Value!.Value);
        // The event dated off, and the one counting from it: each said where the chain breaks, nowhere else.
        var contradictions = analysis.Diagnostics.Where(d => d.Code == "CLS039").ToList();
        Assert.NotEmpty(contradictions);
        var s7000 = analysis.Sidecar.Text.Text.IndexOf("id: s7000\n", StringComparison.Ordinal);
        var s7002 = analysis.Sidecar.Text.Text.IndexOf("id: s7002\n", StringComparison.Ordinal);
        Assert.All(contradictions, d => Assert.InRange(d.Span.Start, s7000, s7002));
    }

    /// <summary>The whole-word occurrences of a text, found by scanning the article (what a short article gets).</summary>
    private static List<TextSpan> Scanned(string article, string text)
    {
        static bool Word(char c) => char.IsLetterOrDigit(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark;
        var found = new List<TextSpan>();
        for (var i = article.IndexOf(text, StringComparison.Ordinal); i >= 0; i = article.IndexOf(text, i + 1, StringComparison.Ordinal))
        {
            var end = i + text.Length;
            if ((i == 0 || !Word(article[i - 1]) || !Word(text[0])) && (end == article.Length || !Word(article[end]) || !Word(text[^1])))
                found.Add(new TextSpan(i, end));
        }
        return found;
    }

    [Theory]
    [InlineData(6000)]
    [InlineData(2000)] // Scanned up to l31; indexed like a long one since (issue 19).
    [InlineData(300)] // Sixteen buckets for the vocabulary's seventeen words: a word's run holds other words' starts.
    public void Occurrences_in_an_article_are_those_a_scan_finds_for_names_of_several_words(int length)
    {
        // Words that are prefixes of each other, repeated words and punctuation inside names: where an index by one word
        // of a name could find too much or too little.
        string[] vocabulary = ["Strike", "Strikes", "1", "10", "100", "al", "Al", "Bab", "al-Hawa", "U.S.", "U.S", "S", "Sector", "Nubl", "Nubl's", "é", "e\u0301"];
        string[] glue = [" ", " ", " ", "-", ", ", ". ", "\n", "'s ", "’"];
        var random = new Random(19);
        for (var round = 0; round < 20; round++)
        {
            var article = new StringBuilder();
            while (article.Length < length)
                article.Append(vocabulary[random.Next(vocabulary.Length)]).Append(glue[random.Next(glue.Length)]);
            var text = article.ToString();
            for (var probe = 0; probe < 200; probe++)
            {
                // A piece of the article (from a word start, often cut inside a word) or a name made up of its words.
                var start = random.Next(text.Length - 40);
                while (start > 0 && char.IsLetterOrDigit(text[start - 1])) start--;
                var name = probe % 2 == 0
                    ? text.Substring(start, 1 + random.Next(30)).TrimEnd()
                    : string.Join(random.Next(3) == 0 ? "-" : " ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
                if (name.Length == 0 || !char.IsLetterOrDigit(name[0])) continue;
                Assert.Equal(Scanned(text, name), Anchoring.Occurrences(text, name));
            }
        }
    }

    [Fact]
    public void A_long_articles_word_index_is_let_go_once_other_articles_are_anchored_and_its_occurrences_stay_the_same()
    {
        // A server keeps every article's text: an index kept as long as its text was 254 MB on 10,000 pairs (issue 19).
        static string Article(int i) => string.Concat(Enumerable.Range(0, 400).Select(k => $"Strike {k} near Aleppo{i} came. "));
        var article = Article(0);
        var index = IndexOf(article);
        // Other articles anchored since (as indexing does with every pair), then a full collection.
        for (var i = 1; i <= 40; i++) Assert.Single(Anchoring.Occurrences(Article(i), "Strike 7 near"));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(index.IsAlive, "the word index of an article no longer anchored is still held");
        Assert.Equal(Scanned(article, "Strike 399 near Aleppo0"), Anchoring.Occurrences(article, "Strike 399 near Aleppo0"));
        Assert.Single(Anchoring.Occurrences(article, "Strike 399 near Aleppo0"));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference IndexOf(string article)
    {
        Assert.Single(Anchoring.Occurrences(article, "Strike 3 near"));
        return new WeakReference(Anchoring.KeptWordIndex(article) ?? throw new InvalidOperationException("no word index was made"));
    }

    /// <summary>One list item of each section, with comments, blank lines, nested lists and a line being typed.</summary>
    private static string Item(int i) =>
        $"  - text: Aleppo\n    # the city, not the province {i}\n\n    ref: geonames:170063\n    occurrence: [1, 2]\n    note: |\n      - not a list {i}\n    \n";

    [Fact]
    public void Where_the_cursor_is_in_the_last_item_of_a_long_list_reads_as_in_the_first()
    {
        const string head = "meta:\n  published: 2016-02-25\n# places\nplaces:\n";
        const string tail = "events:\n  - id: e1\n    places:\n      - Aleppo\n      - \n    when: on Thursday\n";
        var single = head + Item(0) + tail;
        var many = head + string.Concat(Enumerable.Range(1, 1_999).Select(Item)) + Item(0) + tail;
        // Every position of the last place item and of the events after it: the same path, key, prefix and siblings (but
        // the first column of the item, which is the top level, where what stands right above counts).
        var shift = many.Length - single.Length;
        for (var at = head.Length + 1; at <= single.Length; at++)
        {
            var one = YamlContext.At(new SourceText(single), at);
            var last = YamlContext.At(new SourceText(many), at + shift);
            Assert.Equal(one.Path, last.Path);
            Assert.Equal((one.Key, one.InKey, one.Prefix), (last.Key, last.InKey, last.Prefix));
            Assert.Equal(one.Siblings.Order(StringComparer.Ordinal), last.Siblings.Order(StringComparer.Ordinal));
            Assert.Equal(new TextSpan(one.Replace.Start + shift, one.Replace.End + shift), last.Replace);
        }
    }

    [Fact]
    public void Ref_completion_asked_again_and_for_other_names_answers_as_a_fresh_analysis_does()
    {
        const string sidecar = "meta:\n  published: 2016-02-25\nplaces:\n  - text: Tripoli\n    ref: geonames:266826\n  - text: Aleppo\n    ref: \n  - text: Damascus\n    ref: \n";
        const string article = "Fighting in Aleppo and Damascus; Tripoli is calm.";
        IReadOnlyList<string> Labels(CorpusSnapshot snapshot, string typedAfter, string typed)
        {
            var text = snapshot.TextOf(Fixture.SidecarPath)!.Text;
            var edited = snapshot.WithFile(Fixture.SidecarPath, new SourceText(text.Replace(typedAfter + "    ref: ", typedAfter + "    ref: " + typed, StringComparison.Ordinal)));
            var offset = edited.TextOf(Fixture.SidecarPath)!.Text.IndexOf(typedAfter + "    ref: " + typed, StringComparison.Ordinal) + typedAfter.Length + 9 + typed.Length;
            return [.. CompletionService.Completion(edited, Fixture.SidecarPath, offset).Items.Select(i => $"{i.Label} | {i.Documentation}")];
        }
        var snapshot = Fixture.Corpus(sidecar, article);
        var first = Labels(snapshot, "Aleppo\n", "Tri");
        Assert.Contains(first, l => l.Contains("geonames:266826", StringComparison.Ordinal));
        Labels(snapshot, "Damascus\n", "Tri");
        Labels(snapshot, "Aleppo\n", "Dam");
        // Asked again, after other names: what a corpus loaded afresh answers.
        Assert.Equal(Labels(Fixture.Corpus(sidecar, article), "Aleppo\n", "Tri"), Labels(snapshot, "Aleppo\n", "Tri"));
        Assert.Equal(Labels(Fixture.Corpus(sidecar, article), "Damascus\n", "Dam"), Labels(snapshot, "Damascus\n", "Dam"));
    }

    [Fact]
    public void Occurrences_swallowed_by_other_names_are_found_and_numbered_in_a_long_article()
    {
        // Each paragraph names Aleppo three times: inside a province (another place), free, inside an organisation.
        const string paragraph = "Clashes went on in northern Aleppo province and in Aleppo itself, the Aleppo Media Centre said.\n";
        const int n = 400;
        const string sidecar = "places:\n  - text: Aleppo province\n    ref: geonames:170062\n    occurrence: all\n  - text: Aleppo\n    occurrence: all\n    ref: geonames:170063\n"
            + "organisations:\n  - text: Aleppo Media Centre\n    kind: media\n    occurrence: all\n";
        var analysis = Fixture.Corpus(sidecar, string.Concat(Enumerable.Repeat(paragraph, n))).Analyze(Fixture.SidecarPath)!;

        var d = Assert.Single(analysis.Diagnostics, x => x.Code == "CLS051");
        var swallowed = Enumerable.Range(0, n).SelectMany(i => new[] { 3 * i + 1, 3 * i + 3 });
        var free = Enumerable.Range(0, n).Select(i => 3 * i + 2);
        Assert.Contains($"includes occurrences {string.Join(", ", swallowed)} inside 'Aleppo province' (a place linked to geonames:170062); 'Aleppo Media Centre' (an organisation).", d.Message);
        var edit = Assert.Single(Assert.Single(d.Fixes).Edits);
        Assert.Equal($"[{string.Join(", ", free)}]", edit.NewText);
    }

    [Fact]
    public void Inlay_hints_near_the_end_of_a_10_MB_single_line_article_are_those_of_a_short_one()
    {
        const string sentence = "The town fell on Thursday, two days after the siege began on Tuesday. A day later, talks resumed in Aleppo.";
        const string sidecar = "meta:\n  published: 2016-02-27\n";
        var big = string.Concat(Enumerable.Repeat("word ", 2_000_000)) + sentence;
        IReadOnlyList<(int Offset, string Label)> Hints(string article)
        {
            var snapshot = Fixture.Corpus(sidecar, article);
            var start = article.Length - sentence.Length;
            return NavigationService.InlayHints(snapshot, Fixture.ArticlePath, new TextSpan(start, article.Length)).Select(h => (h.Offset - start, h.Label)).ToList();
        }
        var expected = Hints(sentence);
        Assert.Contains(expected, h => h.Label.StartsWith("2016-02-25", StringComparison.Ordinal));
        Assert.Equal(expected, Hints(big));
    }

    [Fact]
    public void Inlay_hints_of_any_range_of_a_long_article_are_its_whole_hints_in_that_range()
    {
        // Paragraphs of a long article: a headline (no place hints), relative dates, names in plain text, a name annotated
        // everywhere (`occurrence: all`, no hint). Every window of it reads like the whole, so each range's hints must be
        // exactly the whole article's hints that fall in the range.
        const string paragraph = "Fighting Resumes Near Aleppo As Talks Stall\n"
            + "The town fell on Thursday, two days after the siege began on Tuesday. A day later, talks resumed in Damascus, and "
            + "crews drove on from Tripoli to Aleppo while Nubl waited.\n";
        const string sidecar = "meta:\n  published: 2016-02-27\nplaces:\n  - text: Nubl\n    occurrence: all\n    ref: geonames:166331\n";
        var article = string.Concat(Enumerable.Repeat(paragraph, 200));
        var snapshot = Fixture.Corpus(sidecar, article);
        var whole = NavigationService.InlayHints(snapshot, Fixture.ArticlePath, new TextSpan(0, article.Length));
        Assert.Contains(whole, h => h.IsDate);
        Assert.Contains(whole, h => !h.IsDate);
        foreach (var paragraphIndex in new[] { 0, 57, 120, 199 })
        {
            var start = paragraphIndex * paragraph.Length;
            var range = new TextSpan(start, start + paragraph.Length);
            var expected = whole.Where(h => h.Offset > range.Start && h.Offset <= range.End).ToList();
            Assert.Contains(expected, h => h.IsDate);
            Assert.Contains(expected, h => !h.IsDate);
            Assert.Equal(expected, NavigationService.InlayHints(snapshot, Fixture.ArticlePath, range));
        }
    }

    [Fact]
    public void Inlay_hints_of_a_range_dense_with_names_in_a_single_line_article_read_only_around_the_range()
    {
        // One line of a megabyte, its last few thousand characters full of names: each name's check that its line is no
        // headline must not re-read the line around the range once per name (that cost grows with names × line).
        const string names = "crews drove from Tripoli to Aleppo, ";
        var dense = string.Concat(Enumerable.Repeat(names, 100));
        var article = string.Concat(Enumerable.Repeat("word ", 200_000)) + dense;
        var snapshot = Fixture.Corpus("places:\n", article);
        var range = new TextSpan(article.Length - dense.Length, article.Length);
        NavigationService.InlayHints(snapshot, Fixture.ArticlePath, range); // the analysis and gazetteer, once per snapshot
        var before = GC.GetAllocatedBytesForCurrentThread();
        var hints = NavigationService.InlayHints(snapshot, Fixture.ArticlePath, range);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(200, hints.Count(h => !h.IsDate));
        Assert.True(allocated < 8_000_000, $"{allocated:N0} bytes allocated for {hints.Count} hints");
    }

    [Fact]
    public void An_edit_of_a_long_articles_sidecar_reports_its_drifted_names_without_reading_the_article_again()
    {
        // The article is unchanged by a sidecar edit: which runs of its words are a small edit from each annotated name is
        // what it was, and only which of them the mentions now cover is asked again (2,000 mentions: 160 ms per keystroke).
        var article = string.Concat(Enumerable.Repeat("word ", 200_000)) + "Troops entered Khanaser. Kanaser was calm.";
        const string sidecar = "meta:\n  published: 2016-02-27\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n";
        var snapshot = Fixture.Corpus(sidecar, article);
        Assert.Equal("Kanaser", Drifted(snapshot));
        var edited = snapshot.WithFile(Fixture.SidecarPath, new SourceText("# checked\n" + sidecar));
        edited.Analyze(Fixture.SidecarPath);
        edited.CrossDocumentDiagnostics();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var drifted = Drifted(edited);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("Kanaser", drifted);
        Assert.True(allocated < 500_000, $"{allocated:N0} bytes allocated to check the article again");
        // Annotated now: the drifted run found before is covered, and no longer reported.
        var annotated = edited.WithFile(Fixture.SidecarPath, new SourceText(sidecar + "  - text: Kanaser\n    ref: geonames:168351\n"));
        Assert.Equal("", Drifted(annotated));

        static string Drifted(CorpusSnapshot s) =>
            string.Join(",", s.DiagnosticsFor(Fixture.ArticlePath).Where(d => d.Code == "CLS055").Select(d => s.TextOf(Fixture.ArticlePath)!.Slice(d.Span)));
    }

    [Fact]
    public void A_sidecar_typed_in_gets_its_findings_across_articles_before_the_corpus_wide_count()
    {
        // As the server holds a corpus: the open pair retained, every pair analysed before the edit (the snapshot carries them).
        const string path = Fixture.Root + "/003.yaml";
        var snapshot = CorpusSnapshot.Load(Fixture.Root, TwelvePairs()).Retaining(p => p.StartsWith(Fixture.Root + "/003.", StringComparison.Ordinal));
        snapshot.CrossDocumentDiagnostics();
        var typed = new SourceText("# checked\n" + snapshot.TextOf(path)!.Text);
        var edited = snapshot.WithFile(path, typed);
        var diagnostics = Describe(edited.DiagnosticsFor(path));
        // Its pair's other facts (the article's checks, the names CLS052 compares, the mention counts) wait for the
        // background's count: a sixth of an edit's work on a 2,000-mention sidecar (issue 19).
        Assert.Null(edited.MentionCountsIfReady);
        // The findings are those the count gives: the strike dated a day apart from the odd pairs (CLS038).
        var counted = snapshot.WithFile(path, typed);
        counted.CrossDocumentDiagnostics();
        Assert.Equal(Describe(counted.DiagnosticsFor(path)), diagnostics);
        Assert.Contains("CLS038 ", diagnostics, StringComparison.Ordinal);

        static string Describe(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> ds) => string.Join("\n", ds.Select(d => $"{d.Code} {d.Span} {d.Message}"));
    }

    [Fact]
    public void Cross_document_findings_come_in_one_order_though_their_passes_run_side_by_side()
    {
        // As `check` holds a corpus (no pair retained): the events dated differently (CLS038) and CLS052 are computed at
        // the same time; the findings are the dated ones, then CLS052's, every time.
        static List<string> Findings() => [.. CorpusSnapshot.Load(Fixture.Root, TwelvePairs()).Retaining(_ => false).CrossDocumentDiagnostics()
            .Select(d => $"{d.Code} {d.Path} {d.Span} {d.Message} {d.Fixes.Length}")];
        var first = Findings();
        var dated = first.FindLastIndex(f => f.StartsWith("CLS038 ", StringComparison.Ordinal));
        var coverage = first.FindIndex(f => f.StartsWith("CLS052 ", StringComparison.Ordinal));
        Assert.True(dated >= 0 && coverage > dated, string.Join("\n", first));
        for (var i = 0; i < 5; i++) Assert.Equal(first, Findings());
    }

    /// <summary>
    /// Twelve pairs: every one links Khanaser and dates the keyed event "strike" (half a day apart: CLS038); the even ones
    /// annotate Nubl as a place, the odd ones leave it unannotated (CLS052, with its fix annotating it the same way).
    /// </summary>
    private static InMemoryFileSystem TwelvePairs()
    {
        var fs = Fixture.Files();
        for (var i = 0; i < 12; i++)
        {
            var nubl = i % 2 == 0 ? "  - text: Nubl\n    ref: geonames:166331\n" : "";
            fs.Add($"{Fixture.Root}/{i:D3}.yaml", $"meta:\n  published: 2016-02-27\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n{nubl}" +
                $"events:\n  - type: attack\n    text: struck\n    key: strike\n    date: 2016-02-{24 + i % 2}\n");
            fs.Add($"{Fixture.Root}/{i:D3}.txt", "Jets struck Khanaser on Thursday. Nubl was calm, and Khanaser was not.");
        }
        return fs;
    }

    /// <summary>Everything a snapshot answers about the corpus as a whole: the mention counts, and every file's diagnostics with their fixes.</summary>
    private static string CorpusWide(CorpusSnapshot s) =>
        string.Join(",", s.MentionCounts().OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")) + "\n" +
        string.Join("\n", s.Files.Keys.Order(StringComparer.Ordinal).SelectMany(p => s.DiagnosticsFor(p)).Select(d =>
            $"{d.Code} {d.Path} {d.Span} {d.Severity} {d.Message} " + string.Join(" | ", d.Fixes.Select(f => f.Title + ": " + string.Join("; ", f.Edits.Select(e => $"{e.Path} {e.Span} {e.NewText}"))))));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AnalysisOf(CorpusSnapshot s, string sidecar) => new(s.Analyze(sidecar) ?? throw new InvalidOperationException(sidecar));

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Aleppo")]
    [InlineData("one\r\ntwo\rthree\nfour\n\n")]
    [InlineData("\uFEFFAl-Bab\r\n")]
    [InlineData("Ḥalab, Dayr az Zawr — “Nubl” 😀 e\u0301\n\r\nend")]
    [InlineData("end\r")]
    [InlineData("\n\r\r\n")]
    [InlineData("é\r\nx\r")]
    [InlineData("\n😀\r\n\r😀")]
    public void A_text_read_from_a_file_answers_as_the_same_text_given_as_a_string(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var file = SourceText.FromFileBytes(bytes, out var bad)!;
        var given = SourceText.DecodeUtf8(bytes, out _)!;
        Assert.Equal(-1, bad);
        Assert.True(file.IsCompact);
        Assert.Equal(given.Text, file.Text);
        Assert.Equal((given.Length, given.LineCount, given.CodePointLength), (file.Length, file.LineCount, file.CodePointLength));
        for (var line = -1; line <= given.LineCount; line++)
        {
            Assert.Equal((given.LineStart(line), given.LineEnd(Math.Max(line, 0)), given.GetLineText(Math.Max(line, 0))),
                (file.LineStart(line), file.LineEnd(Math.Max(line, 0)), file.GetLineText(Math.Max(line, 0))));
            for (var column = -1; column < 12; column++) Assert.Equal(given.GetOffset(line, column), file.GetOffset(line, column));
        }
        for (var offset = -1; offset <= given.Length + 1; offset++)
        {
            Assert.Equal(given.GetLineColumn(offset), file.GetLineColumn(offset));
            Assert.Equal(given.Slice(new TextSpan(Math.Max(offset, 0), given.Length)), file.Slice(new TextSpan(Math.Max(offset, 0), file.Length)));
        }
    }

    [Theory]
    [InlineData("one\r\ntwo\rthree\nfour\n\n")]
    [InlineData("\n\r\r\n")]
    [InlineData("end\r")]
    public void A_line_looked_up_from_a_line_asked_before_is_the_line_searched_for(string lines)
    {
        // Short lines and long jumps: offsets in order (a few lines on), backwards and far ahead (past the steps it walks).
        var text = new SourceText(string.Concat(Enumerable.Repeat(lines, 12)) + "tail");
        var rng = new Random(7);
        var offsets = Enumerable.Range(-1, text.Length + 3).Concat(Enumerable.Range(0, 400).Select(_ => rng.Next(-2, text.Length + 3))).ToList();
        foreach (var start in new[] { -5, -1, 0, 3, text.LineCount - 1, text.LineCount, 1000 })
        {
            var near = start;
            foreach (var offset in offsets)
            {
                Assert.Equal(text.GetLineColumn(offset), text.GetLineColumn(offset, ref near));
                Assert.Equal(text.GetLineColumn(offset).Line, near);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0xC3, 0x28 }, 1)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x41, 0x42, 0xFF }, 2)]
    public void A_file_that_is_not_UTF8_says_where_its_first_bad_byte_is_read_either_way(byte[] bytes, int at)
    {
        Assert.Null(SourceText.FromFileBytes(bytes, out var fromFile));
        Assert.Null(SourceText.DecodeUtf8(bytes, out var decoded));
        Assert.Equal((at, at), (fromFile, decoded));
    }

    [Fact]
    public void A_corpus_holds_its_closed_files_texts_as_bytes_and_lets_their_strings_go_while_an_open_pair_keeps_its_own()
    {
        // 10,000 pairs are 82 M characters: 163 MB held as strings, half of a server's heap (issue 19).
        var fs = TwelvePairs();
        var open = $"{Fixture.Root}/000.yaml";
        var snapshot = CorpusSnapshot.Load(Fixture.Root, fs).Retaining(p => p == open);
        var expected = CorpusWide(CorpusSnapshot.Load(Fixture.Root, fs));
        Assert.Equal(expected, CorpusWide(snapshot));
        var closedArticle = StringOf(snapshot, $"{Fixture.Root}/005.txt");
        var openArticle = StringOf(snapshot, $"{Fixture.Root}/000.txt");
        Collect();

        Assert.True(snapshot.Files[$"{Fixture.Root}/005.txt"].Text!.IsCompact, "a closed article is held as a string");
        Assert.False(closedArticle.IsAlive, "a closed article's string is still held after its analysis was let go");
        Assert.True(openArticle.IsAlive, "the open pair's article string was let go: its word index and rankings would be made again");
        Assert.Same(openArticle.Target, snapshot.TextOf($"{Fixture.Root}/000.txt")!.Text);
        Assert.Equal(expected, CorpusWide(snapshot));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference StringOf(CorpusSnapshot s, string path) => new(s.TextOf(path)!.Text);

    [Fact]
    public void A_closed_pairs_analysis_is_let_go_and_the_corpus_wide_answers_stay_those_of_every_analysis_held()
    {
        // A server keeps every pair's analysis whole only for open documents; of the others what corpus-wide answers read
        // (10,000 analyses with their parsed sidecars were ~1 GB; issue 19).
        var fs = TwelvePairs();
        var open = $"{Fixture.Root}/000.yaml";
        var closed = $"{Fixture.Root}/005.yaml";
        var all = CorpusSnapshot.Load(Fixture.Root, fs);
        var some = CorpusSnapshot.Load(Fixture.Root, fs).Retaining(p => p == open);
        var expected = CorpusWide(all);
        Assert.Contains("CLS038", expected);
        Assert.Contains("CLS052 /corpus/005.txt", expected);
        Assert.Contains("Annotate 'Nubl' as a place: /corpus/005.yaml", expected);
        Assert.Equal(expected, CorpusWide(some));

        var closedAnalysis = AnalysisOf(some, closed);
        var openAnalysis = AnalysisOf(some, open);
        Collect();
        Assert.False(closedAnalysis.IsAlive, "a closed pair's analysis is still held");
        Assert.True(openAnalysis.IsAlive, "the open pair's analysis was let go");
        // Asked again, the answers are the same (the closed pair analysed again where a fix needs it).
        Assert.Equal(expected, CorpusWide(some));

        // An edit of the open sidecar that leaves Nubl unannotated there: a finding more, and the counts change.
        var edited = fs.ReadAllBytes(open) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes).Replace("  - text: Nubl\n    ref: geonames:166331\n", "", StringComparison.Ordinal) : "";
        var allEdited = all.WithFile(open, new SourceText(edited));
        var someEdited = some.WithFile(open, new SourceText(edited));
        var expectedEdited = CorpusWide(allEdited);
        Assert.NotEqual(expected, expectedEdited);
        Assert.Contains("CLS052 /corpus/000.txt", expectedEdited);
        Assert.Equal(expectedEdited, CorpusWide(someEdited));
        var closedAfterEdit = AnalysisOf(someEdited, closed);
        Collect();
        Assert.False(closedAfterEdit.IsAlive, "a closed pair's analysis is held after an edit elsewhere");
        Assert.Equal(expectedEdited, CorpusWide(someEdited));
    }

    [Fact]
    public void Check_with_a_progress_bar_analyses_each_pair_once()
    {
        // `check` in a terminal makes every pair's facts to move its progress bar, then collects the diagnostics: the
        // collection analysed every pair again (each analysis is let go once its facts are taken), doubling the run.
        var fs = Fixture.Files();
        for (var i = 0; i < 12; i++)
        {
            fs.Add($"{Fixture.Root}/{i:D3}.yaml", "meta:\n  published: 2016-02-27\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n" +
                $"events:\n  - type: attack\n    text: struck\n    key: strike\n    date: 2016-02-{24 + i % 2}\n");
            fs.Add($"{Fixture.Root}/{i:D3}.txt", "Jets struck Khanaser on Thursday.");
        }
        var snapshot = CorpusSnapshot.Load(Fixture.Root, fs).Retaining(_ => false);
        foreach (var sidecar in snapshot.Sidecars) snapshot.MakeFacts(sidecar);
        Collect();
        var diagnostics = snapshot.AllDiagnostics();
        Assert.Equal(12, snapshot.AnalysesMade);
        Assert.Equal(Codes(CorpusSnapshot.Load(Fixture.Root, fs).AllDiagnostics()), Codes(diagnostics));
        Assert.Contains("CLS038 /corpus/000.yaml", Codes(diagnostics));

        static string Codes(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> all) =>
            string.Join("\n", all.Select(d => $"{d.Code} {d.Path} {d.Span} {d.Message}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_one_pass_snapshot_answers_as_one_holding_every_analysis_and_keeps_none_of_them()
    {
        // `check` reads each pair once: a pair's analysis held weakly and its mentions for navigation outlived every
        // collection of a 10,000-pair check (30,000 weak handles, ~3 KB of facts per pair; issue 19).
        var fs = TwelvePairs();
        var all = CorpusSnapshot.Load(Fixture.Root, fs);
        var once = CorpusSnapshot.Load(Fixture.Root, fs).ForOnePass();
        Assert.Equal(CorpusWide(all), CorpusWide(once));
        Assert.Equal(Codes(all.AllDiagnostics()), Codes(once.AllDiagnostics()));
        var sidecar = once.TextOf($"{Fixture.Root}/000.yaml")!.Text;
        var offset = sidecar.IndexOf("Khanaser", StringComparison.Ordinal) + 1;
        Assert.Equal(References(all, offset), References(once, offset));
        Assert.Equal(24, References(once, offset).Length);

        // An analysis alive elsewhere is not found again: the snapshot did not keep it, even weakly.
        var made = once.AnalysesMade;
        var first = once.Analyze($"{Fixture.Root}/005.yaml");
        Assert.NotSame(first, once.Analyze($"{Fixture.Root}/005.yaml"));
        Assert.Equal(made + 2, once.AnalysesMade);

        static string Codes(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> found) =>
            string.Join("\n", found.Select(d => $"{d.Code} {d.Path} {d.Span} {d.Message}").Order(StringComparer.Ordinal));
        static string[] References(CorpusSnapshot s, int offset) =>
            [.. NavigationService.References(s, $"{Fixture.Root}/000.yaml", offset).Select(t => $"{t.Path} {t.Span}")];
    }

    [Fact]
    public void Find_references_and_workspace_symbols_answer_from_the_facts_of_closed_pairs_without_analysing_them_again()
    {
        // A server holding 10,000 pairs keeps whole only the open documents' analyses: asking for the references of a place
        // analysed every closed pair again (seconds per request).
        var fs = TwelvePairs();
        var open = $"{Fixture.Root}/000.yaml";
        var all = CorpusSnapshot.Load(Fixture.Root, fs);
        var some = CorpusSnapshot.Load(Fixture.Root, fs).Retaining(p => p == open);
        some.MentionCounts();
        var closed = AnalysisOf(some, $"{Fixture.Root}/005.yaml");
        Collect();
        Assert.False(closed.IsAlive, "a closed pair's analysis is still held");
        var made = some.AnalysesMade;

        var sidecar = some.TextOf(open)!.Text;
        foreach (var name in new[] { "Khanaser", "Nubl", "struck" })
        {
            var offset = sidecar.IndexOf("text: " + name, StringComparison.Ordinal) + "text: ".Length + 1;
            Assert.Equal(ReferencesFromAnalyses(all, open, offset), References(some, open, offset));
        }
        var khanaser = References(some, open, sidecar.IndexOf("Khanaser", StringComparison.Ordinal) + 1);
        Assert.Equal(12, khanaser.Count(r => r.StartsWith($"{Fixture.Root}/0", StringComparison.Ordinal) && r.Contains(".yaml ", StringComparison.Ordinal)));
        Assert.Equal(12, khanaser.Count(r => r.StartsWith($"{Fixture.Root}/0", StringComparison.Ordinal) && r.Contains(".txt ", StringComparison.Ordinal)));
        foreach (var query in new[] { "", "khan", "NUBL", "strike" })
            Assert.Equal(SymbolsFromAnalyses(all, query), Symbols(some, query));
        Assert.Contains($"struck Event {Fixture.Root}/011.yaml [117..123)", Symbols(some, "struck"));
        Assert.Equal(made, some.AnalysesMade);

        static string[] References(CorpusSnapshot s, string path, int offset) =>
            [.. NavigationService.References(s, path, offset).Select(t => $"{t.Path} {t.Span}")];
        static string[] Symbols(CorpusSnapshot s, string query) =>
            [.. NavigationService.WorkspaceSymbols(s, query, limit: 1000).Select(w => $"{w.Name} {w.Kind} {w.Path} {w.Span}")];

        // The oracle: the answers read from every pair's analysis, as before the facts.
        static string[] ReferencesFromAnalyses(CorpusSnapshot s, string path, int offset)
        {
            var analysis = s.Analyze(path)!;
            var mention = SidecarLocator.At(analysis.Sidecar, offset).Mention!;
            var entry = mention is PlaceMention p ? analysis.PlaceOf(p)?.Entry?.Id : null;
            return [.. s.Sidecars.Select(x => s.Analyze(x)!).SelectMany(a => a.Mentions
                .Where(r => entry is not null
                    ? r.Mention is PlaceMention rp && a.PlaceOf(rp)?.Entry?.Id == entry
                    : r.Mention.Kind == mention.Kind && (r.Mention.Anchor.Text == mention.Anchor.Text || (r.Mention.Id is not null && r.Mention.Id == mention.Id && a == analysis)))
                .SelectMany(r => r.Spans.Select(span => $"{a.ArticlePath} {span}").Prepend($"{a.Sidecar.Path} {r.Mention.Anchor.TextNode?.Span ?? r.Mention.Node.Span}")))];
        }
        static string[] SymbolsFromAnalyses(CorpusSnapshot s, string query) =>
            [.. s.Sidecars.Select(x => s.Analyze(x)!).SelectMany(a => a.Sidecar.AllMentions
                .Where(m => query.Length == 0 || NameFolding.Fold(m.Anchor.Text ?? m.Label).Contains(NameFolding.Fold(query), StringComparison.Ordinal)
                    || (m.Id is { } id && id.Contains(query, StringComparison.OrdinalIgnoreCase)))
                .Select(m => $"{m.Anchor.Text ?? m.Label} {Kind(m.Kind)} {a.Sidecar.Path} {m.Anchor.TextNode?.Span ?? m.Node.Span}"))];
        static SymbolKindCore Kind(MentionKind k) => k switch
        {
            MentionKind.Place => SymbolKindCore.Place, MentionKind.Person => SymbolKindCore.Person,
            MentionKind.Organisation => SymbolKindCore.Organisation, _ => SymbolKindCore.Event,
        };
    }

    /// <summary>A corpus too large to count during a hover: one sidecar more than <see cref="HoverService.CountAtOnceUpTo"/>.</summary>
    private static CorpusSnapshot LargeCorpus(out string sidecar)
    {
        var fs = Fixture.Files();
        for (var i = 0; i <= HoverService.CountAtOnceUpTo; i++)
            fs.Add($"{Fixture.Root}/{i:D3}.yaml", KhanaserSidecar).Add($"{Fixture.Root}/{i:D3}.txt", KhanaserArticle);
        sidecar = $"{Fixture.Root}/000.yaml";
        return CorpusSnapshot.Load(Fixture.Root, fs);
    }

    [Fact]
    public void A_pairs_mention_counts_add_up_per_linked_entry_however_many_entries_it_links()
    {
        // 20 linked places (past the count at which the ids are looked up in a table), the fourth linked twice.
        var overlay = new System.Text.StringBuilder("places:\n");
        var sidecar = new System.Text.StringBuilder("places:\n");
        for (var i = 0; i < 20; i++)
        {
            overlay.Append($"  - id: p{i}\n    name: Town{i}\n    type: PPL\n    lat: 36.0\n    lon: 37.0\n    country: SY\n");
            sidecar.Append($"  - text: Town{i}\n    occurrence: all\n    ref: overlay:p{i}\n");
        }
        sidecar.Append("  - id: again\n    text: Town3\n    occurrence: all\n    ref: overlay:p3\n");
        var article = string.Join(" and ", Enumerable.Range(0, 20).Select(i => $"Town{i}")) + ". Town0 again.";
        var snapshot = CorpusSnapshot.Load(Fixture.Root, Fixture.Files(overlay: overlay.ToString()).Add(Fixture.SidecarPath, sidecar.ToString()).Add(Fixture.ArticlePath, article));
        var counts = snapshot.MentionCounts();
        Assert.Equal(20, counts.Count);
        Assert.Equal(2, counts["overlay:p0"]);
        Assert.Equal(2, counts["overlay:p3"]);
        Assert.All(Enumerable.Range(0, 20).Where(i => i is not (0 or 3)), i => Assert.Equal(1, counts[$"overlay:p{i}"]));
    }

    [Fact]
    public void Hover_on_a_place_of_a_large_corpus_counts_the_article_until_the_corpus_is_counted()
    {
        var snapshot = LargeCorpus(out var path);
        var offset = snapshot.TextOf(path)!.Text.IndexOf("Khanaser", StringComparison.Ordinal) + 2;
        var early = HoverService.Hover(snapshot, path, offset)!.Markdown;
        Assert.Contains("**Khanāşir**", early);
        Assert.Contains("Mentioned 1 time in this article (the corpus is still being indexed).", early);
        Assert.Null(snapshot.MentionCountsIfReady);

        Assert.Equal(HoverService.CountAtOnceUpTo + 1, snapshot.MentionCounts()["geonames:168351"]);
        Assert.Contains($"Mentioned {HoverService.CountAtOnceUpTo + 1} times in the corpus.", HoverService.Hover(snapshot, path, offset)!.Markdown);
    }

    [Fact]
    public void An_edit_that_keeps_a_sidecars_links_keeps_the_other_analyses_and_equals_a_fresh_load()
    {
        var snapshot = LargeCorpus(out var path);
        snapshot.MentionCounts();
        var other = $"{Fixture.Root}/001.yaml";
        var edited = snapshot.WithFile(path, new SourceText(KhanaserSidecar + "    note: the town\n"));
        Assert.Same(snapshot.Analyze(other), edited.Analyze(other));
        Assert.Equal(HoverService.CountAtOnceUpTo + 1, edited.MentionCounts()["geonames:168351"]);

        // Relinking changes the source profile: then the others are analysed again, as a fresh load would.
        var relinked = edited.WithFile(path, new SourceText(KhanaserSidecar.Replace("168351", "170063", StringComparison.Ordinal)));
        Assert.NotSame(edited.SourceProfileOf(other), relinked.SourceProfileOf(other));
        Assert.Equal(HoverService.CountAtOnceUpTo, relinked.MentionCounts()["geonames:168351"]);
    }

    [Fact]
    public void A_first_load_with_a_preview_hands_out_the_open_pair_before_the_rest_is_read()
    {
        var fs = Fixture.Files();
        for (var i = 0; i < 20; i++) fs.Add($"{Fixture.Root}/{i:D3}.yaml", KhanaserSidecar).Add($"{Fixture.Root}/{i:D3}.txt", KhanaserArticle);
        var path = $"{Fixture.Root}/007.yaml";
        CorpusSnapshot? preview = null;
        var full = CorpusSnapshot.Load(Fixture.Root, fs, preview: new CorpusSnapshot.Preview(p => p == path, s => preview = s));

        Assert.NotNull(preview);
        Assert.True(preview.IsPartial);
        Assert.Equal(new[] { path, $"{Fixture.Root}/007.txt" }, preview.Files.Keys.Order(StringComparer.Ordinal).Reverse());
        var offset = preview.TextOf(path)!.Text.IndexOf("Khanaser", StringComparison.Ordinal) + 2;
        Assert.Contains("**Khanāşir**", HoverService.Hover(preview, path, offset)!.Markdown);
        Assert.Equal(full.Analyze(path)!.Diagnostics, preview.Analyze(path)!.Diagnostics);
        Assert.Equal(40, full.Files.Count);
    }

    /// <summary>Reads of every file but those allowed wait until the gate opens: a corpus that takes as long as a test wants to load.</summary>
    private sealed class GatedFileSystem(IFileSystem inner, Func<string, bool> free) : IFileSystem
    {
        public ManualResetEventSlim Gate { get; } = new(false);
        public bool FileExists(string path) => inner.FileExists(path);
        public byte[]? ReadAllBytes(string path) { Wait(path); return inner.ReadAllBytes(path); }
        public Stream? OpenRead(string path) { Wait(path); return inner.OpenRead(path); }
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => inner.EnumerateFiles(directory, recursive);
        private void Wait(string path) { if (!free(path)) Gate.Wait(TimeSpan.FromSeconds(30)); }
    }

    [Fact]
    public async Task Hover_answers_about_an_opened_sidecar_while_the_rest_of_the_corpus_is_still_being_read()
    {
        var fs = Fixture.Files();
        for (var i = 0; i < 20; i++) fs.Add($"{Fixture.Root}/{i:D3}.yaml", KhanaserSidecar).Add($"{Fixture.Root}/{i:D3}.txt", KhanaserArticle);
        var path = $"{Fixture.Root}/007.yaml";
        var slow = new GatedFileSystem(fs, p => !p.StartsWith(Fixture.Root + "/0", StringComparison.Ordinal) || p.StartsWith(Fixture.Root + "/007.", StringComparison.Ordinal));
        try
        {
            var workspace = new Workspace(slow) { PreviewFromFiles = 0 };
            workspace.SetRoots([Fixture.Root]);
            var text = new SourceText(KhanaserSidecar);
            workspace.Open(path, 1, text);
            var loading = workspace.UpdateAsync(path, text);

            // The other sidecars cannot be read yet; the opened one and its article were read first and are answered from.
            CorpusSnapshot? snapshot = null;
            for (var tries = 0; snapshot is null && tries < 200; tries++)
                snapshot = await workspace.Capture(path).ResolveAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            Assert.NotNull(snapshot);
            Assert.False(loading.IsCompleted);
            var offset = text.Text.IndexOf("Khanaser", StringComparison.Ordinal) + 2;
            var hover = HoverService.Hover(snapshot, path, offset)!.Markdown;
            Assert.Contains("**Khanāşir**", hover);
            Assert.Contains("(the corpus is still being indexed)", hover);
            Assert.DoesNotContain(snapshot.DiagnosticsFor(path), d => d.Code == "CLS008");

            slow.Gate.Set();
            var full = await loading;
            Assert.False(full.IsPartial);
            Assert.Contains("Mentioned 20 times in the corpus.", HoverService.Hover(full, path, offset)!.Markdown);
        }
        finally { slow.Gate.Set(); }
    }

    /// <summary>Records on which threads the corpus's own files were read, each read taking a moment as a disk's would.</summary>
    private sealed class ThreadRecordingFileSystem(IFileSystem inner) : IFileSystem
    {
        public System.Collections.Concurrent.ConcurrentBag<(int Thread, bool Pool)> Reads { get; } = [];
        public bool FileExists(string path) => inner.FileExists(path);
        public byte[]? ReadAllBytes(string path) { Record(path); return inner.ReadAllBytes(path); }
        public Stream? OpenRead(string path) { Record(path); return inner.OpenRead(path); }
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => inner.EnumerateFiles(directory, recursive);

        private void Record(string path)
        {
            if (!PathUtil.FileName(path).StartsWith("p", StringComparison.Ordinal)) return;
            Reads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            Thread.Sleep(2);
        }
    }

    [Fact]
    public async Task The_server_reads_a_corpus_on_its_own_thread_leaving_the_thread_pool_to_requests()
    {
        var fs = Fixture.Files();
        for (var i = 0; i < 40; i++) fs.Add($"{Fixture.Root}/p{i:D3}.yaml", KhanaserSidecar).Add($"{Fixture.Root}/p{i:D3}.txt", KhanaserArticle);
        var recording = new ThreadRecordingFileSystem(fs);
        var workspace = new Workspace(recording);
        workspace.SetRoots([Fixture.Root]);

        var snapshot = await workspace.SnapshotAsync(Fixture.Root);

        Assert.Equal(80, snapshot.Files.Keys.Count(p => PathUtil.FileName(p).StartsWith('p')));
        Assert.DoesNotContain(recording.Reads, r => r.Pool);
        Assert.Single(recording.Reads.Select(r => r.Thread).Distinct());
        // `check` reads in parallel: the same corpus loaded as the CLI does is read on more than one thread.
        var cli = new ThreadRecordingFileSystem(fs);
        CorpusSnapshot.Load(Fixture.Root, cli);
        Assert.True(cli.Reads.Select(r => r.Thread).Distinct().Count() > 1, "check's load read every file on one thread");
    }
}
