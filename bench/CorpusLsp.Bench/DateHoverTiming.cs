using System.Diagnostics;
using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Bench;

/// <summary>
/// Quick timing of hover on the last date (`TemporalNormalizer.ReadTaggedDates`) on the synthetic article of
/// <see cref="DateHoverBenchmarks"/> at growing sizes, to see how its cost grows with the text (`bench date-hover [RUNS]`).
/// Medians of RUNS after a warm-up; the BenchmarkDotNet class remains the reference figure.
/// </summary>
public static class DateHoverTiming
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0]) : 7;
        var published = new DateOnly(2016, 2, 25);
        double? previousMs = null;
        int? previousKb = null;
        foreach (var kb in new[] { 5, 10, 20, 50 })
        {
            var text = DateHoverBenchmarks.Synthetic(kb);
            var last = TemporalTagger.Find(text)[^1].Span;
            TemporalNormalizer.ReadTaggedDates(text, last.Start + 1, published);
            var times = new List<double>();
            var cpu = new List<double>();
            var tagging = new List<double>();
            long allocated = 0;
            for (var r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                TemporalTagger.Find(text);
                tagging.Add(sw.Elapsed.TotalMilliseconds);
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var processor = Process.GetCurrentProcess().TotalProcessorTime;
                sw.Restart();
                TemporalNormalizer.ReadTaggedDates(text, last.Start + 1, published);
                times.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds);
                allocated = GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
            var median = Median(times);
            var exponent = previousMs is { } pm && previousKb is { } pk ? Math.Log(median / pm) / Math.Log((double)kb / pk) : double.NaN;
            Console.WriteLine($"{kb,3} KB ({text.Length,6} chars, {TemporalTagger.Find(text).Count,4} dates): median {median,8:0.00} ms (CPU {Median(cpu),8:0.0} ms, of which tagging ~{Median(tagging),6:0.00} ms), {allocated / 1024.0 / 1024.0,7:0.00} MB allocated, over {runs} runs; growth exponent vs previous {exponent:0.00}");
            (previousMs, previousKb) = (median, kb);
        }
        if (args.Contains("--phases")) Phases(DateHoverBenchmarks.Synthetic(50), published, runs);
        return 0;
    }

    /// <summary>CPU time of the public steps hover goes through, on one text.</summary>
    private static void Phases(string text, DateOnly published, int runs)
    {
        var found = TemporalTagger.Find(text);
        var spans = found.Select(f => f.Span).ToList();
        var phases = new (string Name, Action Run)[]
        {
            ("TimexToken.Split whole text", () => TimexToken.Split(text, 0, text.Length)),
            ("RuleTable.Scan whole text", () => RuleTable.Default.Scan(text, 0, text.Length)),
            ("TemporalTagger.Find", () => TemporalTagger.Find(text)),
            ("Sentences.Containing per date", () => { foreach (var s in spans) CorpusLsp.Core.Text.Sentences.Containing(text, s.Start); }),
            ("TenseGuesser.Guess per date", () => { foreach (var s in spans) TenseGuesser.Guess(text, s); }),
            ("Normalize(expression) per date", () => { foreach (var f in found) TemporalNormalizer.Normalize(f.Text, published); }),
            ("NormalizeInText all dates", () => TemporalNormalizer.NormalizeInText(text, spans, published)),
        };
        foreach (var (name, run) in phases)
        {
            run();
            var cpu = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var processor = Process.GetCurrentProcess().TotalProcessorTime;
                run();
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds);
            }
            Console.WriteLine($"  {name,-34} CPU median {Median(cpu),7:0.0} ms");
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
