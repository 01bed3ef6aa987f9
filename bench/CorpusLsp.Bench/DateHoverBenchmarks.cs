using BenchmarkDotNet.Attributes;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// Hover on a date in article text reads every date before it (`TemporalNormalizer.ReadTaggedDates`): its cost grows with
/// the dates above the cursor. Measured on the hover over the last date of the TempEval document with the most dates
/// (real news), and of a synthetic article dense with dates at two sizes. `bench date-hover` times the synthetic article at
/// 5/10/20/50 KB to see how the cost grows. Issue 20's rule table first asked all of its rules at every token of the text and
/// snapshotted an immutable slot dictionary at every matched element: 50 KB went from 216 to 56 ms (median, `--job short`).
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class DateHoverBenchmarks
{
    [Params("tempeval-densest", "synthetic-5KB", "synthetic-50KB")]
    public string Article { get; set; } = "";

    private string _text = "";
    private TextSpan _last;
    private DateOnly _published;

    [GlobalSetup]
    public void Setup()
    {
        _published = new DateOnly(2016, 2, 25);
        switch (Article)
        {
            case "synthetic-5KB": _text = Synthetic(5); break;
            case "synthetic-50KB": _text = Synthetic(50); break;
            default:
                var root = Path.Combine(Repo.Shared, "data", "tempeval3", "TBAQ-cleaned");
                var densest = new[] { "TimeBank", "AQUAINT" }.SelectMany(s => Directory.GetFiles(Path.Combine(root, s), "*.tml"))
                    .Select(f => TimeMlImporter.Parse(File.ReadAllText(f), out _)!)
                    .MaxBy(d => TemporalTagger.Find(d.Text).Count)!;
                _text = densest.Text;
                _published = densest.Published!.Value;
                break;
        }
        _last = TemporalTagger.Find(_text)[^1].Span;
    }

    private const string Paragraph = "The ministry said on Tuesday that talks would resume next week. In the third quarter of 2015, exports fell from a year earlier. Troops entered the town two days later, and on March 3 the siege ended. ";

    /// <summary>The synthetic article dense with dates, of about <paramref name="kilobytes"/> KB.</summary>
    internal static string Synthetic(int kilobytes) => string.Concat(Enumerable.Repeat(Paragraph, kilobytes * 1024 / Paragraph.Length));

    /// <summary>Every date of the article read up to the last one: the whole article, the cost without the hover's window.</summary>
    [Benchmark]
    public Normalization HoverOnLastDate() => TemporalNormalizer.ReadTaggedDates(_text, _last.Start + 1, _published)[^1].Normalization;

    /// <summary>What the hover request does (HoverService): the dates of its reading window (8k characters before the cursor).</summary>
    [Benchmark]
    public Normalization HoverAsServed()
    {
        var (from, to) = CorpusLsp.Core.Services.HoverService.ReadingWindow(_text, _last.Start, _last.Start);
        return TemporalNormalizer.ReadTaggedDates(_text[from..to], _last.Start + 1 - from, _published)[^1].Normalization;
    }
}
