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
        _byStart = spans.OrderBy(s => s.Start).ToArray();
        _maxEnd = new int[_byStart.Length];
        for (var i = 0; i < _byStart.Length; i++) _maxEnd[i] = Math.Max(_byStart[i].End, i > 0 ? _maxEnd[i - 1] : int.MinValue);
        _longest = _byStart.Length == 0 ? 0 : _byStart.Max(s => s.Length);
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
