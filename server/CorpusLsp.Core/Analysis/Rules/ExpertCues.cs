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

    /// <summary>
    /// The words after a name that make it an administrative unit (true: "province") or a town (false: "city"): one table
    /// for both lists, so a word that is neither (most) costs one lookup, not two (issue 19: every linked place span).
    /// </summary>
    public required FrozenDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> AfterWantsAdmin { get; init; }
    public required PhraseList AdminBefore { get; init; }
    public required PhraseList PlaceBefore { get; init; }

    /// <summary>
    /// The phrases of <see cref="AdminBefore"/> and of <see cref="PlaceBefore"/> ending in a word, in one table: the word
    /// before a place (most often none of them) costs one lookup, not two (issue 19: every span of a linked place).
    /// </summary>
    public required FrozenDictionary<string, (string[][]? Admin, string[][]? Place)>.AlternateLookup<ReadOnlySpan<char>> FeatureBefore { get; init; }
    public required PhraseList PartyBefore { get; init; }
    public required FrozenSet<string> WeakPartyBefore { get; init; }
    public required IReadOnlyList<string[]> PartyRelations { get; init; }
    public required FrozenSet<string> RouteWords { get; init; }
    public required FrozenSet<string> PartyJoiners { get; init; }
    public required IReadOnlyList<string> PartySuffix { get; init; }
    public required PhraseList PeriodEndBefore { get; init; }

    /// <summary>The phrases of <see cref="PeriodEndBefore"/> as written, in its order: joined once, not per event and phrase.</summary>
    public required IReadOnlyList<string> PeriodEndWritten { get; init; }
    public required FrozenSet<string> PeriodEndNegations { get; init; }

    private static ExpertCues Load()
    {
        using var stream = typeof(ExpertCues).Assembly.GetManifestResourceStream("CorpusLsp.Core.Analysis.Rules.expert-cues.json")
            ?? throw new InvalidOperationException("expert-cues.json is not embedded");
        var root = JsonDocument.Parse(stream).RootElement;
        IEnumerable<string> Strings(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);
        string[][] Split(string name) => Strings(name).Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .OrderByDescending(p => p.Length).ToArray();
        PhraseList Phrases(string name) => new(Split(name));
        // Looked up by the span of a word in the text: called for every span of every linked place on every edit (issue 19).
        static FrozenDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> WantsAdmin(IEnumerable<string> admin, IEnumerable<string> place)
        {
            var wants = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var word in admin) wants.TryAdd(word, true);
            foreach (var word in place) wants.TryAdd(word, false); // a word of both lists stays admin, as it was read first
            return wants.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }
        static FrozenDictionary<string, (string[][]? Admin, string[][]? Place)>.AlternateLookup<ReadOnlySpan<char>> Before(PhraseList admin, PhraseList place)
        {
            var (a, p) = (admin.ByLastWordBySpan.Dictionary, place.ByLastWordBySpan.Dictionary);
            return a.Keys.Union(p.Keys, StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(w => w, w => (a.GetValueOrDefault(w), p.GetValueOrDefault(w)), StringComparer.OrdinalIgnoreCase)
                .GetAlternateLookup<ReadOnlySpan<char>>();
        }
        var adminBefore = Phrases("adminBefore");
        var placeBefore = Phrases("placeBefore");
        return new ExpertCues
        {
            AfterWantsAdmin = WantsAdmin(Strings("adminAfter"), Strings("placeAfter")),
            AdminBefore = adminBefore,
            PlaceBefore = placeBefore,
            FeatureBefore = Before(adminBefore, placeBefore),
            PartyBefore = Phrases("partyBefore"),
            WeakPartyBefore = Strings("partyWeakBefore").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartyRelations = Split("partyRelations"),
            RouteWords = Strings("routeWords").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartyJoiners = Strings("partyJoiners").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartySuffix = Strings("partySuffix").ToArray(),
            PeriodEndBefore = Phrases("periodEndBefore"),
            PeriodEndWritten = Split("periodEndBefore").Select(p => string.Join(' ', p)).ToArray(),
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
        // Called for every span of every linked place on every edit (issue 19): nothing is allocated until a cue is found.
        var cues = Default;
        var surface = text.AsSpan(span.Start, span.End - span.Start);
        var lastSpace = surface.LastIndexOf(' ');
        if (lastSpace > 0)
        {
            var last = surface[(lastSpace + 1)..];
            if (cues.AfterWantsAdmin.TryGetValue(last, out var admin)) return (admin, surface.ToString(), surface[..lastSpace].ToString());
        }
        // The word after and the words before are each found once for both lists (each list read them again: issue 19).
        var after = WordAfter(text, span.End);
        if (cues.AfterWantsAdmin.TryGetValue(after, out var wantsAdmin)) return (wantsAdmin, $"{surface} {after}", surface.ToString());
        Span<int> starts = stackalloc int[Math.Max(cues.AdminBefore.Longest, cues.PlaceBefore.Longest)];
        Span<int> ends = stackalloc int[starts.Length];
        if (WordsBefore(text, span.Start, starts[..Math.Min(1, starts.Length)], ends) == 0) return null;
        var nearest = text.AsSpan(starts[0], ends[0] - starts[0]);
        if (!cues.FeatureBefore.TryGetValue(nearest, out var endings)) return null;
        var (adminEnding, placeEnding) = endings;
        var count = WordsBefore(text, span.Start, starts, ends);
        if (adminEnding is not null && Ending(text, span.Start, adminEnding, starts[..count], ends) is { } before)
            return (true, $"{before.Text} {surface}", surface.ToString());
        if (placeEnding is not null && Ending(text, span.Start, placeEnding, starts[..count], ends) is { } of)
            return (false, $"{of.Text} {surface}", surface.ToString());
        return null;
    }

    /// <summary>"until", "through"… right before a date expression where it stands, or opening the expression itself: the
    /// expression is then the end of a period.</summary>
    public static string? PeriodEndCue(string article, Text.TextSpan? at, string expression)
    {
        string? cue = null;
        foreach (var words in Default.PeriodEndWritten)
            if (expression.Length > words.Length && expression[words.Length] == ' ' && expression.StartsWith(words, StringComparison.OrdinalIgnoreCase)) { cue = words; break; }
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

    /// <summary>Quotes and a full stop around a word, held once (a params array was made for each word read).</summary>
    private static readonly char[] Quotes = ['"', '“', '”', '\'', '‘', '’', '.'];

    /// <summary>
    /// A word of agreement or conflict among the few words right before <paramref name="start"/> ("a ceasefire worked out|",
    /// "talks|"), inside the sentence and the clause (a comma, semicolon or colon ends the search): what makes a following
    /// "between" join parties rather than the ends of a route. Read from the nearest word back; a route or border word met
    /// first ("fighting on the road|", "the border|") means a route. Returns where the words start, or null.
    /// </summary>
    public static int? RelationBefore(string text, int start, int sentenceStart)
    {
        var tokens = TokensBefore(text, start, sentenceStart, 4);
        string Word(int k) => text[tokens[k].Start..tokens[k].End].Trim(Quotes);
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

    /// <summary>The letters after <paramref name="end"/> and one run of spaces (empty when no space follows).</summary>
    private static ReadOnlySpan<char> WordAfter(string text, int end)
    {
        var i = end;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i == end) return [];
        var start = i;
        while (i < text.Length && char.IsLetter(text[i])) i++;
        return text.AsSpan(start, i - start);
    }

    /// <summary>
    /// The longest phrase of <paramref name="phrases"/> that ends right before <paramref name="start"/> (words one run of
    /// spaces apart, case ignored: a sentence may open with "Southern"); returns its start offset and text.
    /// </summary>
    public static (int Start, string Text)? PhraseBefore(string text, int start, PhraseList phrases)
    {
        Span<int> starts = stackalloc int[phrases.Longest];
        Span<int> ends = stackalloc int[starts.Length];
        // Most offsets have no phrase ending at them: the nearest word alone says so (issue 19: every place, every edit).
        if (WordsBefore(text, start, starts[..Math.Min(1, starts.Length)], ends) == 0
            || !phrases.ByLastWordBySpan.TryGetValue(text.AsSpan(starts[0], ends[0] - starts[0]), out var ending))
            return null;
        var count = WordsBefore(text, start, starts, ends);
        return Ending(text, start, ending, starts[..count], ends);
    }

    /// <summary>
    /// The first (longest) of <paramref name="ending"/>, phrases ending in the nearest word, that the words before
    /// <paramref name="start"/> (as <see cref="WordsBefore"/> found them) end with.
    /// </summary>
    private static (int Start, string Text)? Ending(string text, int start, string[][] ending, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        var count = starts.Length;
        foreach (var phrase in ending)
        {
            if (phrase.Length > count) continue;
            // The nearest word is the phrase's last (the table's key, case ignored); the others are compared from the
            // nearest, length first: the phrases of one ending ("… of") mostly differ in the word before it, and most
            // words there have no phrase's length (issue 19: ~2 K instructions per "of" before a place).
            var ok = true;
            for (var k = phrase.Length - 2; k >= 0 && ok; k--)
            {
                var w = count - phrase.Length + k;
                ok = ends[w] - starts[w] == phrase[k].Length
                    && text.AsSpan(starts[w], ends[w] - starts[w]).Equals(phrase[k], StringComparison.OrdinalIgnoreCase);
            }
            if (ok)
            {
                var from = starts[count - phrase.Length];
                return (from, text[from..start].TrimEnd());
            }
        }
        return null;
    }

    /// <summary>
    /// The words before an offset (at most as many as <paramref name="starts"/> holds), stopping at punctuation or a line
    /// break; written nearest last, returns how many.
    /// </summary>
    private static int WordsBefore(string text, int offset, Span<int> starts, Span<int> ends)
    {
        var count = 0;
        var i = offset;
        while (count < starts.Length)
        {
            var gap = i;
            while (i > 0 && text[i - 1] is ' ' or '\t') i--;
            if (i == gap && count > 0) break;
            var end = i;
            while (i > 0 && char.IsLetter(text[i - 1])) i--;
            if (i == end) break;
            starts[count] = i;
            ends[count] = end;
            count++;
        }
        starts[..count].Reverse(); // collected nearest first
        ends[..count].Reverse();
        return count;
    }
}

/// <summary>Phrases of cue words, longest first, and by their last word (case ignored) for the search back from an offset.</summary>
public sealed class PhraseList(string[][] phrases) : IReadOnlyList<string[]>
{
    /// <summary>The phrases ending in a word, looked up by the span of a word in the text.</summary>
    public FrozenDictionary<string, string[][]>.AlternateLookup<ReadOnlySpan<char>> ByLastWordBySpan { get; } = phrases
        .GroupBy(p => p[^1], StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    public int Longest { get; } = phrases.Length == 0 ? 0 : phrases.Max(p => p.Length);

    public string[] this[int index] => phrases[index];

    public int Count => phrases.Length;

    public IEnumerator<string[]> GetEnumerator() => ((IEnumerable<string[]>)phrases).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => phrases.GetEnumerator();
}
