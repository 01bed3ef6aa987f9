using System.Text.RegularExpressions;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// Normalization of expressions where they stand in an article: the tense of their clause, the words right after an
/// expression that give its year ("February this year", "April 24, 1999" when only "April 24" is the expression), and
/// the last date the text mentioned before it (what "that quarter", "the 1988 period" or "a year earlier" count from).
/// Hover on article text, the checker's `when` where the article has it, and the TempEval evaluation go through here,
/// so what is measured is what annotators see.
/// </summary>
public static partial class TemporalNormalizer
{
    [GeneratedRegex(@"^(?:\s+of|,)?\s+(?<rel>this|last|next)\s+year\b|^,?\s+(?<y>(?:19|20)\d{2})\b(?!\s*(?:%|percent))", RegexOptions.IgnoreCase)]
    private static partial Regex YearAfter();

    [GeneratedRegex(@"\b" + MonthPattern + @"(?!\w)", RegexOptions.IgnoreCase)]
    private static partial Regex NamesMonth();

    /// <summary>Normalizes the expression at <paramref name="span"/> of <paramref name="text"/>, reading its surroundings.</summary>
    /// <param name="previous">The last date the text mentioned before the expression, as normalized.</param>
    /// <param name="reportedQuarter">The quarter an earnings report is about (the first recent one the text names, or the last whose results it gives).</param>
    /// <param name="tense">What the caller knows of the tense (an annotated planned event); else guessed from the clause.</param>
    /// <param name="reference">The event an offset counts from ("two days earlier").</param>
    public static Normalization NormalizeInText(string text, TextSpan span, DateOnly? published, Timex? previous = null, Timex? reportedQuarter = null,
        Tense? tense = null, DateOnly? reference = null)
    {
        var expression = text[span.Start..span.End];
        var clause = tense ?? TenseGuesser.Guess(text, span);
        if (NamesMonth().IsMatch(expression) && !FourDigitYear().IsMatch(expression)
            && YearAfter().Match(text[span.End..Math.Min(text.Length, span.End + 40)]) is { Success: true } year)
        {
            var withYear = expression.TrimEnd('.', ',') + (year.Groups["y"].Success ? ", " + year.Groups["y"].Value : $" {year.Groups["rel"].Value} year");
            var n = Normalize(withYear, published, clause, reference, previous, reportedQuarter);
            if (n.Value is not null)
                return n with { Steps = n.Steps.Insert(0, $"The words after '{expression}' give its year: read as '{withYear}'.") };
        }
        // "Today is the eighth day of Desert Shield": an ordinal day that the sentence equates with now is publication day.
        if (published is { } p && OrdinalDay().IsMatch(expression) && IsNowBefore().IsMatch(text[Math.Max(0, span.Start - 30)..span.Start]))
            return new Normalization(Timex.Day(p), null, true, false,
                [$"'{expression}' of something, said to be now ('{text[Math.Max(0, span.Start - 12)..span.Start].Trim()} …'): publication day, {p:yyyy-MM-dd}."], []);
        // "the day after his death", after the date of the death: a day from the date just mentioned. Not in apposition to
        // it: "Oct. 12, the day before the plunge" is Oct. 12.
        if (previous is { Granularity: Granularity.Day, Start: { } pd } && TheDay().IsMatch(expression)
            && !NumberCommaBefore().IsMatch(text[Math.Max(0, span.Start - 4)..span.Start])
            && AfterOrBefore().Match(text[span.End..Math.Min(text.Length, span.End + 10)]) is { Success: true } side)
        {
            var d = pd.AddDays(side.Groups["w"].Value.Equals("after", StringComparison.OrdinalIgnoreCase) ? 1 : -1);
            return new Normalization(Timex.Day(d), null, true, true, [$"'{expression} {side.Groups["w"].Value}' counts from the day just mentioned ({previous.Value}): {d:yyyy-MM-dd}."], []);
        }
        // "In the comparable year-ago quarter, the second quarter ended Oct. 31, …": the apposition numbers the quarter (a
        // fiscal calendar's, which the year-ago rule alone cannot know); the year stays the one the expression gives.
        if (QuarterWithoutNumber().IsMatch(expression) && !NumberedQuarter().IsMatch(expression)
            && AppositiveQuarter().Match(text[span.End..Math.Min(text.Length, span.End + 30)]) is { Success: true } appositive
            && Normalize(expression, published, clause, reference, previous, reportedQuarter) is { Value: { Granularity: Granularity.Quarter, Start: { } aq } } own)
        {
            var number = appositive.Groups["n"].Value.ToLowerInvariant() switch { "first" or "1st" => 1, "second" or "2nd" => 2, "third" or "3rd" => 3, _ => 4 };
            var t = Timex.Quarter(aq.Year, number);
            return own with { Value = t, Steps = own.Steps.Add($"The apposition after it ('{appositive.Value.Trim(' ', ',')}') numbers the quarter: {t.Value}.") };
        }
        // "the quarter ended July 31": the three months up to that day, named by the calendar quarter holding most of them.
        if (UnnumberedQuarter().IsMatch(expression)
            && QuarterEnded().Match(text[span.End..Math.Min(text.Length, span.End + 30)]) is { Success: true } ended
            && Normalize(ended.Groups["date"].Value, published, Tense.Past) is { Value: { Granularity: Granularity.Day, Start: { } end } } endDay)
        {
            var middle = new DateOnly(end.Year, end.Month, 1).AddMonths(-1);
            var t = Timex.Quarter(middle.Year, (middle.Month - 1) / 3 + 1);
            return new Normalization(t, null, true, false,
                [.. endDay.Steps, $"'{expression}' ended {end:yyyy-MM-dd}: its middle month is {middle:yyyy-MM}, in {t.Value}."], []);
        }
        // "Sales were $1.76 billion, up from last year's $1.55 billion": in a report on a quarter, a figure of last year's is
        // the same quarter's a year back. Only the possessive: "compared with a loss last year" is as often the year.
        if (LastYear().IsMatch(expression) && previous is { Granularity: Granularity.Quarter }
            && (reportedQuarter ?? previous) is { Start: { } rq } period && PossessiveAfter().IsMatch(text[span.End..Math.Min(text.Length, span.End + 3)]))
        {
            var t = Timex.Quarter(rq.Year - 1, (rq.Month - 1) / 3 + 1);
            return new Normalization(t, null, true, true, [$"'{expression}'s' figure, in a report on {period.Value}: that quarter a year back, {t.Value}."], []);
        }
        // "The percentage change is since year-end": a change is counted from a point, the last year's end before publication.
        if (published is { } yp && YearEnd().IsMatch(expression) && SinceBefore().IsMatch(text[Math.Max(0, span.Start - 10)..span.Start]))
        {
            var yearEnd = new DateOnly(yp.Month == 12 && yp.Day == 31 ? yp.Year : yp.Year - 1, 12, 31);
            return new Normalization(Timex.Day(yearEnd), null, true, false, [$"'since {expression}' counts from the last year's end before publication ({yp:yyyy-MM-dd}): {yearEnd:yyyy-MM-dd}."], []);
        }
        // "in a year or two", "in a few years": an unspecified future.
        if (VagueSpan().IsMatch(expression)
            && InOrWithinCommaBefore().IsMatch(text[Math.Max(0, span.Start - 10)..span.Start]))
            return new Normalization(Timex.Reference("FUTURE_REF"), null, true, false, [$"'in {expression}' is a vague time ahead: FUTURE_REF."], []);
        // A span of time whose direction stands after it ("a year" + "earlier") or, in an outlook, "in" before it
        // ("would be redeemed in five years"): a date counted from publication or the date before it.
        if (SpanOfTime().IsMatch(expression))
        {
            var direction = DirectionAfter().Match(text[span.End..Math.Min(text.Length, span.End + 20)]);
            var within = clause == Tense.Future && InOrWithinBefore().IsMatch(text[Math.Max(0, span.Start - 10)..span.Start]);
            if (direction.Success || within)
            {
                var read = expression + " " + (direction.Success ? direction.Groups["w"].Value : "from now");
                var n = Normalize(read, published, clause, reference, previous, reportedQuarter);
                if (n.Value is not null)
                    return n with { Steps = n.Steps.Insert(0, direction.Success ? $"The word after '{expression}' gives its direction: read as '{read}'." : $"'in {expression}' in a statement about the future: read as '{read}'.") };
            }
        }
        return Normalize(expression, published, clause, reference, previous, reportedQuarter);
    }

    [GeneratedRegex(@"\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedQuarter();

    [GeneratedRegex(@"\b(?:quarter|period)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterWithoutNumber();

    [GeneratedRegex(@"^\s*,\s*(?:the|its)\s+(?:fiscal\s+)?(?<n>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\b", RegexOptions.IgnoreCase)]
    private static partial Regex AppositiveQuarter();

    [GeneratedRegex(@"^(?:the\s+)?(?:year[\s-]end|year's\s+end|end\s+of\s+the\s+year)$", RegexOptions.IgnoreCase)]
    private static partial Regex YearEnd();

    [GeneratedRegex(@"\bsince\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex SinceBefore();

    // What makes a period a year back: "the year-ago quarter", "the 1988 period", "the quarter a year earlier".
    [GeneratedRegex(@"\b(?:year-ago|year-earlier|ago|earlier|last\s+year|previous\s+year|prior\s+year|(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearBack();

    [GeneratedRegex(@"\b(?:quarter|period)\s*,?\s+(?:which\s+|that\s+)?(?:ended|ending|through)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex EndedBefore();

    [GeneratedRegex(@"^last\s+year$", RegexOptions.IgnoreCase)]
    private static partial Regex LastYear();

    [GeneratedRegex(@"^['’]s\b", RegexOptions.IgnoreCase)]
    private static partial Regex PossessiveAfter();

    // "third-quarter profit rose", "for the fiscal second quarter of $8.6 million": a quarter whose results follow.
    [GeneratedRegex(@"^\s*(?:net\s+income|net|profit|earnings|income|loss|sales|revenue|results|operating|per-share|of\s+\$)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResultsAfter();

    [GeneratedRegex(@"^(?:in\s+)?(?:that|the\s+same|that\s+same)\s+quarter$", RegexOptions.IgnoreCase)]
    private static partial Regex ThatQuarter();

    [GeneratedRegex(@"^\s*,?\s*(?:the\s+|its\s+)?(?:(?:which|that)\s+)?(?:ended|ending)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex InApposition();

    // "Oct. 31", "the second quarter": a day of a named month or a numbered quarter, and no year, no "this/next".
    [GeneratedRegex(@"^(?!.*\b(?:19|20)\d{2}\b)(?!.*\b(?:this|next|current|last)\b)(?:.*\b" + MonthPattern + @"\s*\d{1,2}\b.*|.*\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex NamedWithoutYear();

    [GeneratedRegex(@"^,?\s+(?:which\s+)?(?:ended|ending|that\s+ended)\s+(?<date>" + MonthPattern + @"\s*\d{1,2}(?:,\s*\d{4})?)", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterEnded();

    [GeneratedRegex(@"^(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+day$", RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalDay();

    // Not any "is": "Tuesday is the second day of the talks" is Tuesday.
    [GeneratedRegex(@"\b(?:today\s+is|it's|it\s+is|this\s+is|today\s+marks?)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsNowBefore();

    [GeneratedRegex(@"^(?:(?:just|only|some|about|nearly|almost|roughly|around)\s+)?" + NumberPattern + @"\s+(?:day|week|month|year)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex SpanOfTime();

    [GeneratedRegex(@"^\s+(?<w>earlier|ago|later|before|after|from\s+now)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DirectionAfter();

    /// <summary>
    /// The dates the prose tagger finds in <paramref name="text"/> that start before <paramref name="end"/>, each read
    /// where it stands, after the ones before it: what hover and inlay hints show. One tagging of the text.
    /// </summary>
    public static IReadOnlyList<(TaggedExpression Expression, Normalization Normalization)> ReadTaggedDates(string text, int end, DateOnly? published,
        CancellationToken cancellationToken = default)
    {
        var found = TemporalTagger.Find(text).TakeWhile(e => e.Span.Start < end).ToList();
        // An editor request stops between two dates when it is cancelled (a long article holds thousands).
        return found.Zip(NormalizeInText(text, found.Select(e => { cancellationToken.ThrowIfCancellationRequested(); return e.Span; }), published)).ToList();
    }

    /// <summary>
    /// Normalizes the expression at <paramref name="span"/>, which need not be one the tagger finds, as a reader of the
    /// whole text would: the dates the prose tagger finds before it are read first, in order (`corpuslsp date --in`).
    /// </summary>
    public static Normalization NormalizeAt(string text, TextSpan span, DateOnly? published)
    {
        var before = TemporalTagger.Find(text).Select(e => e.Span).Where(s => s.End <= span.Start);
        return NormalizeInText(text, before.Append(span), published)[^1];
    }

    /// <summary>
    /// Normalizes the expressions of one text in reading order, each anchored to the last date before it (a duration
    /// or a reference word such as PAST_REF anchors nothing); the first recent quarter named is the one the text reports on,
    /// until the results of another completed quarter are given.
    /// </summary>
    public static IReadOnlyList<Normalization> NormalizeInText(string text, IEnumerable<TextSpan> spans, DateOnly? published)
    {
        var results = new List<Normalization>();
        Timex? previous = null, reportedQuarter = null, lastQuarter = null;
        TextSpan? previousSpan = null;
        var previousIsYearBack = false;
        foreach (var span in spans)
        {
            // "That quarter" points back to the last quarter named, even when a day ("ended Oct. 31") came after it.
            var anchor = lastQuarter is not null && ThatQuarter().IsMatch(text[span.Start..span.End]) ? lastQuarter : previous;
            var n = NormalizeInText(text, span, published, anchor, reportedQuarter);
            var shiftedBack = false;
            // "In the year-ago quarter, the second quarter ended Oct. 31, …": right after a period a year before the one
            // it would otherwise get (in apposition, or as the day it ended), a quarter or a day named without a year
            // belongs to that period's year. Not across clauses: "…; a flat second quarter preceded it" is this year's; and
            // only after a period its words put a year back: "the fiscal fourth quarter ended Jan. 31" (a report in
            // February) ended this January.
            if (previous is { Granularity: Granularity.Quarter or Granularity.Year, Start: { } ps }
                && previousSpan is { } prevSpan && prevSpan.End <= span.Start && InApposition().IsMatch(text[prevSpan.End..span.Start])
                && previousIsYearBack
                && n.Value is { Granularity: Granularity.Quarter or Granularity.Day, Start: { } ns } && ns.Year == ps.Year + 1
                && NamedWithoutYear().IsMatch(text[span.Start..span.End]))
            {
                var back = n.Value.Granularity == Granularity.Quarter ? Timex.Quarter(ps.Year, (ns.Month - 1) / 3 + 1) : Timex.Day(ns.AddYears(-1));
                n = n with { Value = back, Steps = n.Steps.Add($"Right after {previous.Value}, a period a year earlier, it is of {ps.Year}: {back.Value}.") };
                shiftedBack = true;
            }
            previousSpan = span;
            previousIsYearBack = shiftedBack || YearBack().IsMatch(text[span.Start..span.End]);
            if (n.Value is { Granularity: Granularity.Quarter } quarter) lastQuarter = quarter;
            // "The fiscal first quarter ended Sept. 30": the day names the quarter's end; the quarter stays what the text is
            // about, so "a year ago" after it is that quarter a year back.
            var endOfQuarter = previous is { Granularity: Granularity.Quarter } && EndedBefore().IsMatch(text[Math.Max(0, span.Start - 30)..span.Start]);
            if (n.Value is { Granularity: not (Granularity.Reference or Granularity.Duration) } v && !endOfQuarter) previous = v;
            // An earnings report names its quarter first; a quarter years back ("the third quarter of 1984") is a comparison.
            // A story on several companies moves on to another report where a completed quarter's results follow its name
            // ("National Intergroup posted net income for the fiscal second quarter of $8.6 million").
            if (n.Value is { Granularity: Granularity.Quarter, Start: { } qs, End: { } qe } q && published is { } p && qs <= p && qs > p.AddMonths(-15)
                && (reportedQuarter is null || (qe < p && NumberedQuarter().IsMatch(text[span.Start..span.End]) && ResultsAfter().IsMatch(text[span.End..Math.Min(text.Length, span.End + 30)]))))
                reportedQuarter = q;
            results.Add(n);
        }
        return results;
    }
}
