using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Annotated spans sorted once and asked about (CLS055 leaves runs that overlap one; inlay hints list the spans of a
/// range): the answers of a plain filter, in the order of a stable sort by start.
/// </summary>
public sealed class CoveredSpansTests
{
    [Fact]
    public void Overlaps_and_overlapping_spans_are_those_a_filter_of_every_span_finds_in_stable_start_order()
    {
        var random = new Random(7);
        for (var round = 0; round < 2000; round++)
        {
            // Few distinct starts, so that many spans start together and their order is the sort's stability.
            var spans = Enumerable.Range(0, random.Next(0, 30)).Select(_ => random.Next(0, 12)).Select(s => new TextSpan(s, s + random.Next(0, 6))).ToList();
            if (random.Next(3) == 0) spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            var covered = new CoveredSpans(spans);
            var ordered = spans.OrderBy(s => s.Start).ToList();
            for (var from = -1; from < 20; from++)
                for (var to = from; to < from + 8; to++)
                {
                    Assert.Equal(ordered.Where(s => s.End > from && s.Start < to), covered.Overlapping(from, to));
                    var span = new TextSpan(from, to);
                    Assert.Equal(spans.Any(s => s.Overlaps(span)), covered.Overlaps(span));
                }
        }
    }
}
