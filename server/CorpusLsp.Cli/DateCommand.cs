using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Cli;

public static class DateCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? expression = null;
        DateOnly? published = null;
        var tense = Tense.Past;
        var tenseGiven = false;
        string? inText = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--published" when i + 1 < args.Count:
                    if (Timex.ParseIso(args[++i]) is not { Granularity: Granularity.Day, Start: { } d }) { stderr.WriteLine($"corpuslsp date: '{args[i]}' is not a YYYY-MM-DD date"); return 2; }
                    published = d;
                    break;
                case "--in" when i + 1 < args.Count:
                    inText = args[++i];
                    break;
                case "--tense" when i + 1 < args.Count:
                    tenseGiven = true;
                    switch (args[++i])
                    {
                        case "past": tense = Tense.Past; break;
                        case "future": tense = Tense.Future; break;
                        case "unmarked": tense = Tense.Unmarked; break;
                        default: stderr.WriteLine($"corpuslsp date: --tense takes past, future or unmarked, not '{args[i]}'"); return 2;
                    }
                    break;
                case "-h" or "--help":
                    stdout.WriteLine("Usage: corpuslsp date \"EXPRESSION\" [--published YYYY-MM-DD] [--tense past|future|unmarked] [--in \"TEXT\"]\n" +
                        "Prints the TIMEX3 value of a date expression and how it was resolved. With --in, the expression is read where it\n" +
                        "first stands in TEXT, as hover reads an article: the tense of its sentence, the words after it, the dates before it.");
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) { stderr.WriteLine($"corpuslsp date: unknown option '{args[i]}'"); return 2; }
                    expression = expression is null ? args[i] : expression + " " + args[i];
                    break;
            }
        }
        if (expression is null) { stderr.WriteLine("corpuslsp date: give an expression, e.g. corpuslsp date \"on Thursday\" --published 2016-02-25"); return 2; }
        Normalization n;
        if (inText is not null)
        {
            if (tenseGiven) { stderr.WriteLine("corpuslsp date: --tense and --in do not go together (with --in the sentence gives the tense)"); return 2; }
            var at = inText.IndexOf(expression, StringComparison.Ordinal);
            if (at < 0) { stderr.WriteLine($"corpuslsp date: '{expression}' does not occur in the --in text"); return 2; }
            n = TemporalNormalizer.NormalizeAt(inText, new CorpusLsp.Core.Text.TextSpan(at, at + expression.Length), published);
        }
        else n = TemporalNormalizer.Normalize(expression, published, tense);
        stdout.WriteLine(n.Value is { } v ? $"value: {v.Value}" + (v.Granularity == Granularity.Day ? $" ({v.Start!.Value.DayOfWeek})" : "") : "value: (none)");
        for (var i = 0; i < n.Steps.Length; i++) stdout.WriteLine($"  {i + 1}. {n.Steps[i]}");
        return n.Value is null ? 1 : 0;
    }
}
