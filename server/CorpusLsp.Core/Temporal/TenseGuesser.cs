using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// Guesses whether a date expression talks about the future from the words of its sentence ("will", "is
/// scheduled to", "plans to"), as news-style normalizers do; otherwise the report is taken as past.
/// </summary>
public static partial class TenseGuesser
{
    [GeneratedRegex(@"(\bwill\b|\bwon't\b|\bshall\b|'ll\b|\bgoing to\b|\bis to\b|\bare to\b|\bscheduled\b|\bplans? to\b|\bexpected to\b|\b(?:is|are) set to\b|\bdue to (?:be|meet|arrive|start|begin|take)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FutureCue();

    [GeneratedRegex(@"\b(said|was|were|had|did|ago|last|earlier)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastCue();

    /// <summary>Looks at the clause around the expression: up to 60 characters before it and 30 after, within its sentence.</summary>
    public static Tense Guess(string text, Text.TextSpan expression)
    {
        var sentence = Text.Sentences.Containing(text, expression.Start);
        var from = Math.Max(sentence.Start, expression.Start - 60);
        var to = Math.Min(sentence.End, expression.End + 30);
        var window = text[from..to];
        return FutureCue().IsMatch(window) && PastCue().Matches(window).Count <= 1 ? Tense.Future : Tense.Past;
    }
}
