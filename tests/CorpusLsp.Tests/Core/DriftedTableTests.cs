using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Text;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The drifted runs of an analysis's names (CLS055) are a memo table the article's checks fill and later analyses of the
/// same article read: filled from several threads at once, it holds what one thread filling it alone holds.
/// </summary>
public sealed class DriftedTableTests
{
    private const string Article = "Troops entered Khanaser on Monday. Kanaser was calm; Syria’s and Syrian papers said Aleppo and Alepo, Damascus and Damscus.";

    private static string Sidecar(IEnumerable<string> names) => "places:\n" + string.Concat(names.Select(n => $"  - text: {n}\n"));

    [Fact]
    public void Checks_run_at_once_on_one_analysis_report_what_one_check_alone_reports()
    {
        string[] names = ["Khanaser", "Syria", "Aleppo", "Damascus", "Homsy", "Idlib"];
        var alone = ArticleChecks.Check(Corpus(Sidecar(names), Article).Analyze(SidecarPath)!);
        Assert.Equal(3, alone.Length);
        for (var round = 0; round < 20; round++)
        {
            var analysis = Corpus(Sidecar(names), Article).Analyze(SidecarPath)!;
            var results = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => results.Add(Describe(ArticleChecks.Check(analysis))));
            Assert.All(results, r => Assert.Equal(Describe(alone), r));
        }
    }

    [Fact]
    public void Names_added_at_once_by_several_threads_are_all_kept_and_the_first_runs_of_a_name_stay()
    {
        var table = new DriftedTable();
        const int threads = 4, each = 300;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < each; i++)
                table.Add(new(StringComparer.Ordinal) { [$"name{i % 16}"] = [new TextSpan(i, i + 1)], [$"own{t}-{i}"] = [] });
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var current = table.Current;
        Assert.Equal(16 + threads * each, current.Count);
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(i, current[$"name{i}"][0].Start % 16));
        var first = current["name3"];
        table.Add(new(StringComparer.Ordinal) { ["name3"] = [new TextSpan(99, 100)] });
        Assert.Same(first, table.Current["name3"]);
    }

    [Fact]
    public void The_drifted_runs_are_those_a_plain_scan_of_every_run_finds()
    {
        // Names of one to three words among runs a few edits from them, in any case and with apostrophes and accents: the
        // check leaves most runs by their lengths and units before measuring them, and must find what measuring all finds.
        string[] names = ["Khanaser", "Aleppo", "Damascus", "Deir ez-Zor", "Ras al-Ain", "Idlib", "Ḥamāh Plain", "Abu Kamal Road"];
        var random = new Random(41);
        var total = 0;
        for (var round = 0; round < 40; round++)
        {
            var words = Enumerable.Range(0, 120).Select(_ => random.Next(4) switch
            {
                0 => Near(names[random.Next(names.Length)], random),
                1 => names[random.Next(names.Length)],
                _ => Filler[random.Next(Filler.Length)],
            });
            var article = string.Join(random.Next(2) == 0 ? " " : ", ", words) + ".";
            var used = names.Where(n => article.Contains(n, StringComparison.Ordinal)).ToList();
            var analysis = Corpus(Sidecar(used), article).Analyze(SidecarPath)!;
            var anchored = analysis.Mentions.Where(m => m.Spans.Length > 0).Select(m => m.Mention.Anchor.Text!).Distinct();
            var expected = anchored.Where(n => n.Length >= ArticleChecks.MinNameLength).SelectMany(n => PlainDrift(article, n, analysis))
                .Distinct().Order().ToList();
            var diagnostics = ArticleChecks.Check(analysis);
            var found = diagnostics.Select(d => $"{d.Span.Start}-{d.Span.End}").Distinct().Order().ToList();
            Assert.Equal(expected, found);
            // Each name's runs are reported in article order (a name of one word meets the words a length at a time).
            foreach (var byName in diagnostics.GroupBy(d => System.Text.RegularExpressions.Regex.Match(d.Message, "from '(.+?)', annotated").Groups[1].Value))
                Assert.Equal(byName.Select(d => d.Span.Start).Order(), byName.Select(d => d.Span.Start));
            total += found.Count;
        }
        Assert.True(total > 100, $"{total} drifted runs");
    }

    private static readonly string[] Filler = ["the", "Troops", "said", "Monday", "in", "Syria’s", "Syrian", "road", "Plain", "Ain", "Zor", "Deir"];

    private static string Near(string name, Random random)
    {
        var at = random.Next(name.Length);
        const string Letters = "aeiouKkZzḤ’-";
        return random.Next(3) switch
        {
            0 => name.Remove(at, 1),
            1 => name.Insert(at, Letters[random.Next(Letters.Length)].ToString()),
            _ => name.Remove(at, 1).Insert(at, Letters[random.Next(Letters.Length)].ToString()),
        };
    }

    /// <summary>Every run of as many words as the name, measured, less the annotated spans: CLS055's definition, scanned plainly.</summary>
    private static IEnumerable<string> PlainDrift(string article, string name, DocumentAnalysis analysis)
    {
        var words = ArticleChecks.WordSpans(article).ToList();
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var max = name.Length >= 8 ? 2 : 1;
        var covered = analysis.Mentions.SelectMany(m => m.Spans).ToList();
        for (var i = 0; i + parts <= words.Count; i++)
        {
            var span = new TextSpan(words[i].Start, words[i + parts - 1].End);
            var run = article[span.Start..span.End];
            if (Math.Abs(run.Length - name.Length) > max || char.IsUpper(run[0]) != char.IsUpper(name[0]) || run == name) continue;
            if (run.StartsWith(name, StringComparison.OrdinalIgnoreCase) || name.StartsWith(run, StringComparison.OrdinalIgnoreCase)) continue;
            if (run.Count(c => c == ' ') + 1 != parts || Fuzzy.EditDistance(run.ToLowerInvariant(), name.ToLowerInvariant()) > max) continue;
            if (covered.Any(c => c.Overlaps(span))) continue;
            yield return $"{span.Start}-{span.End}";
        }
    }

    private static string Describe(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"{d.Code} {d.Span.Start}-{d.Span.End} {d.Message}"));
}

/// <summary>The article's words for CLS055 are scanned by hand: the same spans as the regex that defines them.</summary>
public sealed class ArticleWordScanTests
{
    [Fact]
    public void The_hand_scan_finds_the_regex_words_in_random_text_and_around_every_BMP_character()
    {
        const string pool = "aZé ’'-\u0301\u0903\u05D0\u4E2D1.,\n\t\u00A0\uD801\uDC00\u02B0\u01C5ʼ";
        var texts = RandomTexts.Of(pool, seed: 5, count: 3000, longest: 40)
            .Concat(Enumerable.Range(0, 0x10000).Select(c => $"-{(char)c}a{(char)c} {(char)c}"))
            .Append("Turkey’s forces didn't move; Ithrya-Khanaser road, Al-Ghazawiya and O’Brien.")
            .Append($"Long {new string('o', 70)} and {new string('e', 62)} words, Z{new string('z', 62)} and Z{new string('y', 80)}.");
        foreach (var text in texts)
        {
            var expected = ArticleChecks.Words().EnumerateMatches(text).ToSpans();
            Assert.Equal(expected, ArticleChecks.WordSpans(text).ToList());
            // The drift check's own reading of the words (the scan written out), its words by case and their units.
            var read = ArticleChecks.ArticleWords.Of(text);
            Assert.Equal(expected, read.All.ToArray());
            var upper = Enumerable.Range(0, expected.Count).Where(i => char.IsUpper(text[expected[i].Start])).ToList();
            Assert.Equal(upper, read.Capitalised(true).ToArray());
            Assert.Equal(Enumerable.Range(0, expected.Count).Except(upper), read.Capitalised(false).ToArray());
            // The words of each length by case, in article order; the last length holds the longer words too.
            const int longWord = ArticleChecks.ArticleWords.LongWord;
            foreach (var isUpper in new[] { true, false })
            {
                var byLength = new List<int>();
                for (var length = 1; length <= longWord; length++) byLength.AddRange(read.OfLength(length, isUpper).ToArray());
                Assert.Equal(read.Capitalised(isUpper).ToArray().OrderBy(i => Math.Min(expected[i].Length, longWord)), byLength);
                Assert.All(read.OfLength(5, isUpper).ToArray(), i => Assert.Equal(5, expected[i].Length));
            }
            Assert.Equal(expected.Select(w => Fuzzy.LowerMask(text.AsSpan(w.Start, w.Length))), expected.Select((_, i) => read.Mask(text, i)));
        }
    }
}

/// <summary>
/// One scan reads an article's words for its anchoring index and for the drift check (issue 19): each finds the words its
/// own scan found, whatever the text (letters of any script, digits, marks, apostrophes, hyphens, CRLF, none).
/// </summary>
public sealed class SharedWordScanTests
{
    [Fact]
    public void The_words_read_with_the_anchoring_index_are_the_drift_checks_words_and_anchoring_finds_every_word()
    {
        const string pool = "aZé ’'-\u0301\u0903\u05D0\u4E2D17.,\r\n\t\u00A0\uD801\uDC00\u02B0\u01C5ʼ";
        var texts = RandomTexts.Of(pool, seed: 35, count: 2000, longest: 60)
            .Concat(Enumerable.Range(0, 0x10000).Select(c => $"-{(char)c}a{(char)c} {(char)c}9{(char)c}"))
            .Append("")
            .Append("Turkey’s forces didn't move;\r\nIthrya-Khanaser road, Al-Ghazawiya, M5 and O’Brien on 12th Feb 2020.")
            // Longer than the tables are first made for: words every two characters, and tokens split in many words.
            .Append(string.Concat(Enumerable.Range(0, 3000).Select(i => i % 2 == 0 ? "a " : "B-1 ")))
            .Append(string.Concat(Enumerable.Repeat("x-y-z-w-v-u-t-s-r-q-p-o-n-m-l-k-j-i-h-g-f-e-d-c-b-a ", 400)))
            // One token of thousands of words of each kind, more than the tables hold at first.
            .Append(string.Join("-", Enumerable.Range(0, 6000).Select(i => i % 3 == 0 ? "7" : "Ab")));
        foreach (var made in texts)
        {
            // A string of its own: the index is made for it, not found for an equal text.
            var text = new string(made.AsSpan());
            var anchoringWords = AnchoringWords(text);
            foreach (var word in anchoringWords.Take(20))
                Assert.Equal(Plain(text, text.Substring(word.Start, word.Length)), Anchoring.Occurrences(text, text.Substring(word.Start, word.Length)));
            if (anchoringWords.Count == 0) Assert.Empty(Anchoring.Occurrences(text, "a"));
            // (The empty text is one string, indexed once.)
            Assert.True(ArticleChecks.ArticleWords.Kept(text) || text.Length == 0, $"the drift check's words were not read with the index: \"{text}\"");
            Assert.Equal(ArticleChecks.Words().EnumerateMatches(text).ToSpans(), ArticleChecks.ArticleWords.Of(text).All.ToArray());
        }
    }

    /// <summary>Anchoring's words: runs of letters, digits and non-spacing marks.</summary>
    private static List<TextSpan> AnchoringWords(string text)
    {
        static bool Word(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark;
        var words = new List<TextSpan>();
        for (var i = 0; i < text.Length;)
        {
            if (!Word(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && Word(text[i])) i++;
            words.Add(new TextSpan(start, i));
        }
        return words;
    }

    /// <summary>Whole-word occurrences of a word, by a plain search.</summary>
    private static List<TextSpan> Plain(string text, string word)
    {
        var spans = AnchoringWords(text);
        return spans.Where(s => s.Length == word.Length && string.CompareOrdinal(text, s.Start, word, 0, word.Length) == 0).ToList();
    }
}

internal static class MatchSpans
{
    public static List<TextSpan> ToSpans(this System.Text.RegularExpressions.Regex.ValueMatchEnumerator matches)
    {
        var spans = new List<TextSpan>();
        foreach (var m in matches) spans.Add(new TextSpan(m.Index, m.Index + m.Length));
        return spans;
    }
}

/// <summary>"Did you mean" reads the article's words in place, leaving unmeasured those that cannot come near: the same answer as measuring every word.</summary>
public sealed class ClosestMatchTests
{
    [Fact]
    public void The_closest_word_read_in_place_is_the_closest_of_every_regex_word()
    {
        const string pool = "aeiKhnsrZé ’'-ŞİıK\u0301";
        var random = new Random(19);
        var checkedOnes = 0;
        for (var n = 0; n < 3000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 80)).Select(_ => random.Next(5) == 0 ? ' ' : pool[random.Next(pool.Length)]).ToArray());
            var candidates = ArticleChecks.Words().Matches(text).Select(m => m.Value).ToList();
            // A word of the text a few random edits away (or any letters): near words and far ones both come up.
            var word = candidates.Count > 0 && random.Next(4) > 0 ? candidates[random.Next(candidates.Count)] : "Khanaser";
            for (var edits = random.Next(4); edits > 0; edits--)
            {
                var at = random.Next(word.Length + 1);
                var c = pool[random.Next(pool.Length)].ToString();
                word = at == word.Length || random.Next(2) == 0 ? word.Insert(at, c) : word.Remove(at, 1).Insert(at, c);
            }
            if (word.Length < 4) continue;
            var expected = Fuzzy.Closest(word, candidates);
            if (expected is not null) checkedOnes++;
            Assert.Equal(expected, Fuzzy.ClosestMatch(word, text, ArticleChecks.NextWord));
        }
        Assert.True(checkedOnes > 100, $"only {checkedOnes} texts had a close word");
        Assert.Equal("Khanaser", Fuzzy.ClosestMatch("Kanaser", "The road to Khanaser and Kansas.", ArticleChecks.NextWord));
    }
}

/// <summary>Texts of characters drawn from a pool, for the scans' property tests: the same texts for the same seed.</summary>
internal static class RandomTexts
{
    public static IEnumerable<string> Of(string pool, int seed, int count, int longest)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new string(Enumerable.Range(0, random.Next(0, longest)).Select(_ => pool[random.Next(pool.Length)]).ToArray())).ToList();
    }
}
