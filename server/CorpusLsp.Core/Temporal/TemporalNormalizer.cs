using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// What the clause around an expression says about time: a past report, an announcement, or no verb that tells
/// (then bare weekdays still look back, and a month without a year is the one closest to publication).
/// </summary>
public enum Tense { Past, Future, Unmarked }

/// <summary>The outcome of normalizing one expression: its value, the weekday it names, and why.</summary>
public sealed record Normalization(
    Timex? Value,
    DayOfWeek? NamedWeekday,
    bool IsRelative,
    bool IsAnchoredToPrevious,
    ImmutableArray<string> Steps,
    ImmutableArray<DateOnly> AlsoAcceptable)
{
    private ImmutableArray<string> _steps = Steps;
    private Func<ImmutableArray<string>>? _explain;

    /// <summary>Why the value is what it is, step by step; made when first read for a normalization made quietly.</summary>
    public ImmutableArray<string> Steps
    {
        get
        {
            // Two readers at once both explain: the same steps, and either array will do. The steps are written before
            // the explain is cleared (and read after it), so a reader that finds it cleared finds the steps.
            if (Volatile.Read(ref _explain) is { } explain)
            {
                _steps = explain();
                Volatile.Write(ref _explain, null);
            }
            return _steps;
        }
        init { _steps = value; _explain = null; }
    }

    /// <summary>How the steps of a quiet normalization are made when read: the same normalization, explained.</summary>
    internal Func<ImmutableArray<string>>? Explain { get => _explain; init => _explain = value; }

    public bool Accepts(DateOnly date) => Value?.Covers(date) == true || AlsoAcceptable.Contains(date);
}

/// <summary>
/// Rule-based, news-style normalization against the document creation time (the article's `published`).
/// Past-tense reports resolve a bare weekday to the latest such day on or before publication, future ones
/// to the next on or after. "N days earlier/later" resolves against the reference date the caller passes
/// (the event it is relative to), "ago" against publication.
/// </summary>
public static partial class TemporalNormalizer
{
    /// <summary>The month a lexicon form names ("Sept." → 9).</summary>
    private static int MonthOf(string word) => int.Parse(Lexicon.Default.ValueOf("month", word)!, CultureInfo.InvariantCulture);

    /// <summary>The weekday a lexicon form names ("Thurs." → Thursday).</summary>
    private static DayOfWeek WeekdayOf(string word) => Enum.Parse<DayOfWeek>(Lexicon.Default.ValueOf("weekday", word)!);

    internal const string MonthPattern = @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
    internal const string WeekdayPattern = @"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?";
    internal const string NumberPattern = @"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|several|(?:a\s+)?few)";

    // "Tuesday 28 of May 2024", "25 Feb. 2016", "28th May, 2024"
    [GeneratedRegex(@"^(?:(?<wd>" + WeekdayPattern + @"),?\s+)?(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?<m>" + MonthPattern + @"),?(?:\s+(?<y>\d{4})|\s+(?:of\s+)?(?<rel>this|last|next)\s+year)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();
    // "February 25, 2016", "Feb 12,2020", "Thursday, Feb. 25"
    [GeneratedRegex(@"^(?:(?:(?:this|next|last|this\s+coming|this\s+past|on)\s+)?(?<wd>" + WeekdayPattern + @"),?\s+)?(?<m>" + MonthPattern + @")\s*(?<d>\d{1,2})(?:st|nd|rd|th)?(?:(?:\s*,\s*|\s+)?(?<y>\d{4})|,?\s+(?:of\s+)?(?<rel>this|last|next)\s+year)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();
    [GeneratedRegex(@"^(?:(?<prep>in|since|until|by|from|during|last|this|next|early|late|mid|earlier\s+in|later\s+in)[\s-]+)?(?<m>" + MonthPattern + @")(?:,?\s+(?<y>\d{4})|\s+(?:of\s+)?(?<rel>this|last|next)\s+year)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthYear();
    [GeneratedRegex(@"^(?:(?:in|since|until|by|the|of|early|late|mid|year|post|pre)[\s-]+)*(?<y>(?:19|20)\d{2})(?:\s+\w+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex YearOnly();
    [GeneratedRegex(@"^(?:for\s+)?(?:nearly|almost|about|over|more\s+than|some)?\s*(?<n>" + NumberPattern + @")\s+(?<u>day|week|month|year)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex PlainDuration();

    /// <param name="previous">The last date mentioned before this expression, if known: "a year earlier" after "the third quarter" means a quarter.</param>
    /// <param name="reportedQuarter">The quarter the text reports on (the first recent quarter it names, or the last whose results it gives): what "the quarter" and "the 1988 period" refer to.</param>
    public static Normalization Normalize(string expression, DateOnly? published, Tense tense = Tense.Past, DateOnly? reference = null, Timex? previous = null, Timex? reportedQuarter = null)
    {
        try { return NormalizeCore(expression, published, tense, reference, previous, reportedQuarter is { Granularity: Granularity.Quarter } ? reportedQuarter : null); }
        catch (ArgumentOutOfRangeException)
        {
            // Arithmetic past year 1 or 9999: a date the calendar cannot hold is "not understood", never a crash.
            return new Normalization(null, null, false, false, [$"'{expression}' leads outside the calendar's range (years 1 to 9999)."], []);
        }
    }

    /// <summary>
    /// <see cref="Normalize"/> for a caller that reads the value and seldom the steps (the checker): the steps are made
    /// when first read, by normalizing again.
    /// </summary>
    internal static Normalization NormalizeExplainedLater(string expression, DateOnly? published, Tense tense, DateOnly? reference = null, Timex? previous = null)
    {
        var n = Explanation.Quietly((expression, published, tense, reference, previous), static s => Normalize(s.expression, s.published, s.tense, s.reference, s.previous));
        return n with { Explain = () => Normalize(expression, published, tense, reference, previous).Steps };
    }

    private static Normalization NormalizeCore(string expression, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Timex? reportedQuarter = null)
    {
        var steps = new Explanation();
        var trimmed = expression.Trim().TrimEnd(TrailingPunctuation);
        var written = SpacedSingly(trimmed) ? trimmed : Whitespace().Replace(trimmed, " ");
        var e = written.AsSpan().IndexOfAny('\'', '’') < 0 ? written : PossessiveS().Replace(written, "");
        if (Timex.ParseIso(e) is { } iso)
        {
            steps.Add($"'{e}' is an ISO date: {iso.Value}.");
            return Result(iso, null, false, false, steps);
        }
        var digits = WrittenNumbersToDigits(e);
        if (!string.Equals(digits, e, StringComparison.Ordinal))
        {
            steps.Add($"Written-out numbers read as '{digits}'.");
            e = digits;
        }
        // A lexicon form may hold a possessive ("New Year's Day", "Valentine's Day"): the words as written are tried too.
        if ((RuleTable.Default.MatchWhole(e) ?? (written == e ? null : RuleTable.Default.MatchWhole(written))) is { } rule)
        {
            var n = TimexResolver.Resolve(rule, new ResolveContext(published, tense, previous, reference) { ReportedQuarter = reportedQuarter }, steps);
            if (!steps.Enabled) return n;
            return n with { Steps = n.Steps.SetItem(n.Steps.Length - 1, $"{n.Steps[^1]} (rule '{rule.Rule.Name}' of the rule table: {rule.Rule.Pattern})") };
        }
        var readers = Kept.AnsweringReaders.OfKept(e, Readers.All);
        return (readers.HasFlag(Readers.MonthShapes) ? MonthShapes(e, published, tense, steps) : null)
            ?? (readers.HasFlag(Readers.Special) ? Special(e, published, tense, previous, reportedQuarter, steps) : null)
            ?? (readers.HasFlag(Readers.Discourse) ? Discourse(e, published, tense, reference, previous, steps) : null)
            ?? Shapes(e, published, tense, previous, steps)
            ?? WithoutPreposition(e, published, tense, reference, previous, steps)
            ?? NotKnown(expression, steps);
    }

    /// <summary>The readers below that may answer an expression: each answers only when one of its patterns matches the words.</summary>
    [Flags]
    private enum Readers { None = 0, MonthShapes = 1, Special = 2, Discourse = 4, All = MonthShapes | Special | Discourse }

    /// <summary>
    /// Which readers may answer <paramref name="e"/>, by the patterns their answers depend on (each returns null when none
    /// of its own matches, whatever the context): kept per expression, so that an expression the rule table does not read
    /// ("the 2018 deal") is not matched against some thirty patterns again for every date it stands for (~40 K
    /// instructions each time, issue 19). A pattern added to one of these readers must be added here.
    /// </summary>
    private static Readers ReadersOf(string e)
    {
        var readers = Readers.None;
        if (DayMonthYear().IsMatch(e) || MonthDayYear().IsMatch(e) || MonthYear().IsMatch(e)) readers |= Readers.MonthShapes;
        if (Lexicon.Default.Contains("present", e) || Lexicon.Default.Contains("past", e) || Lexicon.Default.Contains("future", e)
            || (e.Length == 8 && e.All(char.IsDigit)) || FiscalYear().IsMatch(e) || PartOfYear().IsMatch(e) || LatestYear().IsMatch(e)
            || TheYear().IsMatch(e) || TheMonth().IsMatch(e) || TheDay().IsMatch(e) || QuarterExpr().IsMatch(e))
            readers |= Readers.Special;
        if (MayReadInDiscourse(e)) readers |= Readers.Discourse;
        return readers;
    }

    /// <summary>
    /// Days of a named month and months, with or without a year: read before the second-tier rules, none of which reads
    /// an expression of these shapes (a weekday, a month, a day number, a year and the prepositions before them), so that
    /// the most common absolute dates do not try some forty patterns first.
    /// </summary>
    private static Normalization? MonthShapes(string e, DateOnly? published, Tense tense, Explanation steps)
    {
        var m = DayMonthYear().Match(e);
        if (!m.Success) m = MonthDayYear().Match(e);
        if (m.Success) return AbsoluteDay(m, published, tense, steps);
        m = MonthYear().Match(e);
        return m.Success ? MonthOrMonthYear(m, e, published, tense, steps) : null;
    }

    /// <summary>Years, spans of time, and "the year-ago period".</summary>
    private static Normalization? Shapes(string e, DateOnly? published, Tense tense, Timex? previous, Explanation steps)
    {
        var m = YearOnly().Match(e);
        if (m.Success)
        {
            var t = Timex.Year(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture));
            steps.Add($"A year: {t.Value}.");
            return Result(t, null, false, false, steps);
        }
        m = PlainDuration().Match(e);
        if (m.Success)
        {
            var n = ParseNumber(m.Groups["n"].Value);
            var unit = m.Groups["u"].Value.ToUpperInvariant()[0];
            var value = n < 0 ? $"PX{unit}" : $"P{n}{unit}";
            steps.Add($"A duration: {value}.");
            return Result(Timex.Duration(value), null, false, false, steps);
        }
        return YearEarlier(e, published, previous, steps);
    }

    /// <summary>"the year-ago period": the resolver's `yearearlier`.</summary>
    private static Normalization? YearEarlier(string e, DateOnly? published, Timex? previous, Explanation steps) =>
        YearEarlierPeriod().IsMatch(e) && (published is not null || previous is { Granularity: Granularity.Quarter })
            ? TimexResolver.YearEarlierOf(new ResolveContext(published, Tense.Past, previous, null), steps) : null;

    /// <summary>
    /// "on June 2", "until the end of May": read without its leading preposition, which only says which way to look
    /// ("until", "by" ahead; "since" back), as TenseGuesser reads it in a text.
    /// </summary>
    private static Normalization? WithoutPreposition(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps)
    {
        var tokens = TimexToken.Split(e, 0, e.Length);
        if (tokens.Count < 2 || !Lexicon.Default.TryMatch("preposition", tokens, 0, prose: false, out _, out var length) || length >= tokens.Count) return null;
        var word = tokens[0].Key;
        var rest = e[tokens[length].Start..];
        var way = word is "until" or "till" or "by" ? Tense.Future : word == "since" ? Tense.Past : tense;
        var n = NormalizeCore(rest, published, way, reference, previous);
        if (n.Value is null) return null;
        steps.Add($"'{word}' only says which way '{rest}' lies.");
        return n with { Steps = steps.ToImmutable().AddRange(n.Steps) };
    }

    /// <summary>A month with its year, or without one: the year publication, the preposition and the tense point to.</summary>
    private static Normalization MonthOrMonthYear(Match m, string e, DateOnly? published, Tense tense, Explanation steps)
    {
        var month = MonthOf(m.Groups["m"].Value);
        if (m.Groups["y"].Success)
        {
            var t = Timex.Month(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month);
            steps.Add($"Month and year: {t.Value}.");
            return Result(t, null, false, false, steps);
        }
        if (published is not { } p) return NeedsAnchor(steps, e);
        if (m.Groups["rel"].Success)
        {
            var rel = m.Groups["rel"].Value.ToLowerInvariant();
            var ty = Timex.Month(p.Year + (rel == "last" ? -1 : rel == "next" ? 1 : 0), month);
            steps.Add($"A month of {rel} year, counted from publication ({p:yyyy-MM-dd}): {ty.Value}.");
            return Result(ty, null, true, false, steps);
        }
        var prep = m.Groups["prep"].Value.ToLowerInvariant();
        var year = p.Year;
        var future = prep is "next" or "until" or "by" || (tense == Tense.Future && prep is not ("last" or "since"));
        var past = prep is "last" or "since";
        string how;
        if (prep == "this") how = "'this' keeps the year of publication";
        else if (future) { if (month < p.Month) year++; how = $"the next such month from publication ({p:yyyy-MM-dd})"; }
        else if (past)
        {
            // Said in March, "last February" is not the month just ended (that is "last month"): it is a year back.
            var justEnded = prep == "last" && (p.Month - month + 12) % 12 == 1;
            if (month > p.Month || (prep == "last" && month == p.Month)) year--;
            if (justEnded) year--;
            how = justEnded ? $"the one before the month just ended, which would be 'last month' ({p:yyyy-MM-dd})" : $"the latest such month up to publication ({p:yyyy-MM-dd})";
        }
        else
        {
            // News names a month without a year when it is near: the one closest to publication.
            // News reports more than it announces: a month ahead counts double.
            var candidates = new[] { year - 1, year, year + 1 }.Select(y => (y, d: Weighted((y * 12 + month) - (p.Year * 12 + p.Month), tense))).OrderBy(x => x.d).ThenBy(x => x.y);
            year = candidates.First().y;
            how = $"the such month closest to publication ({p:yyyy-MM-dd}){TenseNote(tense)}";
        }
        var tm = Timex.Month(year, month);
        steps.Add($"A month without a year: {how} is {tm.Value}.");
        return Result(tm, null, true, false, steps);
    }

    // "the third quarter of 1989", "its fourth quarter", "a flat second quarter", "the 1988 period", "this year's third quarter",
    // "the year-ago quarter", "the corresponding period last year", "the quarter a year ago", "the latest quarter".
    [GeneratedRegex(@"^(?:(?<det>the|its|their|a|an|this|that)\s+|(?<owner>this|last|next)\s+year(?:'s|s)?\s+)?(?:(?<lead>(?:19|20)\d{2})\s+)?(?:(?:flat|strong|weak|disappointing|record|dismal|sluggish|solid|poor|difficult|profitable|comparable|corresponding|same)\s+)?(?<shift>(?:year-earlier|year-ago)[\s-]+)?(?:fiscal[\s-]+)?(?:(?<which>first|second|third|fourth|1st|2nd|3rd|4th|latest|last|current|previous|year-earlier|year-ago|same|most\s+recent|recent)[\s-]+)?(?:fiscal[\s-]+)?(?:quarter|period)(?:\s+of\s+(?:fiscal\s+)?(?<year>(?:19|20)\d{2})|\s+(?<back>a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year|(?:of\s+)?the\s+previous\s+year))?$", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterExpr();

    /// <summary>TimeML conventions news uses a lot: reference words, quarters, seasons, the weekend, "the year", "fiscal 1989", compact dates.</summary>
    private static Normalization? Special(string e, DateOnly? published, Tense tense, Timex? previous, Timex? reportedQuarter, Explanation steps)
    {
        if (Lexicon.Default.Contains("present", e)) { steps.Add($"'{e}' refers to the present: PRESENT_REF."); return Result(Timex.Reference("PRESENT_REF"), null, true, false, steps); }
        if (Lexicon.Default.Contains("past", e)) { steps.Add($"'{e}' refers to an unspecified past: PAST_REF."); return Result(Timex.Reference("PAST_REF"), null, true, false, steps); }
        if (Lexicon.Default.Contains("future", e)) { steps.Add($"'{e}' refers to an unspecified future: FUTURE_REF."); return Result(Timex.Reference("FUTURE_REF"), null, true, false, steps); }
        if (e.Length == 8 && e.All(char.IsDigit) && DateOnly.TryParseExact(e, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var compact))
        {
            steps.Add($"A compact date: {compact:yyyy-MM-dd}.");
            return Result(Timex.Day(compact), null, false, false, steps);
        }
        var fiscal = FiscalYear().Match(e);
        if (fiscal.Success) { var y = int.Parse(fiscal.Groups["y"].Value, CultureInfo.InvariantCulture); steps.Add($"Fiscal year {y}."); return Result(Timex.Year(y), null, false, false, steps); }
        var partOf = PartOfYear().Match(e);
        if (partOf.Success) { var y = int.Parse(partOf.Groups["y"].Value, CultureInfo.InvariantCulture); steps.Add($"Part of {y}: {y}."); return Result(Timex.Year(y), null, false, false, steps); }
        if (published is not { } p) return null;
        if (LatestYear().IsMatch(e))
        {
            steps.Add($"'{e}' is the last year completed before publication: {p.Year - 1}.");
            return Result(Timex.Year(p.Year - 1), null, true, false, steps);
        }
        if (TheYear().IsMatch(e))
        {
            steps.Add($"'{e}' is the year of publication: {p.Year}.");
            return Result(Timex.Year(p.Year), null, true, false, steps);
        }
        if (TheMonth().IsMatch(e))
        {
            steps.Add($"'{e}' is the month of publication: {p:yyyy-MM}.");
            return Result(Timex.Month(p.Year, p.Month), null, true, false, steps);
        }
        if (TheDay().IsMatch(e))
        {
            // "May 3, the day before the vote", "it was a long day": the day the text has just named, if any.
            if (previous is { Granularity: Granularity.Day } named)
            {
                steps.Add($"'{e}' is the day just mentioned: {named.Value}.");
                return Result(named, null, true, true, steps);
            }
            steps.Add($"'{e}' is the day of publication.");
            return Result(Timex.Day(p), null, true, false, steps);
        }
        var q = QuarterExpr().Match(e);
        if (q.Success) return Quarter(q, e, p, tense, previous, reportedQuarter, steps);
        return null;
    }

    /// <summary>
    /// Quarters as earnings news writes them, in the shapes the rule table does not hold ("this year's third quarter", "a
    /// flat second quarter", "the quarter a year ago"): the regex's parts become the resolver's `quarter WHICH YEAR`.
    /// </summary>
    private static Normalization Quarter(Match q, string e, DateOnly p, Tense tense, Timex? previous, Timex? reported, Explanation steps)
    {
        var which = Whitespace().Replace(q.Groups["which"].Value.ToLowerInvariant(), " ");
        var det = q.Groups["det"].Value.ToLowerInvariant();
        var what = Lexicon.Default.ValueOf("ordinal", which) is { Length: 1 } n ? n
            : which == "current" ? "current" : det == "this" && tense == Tense.Future ? "current" : which == "previous" ? "previous"
            : which is "latest" or "last" or "most recent" or "recent" ? "latest" : det == "that" || which == "same" ? "that" : "the";
        var owner = q.Groups["owner"].Value.ToLowerInvariant();
        var year = q.Groups["year"].Success ? q.Groups["year"].Value : q.Groups["lead"].Success ? q.Groups["lead"].Value
            : owner.Length > 0 ? owner : q.Groups["shift"].Success || q.Groups["back"].Success || which is "year-earlier" or "year-ago" ? "back" : "tense";
        steps.Add($"'{e}' is a quarter (quarter {what} {year}).");
        return TimexResolver.Quarter(p, what, year, new ResolveContext(p, tense, previous, null) { ReportedQuarter = reported }, steps);
    }

    private static Normalization AbsoluteDay(Match m, DateOnly? published, Tense tense, Explanation steps)
    {
        var month = MonthOf(m.Groups["m"].Value);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        DayOfWeek? wd = m.Groups["wd"].Success ? WeekdayOf(m.Groups["wd"].Value) : null;
        int year;
        var relative = false;
        if (m.Groups["y"].Success) year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        else if (m.Groups["rel"].Success && published is { } rp)
        {
            relative = true;
            var rel = m.Groups["rel"].Value.ToLowerInvariant();
            year = rp.Year + (rel == "last" ? -1 : rel == "next" ? 1 : 0);
            steps.Add($"'{rel} year', counted from publication ({rp:yyyy-MM-dd}): {year}.");
        }
        else if (published is { } p)
        {
            relative = true;
            // The year that puts the date closest to publication (news names nearby dates without a year), the
            // distance the tense points away from counting four times.
            year = new[] { p.Year - 1, p.Year, p.Year + 1 }
                .Where(y => y is >= 1 and <= 9999 && day >= 1 && day <= DateTime.DaysInMonth(y, month))
                .OrderBy(y => Weighted(new DateOnly(y, month, day).DayNumber - p.DayNumber, tense)).ThenBy(y => y).DefaultIfEmpty(p.Year).First();
            var how = $"the year that puts the date closest to publication{TenseNote(tense)}";
            steps.Add($"No year given: {year}, {how} ({p:yyyy-MM-dd}).");
        }
        else return NeedsAnchor(steps, m.Value, wd);
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            steps.Add($"{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has no day {day}.");
            return Result(null, wd, relative, false, steps);
        }
        var d = new DateOnly(year, month, day);
        steps.Add($"An explicit date: {d:yyyy-MM-dd}, a {d.DayOfWeek}.");
        if (wd is { } named && named != d.DayOfWeek) steps.Add($"It names {named}, but {d:yyyy-MM-dd} is a {d.DayOfWeek}.");
        return Result(Timex.Day(d), wd, relative, false, steps);
    }

    /// <summary>
    /// A holiday's day in <paramref name="year"/> from its lexicon value: MM-DD, easter±N, or MM-Weekday-N (N a number or
    /// "last") with an optional +D ("11-Monday-1+1": the Tuesday after the first Monday of November).
    /// </summary>
    internal static DateOnly HolidayOn(int year, string spec)
    {
        if (spec.StartsWith("easter", StringComparison.Ordinal))
            return EasterSunday(year).AddDays(int.Parse(spec[6..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        var parts = spec.Split('-', 3);
        var month = int.Parse(parts[0], CultureInfo.InvariantCulture);
        if (parts.Length == 2) return new DateOnly(year, month, int.Parse(parts[1], CultureInfo.InvariantCulture));
        var nth = parts[2].Split('+');
        var weekday = Enum.Parse<DayOfWeek>(parts[1]);
        var day = nth[0] == "last"
            ? Previous(new DateOnly(year, month, DateTime.DaysInMonth(year, month)), weekday, inclusive: true)
            : Next(new DateOnly(year, month, 1), weekday, inclusive: true).AddDays(7 * (int.Parse(nth[0], CultureInfo.InvariantCulture) - 1));
        return nth.Length > 1 ? day.AddDays(int.Parse(nth[1], CultureInfo.InvariantCulture)) : day;
    }

    /// <summary>Western Easter Sunday (the anonymous Gregorian computus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>
    /// Distance from publication, a date after it and a date before it weighed as the clause's tense says (lexicon section
    /// `direction`, with the dev split's counts: reports look back more often than ahead).
    /// </summary>
    internal static int Weighted(int delta, Tense tense)
    {
        var (after, before) = DirectionWeights[(int)tense];
        return delta > 0 ? after * delta : -before * delta;
    }

    /// <summary>Per <see cref="Tense"/> (its order): how much a day or month after publication counts, and one before it.</summary>
    private static readonly (int After, int Before)[] DirectionWeights =
        [.. new[] { "past", "future", "unmarked" }.Select(t => Lexicon.Default.ValueOf("direction", t)!.Split(':')).Select(w => (int.Parse(w[0], CultureInfo.InvariantCulture), int.Parse(w[1], CultureInfo.InvariantCulture)))];

    private static string TenseNote(Tense tense)
    {
        var (after, before) = DirectionWeights[(int)tense];
        var where = tense switch { Tense.Past => " in a past-tense report", Tense.Future => " in a statement about the future", _ => "" };
        return after == before ? "" : after > before ? $", a date after publication counting {Times(after, before)}{where}" : $", a date before publication counting {Times(before, after)}{where}";
    }

    private static string Times(int more, int less) => (more % less, more / less) switch
    {
        (0, 2) => "double",
        (0, var n) => $"{(n < Numbers.Length ? Numbers[n] : n.ToString(CultureInfo.InvariantCulture))} times as far",
        _ => $"{more}/{less} as far",
    };

    /// <summary>
    /// Whether every run of white space (what `\s` matches) is one plain space, so that <see cref="Whitespace"/> would
    /// replace nothing: most expressions are so, and the regex replace was ~0.5% of a 10,000-pair `check` (issue 19).
    /// </summary>
    private static bool SpacedSingly(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (char.IsWhiteSpace(s[i]) && (s[i] != ' ' || (i + 1 < s.Length && char.IsWhiteSpace(s[i + 1])))) return false;
        return true;
    }

    /// <summary>Held once: a params array made at each call was a visible share of `check`'s date checks (issue 19).</summary>
    private static readonly char[] TrailingPunctuation = ['.', ',', ';'];

    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    /// <summary>Digits, or a number word of the lexicon; -1 for a vague one ("several") or none.</summary>
    private static int ParseNumber(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : int.TryParse(Lexicon.Default.ValueOf("number", s), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : -1;

    public static DateOnly Previous(DateOnly from, DayOfWeek wd, bool inclusive)
    {
        var back = ((int)from.DayOfWeek - (int)wd + 7) % 7;
        if (back == 0 && !inclusive) back = 7;
        return from.AddDays(-back);
    }

    public static DateOnly Next(DateOnly from, DayOfWeek wd, bool inclusive)
    {
        var ahead = ((int)wd - (int)from.DayOfWeek + 7) % 7;
        if (ahead == 0 && !inclusive) ahead = 7;
        return from.AddDays(ahead);
    }

    private static Normalization NotKnown(string expression, Explanation steps)
    {
        steps.Add($"'{expression}' is not a date expression this normalizer knows.");
        return Result(null, null, false, false, steps);
    }

    private static Normalization NeedsAnchor(Explanation steps, string e, DayOfWeek? wd = null)
    {
        steps.Add($"'{e}' is relative and there is no publication date to resolve it against.");
        return new Normalization(null, wd, true, false, steps.ToImmutable(), []);
    }

    private static Normalization Result(Timex? t, DayOfWeek? wd, bool relative, bool anchoredToPrevious, Explanation steps) =>
        new(t, wd, relative, anchoredToPrevious, steps.ToImmutable(), []);
}
