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
        var random = new Random(5);
        var texts = Enumerable.Range(0, 3000).Select(_ => new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pool[random.Next(pool.Length)]).ToArray()))
            .Concat(Enumerable.Range(0, 0x10000).Select(c => $"-{(char)c}a{(char)c} {(char)c}"))
            .Append("Turkey’s forces didn't move; Ithrya-Khanaser road, Al-Ghazawiya and O’Brien.");
        foreach (var text in texts)
        {
            var expected = ArticleChecks.Words().EnumerateMatches(text).ToSpans();
            Assert.Equal(expected, ArticleChecks.WordSpans(text).ToList());
        }
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
