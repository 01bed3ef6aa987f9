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
        // An expression of none of the shapes the readers below take is read as it is, without its sentence's words.
        if (!Kept.ReadInPlace.Of(expression)) return Normalize(expression, published, clause, reference, previous, reportedQuarter);
        // What stands around the expression is read within its sentence, never across a sentence boundary.
        var sentence = Sentences.Containing(text, span.Start);
        var at = new InText(expression, text[Math.Min(sentence.Start, span.Start)..span.Start], text[span.End..Math.Max(span.End, sentence.End)],
            published, previous, reportedQuarter, clause, reference);
        return YearAfterIt(at) ?? OrdinalDayNow(at) ?? DayFromPrevious(at) ?? QuarterInText(at) ?? SinceYearEnd(at) ?? SpanWithDirection(at)
            ?? Normalize(at.Expression, published, at.Clause, reference, previous, reportedQuarter);
    }

    /// <summary>
    /// Whether a reader of the surroundings may take the expression: each of them first asks for a shape of the
    /// expression alone (below, in their order), and leaves it to <see cref="Normalize"/> when it has none. Most
    /// expressions have none ("on Thursday"); the tests and the sentence's words were ~45 K instructions a pair (issue 19).
    /// </summary>
    private static bool MayReadInPlace(string e) =>
        (NamesMonth().IsMatch(e) && !FourDigitYear().IsMatch(e))                // YearAfterIt
        || OrdinalDay().IsMatch(e)                                              // OrdinalDayNow
        || TheDay().IsMatch(e)                                                  // DayFromPrevious
        || (QuarterWithoutNumber().IsMatch(e) && !NumberedQuarter().IsMatch(e)) // QuarterInText
        || UnnumberedQuarter().IsMatch(e) || LastYear().IsMatch(e)
        || YearEnd().IsMatch(e)                                                 // SinceYearEnd
        || VagueSpan().IsMatch(e) || SpanOfTime().IsMatch(e);                   // SpanWithDirection

    /// <summary><see cref="NormalizeInText(string, TextSpan, DateOnly?, Timex?, Timex?, Tense?, DateOnly?)"/> with the steps made when first read (see <see cref="NormalizeExplainedLater"/>).</summary>
    /// <remarks>Takes the article, not its string: the explanation may be kept for the server's session, and a string
    /// captured there would keep the decoded article that <see cref="SourceText"/> holds only weakly.</remarks>
    internal static Normalization NormalizeInTextExplainedLater(SourceText article, TextSpan span, DateOnly? published, Timex? previous, Tense? tense, DateOnly? reference)
    {
        var n = Explanation.Quietly((text: article.Text, span, published, previous, tense, reference),
            static s => NormalizeInText(s.text, s.span, s.published, s.previous, tense: s.tense, reference: s.reference));
        return n with { Explain = () => NormalizeInText(article.Text, span, published, previous, tense: tense, reference: reference).Steps };
    }

    /// <summary>An expression where it stands: the words of its sentence before and after it, and what it is read against.</summary>
    private sealed record InText(string Expression, string Before, string After, DateOnly? Published, Timex? Previous, Timex? ReportedQuarter, Tense Clause, DateOnly? Reference)
    {
        public Normalization Read(string expression) => Normalize(expression, Published, Clause, Reference, Previous, ReportedQuarter);
    }

    /// <summary>"February this year", "April 24, 1999" when only "April 24" is the expression: the words after give the year.</summary>
    private static Normalization? YearAfterIt(InText at)
    {
        if (!NamesMonth().IsMatch(at.Expression) || FourDigitYear().IsMatch(at.Expression) || YearAfter().Match(at.After) is not { Success: true } year) return null;
        var withYear = at.Expression.TrimEnd('.', ',') + (year.Groups["y"].Success ? ", " + year.Groups["y"].Value : $" {year.Groups["rel"].Value} year");
        var n = at.Read(withYear);
        return n.Value is null ? null : n with { Steps = n.Steps.Insert(0, $"The words after '{at.Expression}' give its year: read as '{withYear}'.") };
    }

    /// <summary>"Today is the eighth day of the siege": an ordinal day that the sentence equates with now is publication day.</summary>
    private static Normalization? OrdinalDayNow(InText at) =>
        at.Published is { } p && OrdinalDay().IsMatch(at.Expression) && IsNowBefore().IsMatch(at.Before)
            ? new Normalization(Timex.Day(p), null, true, false, [$"'{at.Expression}' of something, said to be now: publication day, {p:yyyy-MM-dd}."], [])
            : null;

    /// <summary>
    /// "the day after his death", after the date of the death: a day from the date just mentioned. Not in apposition to
    /// it: "May 3, the day before the vote" is May 3.
    /// </summary>
    private static Normalization? DayFromPrevious(InText at)
    {
        if (at.Previous is not { Granularity: Granularity.Day, Start: { } pd } previous || !TheDay().IsMatch(at.Expression) || NumberCommaBefore().IsMatch(at.Before)
            || AfterOrBefore().Match(at.After) is not { Success: true } side) return null;
        var d = pd.AddDays(side.Groups["w"].Value.Equals("after", StringComparison.OrdinalIgnoreCase) ? 1 : -1);
        return new Normalization(Timex.Day(d), null, true, true, [$"'{at.Expression} {side.Groups["w"].Value}' counts from the day just mentioned ({previous.Value}): {d:yyyy-MM-dd}."], []);
    }

    /// <summary>
    /// Quarters in a report: an apposition that numbers the quarter ("the year-ago quarter, the second quarter ended
    /// Oct. 31"), "the quarter ended July 31", and "last year's $1.5 billion" in a report on a quarter.
    /// </summary>
    private static Normalization? QuarterInText(InText at)
    {
        if (QuarterWithoutNumber().IsMatch(at.Expression) && !NumberedQuarter().IsMatch(at.Expression) && AppositiveQuarter().Match(at.After) is { Success: true } appositive
            && at.Read(at.Expression) is { Value: { Granularity: Granularity.Quarter, Start: { } aq } } own)
        {
            var number = appositive.Groups["n"].Value.ToLowerInvariant() switch { "first" or "1st" => 1, "second" or "2nd" => 2, "third" or "3rd" => 3, _ => 4 };
            var t = Timex.Quarter(aq.Year, number);
            return own with { Value = t, Steps = own.Steps.Add($"The apposition after it ('{appositive.Value.Trim(' ', ',')}') numbers the quarter: {t.Value}.") };
        }
        if (UnnumberedQuarter().IsMatch(at.Expression) && QuarterEnded().Match(at.After) is { Success: true } ended
            && Normalize(ended.Groups["date"].Value, at.Published, Tense.Past) is { Value: { Granularity: Granularity.Day, Start: { } end } } endDay)
        {
            var middle = new DateOnly(end.Year, end.Month, 1).AddMonths(-1);
            var t = Timex.Quarter(middle.Year, (middle.Month - 1) / 3 + 1);
            return new Normalization(t, null, true, false, [.. endDay.Steps, $"'{at.Expression}' ended {end:yyyy-MM-dd}: its middle month is {middle:yyyy-MM}, in {t.Value}."], []);
        }
        // Only the possessive: "compared with a loss last year" is as often the year.
        if (LastYear().IsMatch(at.Expression) && at.Previous is { Granularity: Granularity.Quarter }
            && (at.ReportedQuarter ?? at.Previous) is { Start: { } rq } period && PossessiveAfter().IsMatch(at.After))
        {
            var t = Timex.Quarter(rq.Year - 1, (rq.Month - 1) / 3 + 1);
            return new Normalization(t, null, true, true, [$"'{at.Expression}'s' figure, in a report on {period.Value}: that quarter a year back, {t.Value}."], []);
        }
        return null;
    }

    /// <summary>"The change is since year-end": a change is counted from a point, the last year's end before publication.</summary>
    private static Normalization? SinceYearEnd(InText at)
    {
        if (at.Published is not { } yp || !YearEnd().IsMatch(at.Expression) || !SinceBefore().IsMatch(at.Before)) return null;
        var yearEnd = new DateOnly(yp.Month == 12 && yp.Day == 31 ? yp.Year : yp.Year - 1, 12, 31);
        return new Normalization(Timex.Day(yearEnd), null, true, false, [$"'since {at.Expression}' counts from the last year's end before publication ({yp:yyyy-MM-dd}): {yearEnd:yyyy-MM-dd}."], []);
    }

    /// <summary>
    /// "in a year or two": an unspecified future. A span of time whose direction stands after it ("a year" + "earlier") or,
    /// in an outlook, "in" before it ("would be redeemed in five years"): a date counted from publication or the date before.
    /// </summary>
    private static Normalization? SpanWithDirection(InText at)
    {
        if (VagueSpan().IsMatch(at.Expression) && InOrWithinCommaBefore().IsMatch(at.Before))
            return new Normalization(Timex.Reference("FUTURE_REF"), null, true, false, [$"'in {at.Expression}' is a vague time ahead: FUTURE_REF."], []);
        if (!SpanOfTime().IsMatch(at.Expression)) return null;
        var direction = DirectionAfter().Match(at.After);
        var within = at.Clause == Tense.Future && InOrWithinBefore().IsMatch(at.Before);
        if (!direction.Success && !within) return null;
        var read = at.Expression + " " + (direction.Success ? direction.Groups["w"].Value : "from now");
        var n = at.Read(read);
        return n.Value is null ? null
            : n with { Steps = n.Steps.Insert(0, direction.Success ? $"The word after '{at.Expression}' gives its direction: read as '{read}'." : $"'in {at.Expression}' in a statement about the future: read as '{read}'.") };
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
            // "In the year-ago quarter, the second quarter ended May 31, …": right after a period a year before the one
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
            // "The fiscal first quarter ended June 30": the day names the quarter's end; the quarter stays what the text is
            // about, so "a year ago" after it is that quarter a year back.
            var sentence = Sentences.Containing(text, span.Start);
            var endOfQuarter = previous is { Granularity: Granularity.Quarter } && EndedBefore().IsMatch(text[Math.Min(sentence.Start, span.Start)..span.Start]);
            if (n.Value is { Granularity: not (Granularity.Reference or Granularity.Duration) } v && !endOfQuarter) previous = v;
            // An earnings report names its quarter first; a quarter years back ("the third quarter of 1984") is a comparison.
            // A story on several companies moves on to another report where a completed quarter's results follow its name
            // ("Acme posted net income for the fiscal second quarter of $8 million").
            if (n.Value is { Granularity: Granularity.Quarter, Start: { } qs, End: { } qe } q && published is { } p && qs <= p && qs > p.AddMonths(-15)
                && (reportedQuarter is null || (qe < p && NumberedQuarter().IsMatch(text[span.Start..span.End]) && ResultsAfter().IsMatch(text[span.End..Math.Max(span.End, sentence.End)]))))
                reportedQuarter = q;
            results.Add(n);
        }
        return results;
    }
}
