using System.Globalization;

namespace CorpusLsp.Core.Temporal;

public enum Granularity { Day, Week, Month, Quarter, Season, Half, Year, Decade, Century, Duration, Reference }

/// <summary>A normalized TIMEX3-style value. Dates carry the first day they cover; weeks, months, years their span.</summary>
public sealed record Timex(string Value, Granularity Granularity, DateOnly? Start, DateOnly? End)
{
    public bool Covers(DateOnly date) => Start is { } s && End is { } e && date >= s && date <= e;

    public static Timex Day(DateOnly d) => new(IsoDay(d), Granularity.Day, d, d);

    /// <summary>
    /// The day as the invariant "yyyy-MM-dd" writes it, written digit by digit: the custom format was ~1,100 instructions
    /// a day, and every annotated and resolved date is one (15 K instructions a pair of a `check`, issue 19).
    /// </summary>
    private static string IsoDay(DateOnly d) => string.Create(10, d, static (chars, day) =>
    {
        Digits(chars[..4], day.Year);
        chars[4] = '-';
        Digits(chars.Slice(5, 2), day.Month);
        chars[7] = '-';
        Digits(chars.Slice(8, 2), day.Day);
    });

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
    }
    public static Timex Month(int year, int month) =>
        new(FormattableString.Invariant($"{year:0000}-{month:00}"), Granularity.Month, new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));
    public static Timex Year(int year) => new(year.ToString("0000", CultureInfo.InvariantCulture), Granularity.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
    public static Timex Week(DateOnly anyDay)
    {
        var week = ISOWeek.GetWeekOfYear(anyDay.ToDateTime(TimeOnly.MinValue));
        var year = ISOWeek.GetYear(anyDay.ToDateTime(TimeOnly.MinValue));
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return new(FormattableString.Invariant($"{year:0000}-W{week:00}"), Granularity.Week, monday, monday.AddDays(6));
    }
    public static Timex Duration(string value) => new(value, Granularity.Duration, null, null);
    /// <summary>PRESENT_REF, PAST_REF, FUTURE_REF: TimeML's values for "now", "recently", "in the future".</summary>
    public static Timex Reference(string value) => new(value, Granularity.Reference, null, null);
    public static Timex Quarter(int year, int quarter) =>
        new(FormattableString.Invariant($"{year:0000}-Q{quarter}"), Granularity.Quarter, new DateOnly(year, quarter * 3 - 2, 1), new DateOnly(year, quarter * 3, DateTime.DaysInMonth(year, quarter * 3)));
    public static Timex Season(int year, string code) => new(FormattableString.Invariant($"{year:0000}-{code}"), Granularity.Season,
        code switch { "SP" => new DateOnly(year, 3, 1), "SU" => new DateOnly(year, 6, 1), "FA" => new DateOnly(year, 9, 1), _ => new DateOnly(year, 12, 1) },
        code switch { "SP" => new DateOnly(year, 5, 31), "SU" => new DateOnly(year, 8, 31), "FA" => new DateOnly(year, 11, 30), _ => new DateOnly(year + 1, 2, DateTime.DaysInMonth(year + 1, 2)) });
    /// <summary>TIMEX3 halves: 1989-H1, 1989-H2.</summary>
    public static Timex Half(int year, int half) =>
        new(FormattableString.Invariant($"{year:0000}-H{half}"), Granularity.Half, new DateOnly(year, half == 1 ? 1 : 7, 1), half == 1 ? new DateOnly(year, 6, 30) : new DateOnly(year, 12, 31));
    /// <summary>TIMEX3 decades drop the last digit: the 1990s are "199".</summary>
    public static Timex Decade(int firstYear) =>
        new((firstYear / 10).ToString("000", CultureInfo.InvariantCulture), Granularity.Decade, new DateOnly(firstYear / 10 * 10, 1, 1), new DateOnly(firstYear / 10 * 10 + 9, 12, 31));
    /// <summary>TIMEX3 centuries keep two digits: the 20th century (1900–1999) is "19".</summary>
    public static Timex Century(int ordinal) =>
        new((ordinal - 1).ToString("00", CultureInfo.InvariantCulture), Granularity.Century, new DateOnly(Math.Max(1, (ordinal - 1) * 100), 1, 1), new DateOnly((ordinal - 1) * 100 + 99, 12, 31));
    /// <summary>A day with a clock time or a part of the day (TMO, TAF, TEV, TNI): still covers just that day.</summary>
    public Timex WithTime(string suffix) => Granularity == Granularity.Day ? this with { Value = Value + "T" + suffix } : this;
    public static Timex Weekend(DateOnly saturday)
    {
        var week = Week(saturday);
        return new(week.Value + "-WE", Granularity.Week, saturday, saturday.AddDays(1));
    }

    /// <summary>
    /// A valid "yyyy-MM-dd" of ASCII digits, read by hand: what `DateOnly.TryParseExact(s, "yyyy-MM-dd", invariant)`
    /// accepts (its exact parse takes ASCII digits only and compares the dashes ordinally), without its cost: every
    /// event's date goes through here, and the exact parse opened an ICU collator on its first call (~54 M
    /// instructions, once per process, while the rule table loaded: issue 19).
    /// </summary>
    internal static DateOnly? PlainDay(string s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return null;
        var (y, m, d) = (0, 0, 0);
        for (var i = 0; i < 10; i++)
        {
            if (i is 4 or 7) continue;
            if (!char.IsAsciiDigit(s[i])) return null;
            var digit = s[i] - '0';
            if (i < 4) y = y * 10 + digit; else if (i < 7) m = m * 10 + digit; else d = d * 10 + digit;
        }
        return y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;
    }

    /// <summary>Parses an ISO date as annotators write it: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Wnn. Null when invalid.</summary>
    public static Timex? ParseIso(string s)
    {
        s = s.Trim();
        // The text is the value already (what IsoDay would write again): every annotated date is read so.
        if (PlainDay(s) is { } day) return new Timex(s, Granularity.Day, day, day);
        if (s.Length == 7 && s[4] == '-' && int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y) && int.TryParse(s[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12 && y >= 1)
            return Month(y, m);
        if (s.Length == 7 && s[4] == '-' && s[5] == 'Q' && s[6] is >= '1' and <= '4' && int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var qy) && qy >= 1)
            return Quarter(qy, s[6] - '0');
        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var yy) && yy >= 1) return Year(yy);
        if (s.Length == 8 && s[4] == '-' && s[5] == 'W' && int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var wy)
            && int.TryParse(s[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w >= 1 && w <= ISOWeek.GetWeeksInYear(wy))
            return Week(DateOnly.FromDateTime(ISOWeek.ToDateTime(wy, w, DayOfWeek.Monday)));
        return null;
    }
}
