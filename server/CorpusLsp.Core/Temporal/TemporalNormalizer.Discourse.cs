using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// The second tier of rules: written-out numbers, modifiers that do not change a value ("around", "the end of",
/// "early"), clock times and parts of the day, decades, centuries, halves, reference words, and expressions
/// anchored to the last date the text mentioned ("that year", "the following month", "earlier that day").
/// </summary>
public static partial class TemporalNormalizer
{
    /// <summary>The value of a number word of the lexicon ("fourteen" → 14), or -1.</summary>
    private static int NumberWord(string word) =>
        int.TryParse(Lexicon.Default.ValueOf("number", word), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>The value of an ordinal of the lexicon ("eighth" → 8), or -1.</summary>
    private static int OrdinalWord(string word) =>
        int.TryParse(Lexicon.Default.ValueOf("ordinal", word), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    [GeneratedRegex(@"\b(?<t>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?<u>one|two|three|four|five|six|seven|eight|nine))?\b|\b(?<s>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TwoDigitWords();
    [GeneratedRegex(@"\bnineteen[\s-]+(?:(?<hundred>hundred)|(?:oh[\s-]+)?(?<rest>\d{1,2}))\b|\btwo[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?<after>\d{1,2}|one|two|three|four|five|six|seven|eight|nine))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WrittenYear();
    [GeneratedRegex(@"\b(?:(?<t>twenty|thirty)[\s-])?(?<o>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WrittenOrdinal();

    /// <summary>"nineteen ninety-six" → 1996, "the year two thousand" → the year 2000, "March eighth" → March 8th.</summary>
    /// <remarks>Kept per expression: its two tests were 12 K instructions a pair of a `check` (issue 19).</remarks>
    private static string WrittenNumbersToDigits(string e) => Kept.WrittenNumbers.Of(e);

    /// <summary>The memos of answers that depend on an expression's words alone; a class of their own, made on first use
    /// (not in the order of this partial class's static fields).</summary>
    private static class Kept
    {
        public static readonly ExpressionMemo<string> WrittenNumbers = new(WrittenNumbersToDigitsOnce);
        public static readonly ExpressionMemo<bool> ReadInPlace = new(MayReadInPlace);
        public static readonly ExpressionMemo<Readers> AnsweringReaders = new(ReadersOf);
    }

    private static string WrittenNumbersToDigitsOnce(string e)
    {
        if (!YearWords().IsMatch(e) && !MonthThenWord().IsMatch(e)) return e;
        var two = TwoDigitWords().Replace(e, m =>
        {
            if (m.Groups["s"].Success) return NumberWord(m.Groups["s"].Value).ToString(CultureInfo.InvariantCulture);
            var u2 = m.Groups["u"].Success ? NumberWord(m.Groups["u"].Value) : 0;
            return (NumberWord(m.Groups["t"].Value) + u2).ToString(CultureInfo.InvariantCulture);
        });
        var years = WrittenYear().Replace(two, m =>
        {
            if (m.Groups["hundred"].Success) return "1900";
            if (m.Groups["rest"].Success) return (1900 + int.Parse(m.Groups["rest"].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            var after = m.Groups["after"].Value;
            var n = after.Length == 0 ? 0 : int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : NumberWord(after);
            return (2000 + n).ToString(CultureInfo.InvariantCulture);
        });
        // Digits stand only where they became a year; elsewhere ("twenty years ago") the words stay as written.
        var result = FourDigitYear().IsMatch(years) ? years : e;
        return WrittenOrdinal().Replace(result, m =>
        {
            var o = m.Groups["o"].Value.ToLowerInvariant();
            var n = OrdinalWord(o);
            if (m.Groups["t"].Success) n += m.Groups["t"].Value.Equals("twenty", StringComparison.OrdinalIgnoreCase) ? 20 : 30;
            // Only as a day of a month: "the second quarter" keeps its word.
            var before = result[..m.Index];
            return MonthBeforeEnd().IsMatch(before) && n is >= 1 and <= 31 ? n.ToString(CultureInfo.InvariantCulture) : m.Value;
        });
    }

    // Words that qualify a date without changing its value (TimeML keeps them in the `mod` attribute).
    [GeneratedRegex(@"^(?:(?:around|about|approximately|roughly|sometime(?:\s+in)?|some\s+time\s+in|as\s+(?:early|late|soon)\s+as|no\s+(?:later|earlier)\s+than|at\s+least|at\s+the\s+latest|(?:the\s+)?(?:beginning|start|end|middle|close|turn|first\s+part|latter\s+part|rest|remainder|balance)\s+of|(?:very\s+)?(?:early|late)\s+(?=(?:this|last|next|in|that)\b)|a\s+good\s+part\s+of)\s+)(?<x>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Qualified();
    [GeneratedRegex(@"^(?<x>.+?)\s+(?:or\s+(?:later|earlier|so|sooner|beyond)|and\s+beyond|at\s+the\s+(?:latest|earliest))$", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedAfter();

    // "9 a.m. EST Tuesday", "Tuesday at 9 a.m.", "Wednesday night"
    private const string ClockPattern = @"(?<h>\d{1,2})(?:[:.](?<mi>\d{2}))?\s*(?<ap>a\.?m\.?|p\.?m\.?)(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|local\s+time|local))?";
    [GeneratedRegex(@"^" + ClockPattern + @"\s+(?:on\s+)?(?<x>.+)$|^(?<x>.+?)\s+(?:at\s+)?" + ClockPattern + "$", RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"^(?:the\s+)?(?:(?:first|last|second|latter)\s+half\s+of\s+(?:the\s+)?)?(?:(?:early|late|mid)[\s-]+)?(?<c>1[0-9]|20|')?(?<d>\d)0'?s$", RegexOptions.IgnoreCase)]
    private static partial Regex DecadeDigits();
    [GeneratedRegex(@"^(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)$", RegexOptions.IgnoreCase)]
    private static partial Regex DecadeWords();
    [GeneratedRegex(@"^(?:the\s+)?(?:(?<h>first|second|last|latter|1st|2nd)\s+half|(?<q>first|last)\s+two\s+quarters)(?:\s+of)?\s+(?:(?:fiscal\s+)?(?<y>(?:19|20)\d{2})|(?:the|this)\s+year)$", RegexOptions.IgnoreCase)]
    private static partial Regex HalfExpr();

    // Anchored to the last date mentioned: "that year", "the following month", "later that day", "the previous Friday".
    [GeneratedRegex(@"^(?:(?:earlier|later)\s+(?:in\s+)?)?(?:that|the\s+same|that\s+same)\s+(?<u>day|week|month|year|quarter)$", RegexOptions.IgnoreCase)]
    private static partial Regex ThatUnit();
    [GeneratedRegex(@"^the\s+(?<dir>following|next|previous|preceding|prior)\s+(?<u>day|morning|afternoon|evening|night|week|month|year)$", RegexOptions.IgnoreCase)]
    private static partial Regex FollowingUnit();
    [GeneratedRegex(@"^the\s+(?<dir>following|next|previous|preceding|prior)\s+(?<wd>" + WeekdayPattern + ")$", RegexOptions.IgnoreCase)]
    private static partial Regex FollowingWeekday();
    [GeneratedRegex(@"^(?:earlier|later)\s+(?<x>yesterday|today|tonight|" + WeekdayPattern + ")$", RegexOptions.IgnoreCase)]
    private static partial Regex EarlierSameDay();

    [GeneratedRegex(@"^(?:in\s+)?(?:the\s+)?(?:coming|future|upcoming|next\s+(?:few|several|many))\s+(?:days|weeks|months|quarters|years)$|^(?:as\s+soon\s+as\s+possible|(?:at\s+)?a\s+later\s+(?:date|time)|down\s+the\s+road|in\s+due\s+course|the\s+days\s+ahead|the\s+years\s+ahead|the\s+months\s+ahead)$", RegexOptions.IgnoreCase)]
    private static partial Regex FutureReference();
    // "at this crucial moment", "the present juncture".
    [GeneratedRegex(@"^(?:at\s+)?(?:this|the\s+present|the\s+current)\s+(?:(?:crucial|critical|difficult|decisive|delicate|historic|particular|very)\s+)?(?:moment|juncture|point\s+in\s+time)$", RegexOptions.IgnoreCase)]
    private static partial Regex PresentReference();
    [GeneratedRegex(@"^(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?:past|recent|previous|last|prior)\s+(?:(?:several|few|many|couple\s+of)\s+)?(?:days|weeks|months|quarters|years)(?:\s+and\s+(?:days|weeks|months|quarters|years))?$|^(?:more\s+)?recently$|^(?:past|previous|prior)\s+years$", RegexOptions.IgnoreCase)]
    private static partial Regex PastReference();

    [GeneratedRegex(@"^(?:(?:over|in|during)\s+)?(?:the\s+)?(?<rel>last|past|previous|this|next|coming|current)\s+(?<u>decade|century)$", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeDecade();
    [GeneratedRegex(@"^(?:the\s+)?week\s+(?:of|beginning|starting|ending)\s+(?<x>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WeekOf();
    [GeneratedRegex(@"^(?:the\s+)?day\s+(?<dir>before|after)\s+(?<x>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DayBeforeAfter();

    /// <summary>Whether a pattern of <see cref="Discourse"/>'s readers matches (in their order): none, and it answers null.</summary>
    private static bool MayReadInDiscourse(string e) =>
        OneDay().IsMatch(e) || RelativeDecade().IsMatch(e) || WeekOf().IsMatch(e) || DayBeforeAfter().IsMatch(e) || DayNumberAlone().IsMatch(e) // DiscourseSpans
        || PresentReference().IsMatch(e) || FutureReference().IsMatch(e) || PastReference().IsMatch(e) || Recurrence().IsMatch(e)               // DiscourseReferences
        || YearEndOrCurrentYear().IsMatch(e) || Qualified().IsMatch(e) || QualifiedAfter().IsMatch(e)
        || ClockTime().IsMatch(e) || DecadeDigits().IsMatch(e) || DecadeWords().IsMatch(e) || HalfExpr().IsMatch(e)                              // DiscourseShapes
        || ThenExpr().IsMatch(e) || EllipticLastNext().IsMatch(e) || ThatUnit().IsMatch(e)                                                      // DiscourseAnchored
        || FollowingUnit().IsMatch(e) || FollowingWeekday().IsMatch(e) || EarlierSameDay().IsMatch(e);                                          // DiscourseFollowing

    private static Normalization? Discourse(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps) =>
        DiscourseSpans(e, published, tense, reference, previous, steps) ?? DiscourseReferences(e, published, tense, reference, previous, steps)
        ?? DiscourseShapes(e, published, tense, reference, previous, steps) ?? DiscourseAnchored(e, published, tense, reference, previous, steps)
        ?? DiscourseFollowing(e, published, tense, reference, previous, steps);

    /// <summary>"one day" ahead, relative decades, "the week of", "the day before", a day number alone.</summary>
    private static Normalization? DiscourseSpans(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps)
    {
        // "it will one day be …": in a statement about the future, "one day" is no duration but some future day.
        if (tense == Tense.Future && OneDay().IsMatch(e))
        {
            steps.Add($"'{e}' in a statement about the future is an unspecified future: FUTURE_REF.");
            return Result(Timex.Reference("FUTURE_REF"), null, true, false, steps);
        }
        var relDecade = RelativeDecade().Match(e);
        if (relDecade.Success && published is { } dp)
        {
            var shift = relDecade.Groups["rel"].Value.ToLowerInvariant() switch { "last" or "past" or "previous" => -1, "next" or "coming" => 1, _ => 0 };
            var century = relDecade.Groups["u"].Value.Equals("century", StringComparison.OrdinalIgnoreCase);
            // Centuries as ordinals: 1999 is in the 20th century (1900–1999 is "19" in TIMEX3).
            var t = century ? Timex.Century(dp.Year / 100 + 1 + shift) : Timex.Decade(dp.Year / 10 * 10 + 10 * shift);
            steps.Add($"'{e}' counted in {(century ? "centuries" : "decades")} from publication ({dp:yyyy}): {t.Value}.");
            return Result(t, null, true, false, steps);
        }
        var weekOf = WeekOf().Match(e);
        if (weekOf.Success && NormalizeCore(weekOf.Groups["x"].Value, published, tense, reference, previous) is { Value: { Granularity: Granularity.Day, Start: { } weekDay } } wn)
        {
            var t = Timex.Week(weekDay);
            steps.AddRange(wn.Steps);
            steps.Add($"The week of {weekDay:yyyy-MM-dd}: {t.Value}.");
            return Result(t, null, wn.IsRelative, wn.IsAnchoredToPrevious, steps);
        }
        var dayOf = DayBeforeAfter().Match(e);
        if (dayOf.Success && NormalizeCore(dayOf.Groups["x"].Value, published, tense, reference, previous) is { Value: { Granularity: Granularity.Day, Start: { } dd } } dn0)
        {
            var d = dd.AddDays(dayOf.Groups["dir"].Value.Equals("before", StringComparison.OrdinalIgnoreCase) ? -1 : 1);
            steps.AddRange(dn0.Steps);
            steps.Add($"The day {dayOf.Groups["dir"].Value.ToLowerInvariant()} it: {d:yyyy-MM-dd}.");
            return Result(Timex.Day(d), null, dn0.IsRelative, dn0.IsAnchoredToPrevious, steps);
        }
        // "April 24 and 25": a day number alone continues the month of the date just mentioned.
        var dayOnly = DayNumberAlone().Match(e);
        if (dayOnly.Success && previous is { Granularity: Granularity.Day, Start: { } pd } && int.Parse(dayOnly.Groups["d"].Value, CultureInfo.InvariantCulture) is var dn1 and >= 1
            && dn1 <= DateTime.DaysInMonth(pd.Year, pd.Month))
        {
            var d = new DateOnly(pd.Year, pd.Month, dn1);
            steps.Add($"A day number alone, in the month of the date just mentioned ({previous.Value}): {d:yyyy-MM-dd}.");
            return Result(Timex.Day(d), null, true, true, steps);
        }
        return null;
    }

    /// <summary>Reference words, recurrences, parts of a year, and words that qualify a date without changing it.</summary>
    private static Normalization? DiscourseReferences(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps)
    {
        if (PresentReference().IsMatch(e)) { steps.Add($"'{e}' refers to the present: PRESENT_REF."); return Result(Timex.Reference("PRESENT_REF"), null, true, false, steps); }
        if (FutureReference().IsMatch(e)) { steps.Add($"'{e}' refers to an unspecified future: FUTURE_REF."); return Result(Timex.Reference("FUTURE_REF"), null, true, false, steps); }
        if (PastReference().IsMatch(e)) { steps.Add($"'{e}' refers to an unspecified past: PAST_REF."); return Result(Timex.Reference("PAST_REF"), null, true, false, steps); }
        var every = Recurrence().Match(e);
        if (every.Success)
        {
            var unit = (every.Groups["u"].Success ? every.Groups["u"].Value : e).ToLowerInvariant();
            var value = unit switch { "daily" or "day" => "P1D", "weekly" or "week" => "P1W", "monthly" or "month" => "P1M", "quarterly" or "quarter" => "P3M", _ => "P1Y" };
            steps.Add($"'{e}' recurs with period {value}.");
            return Result(Timex.Duration(value), null, false, false, steps);
        }

        if (published is { } yp && YearEndOrCurrentYear().IsMatch(e))
        {
            var shift = LastWord().IsMatch(e) ? -1 : NextWord().IsMatch(e) ? 1 : 0;
            var t = Timex.Year(yp.Year + shift);
            steps.Add($"'{e}' is a part of the year {(shift == 0 ? "of publication" : shift < 0 ? "before publication" : "after publication")}: {t.Value}.");
            return Result(t, null, true, false, steps);
        }
        var q = Qualified().Match(e);
        if (!q.Success) q = QualifiedAfter().Match(e);
        if (q.Success && q.Groups["x"].Value is var inner && !string.Equals(inner, e, StringComparison.Ordinal))
        {
            var n = NormalizeCore(inner, published, tense, reference, previous);
            if (n.Value is not null)
            {
                steps.Add($"'{e}' qualifies '{inner}' without changing its value.");
                return n with { Steps = steps.ToImmutable().AddRange(n.Steps) };
            }
        }

        return null;
    }

    /// <summary>Clock times, decades of a half ("the first half of the 1990s") and halves; centuries and plain decades are rules of the table.</summary>
    private static Normalization? DiscourseShapes(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps)
    {
        var clock = ClockTime().Match(e);
        if (clock.Success && NormalizeCore(clock.Groups["x"].Value, published, tense, reference, previous) is { Value: { Granularity: Granularity.Day } day } dn)
        {
            var h = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture) % 12 + (clock.Groups["ap"].Value.StartsWith('p') || clock.Groups["ap"].Value.StartsWith('P') ? 12 : 0);
            var mi = clock.Groups["mi"].Success ? int.Parse(clock.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
            if (h < 24 && mi < 60)
            {
                var t = day.WithTime(FormattableString.Invariant($"{h:00}:{mi:00}"));
                steps.AddRange(dn.Steps);
                steps.Add($"At {h:00}:{mi:00} that day: {t.Value}.");
                return dn with { Value = t, Steps = steps.ToImmutable() };
            }
        }

        var dec = DecadeDigits().Match(e);
        if (dec.Success)
        {
            var c = dec.Groups["c"].Value;
            var century = c is "" or "'" ? 19 : int.Parse(c, CultureInfo.InvariantCulture);
            var t = Timex.Decade(century * 100 + int.Parse(dec.Groups["d"].Value, CultureInfo.InvariantCulture) * 10);
            steps.Add($"A decade: {t.Value} ({t.Start:yyyy}–{t.End:yyyy}).");
            return Result(t, null, false, false, steps);
        }
        var decw = DecadeWords().Match(e);
        if (decw.Success)
        {
            // "eighties" → "eighty": the decade's tens word.
            var t = Timex.Decade(1900 + NumberWord(decw.Groups["d"].Value[..^3] + "y"));
            steps.Add($"A decade named without its century, taken as the 1900s: {t.Value}.");
            return Result(t, null, false, false, steps);
        }
        var half = HalfExpr().Match(e);
        if (half.Success && (half.Groups["y"].Success || published is not null))
        {
            var year = half.Groups["y"].Success ? int.Parse(half.Groups["y"].Value, CultureInfo.InvariantCulture) : published!.Value.Year;
            var which = (half.Groups["h"].Success ? half.Groups["h"].Value : half.Groups["q"].Value).ToLowerInvariant();
            var t = Timex.Half(year, which is "first" or "1st" ? 1 : 2);
            steps.Add($"A half year: {t.Value}.");
            return Result(t, null, !half.Groups["y"].Success, false, steps);
        }

        return null;
    }

    /// <summary>Expressions anchored to the last date mentioned: "then", "last", "that year", the previous day of the text.</summary>
    private static Normalization? DiscourseAnchored(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps)
    {
        var anchor = previous ?? (reference is { } r ? Timex.Day(r) : null);
        // "Until then", after "on Nov. 30": the date just mentioned.
        if (ThenExpr().IsMatch(e) && previous is { Start: not null })
        {
            steps.Add($"'{e}' is the date just mentioned: {previous.Value}.");
            return Result(previous, null, true, true, steps);
        }
        // "a dividend this year as high as last": the unit of the date just mentioned, one back (or on).
        var elliptic = EllipticLastNext().Match(e);
        if (elliptic.Success && previous is { Granularity: Granularity.Year or Granularity.Month or Granularity.Week, Start: { } ea })
        {
            var sign = elliptic.Groups["dir"].Value.Equals("last", StringComparison.OrdinalIgnoreCase) ? -1 : 1;
            var t = previous.Granularity switch
            {
                Granularity.Year => Timex.Year(ea.Year + sign),
                Granularity.Month => Timex.Month(ea.AddMonths(sign).Year, ea.AddMonths(sign).Month),
                _ => Timex.Week(ea.AddDays(7 * sign)),
            };
            steps.Add($"'{e}' alone stands for the {previous.Granularity.ToString().ToLowerInvariant()} {(sign < 0 ? "before" : "after")} the one just mentioned ({previous.Value}): {t.Value}.");
            return Result(t, null, true, true, steps);
        }
        var that = ThatUnit().Match(e);
        if (that.Success)
        {
            if (anchor?.Start is not { } a) return NeedsEarlierDate(steps, e);
            var t = At(that.Groups["u"].Value, a, anchor);
            if (t is null) return NeedsEarlierDate(steps, e);
            steps.Add($"'{e}' is the {that.Groups["u"].Value.ToLowerInvariant()} of the last date mentioned ({anchor.Value}): {t.Value}.");
            return Result(t, null, true, true, steps);
        }
        return null;
    }

    /// <summary>"the following month", "the previous Friday", "earlier that day": counted from the last date mentioned.</summary>
    private static Normalization? DiscourseFollowing(string e, DateOnly? published, Tense tense, DateOnly? reference, Timex? previous, Explanation steps)
    {
        var anchor = previous ?? (reference is { } r ? Timex.Day(r) : null);
        var following = FollowingUnit().Match(e);
        if (following.Success && anchor?.Start is { } fa)
        {
            var sign = following.Groups["dir"].Value.ToLowerInvariant() is "following" or "next" ? 1 : -1;
            var unit = following.Groups["u"].Value.ToLowerInvariant();
            var t = unit switch
            {
                "week" => Timex.Week(fa.AddDays(7 * sign)),
                "month" => Timex.Month(fa.AddMonths(sign).Year, fa.AddMonths(sign).Month),
                "year" => Timex.Year(fa.Year + sign),
                _ => anchor.Granularity == Granularity.Day ? Timex.Day(fa.AddDays(sign)) : null,
            };
            if (t is not null)
            {
                steps.Add($"'{e}' counts from the last date mentioned ({anchor.Value}): {t.Value}.");
                return Result(t, null, true, true, steps);
            }
        }
        var fwd = FollowingWeekday().Match(e);
        if (fwd.Success && anchor is { Granularity: Granularity.Day, Start: { } wa })
        {
            var wd = WeekdayOf(fwd.Groups["wd"].Value);
            var d = fwd.Groups["dir"].Value.ToLowerInvariant() is "following" or "next" ? Next(wa, wd, inclusive: false) : Previous(wa, wd, inclusive: false);
            steps.Add($"'{e}' counts from the last date mentioned ({anchor.Value}): {d:yyyy-MM-dd}.");
            return new Normalization(Timex.Day(d), wd, true, true, steps.ToImmutable(), []);
        }
        var same = EarlierSameDay().Match(e);
        if (same.Success)
        {
            var n = NormalizeCore(same.Groups["x"].Value, published, tense, reference, previous);
            steps.Add($"'{e}' is a time within '{same.Groups["x"].Value}'.");
            return n with { Steps = steps.ToImmutable().AddRange(n.Steps) };
        }
        return null;
    }

    private static Timex? At(string unit, DateOnly a, Timex anchor) => unit.ToLowerInvariant() switch
    {
        "day" => anchor.Granularity == Granularity.Day ? Timex.Day(a) : null,
        "week" => anchor.Granularity is Granularity.Day or Granularity.Week ? Timex.Week(a) : null,
        "month" => anchor.Granularity is Granularity.Day or Granularity.Week or Granularity.Month ? Timex.Month(a.Year, a.Month) : null,
        "quarter" => anchor.Granularity is Granularity.Day or Granularity.Month or Granularity.Quarter ? Timex.Quarter(a.Year, (a.Month - 1) / 3 + 1) : null,
        _ => anchor.Granularity is Granularity.Decade or Granularity.Century ? null : Timex.Year(a.Year),
    };

    private static Normalization NeedsEarlierDate(Explanation steps, string e)
    {
        steps.Add($"'{e}' refers back to a date mentioned earlier, and there is none of that precision before it.");
        return new Normalization(null, null, true, true, steps.ToImmutable(), []);
    }
}
