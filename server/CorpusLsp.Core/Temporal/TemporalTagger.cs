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
    private const string Num = "(?:\\d+|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Ss]everal|(?:[Aa]\\s+)?[Ff]ew)";

    [GeneratedRegex(
        "(?<![\\w-])(?:" +
        "(?:" + Wd + ",?\\s+)?(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+" + Mo + ",?(?:\\s+\\d{4})?" +
        "|(?:" + Wd + ",?\\s+)?" + Mo + "\\s*\\d{1,2}(?:st|nd|rd|th)?(?:\\s*,\\s*\\d{4}|\\s+\\d{4})?(?!\\d)" +
        "|(?:(?:[Mm]idnight|[Nn]oon)\\s+on\\s+|(?:[Oo]n|[Ll]ast|[Nn]ext|[Tt]his|[Ss]ince|[Uu]ntil|[Bb]y)\\s+)?" + Wd + "(?:\\s+(?:morning|afternoon|evening|night))?" +
        "|(?:(?:[Ll]ate|[Ee]arly)\\s+)?(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)(?:\\s+(?:morning|afternoon|evening|night))?" +
        "|" + Num + "\\s+(?:day|week|month|year)s?\\s+(?:earlier|later|ago|before|after|ahead(?:\\s+of)?)" +
        "|(?:(?:[Ee]arlier|[Ll]ater)\\s+)?(?:[Ll]ast|[Nn]ext|[Tt]his)\\s+(?:week|month|year)" +
        "|(?:[Tt]he\\s+)?(?:past|last|previous)\\s+" + Num + "\\s+(?:day|week|month|year)s" +
        "|(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y)\\s+" + Mo + "(?:\\s+\\d{4})?" +
        "|" + Mo + "\\s+\\d{4}" +
        "|(?:[Ii]n|[Ss]ince|[Tt]he|[Uu]ntil)\\s+(?:19|20)\\d{2}(?!\\d)" +
        ")(?![\\w-])")]
    private static partial Regex Pattern();

    public static IReadOnlyList<TaggedExpression> Find(string text, TextSpan? within = null)
    {
        var span = within ?? new TextSpan(0, text.Length);
        var results = new List<TaggedExpression>();
        foreach (Match m in Pattern().Matches(text[span.Start..span.End]))
            results.Add(new TaggedExpression(TextSpan.FromLength(span.Start + m.Index, m.Length), m.Value));
        return results;
    }
}
