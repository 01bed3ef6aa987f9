using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Cli;

public static class DateCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? expression = null;
        DateOnly? published = null;
        var tense = Tense.Past;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--published" when i + 1 < args.Count:
                    if (Timex.ParseIso(args[++i]) is not { Granularity: Granularity.Day, Start: { } d }) { stderr.WriteLine($"corpuslsp date: '{args[i]}' is not a YYYY-MM-DD date"); return 2; }
                    published = d;
                    break;
                case "--tense" when i + 1 < args.Count:
                    switch (args[++i])
                    {
                        case "past": tense = Tense.Past; break;
                        case "future": tense = Tense.Future; break;
                        case "unmarked": tense = Tense.Unmarked; break;
                        default: stderr.WriteLine($"corpuslsp date: --tense takes past, future or unmarked, not '{args[i]}'"); return 2;
                    }
                    break;
                case "-h" or "--help":
                    stdout.WriteLine("Usage: corpuslsp date \"EXPRESSION\" [--published YYYY-MM-DD] [--tense past|future|unmarked]\nPrints the TIMEX3 value of a date expression and how it was resolved.");
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) { stderr.WriteLine($"corpuslsp date: unknown option '{args[i]}'"); return 2; }
                    expression = expression is null ? args[i] : expression + " " + args[i];
                    break;
            }
        }
        if (expression is null) { stderr.WriteLine("corpuslsp date: give an expression, e.g. corpuslsp date \"on Thursday\" --published 2016-02-25"); return 2; }
        var n = TemporalNormalizer.Normalize(expression, published, tense);
        stdout.WriteLine(n.Value is { } v ? $"value: {v.Value}" + (v.Granularity == Granularity.Day ? $" ({v.Start!.Value.DayOfWeek})" : "") : "value: (none)");
        for (var i = 0; i < n.Steps.Length; i++) stdout.WriteLine($"  {i + 1}. {n.Steps[i]}");
        return n.Value is null ? 1 : 0;
    }
}
