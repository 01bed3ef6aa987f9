using System.Collections.Immutable;

namespace CorpusLsp.Core.Temporal;

// Quarters and "year-ago" periods as earnings news writes them: the rule table's `quarter` and `yearearlier` values, and
// the normalizer's quarter shapes the table does not hold yet ("this year's third quarter"), resolved in one place.
public static partial class TimexResolver
{
    /// <summary>
    /// `quarter WHICH YEAR`. WHICH: 1–4 (a numbered quarter), `current`, `this` (current when the clause looks ahead, else
    /// as `the`), `previous` (before the last completed), `latest` (the one the text reports on), `that` (the one just
    /// mentioned, else the reported one), `the` (the reported one, else the one just mentioned); either falls back to the
    /// last quarter completed before publication. YEAR: `tense` (a numbered quarter later in the year than publication's is
    /// last year's unless the clause looks ahead), `back` (a year before), `last`/`next`/`this` (of that year), or a year.
    /// </summary>
    internal static Normalization Quarter(DateOnly p, string which, string year, ResolveContext context, Explanation steps)
    {
        var current = (p.Month - 1) / 3 + 1;
        var (y, q, how, anchored) = QuarterOf(p, which, context);
        if (q is < 1 or > 4) return Fail(steps, $"A year has four quarters, not {q}.");
        if (which.Length == 1 && q > current && context.Tense != Tense.Future) (y, how) = (p.Year - 1, "the latest such quarter before publication");
        if (year == "back") (y, how) = (y - 1, how + ", a year back");
        else if (year is "last" or "next" or "this") (y, how) = (p.Year + (year == "last" ? -1 : year == "next" ? 1 : 0), how + $", of {year} year");
        else if (year != "tense") (y, how) = (Int(year), how + $", in {year}");
        var t = Timex.Quarter(y, q);
        return Done(t, steps, $"The quarter is {how}: {t.Value} (publication {p:yyyy-MM-dd} is in Q{current}).", relative: true, anchored: anchored);
    }

    private static (int Year, int Quarter, string How, bool Anchored) QuarterOf(DateOnly p, string which, ResolveContext context)
    {
        var current = (p.Month - 1) / 3 + 1;
        var (lastYear, lastQuarter) = current == 1 ? (p.Year - 1, 4) : (p.Year, current - 1);
        if (which.Length == 1 && char.IsAsciiDigit(which[0])) return (p.Year, which[0] - '0', "that quarter of the year of publication", false);
        if (which == "current" || (which == "this" && context.Tense == Tense.Future)) return (p.Year, current, "the quarter of publication", false);
        if (which == "previous") return lastQuarter == 1 ? (lastYear - 1, 4, "the quarter before the last completed one", false) : (lastYear, lastQuarter - 1, "the quarter before the last completed one", false);
        var reported = context.ReportedQuarter;
        var previous = context.Previous is { Granularity: Granularity.Quarter } pq ? pq : null;
        var anchor = which == "latest" ? reported : which == "that" ? previous ?? reported : reported ?? previous;
        if (anchor?.Start is { } a)
            return (a.Year, (a.Month - 1) / 3 + 1, $"the quarter the text is about ({anchor.Value}{(ReferenceEquals(anchor, reported) ? ", the first it names" : ", just mentioned")})", true);
        return (lastYear, lastQuarter, "the last quarter completed before publication", false);
    }

    /// <summary>`yearearlier` ("year-ago", "the year-earlier period"): after a quarter, that quarter a year back (the same
    /// quarter when it already is a year back); else the year before publication.</summary>
    internal static Normalization YearEarlierOf(ResolveContext context, Explanation steps)
    {
        if (context.Previous is { Granularity: Granularity.Quarter, Start: { } ps } previous)
        {
            var back = context.Published is { } pp && ps.Year < pp.Year - (pp.Month <= 3 ? 1 : 0) ? 0 : 1;
            var t = Timex.Quarter(ps.Year - back, (ps.Month - 1) / 3 + 1);
            return Done(t, steps, $"The same period a year before {previous.Value}: {t.Value}.", relative: true, anchored: true);
        }
        if (context.Published is not { } p) return Fail(steps, "A year before publication, and there is no publication date.");
        return Done(Timex.Year(p.Year - 1), steps, $"A year before publication: {p.Year - 1}.", relative: true);
    }
}
