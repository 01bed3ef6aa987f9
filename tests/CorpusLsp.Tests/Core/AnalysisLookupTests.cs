using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Issue 19: an analysis finds a mention's resolution by where it stands in the sidecar before any table, and a short
/// sidecar's event references are checked without tables of its names. Asked in any order, or with many mentions, the
/// answers are the ones a table gives.
/// </summary>
public sealed class AnalysisLookupTests
{
    private const string Article = SidecarDiagnosticsTests.Article;

    // Mentions of every kind, in the sidecar's order: places, people, organisations, events.
    private const string Sidecar = """
        places: [{ id: khanaser, text: Khanaser, ref: "geonames:168351" }, { text: Aleppo, occurrence: all, ref: "geonames:170063" }]
        people: [{ text: monitor }]
        organisations: [{ text: Syrian forces }]
        events: [{ id: liberation, type: capture, text: liberated, places: [khanaser] }, { type: capture, text: captured, relativeTo: liberation }]
        """;

    [Fact]
    public void Each_mention_asked_for_in_any_order_has_its_own_resolution()
    {
        var analysis = Corpus(Sidecar, Article).Analyze(SidecarPath)!;
        var mentions = analysis.Sidecar.AllMentions.ToList();
        Assert.Equal(mentions.Count, analysis.Mentions.Length);
        var random = new Random(19);
        for (var round = 0; round < 200; round++)
        {
            var i = random.Next(mentions.Count);
            Assert.Same(analysis.Mentions[i], analysis.Resolved(mentions[i]));
            if (mentions[i] is PlaceMention p) Assert.Same(analysis.Places[i], analysis.PlaceOf(p));
        }
        // A mention of another parse of the same sidecar is not this analysis's, equal as it is.
        var other = Corpus(Sidecar, Article).Analyze(SidecarPath)!;
        Assert.Null(analysis.Resolved(other.Sidecar.Places[0]));
        Assert.Null(analysis.PlaceOf(other.Sidecar.Places[0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(80)]
    public void Unknown_event_references_are_found_alike_in_short_and_long_sidecars(int moreEvents)
    {
        var sidecar = new StringBuilder("""
            places:
              - id: khanaser
                text: Khanaser
                ref: geonames:168351
            people:
              - text: monitor
            events:
              - id: liberation
                type: capture
                text: liberated
                places: [khanasr, Khanaser]
                participants: [monitr]
              - type: capture
                text: captured
                relativeTo: liberatoin

            """);
        for (var i = 0; i < moreEvents; i++) sidecar.Append($"  - id: event-{i}\n    type: capture\n");
        var found = Corpus(sidecar.ToString(), Article).DiagnosticsFor(SidecarPath).Where(d => d.Code == "CLS018").Select(d => d.Message).ToList();
        Assert.Equal(string.Join("\n", [
            "'khanasr' is not the id or text of a place of this sidecar. Did you mean 'Khanaser'?",
            "'monitr' is not the id or text of a person or organisation of this sidecar. Did you mean 'monitor'?",
            "'liberatoin' is not the id of an event of this sidecar. Did you mean 'liberation'?",
        ]), string.Join("\n", found));
    }
}
