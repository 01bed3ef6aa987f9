using System.Text;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Bench;

/// <summary>
/// Everything the temporal engine shows, written to one file so that two builds can be compared with diff before a
/// change that should not alter output (a speed-up, a move of a list onto the lexicon): `bench timex-dump FILE`. Per text
/// (every TempEval document, the genre set, the example corpus's articles, the synthetic hover article) the tagger's
/// spans, each date as hover and inlay hints read it (value, flags and steps), and, per date, hover on it alone.
/// </summary>
public static class TimexDump
{
    public static int Run(string[] args)
    {
        var output = args.FirstOrDefault() ?? "timex-dump.txt";
        var sb = new StringBuilder();
        foreach (var (name, text, published) in Texts())
        {
            sb.Append("## ").Append(name).Append(' ').Append(published?.ToString("yyyy-MM-dd") ?? "-").Append('\n');
            var read = TemporalNormalizer.ReadTaggedDates(text, text.Length, published);
            foreach (var (e, n) in read)
                sb.Append(e.Span.Start).Append('-').Append(e.Span.End).Append(" '").Append(e.Text.ReplaceLineEndings(" ")).Append("' ")
                    .Append(n.Value?.Value ?? "-").Append(n.IsRelative ? " rel" : "").Append(n.IsAnchoredToPrevious ? " anchored" : "")
                    .Append(n.NamedWeekday is { } wd ? " " + wd : "").Append(n.AlsoAcceptable.Length > 0 ? " also " + string.Join(',', n.AlsoAcceptable) : "")
                    .Append('\n').Append("   ").Append(string.Join(" | ", n.Steps).ReplaceLineEndings(" ")).Append('\n');
            if (read.Count > 200) continue;
            // Hover on each date alone: the last of the dates read up to it.
            foreach (var (e, _) in read)
            {
                var hover = TemporalNormalizer.ReadTaggedDates(text, e.Span.Start + 1, published);
                sb.Append("  hover ").Append(e.Span.Start).Append(' ').Append(hover[^1].Normalization.Value?.Value ?? "-").Append('\n');
            }
        }
        File.WriteAllText(output, sb.ToString());
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static IEnumerable<(string Name, string Text, DateOnly? Published)> Texts()
    {
        var tempeval = Path.Combine(Repo.Shared, "data", "tempeval3", "TBAQ-cleaned");
        var genre = Path.Combine(Repo.Root, "tests", "corpora", "temporal-genre");
        foreach (var file in new[] { tempeval, genre }.SelectMany(d => Directory.GetFiles(d, "*.tml", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
            if (TimeMlImporter.Parse(File.ReadAllText(file), out _) is { } doc)
                yield return (Path.GetFileName(file), doc.Text, doc.Published);
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "examples", "syria"), "*.txt").Order(StringComparer.Ordinal))
            yield return (Path.GetFileName(file), File.ReadAllText(file), new DateOnly(2016, 2, 25));
        yield return ("synthetic-50KB", DateHoverBenchmarks.Synthetic(50), new DateOnly(2016, 2, 25));
    }
}
