namespace CorpusLsp.Core.Text;

/// <summary>
/// A plain sentence splitter for news prose: ends at . ! ? followed by space and a capital or quote, or at a
/// line break. Abbreviations common in news ("U.S.", "Mr.", "Feb.") do not end a sentence.
/// </summary>
public static class Sentences
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Maj", "Sen", "Rep", "Gov", "St", "Jr", "Sr", "No", "Co", "Corp", "Inc", "Ltd",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "etc", "approx",
    };

    public static TextSpan Containing(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var start = offset;
        while (start > 0 && !IsBoundaryBefore(text, start)) start--;
        var end = Math.Min(offset + 1, text.Length);
        while (end < text.Length && !IsBoundaryBefore(text, end)) end++;
        return new TextSpan(start, end);
    }

    public static IEnumerable<TextSpan> All(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i < text.Length && !IsBoundaryBefore(text, i)) continue;
            var s = start;
            var e = i;
            while (s < e && char.IsWhiteSpace(text[s])) s++;
            while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
            if (e > s) yield return new TextSpan(s, e);
            start = i;
        }
    }

    /// <summary>Is there a sentence boundary between position-1 and position?</summary>
    private static bool IsBoundaryBefore(string text, int position)
    {
        var prev = text[position - 1];
        if (prev is '\n' or '\r') return true;
        if (position >= text.Length || !char.IsWhiteSpace(text[position])) return false;
        // Walk back over closing quotes/brackets to the punctuation mark.
        var p = position - 1;
        while (p > 0 && text[p] is '"' or '”' or '’' or '\'' or ')') p--;
        if (text[p] is not ('.' or '!' or '?')) return false;
        var next = position;
        while (next < text.Length && text[next] is ' ' or '\t') next++;
        if (next < text.Length && !(char.IsUpper(text[next]) || char.IsDigit(text[next]) || text[next] is '"' or '“' or '‘' or '\n' or '\r')) return false;
        if (text[p] != '.') return true;
        var wordStart = p;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.')) wordStart--;
        var word = text[wordStart..p];
        if (word.Length == 1 && char.IsUpper(word[0])) return false; // initials, "U.S."'s last letter
        if (word.Contains('.')) return false;                     // "U.S", "U.N"
        return !Abbreviations.Contains(word);
    }
}
