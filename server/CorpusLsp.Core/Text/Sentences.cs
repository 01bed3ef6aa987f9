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

    /// <summary>The abbreviations, asked by the word's characters: a string of the word before each period was made.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationWords = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    public static TextSpan Containing(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var recent = t_recent ??= new Recent();
        if (recent.Find(text, offset) is { } known) return known;
        var sentence = new TextSpan(LastBoundary(text, offset), NextBoundary(text, Math.Min(offset + 1, text.Length)));
        recent.Add(sentence);
        return sentence;
    }

    /// <summary>The sentences this thread found last, in the text it asked about last.</summary>
    [ThreadStatic] private static Recent? t_recent;

    /// <summary>
    /// The last sentences found in one text (held weakly: a closed article's string must be let go): an analysis asks for
    /// each event's sentence about four times (its `when`, its tense, its rules), ~24 look-ups of ~6 sentences a pair, each
    /// reading the sentence's characters again (issue 19).
    /// </summary>
    /// <remarks>
    /// A sentence [s, e) found holds no boundary after s and before e, so it is the answer for every offset from s to e - 1:
    /// the last boundary up to the offset is s, the first from the offset + 1 on is e.
    /// </remarks>
    private sealed class Recent
    {
        private readonly WeakReference<string?> _text = new(null);
        private readonly TextSpan[] _sentences = new TextSpan[8];
        private int _count;
        private int _next;

        public TextSpan? Find(string text, int offset)
        {
            if (!_text.TryGetTarget(out var known) || !ReferenceEquals(known, text))
            {
                _text.SetTarget(text);
                (_count, _next) = (0, 0);
                return null;
            }
            foreach (var s in _sentences.AsSpan(0, _count))
                if (s.Start <= offset && offset < s.End) return s;
            return null;
        }

        public void Add(TextSpan sentence)
        {
            _sentences[_next] = sentence;
            _next = (_next + 1) % _sentences.Length;
            _count = Math.Max(_count, _next == 0 ? _sentences.Length : _next);
        }
    }

    /// <summary>
    /// What a boundary comes after: a line break, or a sentence's mark (then perhaps closing quotes or brackets, which
    /// <see cref="EndOfMark"/> steps over). Only there can <see cref="IsBoundaryBefore"/> hold, so the scans jump from one
    /// to the next. Closers are not searched for: quotes and apostrophes ("Syria's") were most of the stops, and the set's
    /// non-ASCII ones slowed each search (issue 19).
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> Marks = System.Buffers.SearchValues.Create("\n\r.!?");

    /// <summary>What <see cref="IsBoundaryBefore"/> walks back over from a boundary to the sentence's mark.</summary>
    private static bool IsCloser(char c) => c is '"' or '”' or '’' or '\'' or ')';

    /// <summary>The only position a boundary can follow the mark at <paramref name="mark"/>: past the closers after it.</summary>
    private static int EndOfMark(string text, int mark)
    {
        var at = mark + 1;
        if (text[mark] is '\n' or '\r') return at;
        while (at < text.Length && IsCloser(text[at])) at++;
        return at;
    }

    /// <summary>The last position from 1 to <paramref name="offset"/> a boundary comes before, else 0.</summary>
    private static int LastBoundary(string text, int offset)
    {
        for (var limit = offset; limit > 0;)
        {
            var mark = text.AsSpan(0, limit).LastIndexOfAny(Marks);
            if (mark < 0) return 0;
            var at = EndOfMark(text, mark);
            if (at <= offset && IsBoundaryBefore(text, at)) return at;
            limit = mark;
        }
        return 0;
    }

    /// <summary>The first position from <paramref name="from"/> (at least 1) a boundary comes before, else the text's end.</summary>
    private static int NextBoundary(string text, int from)
    {
        // A mark before from - 1 whose closers run past it: the search starts at the first of those closers.
        var at = Math.Max(from - 1, 0);
        while (at > 0 && IsCloser(text[at])) at--;
        while (at < text.Length)
        {
            var next = text.AsSpan(at).IndexOfAny(Marks);
            if (next < 0) return text.Length;
            var mark = at + next;
            var end = EndOfMark(text, mark);
            if (end >= from && end < text.Length && IsBoundaryBefore(text, end)) return end;
            at = mark + 1;
        }
        return text.Length;
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
    internal static bool IsBoundaryBefore(string text, int position)
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
        var word = text.AsSpan(wordStart, p - wordStart);
        if (word.Length == 1 && char.IsUpper(word[0])) return false; // initials, "U.S."'s last letter
        if (word.Contains('.')) return false;                     // "U.S", "U.N"
        return !AbbreviationWords.Contains(word);
    }
}
