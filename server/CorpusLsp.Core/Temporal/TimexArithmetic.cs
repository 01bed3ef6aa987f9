namespace CorpusLsp.Core.Temporal;

/// <summary>Calendar arithmetic on values: shifting a date by units, and the unit of a date.</summary>
internal static class TimexArithmetic
{
    /// <summary>
    /// <paramref name="anchor"/> moved by <paramref name="n"/> units. The value has the unit's precision ("two days
    /// earlier" is a day, "a year earlier" a year), except that whole years after a quarter keep it: "a year earlier"
    /// after "the fourth quarter" is that quarter a year back.
    /// </summary>
    public static Timex Shift(Timex anchor, DateOnly start, int n, char unit, Timex? previous, DateOnly? published)
    {
        if (unit == 'Y' && previous is { Granularity: Granularity.Quarter, Start: { } qs } && anchor.Granularity != Granularity.Month)
        {
            // After a quarter already a year back ("a year earlier" twice in a row), it is that same quarter.
            var already = n < 0 && published is { } pq && qs.Year < pq.Year - (pq.Month <= 3 ? 1 : 0);
            return Timex.Quarter(qs.Year + (already ? 0 : n), (qs.Month - 1) / 3 + 1);
        }
        var d = unit switch { 'D' => start.AddDays(n), 'W' => start.AddDays(7 * n), 'M' => start.AddMonths(n), _ => start.AddYears(n) };
        return unit switch { 'D' => Timex.Day(d), 'W' => Timex.Week(d), 'M' => Timex.Month(d.Year, d.Month), _ => Timex.Year(d.Year) };
    }

    /// <summary>The day, week, month, quarter or year holding <paramref name="a"/>, when the anchor is that precise.</summary>
    public static Timex? At(char unit, DateOnly a, Timex anchor) => unit switch
    {
        'D' => anchor.Granularity == Granularity.Day ? Timex.Day(a) : null,
        'W' => anchor.Granularity is Granularity.Day or Granularity.Week ? Timex.Week(a) : null,
        'M' => anchor.Granularity is Granularity.Day or Granularity.Week or Granularity.Month ? Timex.Month(a.Year, a.Month) : null,
        'Q' => anchor.Granularity is Granularity.Day or Granularity.Month or Granularity.Quarter ? Timex.Quarter(a.Year, (a.Month - 1) / 3 + 1) : null,
        _ => anchor.Granularity is Granularity.Decade or Granularity.Century ? null : Timex.Year(a.Year),
    };
}
