namespace CorpusLsp.Core.Text;

/// <summary>
/// Spans (which may overlap one another), sorted once, asked whether any overlaps a span in logarithmic time, or which
/// do: a long article's thousands of annotated spans were scanned whole for every run of words compared with a name and
/// for every inlay-hint request.
/// </summary>
public sealed class CoveredSpans
{
    private readonly TextSpan[] _byStart;
    /// <summary>The largest end among the spans up to each index: whether any of them reaches past a point.</summary>
    private readonly int[] _maxEnd;
    private readonly int _longest;

    public CoveredSpans(IEnumerable<TextSpan> spans)
    {
        _byStart = ByStart(spans.ToArray());
        _maxEnd = new int[_byStart.Length];
        for (var i = 0; i < _byStart.Length; i++)
        {
            _maxEnd[i] = Math.Max(_byStart[i].End, i > 0 ? _maxEnd[i - 1] : int.MinValue);
            _longest = Math.Max(_longest, _byStart[i].Length);
        }
    }

    /// <summary>
    /// The spans sorted by start, stably (spans starting together keep their order, as OrderBy kept them), by a sort of
    /// (start, index) keys: OrderBy's key selector and comparer made this a sixth of an article's checks (issue 19).
    /// </summary>
    private static TextSpan[] ByStart(TextSpan[] spans)
    {
        var sorted = true;
        for (var i = 1; i < spans.Length && sorted; i++) sorted = spans[i - 1].Start <= spans[i].Start;
        if (sorted) return spans;
        var keys = new long[spans.Length];
        for (var i = 0; i < spans.Length; i++) keys[i] = ((long)spans[i].Start << 32) | (uint)i;
        Array.Sort(keys, spans);
        return spans;
    }

    /// <summary>The spans that overlap [<paramref name="from"/>, <paramref name="to"/>), in order of their starts.</summary>
    public IEnumerable<TextSpan> Overlapping(int from, int to)
    {
        // A span overlapping the range starts at most the longest span's length before it.
        for (var i = FirstStartingAtOrAfter(from - _longest); i < _byStart.Length && _byStart[i].Start < to; i++)
            if (_byStart[i].End > from) yield return _byStart[i];
    }

    private int FirstStartingAtOrAfter(int start)
    {
        var (low, high) = (0, _byStart.Length);
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_byStart[mid].Start < start) low = mid + 1; else high = mid;
        }
        return low;
    }

    /// <summary>Whether a span overlaps <paramref name="span"/> (as <see cref="TextSpan.Overlaps"/> says).</summary>
    public bool Overlaps(TextSpan span)
    {
        // The spans starting before span.End are a prefix of the sorted array; one of them overlaps when it ends after span.Start.
        var (low, high) = (0, _byStart.Length);
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_byStart[mid].Start < span.End) low = mid + 1; else high = mid;
        }
        return low > 0 && _maxEnd[low - 1] > span.Start;
    }
}
