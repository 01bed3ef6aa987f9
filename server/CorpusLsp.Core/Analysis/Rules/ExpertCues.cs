using System.Collections.Frozen;
using System.Text.Json;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// The cue words of the expert checks, read from Analysis/Rules/Data/expert-cues.json (data with its provenance, not
/// branches of code), and the small text readers that find them next to a mention.
/// </summary>
public sealed class ExpertCues
{
    public static readonly ExpertCues Default = Load();

    public required FrozenSet<string> AdminAfter { get; init; }
    public required IReadOnlyList<string[]> AdminBefore { get; init; }
    public required FrozenSet<string> PlaceAfter { get; init; }
    public required IReadOnlyList<string[]> PlaceBefore { get; init; }
    public required IReadOnlyList<string[]> PartyBefore { get; init; }
    public required FrozenSet<string> WeakPartyBefore { get; init; }
    public required IReadOnlyList<string[]> PartyRelations { get; init; }
    public required FrozenSet<string> RouteWords { get; init; }
    public required FrozenSet<string> PartyJoiners { get; init; }
    public required IReadOnlyList<string> PartySuffix { get; init; }
    public required IReadOnlyList<string[]> PeriodEndBefore { get; init; }
    public required FrozenSet<string> PeriodEndNegations { get; init; }

    private static ExpertCues Load()
    {
        using var stream = typeof(ExpertCues).Assembly.GetManifestResourceStream("CorpusLsp.Core.Analysis.Rules.expert-cues.json")
            ?? throw new InvalidOperationException("expert-cues.json is not embedded");
        var root = JsonDocument.Parse(stream).RootElement;
        IEnumerable<string> Strings(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);
        IReadOnlyList<string[]> Phrases(string name) => Strings(name).Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .OrderByDescending(p => p.Length).ToArray();
        return new ExpertCues
        {
            AdminAfter = Strings("adminAfter").ToFrozenSet(StringComparer.Ordinal),
            AdminBefore = Phrases("adminBefore"),
            PlaceAfter = Strings("placeAfter").ToFrozenSet(StringComparer.Ordinal),
            PlaceBefore = Phrases("placeBefore"),
            PartyBefore = Phrases("partyBefore"),
            WeakPartyBefore = Strings("partyWeakBefore").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartyRelations = Phrases("partyRelations"),
            RouteWords = Strings("routeWords").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartyJoiners = Strings("partyJoiners").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartySuffix = Strings("partySuffix").ToArray(),
            PeriodEndBefore = Phrases("periodEndBefore"),
            PeriodEndNegations = Strings("periodEndNegations").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>
    /// What the words around an occurrence say it is: an administrative unit ("Aleppo province", "southern Idlib") or a
    /// town ("Idlib city", "the town of X"); with the cue as written and the name without a generic word inside the
    /// mention ("Aleppo" of "Aleppo province"). Null when the words say neither.
    /// </summary>
    public static (bool WantsAdmin, string Cue, string Name)? FeatureCue(string text, Text.TextSpan span)
    {
        var cues = Default;
        var surface = text[span.Start..span.End];
        var lastSpace = surface.LastIndexOf(' ');
        if (lastSpace > 0 && cues.AdminAfter.Contains(surface[(lastSpace + 1)..])) return (true, surface, surface[..lastSpace]);
        if (lastSpace > 0 && cues.PlaceAfter.Contains(surface[(lastSpace + 1)..])) return (false, surface, surface[..lastSpace]);
        if (WordAfter(text, span.End, cues.AdminAfter) is { } after) return (true, $"{surface} {after}", surface);
        if (WordAfter(text, span.End, cues.PlaceAfter) is { } town) return (false, $"{surface} {town}", surface);
        if (PhraseBefore(text, span.Start, cues.AdminBefore) is { } before) return (true, $"{before.Text} {surface}", surface);
        if (PhraseBefore(text, span.Start, cues.PlaceBefore) is { } of) return (false, $"{of.Text} {surface}", surface);
        return null;
    }

    /// <summary>"until", "through"… right before a date expression where it stands, or opening the expression itself: the
    /// expression is then the end of a period.</summary>
    public static string? PeriodEndCue(string article, Text.TextSpan? at, string expression)
    {
        string? cue = null;
        foreach (var phrase in Default.PeriodEndBefore)
        {
            var words = string.Join(' ', phrase);
            if (expression.StartsWith(words + " ", StringComparison.OrdinalIgnoreCase)) { cue = words; break; }
        }
        if (at is not { } span) return cue;
        cue ??= PhraseBefore(article, span.Start, Default.PeriodEndBefore)?.Text;
        // "It was not until Tuesday that…", "wouldn't be profitable until 1994": the date is when it starts.
        return cue is not null && Negated(article, Text.Sentences.Containing(article, span.Start)) ? null : cue;
    }

    private static bool Negated(string article, Text.TextSpan sentence)
    {
        var i = sentence.Start;
        while (i < sentence.End)
        {
            if (!char.IsLetter(article[i]) && article[i] != '\'' && article[i] != '’') { i++; continue; }
            var start = i;
            while (i < sentence.End && (char.IsLetter(article[i]) || article[i] is '\'' or '’')) i++;
            var word = article[start..i].Replace('’', '\'');
            if (Default.PeriodEndNegations.Contains(word) || word.EndsWith("n't", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>
    /// A word of agreement or conflict among the few words right before <paramref name="start"/> ("a ceasefire worked out|",
    /// "talks|"), inside the sentence and the clause (a comma, semicolon or colon ends the search): what makes a following
    /// "between" join parties rather than the ends of a route. Read from the nearest word back; a route or border word met
    /// first ("fighting on the road|", "the border|") means a route. Returns where the words start, or null.
    /// </summary>
    public static int? RelationBefore(string text, int start, int sentenceStart)
    {
        var tokens = TokensBefore(text, start, sentenceStart, 4);
        string Word(int k) => text[tokens[k].Start..tokens[k].End].Trim('"', '“', '”', '\'', '‘', '’', '.');
        for (var last = tokens.Count - 1; last >= 0; last--)
        {
            if (Default.RouteWords.Contains(Word(last))) return null;
            foreach (var phrase in Default.PartyRelations)
            {
                var first = last - phrase.Length + 1;
                var ok = first >= 0;
                for (var w = 0; w < phrase.Length && ok; w++) ok = string.Equals(Word(first + w), phrase[w], StringComparison.OrdinalIgnoreCase);
                if (ok) return tokens[first].Start;
            }
        }
        return null;
    }

    /// <summary>Up to <paramref name="max"/> whitespace-separated tokens before an offset, nearest last, not before the sentence or across a clause mark.</summary>
    private static List<(int Start, int End)> TokensBefore(string text, int offset, int sentenceStart, int max)
    {
        var tokens = new List<(int Start, int End)>();
        var i = offset;
        while (tokens.Count < max)
        {
            while (i > sentenceStart && text[i - 1] is ' ' or '\t') i--;
            var end = i;
            while (i > sentenceStart && !char.IsWhiteSpace(text[i - 1])) i--;
            if (i == end || text[end - 1] is ',' or ';' or ':' or '(' or ')') break;
            tokens.Insert(0, (i, end));
        }
        return tokens;
    }

    /// <summary>The lowercase word right after <paramref name="end"/> (one run of spaces between) when it is one of <paramref name="words"/>.</summary>
    public static string? WordAfter(string text, int end, FrozenSet<string> words)
    {
        var i = end;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i == end) return null;
        var start = i;
        while (i < text.Length && char.IsLetter(text[i])) i++;
        var word = text[start..i];
        return words.Contains(word) ? word : null;
    }

    /// <summary>
    /// The longest phrase of <paramref name="phrases"/> that ends right before <paramref name="start"/> (words one run of
    /// spaces apart, case ignored: a sentence may open with "Southern"); returns its start offset and text.
    /// </summary>
    public static (int Start, string Text)? PhraseBefore(string text, int start, IReadOnlyList<string[]> phrases)
    {
        // The phrase lists are sorted longest first (Load), so the first is the longest.
        var words = WordsBefore(text, start, phrases.Count == 0 ? 0 : phrases[0].Length);
        foreach (var phrase in phrases)
        {
            if (phrase.Length > words.Count) continue;
            var ok = true;
            for (var k = 0; k < phrase.Length && ok; k++)
                ok = string.Equals(words[words.Count - phrase.Length + k].Word, phrase[k], StringComparison.OrdinalIgnoreCase);
            if (ok)
            {
                var from = words[words.Count - phrase.Length].Start;
                return (from, text[from..start].TrimEnd());
            }
        }
        return null;
    }

    /// <summary>Up to <paramref name="max"/> words before an offset, nearest last, stopping at punctuation or a line break.</summary>
    private static List<(int Start, string Word)> WordsBefore(string text, int offset, int max)
    {
        var result = new List<(int, string)>();
        var i = offset;
        while (result.Count < max)
        {
            var gap = i;
            while (i > 0 && text[i - 1] is ' ' or '\t') i--;
            if (i == gap && result.Count > 0) break;
            var end = i;
            while (i > 0 && char.IsLetter(text[i - 1])) i--;
            if (i == end) break;
            result.Add((i, text[i..end]));
        }
        result.Reverse(); // collected nearest first
        return result;
    }
}
