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

    // Words right before the expression that only look ahead: "as early as Tuesday", "until 9 a.m. Tuesday",
    // "by March", "as soon as trading opened Monday", "effective June 1", "starting Monday".
    [GeneratedRegex(@"(?:\b(?:as early as|as soon as|no later than|until|till|effective|starting|beginning)\s+(?:(?:on|at|the)\s+)?|\bby\s+|\bas soon as\s+(?:\w+\s+){1,3})$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksAhead();


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

    /// <summary>
    /// A schedule in the present tense right before the expression: "they meet separately Monday", "the trial opens Tuesday":
    /// a schedule verb of the lexicon, then at most three words (four when the last is "on") and none of them a word that
    /// marks a report (section notschedule: "last", "was"…). Not a noun ("the vote was in October") nor a perfect ("had
    /// left on Monday"): a word of section beforenoun right before the verb.
    /// </summary>
    private static bool ScheduleBefore(string before)
    {
        if (before.Length == 0 || !char.IsWhiteSpace(before[^1])) return false;
        // The words before the end, separated by white space only, last first.
        var words = new List<(int Start, int End)>();
        var i = before.Length;
        while (words.Count < 5)
        {
            var end = i;
            while (end > 0 && char.IsWhiteSpace(before[end - 1])) end--;
            if (end == i && words.Count > 0) break;
            var start = end;
            while (start > 0 && IsWordChar(before[start - 1])) start--;
            if (start == end) break;
            words.Add((start, end));
            i = start;
            if (start == 0 || !char.IsWhiteSpace(before[start - 1])) break;
        }
        for (var v = 0; v < words.Count; v++)
        {
            var after = v;
            if (after > 3 && !(after == 4 && Word(before, words[0]) == "on")) break;
            if (!Lexicon.Default.ContainsWord("scheduleverb", Word(before, words[v]))) continue;
            if (words.Take(v).Any(w => Lexicon.Default.ContainsWord("notschedule", Word(before, w)))) continue;
            if (!NounOrPerfectBefore(before, words[v].Start)) return true;
        }
        return false;
    }

    private static string Word(string text, (int Start, int End) w) => text[w.Start..w.End].ToLowerInvariant();

    /// <summary>A word of section beforenoun and one white space character right before <paramref name="at"/>.</summary>
    private static bool NounOrPerfectBefore(string text, int at)
    {
        if (at < 2 || !char.IsWhiteSpace(text[at - 1])) return false;
        var start = at - 1;
        while (start > 0 && IsWordChar(text[start - 1])) start--;
        return start < at - 1 && Lexicon.Default.ContainsWord("beforenoun", text[start..(at - 1)].ToLowerInvariant());
    }

    /// <summary>A character of a regular expression's \w: a letter, a decimal digit, a non-spacing mark or a connector.</summary>
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c)
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    private static int Distance(int index, int length, int at) => index >= at ? index - at : at - (index + length);

    /// <summary>The past-tense cues of the lexicon (section pastcue) in <paramref name="window"/>: their index and length.</summary>
    private static List<(int Index, int Length)> PastCues(string window) =>
        [.. TimexToken.Split(window, 0, window.Length).Where(t => t.IsWord && Lexicon.Default.ContainsWord("pastcue", t.Key)).Select(t => (t.Start, t.End - t.Start))];

    /// <summary>The clause of the expression: its sentence, cut at the commas, semicolons, colons and brackets around it.</summary>
    private static (int From, int To) Clause(string text, Text.TextSpan sentence, Text.TextSpan expression)
    {
        var from = Math.Min(expression.Start, sentence.Start);
        for (var i = expression.Start - 1; i > sentence.Start; i--)
            if (IsClauseBreak(text, i)) { from = i + 1; break; }
        var to = Math.Max(expression.End, sentence.End);
        for (var i = expression.End; i < sentence.End; i++)
            if (IsClauseBreak(text, i)) { to = i; break; }
        return (from, to);
    }

    // A comma inside a number ("8,000") is no break.
    private static bool IsClauseBreak(string text, int i) => text[i] switch
    {
        ',' => !(i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1])),
        ';' or ':' or '(' or ')' or '—' => true,
        _ => false,
    };

    /// <summary>
    /// Reads the clause of the expression: the words right before it ("until", "since", a schedule verb, a participle),
    /// then the past or future cue nearest to it; with none, the main clause further on in the sentence.
    /// </summary>
    public static Tense Guess(string text, Text.TextSpan expression)
    {
        var sentence = Text.Sentences.Containing(text, expression.Start);
        var (from, to) = Clause(text, sentence, expression);
        var before = text[from..expression.Start];
        // "Until Thursday, they had not named him" and "had filed reports by Wednesday" look back from a past perfect.
        if (LooksAhead().IsMatch(before) && !text[Math.Min(sentence.Start, expression.Start)..Math.Max(sentence.End, expression.End)].Contains(" had ", StringComparison.OrdinalIgnoreCase)) return Tense.Future;
        if (ScheduleBefore(before)) return Tense.Future;
        // A past participle right before it: "a block of shares issued July 1, which will receive …".
        if (ParticipleBefore().IsMatch(before)) return Tense.Past;
        // "since March" only looks back, whatever the clause goes on to say.
        if (LooksBack().IsMatch(before)) return Tense.Past;
        return NearestCue(text, sentence, from, to, expression);
    }

    /// <summary>The cue nearest the expression decides: "said Monday that it will close" is a past report of a plan.</summary>
    private static Tense NearestCue(string text, Text.TextSpan sentence, int from, int to, Text.TextSpan expression)
    {
        var window = text[from..to];
        var at = expression.Start - from;
        var future = FutureCue().Matches(window).Select(m => Distance(m.Index, m.Length, at)).DefaultIfEmpty(int.MaxValue).Min();
        // A participle after a modal's "be" is no past: "will be named commander for a mission in December".
        // Nor is the auxiliary of a plan: "were planning to drive on Saturday", "was expected to arrive Monday".
        var past = PastCues(window).Where(m => !ModalBe().IsMatch(window.AsSpan(0, m.Index).ToString()) && !PlanAfterAuxiliary().IsMatch(window, m.Index))
            .Select(m => Distance(m.Index, m.Length, at)).DefaultIfEmpty(int.MaxValue).Min();
        if (future != int.MaxValue || past != int.MaxValue) return future < past ? Tense.Future : Tense.Past;
        var rest = text[to..Math.Max(to, sentence.End)];
        // A date that opens its sentence ("On Tuesday, the League plans to hold …") is an adjunct of the main clause, whose
        // verb may stand far after it: the first finite verb that marks a tense decides. Not "planned" ("the hastily planned
        // trip"), which is as often an adjective or a past plan.
        var firstPast = PastCues(rest).Select(c => c.Index).DefaultIfEmpty(int.MaxValue).First();
        if (OpeningWords().IsMatch(text[Math.Min(sentence.Start, expression.Start)..expression.Start])
            && MainClauseFuture().Match(rest) is { Success: true } firstFuture && firstFuture.Index < firstPast) return Tense.Future;
        // The verb can stand further on in a long sentence: "In January, a week after the anniversary, a doctor was shot".
        // Only a past verb counts from there: a "will" further on is usually another clause's.
        return firstPast != int.MaxValue && FutureCue().Match(rest[..firstPast]) is { Success: false } ? Tense.Past : Tense.Unmarked;
    }
}
