using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Temporal;

/// <summary>A date expression the tagger found: its extent, its text, and what found it (a rule of the table, or "shapes").</summary>
public sealed record TaggedExpression(TextSpan Span, string Text)
{
    /// <summary>The name of the rule-table rule that found it, or <see cref="TemporalTagger.Shapes"/> for the shapes pattern.</summary>
    public string Rule { get; init; } = "";
}

/// <summary>
/// Finds date expressions in running text. Capitalized month and weekday names only: in prose "may",
/// "march" and "sun" are usually not dates.
/// </summary>
public static partial class TemporalTagger
{
    /// <summary>What <see cref="TaggedExpression.Rule"/> says of a span the shapes pattern below found.</summary>
    public const string Shapes = "shapes";

    private const string Wd = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    private const string Mo = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";

    [GeneratedRegex(
        "\\G(?<![\\w-])(?:" +
        "(?:" + Wd + ",?\\s+)?(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+" + Mo + ",?(?:\\s+\\d{4})?" +
        "|(?:" + Wd + ",?\\s+)?" + Mo + "\\s*\\d{1,2}(?:st|nd|rd|th)?(?:\\s*,\\s*\\d{4}|\\s+\\d{4})?(?!\\d)" +
        // Not before a day: "by Dec. 10" is the day, found from the month on (the preposition is no part of the extent).
        "|(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y)\\s+" + Mo + "(?!\\.?\\s*\\d{1,2}(?!\\d))(?:\\s+\\d{4})?" +
        "|" + Mo + "\\s+\\d{4}" +
        "|(?:[Ii]n|[Ss]ince|[Tt]he|[Uu]ntil|[Bb]y)\\s+(?:19|20)\\d{2}(?!\\d)" +
        "|(?:[Ff]iscal|[Ee]arly|[Ll]ate|[Mm]id-?)\\s*(?:19|20)\\d{2}(?!\\d)" +
        "|(?:[Tt]he\\s+)?(?:end|beginning|start|middle)\\s+of\\s+(?:(?:19|20)\\d{2}(?!\\d)|" + Mo + "|the\\s+(?:year|month|week))" +
        // A year alone when what follows is not a counted noun ("1988 was", "in 1988," but not "1988 people").
        "|(?<![\\d,.$])(?:19|20)\\d{2}(?![\\d%]|[,.]\\d)(?!\\s+(?!(?:and|or|to|when|after|before|as|through|was|were|had|is|the|because|until)\\b)[a-z])" +
        "|(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\\s+|[Mm]id-)" + Mo + "(?:\\s+\\d{4})?" +
        "|(?:January|February|April|June|July|August|September|October|November|December)(?:\\s+\\d{4})?" +
        "|(?:(?:[Ll]ast|[Nn]ext|[Tt]his(?:\\s+past)?|[Tt]he|[Ee]arly|[Ll]ate)\\s+)(?:spring|summer|fall|autumn|winter)(?:\\s+(?:of\\s+)?\\d{4})?" +
        "|(?:[Tt]he|[Tt]his|[Ll]ast|[Nn]ext)\\s+weekend|[Yy]ear[\\s-]end|[Yy]ear's\\s+end" +
        // "the past year", "this decade", "nineteen ninety-six", "the year two thousand".
        "|(?:[Tt]he\\s+)?(?:past|previous|full|current|latest)\\s+(?:fiscal\\s+)?year|(?:[Tt]his|[Tt]he\\s+(?:last|past|next))\\s+(?:decade|century)" +
        "|[Nn]ineteen[\\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?" +
        "|(?:[Tt]he\\s+year\\s+)?[Tt]wo\\s+thousand(?:\\s+and\\s+(?:one|two|three|four|five|six|seven|eight|nine))?(?=\\W|$)(?!\\s+(?:people|dollars|troops|(?!(?:has|was|is|does)\\b)\\w+s\\b))" +
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
        "the", "that", "in", "since", "until", "by", "fiscal", "latest", "year",
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
    /// lexicon the normalizer reads) and the shapes of absolute dates and years below; the longest
    /// at each place, none overlapping.
    /// </summary>
    public static IReadOnlyList<TaggedExpression> Find(string text, TextSpan? within = null)
    {
        var span = within ?? new TextSpan(0, text.Length);
        var shapes = new List<TextSpan>();
        PatternMatches(text.AsSpan(span.Start, span.Length), span.Start, shapes);
        var candidates = shapes.Select(s => (Span: s, Rule: Shapes)).ToList();
        foreach (var (start, end, match) in RuleTable.Default.Scan(text, span.Start, span.End)) candidates.Add((new TextSpan(start, end), match.Rule.Name));
        var results = new List<TaggedExpression>();
        foreach (var (c, rule) in candidates.OrderBy(c => c.Span.Start).ThenByDescending(c => c.Span.End))
            if ((results.Count == 0 || c.Start >= results[^1].Span.End) && !InsideWord(text, c) && !InTitle(text, c))
                results.Add(new TaggedExpression(WithoutPreposition(text, c), "") { Rule = rule });
        return [.. results.Select(r => r with { Text = text[r.Span.Start..r.Span.End] })];
    }

    /// <summary>
    /// A match that stops at a hyphen inside a word, or starts right after one: "the year" of "the year-earlier $4.5 million"
    /// is no date of its own (the shapes pattern has the same guard).
    /// </summary>
    private static bool InsideWord(string text, TextSpan span) =>
        (span.End + 1 < text.Length && text[span.End] == '-' && char.IsLetterOrDigit(text[span.End + 1]))
        || (span.Start >= 2 && text[span.Start - 1] == '-' && char.IsLetterOrDigit(text[span.Start - 2]));

    /// <summary>
    /// A match inside a Title-Case name: one that starts with a capitalised word no capitalised lexicon section holds,
    /// in mid-sentence (ABC's "This Week", "The Day After"), or a year right after a capitalised word in
    /// mid-sentence ("a venture called Orion 1980", "Euro 2016"). A month or weekday before it is no name ("May 1980").
    /// </summary>
    private static bool InTitle(string text, TextSpan span)
    {
        var first = text[span.Start];
        if (char.IsUpper(first) && !MidSentence(text, span.Start)) return false;
        if (char.IsUpper(first))
        {
            var tokens = TimexToken.Split(text, span.Start, span.End);
            return tokens.Count > 1 && !CapitalizedWord(tokens, 0);
        }
        if (!IsYear(text, span)) return false;
        var before = span.Start;
        while (before > 0 && text[before - 1] == ' ') before--;
        var wordStart = before;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1])) wordStart--;
        if (wordStart == before || before == span.Start || !char.IsUpper(text[wordStart]) || !MidSentence(text, wordStart)) return false;
        return !CapitalizedWord(TimexToken.Split(text, wordStart, before), 0);
    }

    private static bool IsYear(string text, TextSpan span) => span.Length == 4 && text.AsSpan(span.Start, 4).IndexOfAnyExcept("0123456789") < 0;

    /// <summary>A word of a capitalised lexicon section (a month, a weekday, a holiday) at token <paramref name="at"/>.</summary>
    private static bool CapitalizedWord(List<TimexToken> tokens, int at) =>
        Lexicon.Default.Sections.Where(Lexicon.Default.IsCapitalized).Any(s => Lexicon.Default.TryMatch(s, tokens, at, prose: false, out _, out _));

    /// <summary>
    /// Whether a word at <paramref name="at"/> stands in mid-sentence: a letter, a digit or a comma before it on its line.
    /// After an opening quote, only a word before it (ABC's "This Week"): after a comma a quote opens a sentence.
    /// </summary>
    private static bool MidSentence(string text, int at)
    {
        var i = SkipBlanks(text, at - 1);
        if (i < 0) return false;
        if (text[i] is '"' or '`' or '“')
        {
            while (i >= 0 && text[i] is '"' or '`' or '“') i--;
            i = SkipBlanks(text, i);
            return i >= 0 && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
        }
        return char.IsLetterOrDigit(text[i]) || text[i] == ',';
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i >= 0 && text[i] is ' ' or '\t') i--;
        return i;
    }

    /// <summary>The extent without a leading preposition of the lexicon ("on Friday" → "Friday"), as TimeML marks it.</summary>
    private static TextSpan WithoutPreposition(string text, TextSpan span)
    {
        var tokens = TimexToken.Split(text, span.Start, span.End);
        return tokens.Count > 1 && Lexicon.Default.TryMatch("preposition", tokens, 0, prose: false, out _, out var length) && length < tokens.Count
            ? new TextSpan(tokens[length].Start, span.End) : span;
    }
}
