using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// Guesses whether a date expression talks about the future from the words of its sentence ("will", "is
/// scheduled to", "plans to"), as news-style normalizers do; otherwise the report is taken as past.
/// </summary>
public static partial class TenseGuesser
{
    [GeneratedRegex(@"(\bwill\b|\bwon't\b|\bshall\b|'ll\b|\bgoing to\b|\bis to\b|\bare to\b|\bscheduled\b|\bplans? to\b|\bplann(?:ed|ing)\b|\bset to\b|\bwould be (?:ready|\w+ing)\b|\b(?:could|might|may) (?:come|arrive|leave|travel|return|begin|start|meet)\b|\bexpected to\b|\b(?:is|are) set to\b|\bdue to (?:be|meet|arrive|start|begin|take)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FutureCue();

    [GeneratedRegex(@"\b(said|says|was|were|had|did|ago|last|earlier|announced|reported|agreed|told|rose|fell|took|made|gave|came|went|began|ended|killed|arrested|met|held|left|won|lost|signed|approved|ratified|attacked|launched|died|brought|became|received|filed|declared|predicted|decided|rallied|attended|crashed|completed|acquired|named|elected|voted|released|opened|closed|returned)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastCue();

    // Words right before the expression that only look ahead: "as early as Tuesday", "until 9 a.m. Tuesday".
    [GeneratedRegex(@"\b(?:as early as|as soon as|no later than|until|till)\s+(?:(?:on|at|the)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksAhead();

    private static int Distance(Match m, int at) => m.Index >= at ? m.Index - at : at - (m.Index + m.Length);

    /// <summary>Looks at the clause around the expression: up to 100 characters before it and 30 after, within its sentence.</summary>
    public static Tense Guess(string text, Text.TextSpan expression)
    {
        var sentence = Text.Sentences.Containing(text, expression.Start);
        var from = Math.Max(sentence.Start, expression.Start - 100);
        var to = Math.Min(sentence.End, expression.End + 30);
        var window = text[from..to];
        // "Until Thursday, they had not called him a suspect" looks back from a past perfect.
        if (LooksAhead().IsMatch(text[Math.Max(sentence.Start, expression.Start - 30)..expression.Start]) && !window.Contains(" had ", StringComparison.OrdinalIgnoreCase)) return Tense.Future;
        // The cue nearest the expression decides: "said Monday that it will close" is a past report of a plan.
        var at = expression.Start - from;
        var future = FutureCue().Matches(window).Select(m => Distance(m, at)).DefaultIfEmpty(int.MaxValue).Min();
        var past = PastCue().Matches(window).Select(m => Distance(m, at)).DefaultIfEmpty(int.MaxValue).Min();
        if (future == int.MaxValue && past == int.MaxValue) return Tense.Unmarked;
        return future < past ? Tense.Future : Tense.Past;
    }
}
