using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Temporal;

// The normalizer's smaller patterns, generated at build time. Inline Regex.IsMatch(text, pattern) calls go through a
// 15-entry cache that the normalizer's 30 patterns thrash: hover on the last date of a 5 KB article took 38 ms and
// allocated 28 MB that way, 4.3 ms and 0.5 MB with these (`bench bdn --filter '*DateHover*'`).
public static partial class TemporalNormalizer
{
    [GeneratedRegex(@"^\s+(?<w>after|before)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AfterOrBefore();
    [GeneratedRegex(@"^(?<d>\d{1,2})(?:st|nd|rd|th)?$")]
    private static partial Regex DayNumberAlone();
    [GeneratedRegex(@"^(?<dir>last|next)$", RegexOptions.IgnoreCase)]
    private static partial Regex EllipticLastNext();
    [GeneratedRegex(@"^(?:the\s+)?fiscal(?:\s+year)?\s+(?<y>(?:19|20)\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex FiscalYear();
    [GeneratedRegex(@"\b(?:19|20)\d{2}\b")]
    private static partial Regex FourDigitYear();
    [GeneratedRegex(@"\b(?:in|within)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex InOrWithinBefore();
    [GeneratedRegex(@"\b(?:in|within),?\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex InOrWithinCommaBefore();
    [GeneratedRegex(@"\b(?:last|past|previous)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastWord();
    [GeneratedRegex(@"^(?:the\s+)?(?:latest|last\s+full|most\s+recent)\s+(?:fiscal\s+|calendar\s+)?year$", RegexOptions.IgnoreCase)]
    private static partial Regex LatestYear();
    [GeneratedRegex(MonthPattern + @"\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthBeforeEnd();
    [GeneratedRegex(MonthPattern + @"\s+\w+", RegexOptions.IgnoreCase)]
    private static partial Regex MonthThenWord();
    [GeneratedRegex(@"\b(?:next|coming)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextWord();
    [GeneratedRegex(@"\d,\s*$")]
    private static partial Regex NumberCommaBefore();
    [GeneratedRegex(@"^(?:one|some)\s?day$", RegexOptions.IgnoreCase)]
    private static partial Regex OneDay();
    [GeneratedRegex(@"^(?:the\s+)?(?:end|beginning|start|middle|rest)\s+of\s+(?<y>(?:19|20)\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex PartOfYear();
    // Not the plural of a decade after "the" ("the 1960's", "the '80's"); "1990's budget" is the year's.
    [GeneratedRegex(@"(?<!\b[Tt]he\s+(?:\d{2}|['’])\d0)[’']s\b")]
    private static partial Regex PossessiveS();
    [GeneratedRegex(@"^(?:daily|weekly|monthly|quarterly|annually|yearly|every\s+(?<u>day|week|month|quarter|year))$", RegexOptions.IgnoreCase)]
    private static partial Regex Recurrence();
    [GeneratedRegex(@"^(?:the\s+)?day$", RegexOptions.IgnoreCase)]
    private static partial Regex TheDay();
    [GeneratedRegex(@"^the\s+(?:current\s+)?month$", RegexOptions.IgnoreCase)]
    private static partial Regex TheMonth();
    [GeneratedRegex(@"^(?:the\s+)?(?:full\s+|current\s+|fiscal\s+)?year$", RegexOptions.IgnoreCase)]
    private static partial Regex TheYear();
    [GeneratedRegex(@"^(?:until\s+|by\s+|since\s+)?then$", RegexOptions.IgnoreCase)]
    private static partial Regex ThenExpr();
    [GeneratedRegex(@"^(?:the\s+|its\s+|their\s+)?(?:latest\s+|fiscal\s+|most\s+recent\s+)?quarter$", RegexOptions.IgnoreCase)]
    private static partial Regex UnnumberedQuarter();
    [GeneratedRegex(@"^(?:an?|one|a\s+few|several|\d+)\s+(?:day|week|month|year)s?\s+or\s+(?:two|so|more)$|^(?:a\s+)?few\s+(?:day|week|month|year)s$", RegexOptions.IgnoreCase)]
    private static partial Regex VagueSpan();
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
    [GeneratedRegex(@"^(?:the\s+)?(?:year-earlier|year-ago|a\s+year\s+earlier)(?:\s+(?:period|quarter))?$", RegexOptions.IgnoreCase)]
    private static partial Regex YearEarlierPeriod();
    [GeneratedRegex(@"^(?:the\s+)?(?:(?:this|current|present|latest|last|past|previous|next|coming)\s+)?(?:fiscal\s+)?year(?:[\s-]+end|'s\s+end)$|^(?:the\s+)?(?:current|present)\s+(?:fiscal\s+|calendar\s+)?year$|^(?:earlier|later)\s+(?:in\s+)?(?:the|this)\s+year$", RegexOptions.IgnoreCase)]
    private static partial Regex YearEndOrCurrentYear();
    [GeneratedRegex(@"\b(?:nineteen|thousand)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearWords();
}
