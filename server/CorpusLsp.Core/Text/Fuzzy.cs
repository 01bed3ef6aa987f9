namespace CorpusLsp.Core.Text;

public static class Fuzzy
{
    /// <summary>Levenshtein distance with an early exit once it exceeds <paramref name="max"/>.</summary>
    public static int EditDistance(string a, string b, int max = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > max) return max + 1;
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>
    /// The same distance without allocating (rows on the stack for short strings): the near-miss index confirms
    /// thousands of candidates per query with it. Returns max + 1 once the distance exceeds max.
    /// </summary>
    public static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        Span<int> prev = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> cur = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = i;
            var ai = a[i - 1];
            for (var j = 1; j <= b.Length; j++)
            {
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (ai == b[j - 1] ? 0 : 1));
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > max) return max + 1;
            var t = prev; prev = cur; cur = t;
        }
        return Math.Min(prev[b.Length], max + 1);
    }

    /// <summary>The closest candidate within a distance scaled to the word's length, for "did you mean" (ties: the first by ordinal order).</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var max = Math.Max(1, Math.Min(3, word.Length / 3));
        var lowerWord = word.ToLowerInvariant();
        string? best = null;
        var bestDistance = max + 1;
        char[]? rented = null;
        // Called with every distinct word of an article: lengths are compared before anything is lowered or allocated.
        foreach (var c in candidates)
        {
            if (Math.Abs(c.Length - word.Length) > max) continue;
            if (rented is null || rented.Length < c.Length) rented = new char[Math.Max(c.Length, 64)];
            var lowered = rented.AsSpan(0, LowerInvariant(c, rented));
            var d = EditDistance(lowerWord, lowered, max);
            if (d < bestDistance || (d == bestDistance && d <= max && string.CompareOrdinal(c, best) < 0)) (best, bestDistance) = (c, d);
        }
        return best;
    }

    /// <summary>Reads the first word of <paramref name="text"/> at or after <paramref name="at"/> and moves past it (false at the end).</summary>
    public delegate bool WordReader(ReadOnlySpan<char> text, ref int at, out TextSpan word);

    /// <summary>
    /// <see cref="Closest(string, IEnumerable{string})"/> over the words <paramref name="next"/> reads in
    /// <paramref name="text"/>, read in place: only the answer becomes a string (an anchor not found in its article was
    /// compared with a string made for every word of it, and a match object each; issue 19). The same answer, as the
    /// closest is chosen by distance and then ordinal order, whatever order and repeats the candidates come in.
    /// </summary>
    /// <remarks>
    /// A word with more units the other lacks than edits allowed (<see cref="LowerMask"/>) is left unmeasured: it cannot
    /// come within the distance, and measuring each word of the article was 40% of these calls (issue 19).
    /// </remarks>
    public static string? ClosestMatch(string word, string text, WordReader next)
    {
        var max = Math.Max(1, Math.Min(3, word.Length / 3));
        var lowerWord = word.ToLowerInvariant();
        var wordMask = 0UL;
        foreach (var c in lowerWord) wordMask |= 1UL << (c & 63);
        var (bestAt, bestLength) = (-1, 0);
        var bestDistance = max + 1;
        Span<char> lowered = stackalloc char[64];
        char[]? rented = null;
        for (var at = 0; next(text, ref at, out var m);)
        {
            if (Math.Abs(m.Length - word.Length) > max) continue;
            var c = text.AsSpan(m.Start, m.Length);
            var units = LowerMask(c);
            if (System.Numerics.BitOperations.PopCount(units & ~wordMask) > max || System.Numerics.BitOperations.PopCount(wordMask & ~units) > max) continue;
            if (c.Length > lowered.Length) lowered = rented = new char[Math.Max(c.Length, (rented?.Length ?? 0) * 2)];
            var d = EditDistance(lowerWord, lowered[..LowerInvariant(c, lowered)], max);
            if (d < bestDistance || (d == bestDistance && d <= max && c.SequenceCompareTo(text.AsSpan(bestAt, bestLength)) < 0))
                (bestAt, bestLength, bestDistance) = (m.Start, m.Length, d);
        }
        return bestAt < 0 ? null : text.Substring(bestAt, bestLength);
    }

    /// <summary>
    /// <see cref="MemoryExtensions.ToLowerInvariant"/> into <paramref name="into"/> (as long as the word), without an ICU
    /// call: invariant lowering maps each code point on its own, so a UTF-16 unit outside a surrogate pair is looked up in a
    /// table of the BMP lowered once (a word with an apostrophe, "Syria’s", called ICU for each of an article's runs
    /// compared with a name). A word with a surrogate falls back to the span call.
    /// </summary>
    public static int LowerInvariant(ReadOnlySpan<char> word, Span<char> into)
    {
        for (var k = 0; k < word.Length; k++)
        {
            var c = word[k];
            if (c < 0x80) into[k] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            else if (char.IsSurrogate(c)) return word.ToLowerInvariant(into);
            else into[k] = LowerTable.Bmp[c];
        }
        return word.Length;
    }

    /// <summary>
    /// The UTF-16 units of the word as <see cref="LowerInvariant"/> lowers it, one bit per unit (its value modulo 64): a
    /// filter for edit distances. Two words k edits apart differ by at most k units each way, so each has at most k bits the
    /// other lacks (units sharing a bit only make that count smaller).
    /// </summary>
    public static ulong LowerMask(ReadOnlySpan<char> word)
    {
        var mask = 0UL;
        for (var k = 0; k < word.Length; k++)
        {
            var c = word[k];
            if (char.IsSurrogate(c)) return LoweredMask(word);
            mask |= 1UL << ((c < 0x80 ? (c is >= 'A' and <= 'Z' ? c + 32 : c) : LowerTable.Bmp[c]) & 63);
        }
        return mask;
    }

    private static ulong LoweredMask(ReadOnlySpan<char> word)
    {
        var lowered = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        var mask = 0UL;
        foreach (var c in lowered[..word.ToLowerInvariant(lowered)]) mask |= 1UL << (c & 63);
        return mask;
    }

    /// <summary>Every BMP unit's invariant lowercase, made by one ICU call on first use (surrogates stand as spaces: never read).</summary>
    private static class LowerTable
    {
        public static readonly string Bmp = string.Create(0x10000, 0, static (chars, _) =>
        {
            for (var c = 0; c < chars.Length; c++) chars[c] = char.IsSurrogate((char)c) ? ' ' : (char)c;
        }).ToLowerInvariant();
    }
}
