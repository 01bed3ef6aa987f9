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
    private static readonly FrozenSet<string> Titles = Load("titles", "relatives");
    private static readonly FrozenSet<string> CapitalTitles = Load("titles");
    private static readonly FrozenSet<string> Relatives = Load("relatives");
    private static readonly FrozenSet<string> Prepositions = Load("prepositions");
    private static readonly FrozenSet<string> Locatives = Load("locatives");
    private static readonly FrozenSet<string> Institutions = Load("institutions");
    private static readonly FrozenSet<string> SpeechVerbs = Load("speechVerbs");
    private static readonly FrozenSet<string> OrganisationHeads = Load("organisationHeads");
    private static readonly FrozenSet<string> CommonWords = Load("commonWords", "personNames");

    /// <summary>A common word or a person's name alone ("Green", "Bell") is a hint only for a place this large, or a country, region or capital.</summary>
    public const long MinPopulationOfCommonWords = 100_000;

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
        var persons = NamedAsPersons(text, runs, gazetteer);
        // Whether a line is a headline, by its start: once per line, not once per name on it (a single-line article is one line).
        var titleCaseLines = new Dictionary<int, bool>();
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run[^1].Span.End <= range.Start || run[0].Span.Start >= range.End) continue;
            if (Candidate(text, run, gazetteer) is not { } words) continue;
            var span = new TextSpan(words[0].Span.Start, words[^1].Span.End);
            var name = text[span.Start..span.End];
            if (name.Length < 4 || covered.Any(c => c.Overlaps(span))) continue;
            if (words.Count == 1 && persons.Contains(NameFolding.Fold(name))) continue;
            // A word the article also writes in lower case is a common word here ("Green Light", "Police"), and in a
            // headline in title case capitals say nothing.
            if (words.Count == 1 && (partOfLonger.Contains(name) || lowerCase.Contains(name.ToLowerInvariant()))) continue;
            if (InTitleCaseLine(text, span.Start, titleCaseLines)) continue;
            var found = gazetteer.Lookup(name);
            if (found.Count == 0 || found.All(f => f.Kind == MatchKind.Skeleton) || IsNotAPlace(name, found)) continue;
            if (!found.Any(f => f.Kind != MatchKind.Skeleton && Notable(f, words.Count > 1)) || SaysOtherwise(text, span, found)) continue;
            if (words.Count == 1 && CommonWords.Contains(NameFolding.Fold(name)) && !found.Any(f => f.Kind != MatchKind.Skeleton && !ByShortForm(f) && Large(f.Entry))) continue;
            result.Add(new UnannotatedPlace(span, name, found.Count));
        }
        return result;
    }

    private sealed record RunWord(string Word, TextSpan Span);

    private enum Cue { None, Person, Speaks }

    /// <summary>
    /// One sense per article: the last words of names the article marks as a person once ("Sheriff Tom Delano", "Delano's
    /// wife", "Delano said"), so that the same word alone elsewhere is no place hint either. A locative before one of its
    /// occurrences ("in Delano") keeps it a place; a speech verb marks no person after a name of a large place ("Russia said").
    /// </summary>
    private static HashSet<string> NamedAsPersons(string text, List<List<RunWord>> runs, GazetteerIndex gazetteer)
    {
        var persons = new HashSet<string>(StringComparer.Ordinal);
        var located = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var last = NameFolding.Fold(Possessive(run[^1].Word));
            if (Locatives.Contains(NameFolding.Fold(WordBefore(text, run[0].Span.Start, out _)))) located.Add(last);
            if (run.Count > MaxWords) continue;
            var cue = PersonCue(text, run, gazetteer);
            if (cue == Cue.Person || (cue == Cue.Speaks && !NamesALargePlace(run, gazetteer))) persons.Add(last);
        }
        persons.ExceptWith(located);
        return persons;
    }

    private static Cue PersonCue(string text, List<RunWord> run, GazetteerIndex gazetteer)
    {
        var end = run[^1].Span.End;
        var after = NameFolding.Fold(WordAfter(text, end));
        if (TitleBefore(text, run, gazetteer) || FollowedByAge(text, end)) return Cue.Person;
        if (Possessive(run[^1].Word).Length < run[^1].Word.Length && Relatives.Contains(after)) return Cue.Person;
        var before = NameFolding.Fold(WordBefore(text, run[0].Span.Start, out _));
        return end < text.Length && text[end] == ' ' && SpeechVerbs.Contains(after) && !Prepositions.Contains(before) ? Cue.Speaks : Cue.None;
    }

    /// <summary>
    /// A title or a relation right before the name ("son Bryan", "Sen. Nelson", "Sheriff Tom Delano"). A title counts only
    /// capitalised ("to miss Rochester" is a verb) and only when the words together name no place ("Saint Louis").
    /// </summary>
    private static bool TitleBefore(string text, List<RunWord> run, GazetteerIndex gazetteer)
    {
        if (run.Count > 1 && CapitalTitles.Contains(NameFolding.Fold(run[0].Word)))
            return gazetteer.Lookup(string.Join(' ', run.Select(w => Possessive(w.Word)))).All(m => m.Kind == MatchKind.Skeleton);
        var start = run[0].Span.Start;
        var word = WordBefore(text, start, out var from);
        if (word.Length == 0) return false;
        var gap = text[(from + word.Length)..start];
        if (!(gap == " " || (gap == ". " && word.Length <= 4))) return false;
        var folded = NameFolding.Fold(word);
        return Relatives.Contains(folded) || (char.IsUpper(word[0]) && CapitalTitles.Contains(folded));
    }

    /// <summary>"Russia said", "Houston said": a country, first-level region, capital or large city speaks for its people.</summary>
    private static bool NamesALargePlace(List<RunWord> run, GazetteerIndex gazetteer)
    {
        string[] names = [string.Join(' ', run.Select(w => Possessive(w.Word))), Possessive(run[^1].Word)];
        return names.Any(n => gazetteer.Lookup(n).Any(m => m.Kind != MatchKind.Skeleton && Large(m.Entry)));
    }

    /// <summary>"Clark's" → "Clark".</summary>
    private static string Possessive(string word) =>
        word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal) ? word[..^2] : word;

    private static HashSet<string> LowerCaseWords(string text) =>
        LowerCaseWord().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>A line of four words or more, most of them capitalised: a headline.</summary>
    private static bool InTitleCaseLine(string text, int at, Dictionary<int, bool> known)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        if (known.TryGetValue(start, out var titleCase)) return titleCase;
        var end = text.IndexOf('\n', at) is var e and >= 0 ? e : text.Length;
        var (words, capitalised) = (0, 0);
        foreach (var range in text.AsSpan(start, end - start).Split(' '))
        {
            var word = text.AsSpan(start + range.Start.Value, range.End.Value - range.Start.Value);
            if (word.IsEmpty || !char.IsLetter(word[0])) continue;
            words++;
            if (char.IsUpper(word[0])) capitalised++;
        }
        return known[start] = words >= 4 && capitalised * 10 >= words * 7;
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
        var words = WithoutSentenceOpener(text, run, gazetteer).ToList();
        while (words.Count > 0 && IsDateWord(words[^1].Word)) words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && IsDateWord(words[0].Word)) words.RemoveAt(0);
        if (words.Count == 0 || words.Count > MaxWords) return null;
        if (words.Any(w => w.Word.EndsWith('-') || (w.Word.IndexOfAny(['\'', '’']) is var a and >= 0 && !w.Word[a..].Equals(w.Word[a] + "s", StringComparison.Ordinal)))) return null;
        // "Clark's" is Clark's: the possessive is left out of the name looked up.
        if (words[^1].Word.IndexOfAny(['\'', '’']) is var apostrophe and > 0)
            words[^1] = new RunWord(words[^1].Word[..apostrophe], new TextSpan(words[^1].Span.Start, words[^1].Span.Start + apostrophe));
        return words;
    }

    /// <summary>
    /// The run without its first word when that word opens a sentence: a capital there says nothing. "New York officials
    /// said": a name of several capitalised words is one even at a sentence start.
    /// </summary>
    private static List<RunWord> WithoutSentenceOpener(string text, List<RunWord> run, GazetteerIndex gazetteer) =>
        OpensASentence(text, run[0].Span.Start) && !(run.Count is > 1 and <= MaxWords && gazetteer.Lookup(string.Join(' ', run.Select(w => w.Word))).Count > 0)
            ? run.GetRange(1, run.Count - 1)
            : run;

    private static bool IsDateWord(string word) => DateWords.Contains(NameFolding.Fold(word));

    /// <summary>Places a text names: administrative units, regions, capitals and the seats of provinces, and towns of some size.</summary>
    private static bool Notable(NameMatch m, bool severalWords) => !ByShortForm(m) && Notable(m.Entry, severalWords);

    /// <summary>
    /// "Harris" for Harris County: a district or county matched by its name without the generic word. News writes the
    /// generic word when it means the unit, and alone the word is mostly a surname ("Harris said", "Moore").
    /// </summary>
    private static bool ByShortForm(NameMatch m) =>
        m.Entry.FeatureCode is "ADM2" or "ADM3" or "ADM4" or "ADM5"
        && NameFolding.Fold(m.Entry.Name) is var full && NameFolding.Fold(m.MatchedName) is var matched
        && full.Length > matched.Length && full.StartsWith(matched + " ", StringComparison.Ordinal);

    private static bool Large(GazetteerEntry e) =>
        e.IsCountry || e.FeatureCode is "ADM1" or "PPLC" or "PPLA" || (e.FeatureClass == 'P' && e.Population >= MinPopulationOfCommonWords);

    private static bool Notable(GazetteerEntry e, bool severalWords) =>
        e.FeatureClass is 'A' or 'L' or 'H' or 'T' or 'S' or 'R' || e.Id.StartsWith("overlay:", StringComparison.Ordinal)
        || (e.FeatureClass == 'P' && (e.FeatureCode is "PPLC" or "PPLA" or "PPLG" || e.Population >= (severalWords ? MinPopulationOfLongerNames : MinPopulation)));

    /// <summary>
    /// The words around the name make it something else: a title or a relation before it ("Sen.", "son") or a speech verb
    /// next to it (a person), "of" after it ("University of …"), "the" before a name that is no country or region ("the
    /// White House", "the City"), an organisation before "of" ("Bank of America"), and the marks of a person's name or of
    /// a longer name (see <see cref="PartOfAPersonsName"/>, <see cref="EndOfALongerName"/>).
    /// </summary>
    private static bool SaysOtherwise(string text, TextSpan span, IReadOnlyList<NameMatch> found)
    {
        var before = NameFolding.Fold(WordBefore(text, span.Start, out var beforeStart));
        var after = NameFolding.Fold(WordAfter(text, span.End));
        return Titles.Contains(before) || SpeechVerbs.Contains(after) || SpeechVerbs.Contains(before) || after == "of"
            || (before == "the" && !found.Any(f => f.Entry.FeatureClass is 'A' or 'L' && !ByShortForm(f)))
            || (before == "of" && OrganisationHeads.Contains(NameFolding.Fold(WordBefore(text, beforeStart, out _))))
            || PartOfAPersonsName(text, span) || EndOfALongerName(text, span.Start);
    }

    /// <summary>A middle initial after it ("Bryan L. Wethington"), an age ("Parker, 8,"), a nickname before it ("Harold “Hal” Rogers").</summary>
    private static bool PartOfAPersonsName(string text, TextSpan span)
    {
        var e = span.End;
        // "D.C." after "Washington" is no initial: an initial is followed by a space.
        if (e + 4 < text.Length && text[e] == ' ' && char.IsUpper(text[e + 1]) && text[e + 2] == '.' && text[e + 3] == ' ' && char.IsUpper(text[e + 4])) return true;
        if (FollowedByAge(text, e)) return true;
        var s = span.Start;
        if (s >= 3 && text[s - 1] == ' ' && text[s - 2] is '”' or '"')
        {
            var open = text.LastIndexOfAny(['“', '"'], s - 3);
            return open > 0 && s - 2 - open <= 16 && text[open - 1] == ' ' && char.IsUpper(text[open + 1]) && !text.AsSpan(open + 1, s - 3 - open).ContainsAny(' ', '.');
        }
        return false;
    }

    /// <summary>An age after a name: "Parker, 8,".</summary>
    private static bool FollowedByAge(string text, int end)
    {
        if (end + 2 >= text.Length || text[end] != ',' || text[end + 1] != ' ') return false;
        var d = end + 2;
        while (d < text.Length && char.IsAsciiDigit(text[d])) d++;
        return d - (end + 2) is 1 or 2 && d < text.Length && text[d] == ',';
    }

    /// <summary>
    /// The last word of a name the capitalised runs did not join: after a hyphen and a capitalised word of three letters or
    /// more ("Hugley-Green"; "Al-Bab" is one name), or after a word in capitals or with a capital inside ("AC Milan",
    /// "McDonnell Douglas").
    /// </summary>
    private static bool EndOfALongerName(string text, int start)
    {
        if (start < 2 || !(text[start - 1] is '-' or ' ')) return false;
        var end = start - 1;
        var from = end;
        while (from > 0 && char.IsLetter(text[from - 1])) from--;
        if (end - from < 2 || !char.IsUpper(text[from])) return false;
        return text[start - 1] == '-' ? end - from >= 3 : text.AsSpan(from + 1, end - from - 1).ContainsAnyInRange('A', 'Z');
    }

    private static string WordBefore(string text, int start, out int from)
    {
        var end = start;
        while (end > 0 && text[end - 1] is ' ' or '.' or ',') end--;
        from = end;
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
        // "Gov. Mark Sanford": the period of a title ends no sentence.
        if (k > 0 && text[k] == '.' && Titles.Contains(NameFolding.Fold(WordBefore(text, k + 1, out _)))) return false;
        // A dateline, "CINCINNATI (AP) Police …".
        if (k > 0 && text[k] == ')' && text.LastIndexOf('(', k) is var open and >= 0 && k - open is > 1 and <= 12
            && char.IsUpper(text[open + 1]) && text.AsSpan(open + 1, k - open - 1).IndexOfAnyExcept(Letters) < 0) return true;
        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or '\r' or ':' or '—' or '–' || Sentences.Containing(text, start).Start == start;
    }

    /// <summary>A month, a weekday, a demonym: by the word list, or because only a demonym alias of a country matches it.</summary>
    private static bool IsNotAPlace(string name, IReadOnlyList<NameMatch> found)
    {
        var folded = NameFolding.Fold(name);
        if (folded.Split(' ').Any(NotPlaces.Contains) || Institutions.Contains(folded)) return true;
        if (!found.All(f => f.Kind == MatchKind.Alias)) return false;
        // "Britain", "America" are aliases of countries and places; "American", "Egyptians" are aliases by their ending.
        return !NewsAliases.Countries.ContainsKey(folded) || DemonymEndings.Any(e => folded.EndsWith(e, StringComparison.Ordinal) && folded.Length - e.Length >= 4);
    }

    private static readonly System.Buffers.SearchValues<char> Letters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

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
