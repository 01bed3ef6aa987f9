using System.Collections.Frozen;
using System.Text.Json;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Text;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

/// <summary>A capitalised name of an article that the gazetteer knows and nothing annotates: the "place?" hint.</summary>
public sealed record UnannotatedPlace(TextSpan Span, string Name, int Matches);

/// <summary>
/// Finds the names of an article that look like places nobody annotated. A hint is worth showing only when it is
/// right, so what the gazetteer matches by accident is left out: names opening a sentence, month and weekday names,
/// demonyms and nationalities ("Syrian", "Kurdish": <c>Gazetteer/Data/not-place-words.json</c> and the demonym rule of
/// <see cref="NewsAliases"/>), words inside an annotated mention, and matches only by romanization skeleton.
/// Precision is measured by `bench hint-eval` (example corpus and LGL).
/// </summary>
public static partial class UnannotatedPlaces
{
    private static readonly FrozenSet<string> NotPlaces = Load("months", "weekdays", "demonyms", "directions");
    private static readonly FrozenSet<string> DateWords = Load("months", "weekdays");
    private static readonly FrozenSet<string> Titles = Load("titles");
    private static readonly FrozenSet<string> SpeechVerbs = Load("speechVerbs");

    private static readonly string[] DemonymEndings = ["ians", "ans", "ese", "ish", "ian", "an", "is", "i"];

    /// <summary>
    /// A town named "Connor", "Bell" or "Center" is seldom what a news text means by the word: a one-word name that only
    /// towns carry is a hint when one of them is this large (or a capital); names of two or three words need less.
    /// </summary>
    public const long MinPopulation = 15_000;
    public const long MinPopulationOfLongerNames = 1_000;

    /// <summary>Capitalised runs of more words than this are names of something else (organisations, events, titles).</summary>
    public const int MaxWords = 3;

    public static IReadOnlyList<UnannotatedPlace> Find(GazetteerIndex gazetteer, string text, TextSpan range, IReadOnlyList<TextSpan> covered,
        CancellationToken cancellationToken = default)
    {
        var result = new List<UnannotatedPlace>();
        range = new TextSpan(Math.Clamp(range.Start, 0, text.Length), Math.Clamp(range.End, 0, text.Length));
        var runs = Runs(text);
        // A word that is part of a longer name elsewhere in the article ("Mike Jones", "Jones Hall") is that name when alone.
        var lowerCase = LowerCaseWords(text);
        var partOfLonger = runs.Where(r => r.Count > 1 && gazetteer.Lookup(string.Join(' ', r.Select(w => w.Word))).Count == 0)
            .SelectMany(r => new[] { r[0].Word, r[^1].Word }).ToHashSet(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run[^1].Span.End <= range.Start || run[0].Span.Start >= range.End) continue;
            if (Candidate(text, run, gazetteer) is not { } words) continue;
            var span = new TextSpan(words[0].Span.Start, words[^1].Span.End);
            var name = text[span.Start..span.End];
            if (name.Length < 4 || covered.Any(c => c.Overlaps(span))) continue;
            // A word the article also writes in lower case is a common word here ("Green Light", "Police"), and in a
            // headline in title case capitals say nothing.
            if (words.Count == 1 && (partOfLonger.Contains(name) || lowerCase.Contains(name.ToLowerInvariant()))) continue;
            if (InTitleCaseLine(text, span.Start)) continue;
            var found = gazetteer.Lookup(name);
            if (found.Count == 0 || found.All(f => f.Kind == MatchKind.Skeleton) || IsNotAPlace(name, found)) continue;
            if (!found.Any(f => f.Kind != MatchKind.Skeleton && Notable(f.Entry, words.Count > 1)) || SaysOtherwise(text, span, found)) continue;
            result.Add(new UnannotatedPlace(span, name, found.Count));
        }
        return result;
    }

    private sealed record RunWord(string Word, TextSpan Span);

    private static HashSet<string> LowerCaseWords(string text) =>
        LowerCaseWord().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>A line of four words or more, most of them capitalised: a headline.</summary>
    private static bool InTitleCaseLine(string text, int at)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = text.IndexOf('\n', at) is var e and >= 0 ? e : text.Length;
        var words = text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsLetter(w[0])).ToList();
        return words.Count >= 4 && words.Count(w => char.IsUpper(w[0])) * 10 >= words.Count * 7;
    }

    /// <summary>Maximal runs of capitalised words separated by one space: "North Main Street" is one name, not "North Main" and "Street".</summary>
    private static List<List<RunWord>> Runs(string text)
    {
        var runs = new List<List<RunWord>>();
        List<RunWord>? current = null;
        foreach (System.Text.RegularExpressions.Match m in CapitalizedWord().Matches(text))
        {
            var word = new RunWord(m.Value, TextSpan.FromLength(m.Index, m.Length));
            if (current is not null && m.Index == current[^1].Span.End + 1 && text[m.Index - 1] == ' ') current.Add(word);
            else runs.Add(current = [word]);
        }
        return runs;
    }

    /// <summary>
    /// The words of a run that may name a place: without the word opening a sentence and the dates at either end ("in
    /// Damascus Thursday"); none when a word is cut at a line end or is a contraction, or the run is longer than a place name.
    /// </summary>
    private static List<RunWord>? Candidate(string text, List<RunWord> run, GazetteerIndex gazetteer)
    {
        var words = run.ToList();
        // "New York officials said": a name of several capitalised words is one even at a sentence start.
        if (OpensASentence(text, words[0].Span.Start) && !(words.Count is > 1 and <= MaxWords && gazetteer.Lookup(string.Join(' ', words.Select(w => w.Word))).Count > 0))
            words.RemoveAt(0);
        while (words.Count > 0 && IsDateWord(words[^1].Word)) words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && IsDateWord(words[0].Word)) words.RemoveAt(0);
        if (words.Count == 0 || words.Count > MaxWords) return null;
        if (words.Any(w => w.Word.EndsWith('-') || (w.Word.IndexOfAny(['\'', '’']) is var a and >= 0 && !w.Word[a..].Equals(w.Word[a] + "s", StringComparison.Ordinal)))) return null;
        // "Clark's" is Clark's: the possessive is left out of the name looked up.
        if (words[^1].Word.IndexOfAny(['\'', '’']) is var apostrophe and > 0)
            words[^1] = new RunWord(words[^1].Word[..apostrophe], new TextSpan(words[^1].Span.Start, words[^1].Span.Start + apostrophe));
        return words;
    }

    private static bool IsDateWord(string word) => DateWords.Contains(NameFolding.Fold(word));

    /// <summary>Places a text names: administrative units, regions, capitals and the seats of provinces, and towns of some size.</summary>
    private static bool Notable(GazetteerEntry e, bool severalWords) =>
        e.FeatureClass is 'A' or 'L' or 'H' or 'T' or 'S' or 'R' || e.Id.StartsWith("overlay:", StringComparison.Ordinal)
        || (e.FeatureClass == 'P' && (e.FeatureCode is "PPLC" or "PPLA" or "PPLG" || e.Population >= (severalWords ? MinPopulationOfLongerNames : MinPopulation)));

    /// <summary>
    /// The words around the name make it something else: a title before it or a speech verb next to it (a person), "of"
    /// after it ("University of …"), "the" before a name that is no country or region ("the White House", "the City").
    /// </summary>
    private static bool SaysOtherwise(string text, TextSpan span, IReadOnlyList<NameMatch> found)
    {
        var before = NameFolding.Fold(WordBefore(text, span.Start));
        var after = NameFolding.Fold(WordAfter(text, span.End));
        return Titles.Contains(before) || SpeechVerbs.Contains(after) || SpeechVerbs.Contains(before) || after == "of"
            || (before == "the" && !found.Any(f => f.Entry.FeatureClass is 'A' or 'L'));
    }

    private static string WordBefore(string text, int start)
    {
        var end = start;
        while (end > 0 && text[end - 1] is ' ' or '.') end--;
        var from = end;
        while (from > 0 && char.IsLetter(text[from - 1])) from--;
        return text[from..end];
    }

    private static string WordAfter(string text, int end)
    {
        var from = end;
        while (from < text.Length && text[from] is ' ' or ',') from++;
        var to = from;
        while (to < text.Length && char.IsLetter(text[to])) to++;
        return text[from..to];
    }

    /// <summary>Any capitalised word opens a sentence, a line or a quotation: that says nothing about it being a name.</summary>
    private static bool OpensASentence(string text, int start)
    {
        var k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '(' or '"' or '“' or '‘' or '\'') k--;
        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or '\r' or ':' or '—' or '–' || Sentences.Containing(text, start).Start == start;
    }

    /// <summary>A month, a weekday, a demonym: by the word list, or because only a demonym alias of a country matches it.</summary>
    private static bool IsNotAPlace(string name, IReadOnlyList<NameMatch> found)
    {
        var folded = NameFolding.Fold(name);
        if (folded.Split(' ').Any(NotPlaces.Contains)) return true;
        if (!found.All(f => f.Kind == MatchKind.Alias)) return false;
        // "Britain", "America" are aliases of countries and places; "American", "Egyptians" are aliases by their ending.
        return !NewsAliases.Countries.ContainsKey(folded) || DemonymEndings.Any(e => folded.EndsWith(e, StringComparison.Ordinal) && folded.Length - e.Length >= 4);
    }

    private static FrozenSet<string> Load(params string[] lists)
    {
        using var stream = typeof(UnannotatedPlaces).Assembly.GetManifestResourceStream("CorpusLsp.Core.Gazetteer.not-place-words.json")
            ?? throw new InvalidOperationException("not-place-words.json is not embedded");
        var root = JsonDocument.Parse(stream).RootElement;
        return lists.SelectMany(k => root.GetProperty(k).EnumerateArray().Select(w => w.GetString()!)).ToFrozenSet(StringComparer.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\p{Ll}+\b")]
    private static partial System.Text.RegularExpressions.Regex LowerCaseWord();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\p{Lu}[\p{Ll}’'-]+")]
    private static partial System.Text.RegularExpressions.Regex CapitalizedWord();
}
