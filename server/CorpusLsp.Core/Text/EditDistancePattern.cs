using System.Runtime.CompilerServices;

namespace CorpusLsp.Core.Text;

/// <summary>
/// One string's Levenshtein distance to many others, bit-parallel (Myers 1999, in Hyyrö's form for the global distance):
/// a column of the dynamic-programming table is two 64-bit words of vertical deltas, so comparing with a key of n letters
/// is n steps of a dozen word operations instead of n × m cells. "Did you mean" confirms thousands of candidate keys
/// against one query; at 12.4M rows that comparison was most of a slow query's processor time. Answers equal
/// <see cref="Fuzzy.EditDistance(ReadOnlySpan{char}, ReadOnlySpan{char}, int)"/> (max + 1 once the distance exceeds max);
/// a pattern longer than 64 units falls back to it.
/// </summary>
public sealed class EditDistancePattern
{
    private string _text;
    private readonly ulong[] _ascii = new ulong[128]; // per ASCII unit: the positions where the pattern has it
    private (char Unit, ulong Positions)[] _others; // the pattern's other units, few

    public EditDistancePattern(string text)
    {
        _text = text;
        _others = Load(text);
    }

    /// <summary>
    /// The pattern of another text in this object, for a caller comparing many texts in turn with one thread (the article
    /// checks compare each name of an article with its words: a pattern per name was a kilobyte; issue 19).
    /// </summary>
    internal void Reset(string text)
    {
        for (var i = 0; i < Math.Min(_text.Length, 64); i++)
            if (_text[i] < 128) _ascii[_text[i]] = 0;
        _text = text;
        _others = Load(text);
    }

    /// <summary>Sets the ASCII positions of <paramref name="text"/> and returns those of its other units.</summary>
    private (char, ulong)[] Load(string text)
    {
        List<(char, ulong)>? others = null;
        for (var i = 0; i < Math.Min(text.Length, 64); i++)
        {
            var c = text[i];
            if (c < 128) { _ascii[c] |= 1UL << i; continue; }
            others ??= [];
            var at = -1;
            for (var k = 0; k < others.Count && at < 0; k++)
                if (others[k].Item1 == c) at = k;
            if (at < 0) others.Add((c, 1UL << i)); else others[at] = (c, others[at].Item2 | (1UL << i));
        }
        return others is null ? [] : [.. others];
    }

    public string Text => _text;

    /// <summary>The positions of the pattern where <paramref name="c"/> stands (none: 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Positions(char c)
    {
        if (c < 128) return _ascii[c];
        foreach (var (unit, positions) in _others)
            if (unit == c) return positions;
        return 0;
    }

    /// <summary>The distance to <paramref name="other"/>, or max + 1 once it exceeds <paramref name="max"/>.</summary>
    /// <remarks>
    /// Optimized from its first call: "did you mean" calls it for each of up to ~15,000 postings a query, and a fresh
    /// process ran the first thousand queries on its unoptimized first compilation (tiering had not caught up; the
    /// slowest 1% of `bench gaz-suggest-profile` at 12.4M rows were ~1.5× slower for it).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Distance(ReadOnlySpan<char> other, int max)
    {
        var m = _text.Length;
        if (Math.Abs(m - other.Length) > max) return max + 1;
        if (m > 64) return Fuzzy.EditDistance(_text.AsSpan(), other, max);
        if (m == 0) return Math.Min(other.Length, max + 1);
        ulong pv = ~0UL, mv = 0, last = 1UL << (m - 1);
        int score = m, absent = 0;
        for (var j = 0; j < other.Length; j++)
        {
            var eq = Positions(other[j]);
            // A unit the pattern lacks needs an edit of its own: past max of them, the distance is too.
            if (eq == 0 && ++absent > max) return max + 1;
            var xv = eq | mv;
            var xh = (((eq & pv) + pv) ^ pv) | eq;
            var ph = mv | ~(xh | pv);
            var mh = pv & xh;
            if ((ph & last) != 0) score++;
            else if ((mh & last) != 0) score--;
            ph = (ph << 1) | 1; // row 0 of the table counts up: the global distance, not a search
            mh <<= 1;
            pv = mh | ~(xv | ph);
            mv = ph & xv;
            // The last row changes by at most one per remaining unit.
            if (score - (other.Length - j - 1) > max) return max + 1;
        }
        return Math.Min(score, max + 1);
    }
}
