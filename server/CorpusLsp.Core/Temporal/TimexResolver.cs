using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CorpusLsp.Core.Temporal;

/// <summary>What an underspecified value is resolved against: publication, the clause's tense, the last date the text
/// mentioned before the expression, and the event it is relative to (a sidecar's `relativeTo`).</summary>
public sealed record ResolveContext(DateOnly? Published, Tense Tense, Timex? Previous, DateOnly? Reference)
{
    /// <summary>The quarter an earnings report is about (the first recent one the text names): what "the quarter" refers to.</summary>
    public Timex? ReportedQuarter { get; init; }
}

/// <summary>
/// The one resolver of the rule table's value templates. A template is an operation and its arguments, the rule's
/// captured slots filled in: `day dct -1`, `shift dct - 14 D`, `shift anchor + 1 Y`, `weekday Tuesday tense`,
/// `unit W -1`, `month 3 tense`, `monthyear 3 2011`, `previous + 1 D`, `same D`, `weekend before`, `holiday easter+0 tense`,
/// `season WI 0`, `ref FUTURE_REF`, `duration 5 M`, `decade 1990`, `century 20`, `year 1990`, `quarter 3 tense`,
/// `quarter the back`, `yearearlier`.
/// </summary>
public static partial class TimexResolver
{
    internal static Normalization Resolve(RuleMatch match, ResolveContext context, Explanation steps)
    {
        var (op, rest) = match.Operation(Fill);
        return op switch
        {
            "day" => FromPublication(context, steps, p => DayShift(p, Int(rest[1]), steps)),
            "shift" => Shift(rest, context, steps),
            "weekday" => Weekday(rest, context, steps),
            "unit" => FromPublication(context, steps, p => Unit(p, rest[0], Int(rest[1]), steps)),
            "month" => FromPublication(context, steps, p => Month(p, Int(rest[0]), rest[1], context.Tense, steps)),
            "monthyear" => Done(Timex.Month(Int(rest[1]), Int(rest[0])), steps, $"A month and its year: {rest[1]}-{Int(rest[0]):00}.", relative: false),
            "previous" => Previous(rest, context, steps),
            "same" => Same(rest[0], context, steps),
            "weekend" => FromPublication(context, steps, p => Weekend(p, rest[0], context.Tense, steps)),
            "holiday" => FromPublication(context, steps, p => Holiday(p, rest[0], rest[1], context.Tense, steps)),
            "season" => FromPublication(context, steps, p => Season(p, rest[0], Int(rest[1]), steps)),
            "seasonyear" => Done(Timex.Season(Int(rest[1]), rest[0]), steps, $"A season and its year: {rest[1]}-{rest[0]}.", relative: false),
            "ref" => Done(Timex.Reference(rest[0]), steps, $"A reference to {(rest[0] == "PAST_REF" ? "the past" : rest[0] == "FUTURE_REF" ? "the future" : "the present")}: {rest[0]}.", relative: true),
            "duration" => Duration(rest[0], rest[1], steps),
            "decade" => Done(Timex.Decade(Int(rest[0])), steps, $"A decade: {Timex.Decade(Int(rest[0])).Value} ({rest[0]}–{Int(rest[0]) + 9}).", relative: false),
            "year" => Done(Timex.Year(Int(rest[0])), steps, $"A year: {rest[0]}.", relative: false),
            "quarter" => FromPublication(context, steps, p => Quarter(p, rest[0], rest[1], context, steps)),
            "yearearlier" => YearEarlierOf(context, steps),
            "century" => Done(Timex.Century(Int(rest[0])), steps, $"The century numbered {rest[0]}: {Timex.Century(Int(rest[0])).Value} (TIMEX3 counts its hundreds).", relative: false),
            _ => Fail(steps, $"The rule's value '{match.Filled(Fill)}' names no operation the resolver knows."),
        };
    }

    /// <summary>The template with each `{slot}` (or `{slot|default}`) replaced by the slot's captured value, or the default.</summary>
    private static string Fill(string template, ImmutableDictionary<string, string> slots)
    {
        var filled = new System.Text.StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var close = template[i] == '{' ? template.IndexOf('}', i) : -1;
            if (close < 0) { filled.Append(template[i]); continue; }
            var (slot, fallback) = template[(i + 1)..close].Split('|') is [var s, var d] ? (s, d) : (template[(i + 1)..close], "{" + template[(i + 1)..close] + "}");
            filled.Append(slots.TryGetValue(slot, out var value) ? value : fallback);
            i = close;
        }
        return filled.ToString();
    }

    internal static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static Normalization FromPublication(ResolveContext context, Explanation steps, Func<DateOnly, Normalization> resolve)
    {
        if (context.Published is { } p) return resolve(p);
        steps.Add("The expression is relative and there is no publication date to resolve it against.");
        return new Normalization(null, null, true, false, steps.ToImmutable(), []);
    }

    private static Normalization Done(Timex? t, Explanation steps, string why, bool relative, bool anchored = false, DayOfWeek? weekday = null)
    {
        steps.Add(why);
        return new Normalization(t, weekday, relative, anchored, steps.ToImmutable(), []);
    }

    /// <summary>As above, the step's text made only when the steps are kept.</summary>
    private static Normalization Done(Timex? t, Explanation steps, [InterpolatedStringHandlerArgument("steps")] ref StepHandler why, bool relative, bool anchored = false,
        DayOfWeek? weekday = null)
    {
        steps.Add(ref why);
        return new Normalization(t, weekday, relative, anchored, steps.ToImmutable(), []);
    }

    private static Normalization Fail(Explanation steps, string why) => Done(null, steps, why, relative: true);

    private static Normalization Fail(Explanation steps, [InterpolatedStringHandlerArgument("steps")] ref StepHandler why)
    {
        steps.Add(ref why);
        return new Normalization(null, null, true, false, steps.ToImmutable(), []);
    }

    private static Normalization DayShift(DateOnly p, int days, Explanation steps)
    {
        var d = p.AddDays(days);
        return Done(Timex.Day(d), steps, $"Publication day ({p:yyyy-MM-dd}){(days == 0 ? "" : $" {days:+0;-0} day")}: {d:yyyy-MM-dd} ({d.DayOfWeek}).", relative: true);
    }

    /// <summary>`shift dct|anchor|previous +|- N UNIT`: N units from publication, or from the event the expression is relative to,
    /// else the last date mentioned (`previous`: at the unit's precision, a year too), else publication. A vague N ("several years ago") only points into the past.</summary>
    private static Normalization Shift(string[] a, ResolveContext context, Explanation steps)
    {
        var fromPublication = a[0] == "dct";
        var anchor = fromPublication ? TimexOf(context.Published) : context.Reference is { } r ? Timex.Day(r)
            : (a[0] == "previous" ? PreviousOfUnit(context, a[3]) : UsableAnchor(context, a[3])) ?? TimexOf(context.Published);
        if (anchor?.Start is not { } start) return Fail(steps, "The expression counts from a date, and there is none to count from.");
        var sign = a[1] == "-" ? -1 : 1;
        var (count, unit) = Unit(a[3]);
        if (a[2] == "X")
            return fromPublication && sign < 0 ? Done(Timex.Reference("PAST_REF"), steps, "Not a definite number; it points into the past: PAST_REF.", relative: true)
                : Fail(steps, "Not a definite number; the expression is vague.");
        var n = Int(a[2]) * count * sign;
        var shifted = TimexArithmetic.Shift(anchor, start, n, unit, context.Previous, context.Published);
        var of = fromPublication ? $"publication ({start:yyyy-MM-dd})" : $"{anchor.Value}, the date it counts from";
        return Done(shifted, steps, $"{Math.Abs(n)} {UnitName(unit)}(s) {(sign < 0 ? "before" : "after")} {of}: {shifted.Value}.", relative: true, anchored: !fromPublication);
    }

    /// <summary>The last date mentioned, when a span of this unit counts from it: any span from a day, months and years
    /// from a month ("two days later" after a year, or "a year earlier" after one, counts from publication).</summary>
    private static Timex? UsableAnchor(ResolveContext context, string unit) => context.Previous switch
    {
        { Granularity: Granularity.Day, Start: not null } p => p,
        { Granularity: Granularity.Month, Start: not null } p when unit[^1] is 'M' or 'Y' => p,
        _ => null,
    };

    /// <summary>`shift previous`: the last date mentioned, at the unit's precision or finer ("the following year" after "in
    /// 2008" is 2009; "the following month" after a year is not known from it).</summary>
    private static Timex? PreviousOfUnit(ResolveContext context, string unit) => context.Previous switch
    {
        { Start: not null, Granularity: Granularity.Day } p => p,
        { Start: not null, Granularity: Granularity.Week } p when unit[^1] is 'W' => p,
        { Start: not null, Granularity: Granularity.Month } p when unit[^1] is 'M' or 'Y' => p,
        { Start: not null, Granularity: Granularity.Year } p when unit[^1] is 'Y' => p,
        _ => null,
    };

    private static Timex? TimexOf(DateOnly? d) => d is { } day ? Timex.Day(day) : null;

    internal static (int Count, char Unit) Unit(string code) =>
        code.Length > 1 ? (Int(code[..^1]), code[^1]) : (1, code[0]);

    internal static string UnitName(char unit) => unit switch { 'D' => "day", 'W' => "week", 'M' => "month", _ => "year" };

    private static Normalization Weekday(string[] a, ResolveContext context, Explanation steps)
    {
        var wd = WeekdayNamed(a[0]);
        if (context.Published is not { } p)
            return Done(null, steps, "The weekday is relative and there is no publication date to resolve it against.", relative: true, weekday: wd);
        var mode = a[1] is "before" or "after" or "future" ? a[1] : context.Tense == Tense.Future ? "tense future" : "tense past";
        var d = mode switch
        {
            "before" => TemporalNormalizer.Previous(p, wd, inclusive: false),
            "after" => TemporalNormalizer.Next(p, wd, inclusive: false),
            "future" or "tense future" => TemporalNormalizer.Next(p, wd, inclusive: true),
            _ => TemporalNormalizer.Previous(p, wd, inclusive: true),
        };
        steps.Add($"{WeekdayWhy(mode, wd, p)}: {d:yyyy-MM-dd}.");
        ImmutableArray<DateOnly> also = [];
        if (a.Length > 2 && a[2] == "midnight")
        {
            also = [d.AddDays(1)];
            steps.Add($"Midnight on {wd} is the boundary between {d:yyyy-MM-dd} and {d.AddDays(1):yyyy-MM-dd}; either date is accepted.");
        }
        return new Normalization(Timex.Day(d), wd, true, false, steps.ToImmutable(), also);
    }

    /// <summary>The weekday the lexicon's value names ("Tuesday"): Enum.Parse was ~300 instructions of every weekday resolved.</summary>
    private static DayOfWeek WeekdayNamed(string name) => name switch
    {
        "Sunday" => DayOfWeek.Sunday, "Monday" => DayOfWeek.Monday, "Tuesday" => DayOfWeek.Tuesday, "Wednesday" => DayOfWeek.Wednesday,
        "Thursday" => DayOfWeek.Thursday, "Friday" => DayOfWeek.Friday, "Saturday" => DayOfWeek.Saturday, _ => Enum.Parse<DayOfWeek>(name),
    };

    private static string WeekdayWhy(string mode, DayOfWeek wd, DateOnly p) => mode switch
    {
        "before" => $"'last {wd}' is the latest {wd} before publication ({p:yyyy-MM-dd} is a {p.DayOfWeek})",
        "after" => $"'next {wd}' is the first {wd} after publication ({p:yyyy-MM-dd}, a {p.DayOfWeek})",
        "future" => $"It looks ahead: the next {wd} from publication ({p:yyyy-MM-dd}, a {p.DayOfWeek})",
        "tense future" => $"In a future-tense statement a bare weekday is the next {wd} on or after publication ({p:yyyy-MM-dd}, a {p.DayOfWeek})",
        _ => $"In a past-tense report a bare weekday is the latest {wd} on or before publication ({p:yyyy-MM-dd}, a {p.DayOfWeek})",
    };

    private static Normalization Unit(DateOnly p, string code, int shift, Explanation steps)
    {
        var t = code switch
        {
            "D" => Timex.Day(p.AddDays(shift)),
            "10Y" => Timex.Decade(p.Year / 10 * 10 + 10 * shift),
            "W" => Timex.Week(p.AddDays(7 * shift)),
            "M" => Timex.Month(p.AddMonths(shift).Year, p.AddMonths(shift).Month),
            _ => Timex.Year(p.Year + shift),
        };
        var which = shift switch { 0 => "the", < 0 => $"{-shift} before the", _ => $"{shift} after the" };
        return Done(t, steps, $"The {(code == "10Y" ? "decade" : UnitName(code[^1]))} {which} one of publication ({p:yyyy-MM-dd}): {t.Value}.", relative: true);
    }

    /// <summary>A month without a year: `this` keeps publication's year, `past` the latest such month up to publication,
    /// `future` the next from it; `tense` the one closest to publication, the way the clause points counting less.</summary>
    private static Normalization Month(DateOnly p, int month, string mode, Tense tense, Explanation steps)
    {
        var year = mode switch
        {
            "this" => p.Year,
            "past" => month > p.Month ? p.Year - 1 : p.Year,
            "future" => month < p.Month ? p.Year + 1 : p.Year,
            _ => new[] { p.Year - 1, p.Year, p.Year + 1 }.OrderBy(y => TemporalNormalizer.Weighted(y * 12 + month - (p.Year * 12 + p.Month), tense)).ThenBy(y => y).First(),
        };
        var t = Timex.Month(year, month);
        return Done(t, steps, $"A month without a year, {(mode == "tense" ? "the one closest to publication" : mode == "past" ? "the latest up to publication" : mode == "future" ? "the next from publication" : "in the year of publication")} ({p:yyyy-MM-dd}): {t.Value}.", relative: true);
    }

    /// <summary>`previous +|- N D`: days from the last day mentioned ("the day before", "the following day").</summary>
    private static Normalization Previous(string[] a, ResolveContext context, Explanation steps)
    {
        if (context.Previous is not { Granularity: Granularity.Day, Start: { } d } previous)
            return Done(null, steps, "It counts from a day mentioned earlier, and there is none before it.", relative: true, anchored: true);
        var n = Int(a[1]) * (a[0] == "-" ? -1 : 1);
        var t = Timex.Day(d.AddDays(n));
        return Done(t, steps, $"{Math.Abs(n)} day(s) {(n < 0 ? "before" : "after")} the day just mentioned ({previous.Value}): {t.Value}.", relative: true, anchored: true);
    }

    /// <summary>`same D|W|M|Y`: the day, week, month or year of the last date mentioned ("earlier in the day").</summary>
    private static Normalization Same(string unit, ResolveContext context, Explanation steps)
    {
        var anchor = context.Previous ?? TimexOf(context.Published);
        var t = anchor?.Start is { } a ? TimexArithmetic.At(unit[0], a, anchor) : null;
        return t is null ? Done(null, steps, "It refers back to a date mentioned earlier, and there is none of that precision before it.", relative: true, anchored: true)
            : Done(t, steps, $"The {UnitName(unit[0])} of the last date mentioned ({anchor!.Value}): {t.Value}.", relative: true, anchored: context.Previous is not null);
    }

    private static Normalization Weekend(DateOnly p, string mode, Tense tense, Explanation steps)
    {
        var ahead = mode == "after" || (mode == "tense" && tense == Tense.Future);
        // "next weekend" is the one of next week; "this weekend", said ahead, the coming one.
        var saturday = mode == "after" ? Timex.Week(p.AddDays(7)).Start!.Value.AddDays(5)
            : ahead ? TemporalNormalizer.Next(p, DayOfWeek.Saturday, inclusive: true)
            : TemporalNormalizer.Previous(p.AddDays(p.DayOfWeek == DayOfWeek.Sunday ? -1 : 0), DayOfWeek.Saturday, inclusive: mode != "before" || p.DayOfWeek == DayOfWeek.Sunday);
        var t = Timex.Weekend(saturday);
        return Done(t, steps, $"The weekend {(ahead ? "after" : "before")} publication ({p:yyyy-MM-dd}, a {p.DayOfWeek}): {t.Value}.", relative: true);
    }

    private static Normalization Holiday(DateOnly p, string spec, string mode, Tense tense, Explanation steps)
    {
        var occurrences = new[] { p.Year - 1, p.Year, p.Year + 1 }.Select(y => TemporalNormalizer.HolidayOn(y, spec)).ToList();
        var day = mode switch
        {
            "last" => occurrences.Last(d => d < p),
            "next" => occurrences.First(d => d > p),
            "this" => occurrences[1],
            _ => occurrences.OrderBy(d => TemporalNormalizer.Weighted(d.DayNumber - p.DayNumber, tense)).First(),
        };
        return Done(Timex.Day(day), steps, $"A holiday; {(mode == "tense" ? "the occurrence closest to publication" : $"'{mode}' picks")} {day:yyyy-MM-dd} (publication {p:yyyy-MM-dd}).", relative: true);
    }

    private static Normalization Season(DateOnly p, string code, int shift, Explanation steps)
    {
        var t = Timex.Season(p.Year + shift, code);
        return Done(t, steps, $"A season of the year {(shift == 0 ? "of" : shift < 0 ? "before" : "after")} publication ({p:yyyy}): {t.Value}.", relative: true);
    }

    private static Normalization Duration(string n, string code, Explanation steps)
    {
        var (count, unit) = Unit(code);
        var value = n == "X" ? $"PX{unit}" : $"P{Int(n) * count}{unit}";
        return Done(Timex.Duration(value), steps, $"A duration: {value}.", relative: false);
    }
}
