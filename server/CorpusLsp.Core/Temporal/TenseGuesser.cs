using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// Guesses whether a date expression talks about the future from the words of its sentence ("will", "is
/// scheduled to", "plans to"), as news-style normalizers do; otherwise the report is taken as past.
/// </summary>
public static partial class TenseGuesser
{
    [GeneratedRegex(@"(\bwill\b|\bwon't\b|\bshall\b|'ll\b|\bgoing to\b|\bis to\b|\bare to\b|\bscheduled\b|\bplans? to\b|\bplann(?:ed|ing)\b|\bset to\b|\bwould (?:still |also |then |now )?be (?:ready|\w+ing|held|\w+ed)\b|\b(?:could|might|may) (?:come|arrive|leave|travel|return|begin|start|meet)\b|\bexpected to\b|\b(?:is|are) set to\b|\bdue to (?:be|meet|arrive|start|begin|take)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FutureCue();

    [GeneratedRegex(@"\b(said|says|was|were|had|did|ago|last|earlier|announced|reported|agreed|told|rose|fell|took|made|gave|came|went|began|ended|killed|arrested|met|held|left|won|lost|signed|approved|ratified|attacked|launched|died|brought|became|received|filed|declared|predicted|decided|rallied|attended|crashed|completed|acquired|named|elected|voted|released|opened|closed|returned)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastCue();

    // Words right before the expression that only look ahead: "as early as Tuesday", "until 9 a.m. Tuesday",
    // "by March", "as soon as trading opened Monday", "effective June 1", "starting Monday".
    [GeneratedRegex(@"(?:\b(?:as early as|as soon as|no later than|until|till|effective|starting|beginning)\s+(?:(?:on|at|the)\s+)?|\bby\s+|\bas soon as\s+(?:\w+\s+){1,3})$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksAhead();

    // A schedule in the present tense right before the expression: "they meet separately Monday", "the trial opens Tuesday".
    // Not a noun ("the vote was in October") nor a perfect ("had left on Monday").
    [GeneratedRegex(@"\b(?<!\b(?:was|were|had|has|have|the|a|an|his|her|its|their|this|that|next|last)\s)(?:meets?|begins?|starts?|opens?|arrives?|leaves?|visits?|resumes?|travels?|returns?|convenes?|votes?|expires?)\b(?:\s+(?!(?:last|earlier|ago|yesterday|was|were|is|are|had|has|been)\b)\w+){0,3}\s+(?:on\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ScheduleBefore();

    [GeneratedRegex(@"\b(?:since|as late as)\s+(?:(?:on|at|the)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksBack();

    [GeneratedRegex(@"\b(?:will|would|shall|'ll|to|may|might|could|can|must)\s+(?:(?:still|also|then|now|not|never|soon|probably)\s+)?(?:be|have been)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex ModalBe();

    [GeneratedRegex(@"\G(?:was|were)\s+(?:planning|expected to|scheduled to|set to|due to|going to|about to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlanAfterAuxiliary();

    [GeneratedRegex(@"\b(?!(?:scheduled|planned|expected|slated|delayed|postponed|extended|needed|required|proposed|intended)\b)[a-z]{3,}ed\s+(?:on\s+)?$")]
    private static partial Regex ParticipleBefore();

    [GeneratedRegex(@"^\W*(?:(?:on|in|by|early|late|and|but|also|then)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex OpeningWords();

    [GeneratedRegex(@"\b(?:will|won't|shall|(?:is|are)\s+(?:to|going\s+to|scheduled\s+to|set\s+to|due\s+to|expected\s+to)|plans?\s+to)\b|'ll\b", RegexOptions.IgnoreCase)]
    private static partial Regex MainClauseFuture();

    private static int Distance(Match m, int at) => m.Index >= at ? m.Index - at : at - (m.Index + m.Length);

    /// <summary>Looks at the clause around the expression: up to 100 characters before it and 30 after, within its sentence.</summary>
    public static Tense Guess(string text, Text.TextSpan expression)
    {
        var sentence = Text.Sentences.Containing(text, expression.Start);
        var from = Math.Max(sentence.Start, expression.Start - 100);
        var to = Math.Min(sentence.End, expression.End + 30);
        var window = text[from..to];
        // "Until Thursday, they had not called him a suspect" and "had filed reports by Wednesday" look back from a past perfect.
        if (LooksAhead().IsMatch(text[Math.Max(sentence.Start, expression.Start - 30)..expression.Start]) && !text[Math.Max(sentence.Start, expression.Start - 40)..to].Contains(" had ", StringComparison.OrdinalIgnoreCase)) return Tense.Future;
        if (ScheduleBefore().IsMatch(text[Math.Max(sentence.Start, expression.Start - 40)..expression.Start])) return Tense.Future;
        // A past participle right before it: "a block of shares issued July 1, which will receive …".
        if (ParticipleBefore().IsMatch(text[Math.Max(sentence.Start, expression.Start - 25)..expression.Start])) return Tense.Past;
        // "since March" only looks back, whatever the clause goes on to say.
        if (LooksBack().IsMatch(text[Math.Max(sentence.Start, expression.Start - 30)..expression.Start])) return Tense.Past;
        // The cue nearest the expression decides: "said Monday that it will close" is a past report of a plan.
        var at = expression.Start - from;
        var future = FutureCue().Matches(window).Select(m => Distance(m, at)).DefaultIfEmpty(int.MaxValue).Min();
        // A participle after a modal's "be" is no past: "will be named commander for a mission in December".
        // Nor is the auxiliary of a plan: "were planning to drive on Saturday", "was expected to arrive Monday".
        var past = PastCue().Matches(window).Where(m => !ModalBe().IsMatch(window.AsSpan(0, m.Index).ToString()) && !PlanAfterAuxiliary().IsMatch(window, m.Index))
            .Select(m => Distance(m, at)).DefaultIfEmpty(int.MaxValue).Min();
        // A date that opens its sentence ("On Tuesday, the National Abortion Rights Action League plans to hold …") is an
        // adjunct of the main clause, whose verb may stand far after it: the first finite verb that marks a tense decides.
        // Not "planned" ("the hastily planned trip"), which is as often an adjective or a past plan.
        if (future == int.MaxValue && past == int.MaxValue && OpeningWords().IsMatch(text[sentence.Start..expression.Start]))
        {
            var rest = text[to..sentence.End];
            var firstFuture = MainClauseFuture().Match(rest);
            var firstPast = PastCue().Match(rest);
            if (firstFuture.Success && (!firstPast.Success || firstFuture.Index < firstPast.Index)) return Tense.Future;
        }
        if (future == int.MaxValue && past == int.MaxValue)
        {
            // The verb can stand further on in a long sentence: "In January, a week after the anniversary, a doctor was shot".
            // Only a past verb counts from there: a "will" further on is usually another clause's ("announcement Friday
            // of a loss that will …").
            var rest = text[to..sentence.End];
            return PastCue().Match(rest) is { Success: true } p && FutureCue().Match(rest[..p.Index]) is { Success: false } ? Tense.Past : Tense.Unmarked;
        }
        return future < past ? Tense.Future : Tense.Past;
    }
}
