using System.CommandLine;
using System.CommandLine.Parsing;
using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Cli;

public static class DateCommand
{
    public static Command Create()
    {
        var expression = new Argument<string[]>("EXPRESSION") { Arity = ArgumentArity.OneOrMore, Description = "The date expression, e.g. \"on Thursday\" (several words are joined by spaces)" };
        var published = new Option<DateOnly?>("--published") { HelpName = "YYYY-MM-DD", Description = "The publication date relative expressions resolve against", CustomParser = ParseDay };
        var tense = new Option<string?>("--tense") { HelpName = "past|future|unmarked", Description = "The tense of the sentence [default: past]" };
        tense.AcceptOnlyFromAmong("past", "future", "unmarked");
        var inText = new Option<string?>("--in") { HelpName = "TEXT", Description = "Read the expression where it first stands in TEXT, as hover reads an article: the tense of its sentence, the words after it, the dates before it" };
        var command = new Command("date", "Print the TIMEX3 value of a date expression and how it was resolved") { expression, published, tense, inText };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return Run(string.Join(' ', parsed.GetValue(expression) ?? []), parsed.GetValue(published), parsed.GetValue(tense), parsed.GetValue(inText), stdout, stderr);
        });
        return command;
    }

    private static DateOnly? ParseDay(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        if (Timex.ParseIso(result.Tokens[0].Value) is { Granularity: Granularity.Day, Start: { } d }) return d;
        result.AddError($"'{result.Tokens[0].Value}' is not a YYYY-MM-DD date");
        return null;
    }

    public static int Run(string expression, DateOnly? published, string? tenseWord, string? inText, TextWriter stdout, TextWriter stderr)
    {
        Normalization n;
        if (inText is not null)
        {
            if (tenseWord is not null) { stderr.WriteLine("corpuslsp date: --tense and --in do not go together (with --in the sentence gives the tense)"); return 2; }
            var at = inText.IndexOf(expression, StringComparison.Ordinal);
            if (at < 0) { stderr.WriteLine($"corpuslsp date: '{expression}' does not occur in the --in text"); return 2; }
            n = TemporalNormalizer.NormalizeAt(inText, new CorpusLsp.Core.Text.TextSpan(at, at + expression.Length), published);
        }
        else
        {
            var tense = tenseWord switch { "future" => Tense.Future, "unmarked" => Tense.Unmarked, _ => Tense.Past };
            n = TemporalNormalizer.Normalize(expression, published, tense);
        }
        stdout.WriteLine(n.Value is { } v ? $"value: {v.Value}" + (v.Granularity == Granularity.Day ? $" ({v.Start!.Value.DayOfWeek})" : "") : "value: (none)");
        for (var i = 0; i < n.Steps.Length; i++) stdout.WriteLine($"  {i + 1}. {n.Steps[i]}");
        return n.Value is null ? 1 : 0;
    }
}
