using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Temporal;

public sealed record TaggedExpression(TextSpan Span, string Text);

/// <summary>
/// Finds date expressions in running text. Capitalized month and weekday names only: in prose "may",
/// "march" and "sun" are usually not dates.
/// </summary>
public static partial class TemporalTagger
{
    private const string Wd = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    private const string Mo = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";
    private const string Ord = "(?:first|second|third|fourth|1st|2nd|3rd|4th|First|Second|Third|Fourth)";

    [GeneratedRegex(
        "\\G(?<![\\w-])(?:" +
        "(?:" + Wd + ",?\\s+)?(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+" + Mo + ",?(?:\\s+\\d{4})?" +
        "|(?:" + Wd + ",?\\s+)?" + Mo + "\\s*\\d{1,2}(?:st|nd|rd|th)?(?:\\s*,\\s*\\d{4}|\\s+\\d{4})?(?!\\d)" +
        "|(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y)\\s+" + Mo + "(?:\\s+\\d{4})?" +
        "|" + Mo + "\\s+\\d{4}" +
        // "the 1988 period", "the 1988 third quarter": before "the 1988", which would take the year alone.
        "|[Tt]he\\s+(?:19|20)\\d{2}\\s+(?:" + Ord + "\\s+)?(?:quarter|period)" +
        "|(?:[Ii]n|[Ss]ince|[Tt]he|[Uu]ntil)\\s+(?:19|20)\\d{2}(?!\\d)" +
        // Quarters, fiscal years, periods of a report: "the third quarter of 1989", "third-quarter", "the year-ago quarter".
        "|(?:[Tt]he\\s+)?(?:(?:fiscal|latest|year-earlier|year-ago|comparable)[\\s-]+)?" + Ord + "[\\s-]quarter(?:\\s+of\\s+(?:fiscal\\s+)?(?:19|20)\\d{2})?" +
        "|(?:[Tt]he\\s+)?(?:latest|year-earlier|year-ago|comparable)\\s+(?:" + Ord + "\\s+)?(?:quarter|period)" +
        "|(?:[Ff]iscal|[Ee]arly|[Ll]ate|[Mm]id-?)\\s*(?:19|20)\\d{2}(?!\\d)" +
        "|(?:[Tt]he\\s+)?(?:end|beginning|start|middle)\\s+of\\s+(?:(?:19|20)\\d{2}(?!\\d)|" + Mo + "|the\\s+(?:year|month|week))" +
        // A year alone when what follows is not a counted noun ("1988 was", "in 1988," but not "1988 people").
        "|(?<![\\d,.$])(?:19|20)\\d{2}(?![\\d%]|[,.]\\d)(?!\\s+(?!(?:and|or|to|when|after|before|as|through|was|were|had|is|the|because|until)\\b)[a-z])" +
        "|(?:[Tt]he\\s+)?(?:(?:[Ee]arly|[Mm]id-?|[Ll]ate)\\s*)?(?:(?:19|20)\\d0|'\\d0)'?s" +
        "|(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\\s+|[Mm]id-)" + Mo + "(?:\\s+\\d{4})?" +
        "|(?:January|February|April|June|July|August|September|October|November|December)(?:\\s+\\d{4})?" +
        "|(?:(?:[Ll]ast|[Nn]ext|[Tt]his(?:\\s+past)?|[Tt]he|[Ee]arly|[Ll]ate)\\s+)(?:spring|summer|fall|autumn|winter)(?:\\s+(?:of\\s+)?\\d{4})?" +
        "|(?:[Tt]he|[Tt]his|[Ll]ast|[Nn]ext)\\s+weekend|[Yy]ear-end|[Yy]ear's\\s+end" +
        // "the past year", "this decade", "nineteen ninety-six", "the year two thousand".
        "|(?:[Tt]he\\s+)?(?:past|previous|full|current)\\s+year|(?:[Tt]his|[Tt]he\\s+(?:last|past|next))\\s+(?:decade|century)" +
        "|[Nn]ineteen[\\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?" +
        "|(?:[Tt]he\\s+year\\s+)?[Tt]wo\\s+thousand(?:\\s+and\\s+(?:one|two|three|four|five|six|seven|eight|nine))?(?=\\W|$)(?!\\s+(?:people|dollars|troops|\\w+s\\b))" +
        "|(?:Christmas(?:\\s+(?:Day|Eve))?|Easter(?:\\s+Sunday)?|Good\\s+Friday|Thanksgiving(?:\\s+Day)?|(?:Labor|Memorial|Election|Independence)\\s+Day)" +
        ")(?![\\w-])")]
    private static partial Regex Pattern();

    // The words the pattern's matches can start with (any case): it is tried only at a word start that is one of them, a
    // digit or an apostrophe ("'80s"). Tried at every position, its leading optional words made it cost as much as the
    // rest of hover (~15 ms on a 50 KB article).
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> FirstWords = new[]
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "the", "in", "since", "until", "by", "fiscal", "latest", "year", "comparable", "first", "second", "third", "fourth",
        "early", "late", "mid", "end", "beginning", "start", "middle", "last", "next", "this", "past", "previous", "full", "current",
        "nineteen", "two", "christmas", "easter", "good", "thanksgiving", "labor", "memorial", "election", "independence",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The pattern's matches in <paramref name="text"/>, left to right, as a scan of every position finds them.</summary>
    private static void PatternMatches(ReadOnlySpan<char> text, int offset, List<TextSpan> found)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!MayStart(text, i)) continue;
            foreach (var m in Pattern().EnumerateMatches(text, i))
            {
                found.Add(TextSpan.FromLength(offset + m.Index, m.Length));
                i = m.Index + m.Length - 1;
                break;
            }
        }
    }

    private static bool MayStart(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (i > 0 && char.IsLetterOrDigit(text[i - 1])) return false;
        if (char.IsDigit(c) || c == '\'') return true;
        if (!char.IsAsciiLetter(c)) return false;
        var end = i + 1;
        while (end < text.Length && char.IsAsciiLetter(text[end])) end++;
        return FirstWords.Contains(text[i..end]);
    }

    /// <summary>
    /// The date expressions of <paramref name="text"/> (within a span of it): the rule table's (Data/rules.txt, over the
    /// lexicon the normalizer reads) and the shapes of absolute dates, years, quarters and decades below; the longest
    /// at each place, none overlapping.
    /// </summary>
    public static IReadOnlyList<TaggedExpression> Find(string text, TextSpan? within = null)
    {
        var span = within ?? new TextSpan(0, text.Length);
        var candidates = new List<TextSpan>();
        PatternMatches(text.AsSpan(span.Start, span.Length), span.Start, candidates);
        foreach (var (start, end, _) in RuleTable.Default.Scan(text, span.Start, span.End)) candidates.Add(new TextSpan(start, end));
        var results = new List<TaggedExpression>();
        foreach (var c in candidates.OrderBy(c => c.Start).ThenByDescending(c => c.End))
            if (results.Count == 0 || c.Start >= results[^1].Span.End) results.Add(new TaggedExpression(WithoutPreposition(text, c), ""));
        return [.. results.Select(r => r with { Text = text[r.Span.Start..r.Span.End] })];
    }

    /// <summary>The extent without a leading preposition of the lexicon ("on Friday" → "Friday"), as TimeML marks it.</summary>
    private static TextSpan WithoutPreposition(string text, TextSpan span)
    {
        var tokens = TimexToken.Split(text, span.Start, span.End);
        return tokens.Count > 1 && Lexicon.Default.TryMatch("preposition", tokens, 0, prose: false, out _, out var length) && length < tokens.Count
            ? new TextSpan(tokens[length].Start, span.End) : span;
    }
}
