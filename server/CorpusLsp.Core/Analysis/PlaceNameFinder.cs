using System.Text.RegularExpressions;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

/// <summary>A name found in running text that the gazetteer knows as a place.</summary>
public sealed record FoundName(string Text, TextSpan Span);

/// <summary>
/// Finds the place names of an unannotated article, for `corpuslsp resolve` without given mentions: runs of
/// capitalised words ("New York", "Deir ez-Zor", "LONDON"), and dotted or capital abbreviations ("U.S.", "EU"), kept
/// when the gazetteer knows the whole run by one of its names. A name inside a longer run ("Washington" in
/// "Washington Post", "Paris" in "Paris Hilton") is part of another name and is not taken; runs joined by a short
/// lowercase word are tried together first ("Bosnia and Herzegovina", "Rio de Janeiro").
/// </summary>
public static partial class PlaceNameFinder
{
    /// <summary>Lowercase words that join the parts of one place name; anything longer ends the name.</summary>
    private const int MaxJoinerLength = 4;

    public static IReadOnlyList<FoundName> Find(string text, GazetteerIndex gazetteer)
    {
        var words = Word().Matches(text).Select(m => TextSpan.FromLength(m.Index, m.Length)).ToList();
        var dates = TemporalTagger.Find(text).Select(d => d.Span).ToList();
        var found = new List<FoundName>();
        var i = 0;
        while (i < words.Count)
        {
            if (!IsCapitalised(text, words[i])) { i++; continue; }
            var run = RunEnd(text, words, i);
            // "Bosnia and Herzegovina": a run, a short lowercase word, another run, tried as one name.
            var joined = run + 2 < words.Count && Adjacent(text, words[run], words[run + 1]) && Adjacent(text, words[run + 1], words[run + 2])
                && !IsCapitalised(text, words[run + 1]) && words[run + 1].Length <= MaxJoinerLength && IsCapitalised(text, words[run + 2])
                ? RunEnd(text, words, run + 2) : -1;
            var span = TextSpan.FromLength(words[i].Start, words[run].End - words[i].Start);
            if (joined >= 0 && Known(gazetteer, text, TextSpan.FromLength(words[i].Start, words[joined].End - words[i].Start)) is { } whole)
            {
                Add(found, text, whole, dates);
                i = joined + 1;
                continue;
            }
            if (Known(gazetteer, text, span) is { } name && (run > i || !AtSentenceStart(text, span.Start) || Recurs(text, span)))
                Add(found, text, name, dates);
            i = run + 1;
        }
        return found;
    }

    private static void Add(List<FoundName> found, string text, TextSpan span, List<TextSpan> dates)
    {
        // "May", "March", "Sunday" are places too, but in news they are dates first.
        if (dates.Any(d => d.Overlaps(span))) return;
        found.Add(new FoundName(text.Substring(span.Start, span.Length), span));
    }

    /// <summary>The last word of the run of capitalised words starting at <paramref name="start"/>, one space apart.</summary>
    private static int RunEnd(string text, List<TextSpan> words, int start)
    {
        var end = start;
        while (end + 1 < words.Count && Adjacent(text, words[end], words[end + 1]) && IsCapitalised(text, words[end + 1])) end++;
        return end;
    }

    private static bool Adjacent(string text, TextSpan a, TextSpan b) => b.Start == a.End + 1 && text[a.End] == ' ';

    /// <summary>"Aleppo", "LONDON", and the Arabic article's "ez-Zor", "al-Bab": capitalised after the article's hyphen.</summary>
    private static bool IsCapitalised(string text, TextSpan word)
    {
        if (char.IsUpper(text[word.Start])) return true;
        var hyphen = text.LastIndexOfAny(['-', '\'', '’'], word.End - 1, word.Length);
        return hyphen >= 0 && hyphen + 1 < word.End && char.IsUpper(text[hyphen + 1]);
    }

    /// <summary>The span, when the gazetteer knows it by a name of a place (not only by a spelling variant or a demonym).</summary>
    private static TextSpan? Known(GazetteerIndex gazetteer, string text, TextSpan span)
    {
        var surface = text.Substring(span.Start, span.Length);
        var folded = NameFolding.Fold(surface);
        var matches = gazetteer.Lookup(surface).Where(m => m.Kind != MatchKind.Skeleton).ToList();
        if (matches.Count == 0) return null;
        // A real name of the place, or a generic word around one ("Aleppo Province"), or an abbreviation ("U.S.", "UK").
        if (matches.Any(m => NameFolding.Fold(m.MatchedName) == folded) || NameFolding.SplitGeneric(folded).Generic is not null) return span;
        if (IsAbbreviation(surface)) return span;
        // Aliases such as "Britain" name places; demonyms ("Syrian", "French") describe things and are not taken.
        return LooksLikeDemonym(folded) ? null : span;
    }

    private static bool IsAbbreviation(string surface) => surface.Length <= 6 && surface.All(c => char.IsUpper(c) || c == '.');

    private static readonly string[] DemonymEndings = ["an", "ans", "ese", "ish", "i", "is", "ch", "ic"];

    private static bool LooksLikeDemonym(string folded) => DemonymEndings.Any(e => folded.EndsWith(e, StringComparison.Ordinal));

    private static bool AtSentenceStart(string text, int offset) => offset == 0 || Sentences.Containing(text, offset).Start == offset;

    /// <summary>A word that opens a sentence is a name when the article also writes it capitalised elsewhere, or in capitals (a dateline).</summary>
    private static bool Recurs(string text, TextSpan span)
    {
        var surface = text.Substring(span.Start, span.Length);
        if (surface.Length > 1 && surface.All(c => !char.IsLetter(c) || char.IsUpper(c))) return true;
        for (var at = text.IndexOf(surface, StringComparison.Ordinal); at >= 0; at = text.IndexOf(surface, at + 1, StringComparison.Ordinal))
            if (at != span.Start && !AtSentenceStart(text, at)) return true;
        return false;
    }

    /// <summary>A word with its inner hyphens and apostrophes ("Deir ez-Zor", "Ma'arrat"), or a dotted abbreviation ("U.S.").</summary>
    [GeneratedRegex(@"(?:\p{Lu}\.){2,}|[\p{L}\p{Mn}][\p{L}\p{Mn}\p{Nd}]*(?:['’\-][\p{L}\p{Mn}\p{Nd}]+)*")]
    private static partial Regex Word();
}
