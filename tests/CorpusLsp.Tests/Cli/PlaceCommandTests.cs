using System.Text.RegularExpressions;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Services;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

public sealed partial class PlaceCommandTests
{
    private const string Sidecar = "places:\n  - text: Aleppo\n    ref: geonames:170063\n  - text: Nubl\n  - text: Tripoli\n  - text: Lebanon\n";
    private const string Article = "Shelling near Aleppo and Nubl. In Tripoli, Lebanon, crowds gathered.";

    [Fact]
    public void Hover_ranks_a_mention_as_place_with_the_article_as_context()
    {
        using var corpus = new TempCorpus(Sidecar, Article);
        var snapshot = CorpusSnapshot.Load(PhysicalFileSystem.Normalize(corpus.Root), new PhysicalFileSystem());
        var analysis = snapshot.Analyze(PhysicalFileSystem.Normalize(corpus.Sidecar))!;
        var tripoli = analysis.Sidecar.Places.Single(p => p.Anchor.Text == "Tripoli");
        var hover = HoverService.Describe(snapshot, analysis, tripoli);
        var hovered = HoverCandidate().Matches(hover).Select(m => (m.Groups["id"].Value, m.Groups["score"].Value)).ToList();

        var stdout = new StringWriter();
        Assert.Equal(0, Program.Run(["place", "Tripoli", "--context", corpus.Article], stdout, new StringWriter()));
        var printed = PlaceCandidate().Matches(stdout.ToString()).Select(m => (m.Groups["id"].Value, m.Groups["score"].Value)).ToList();

        Assert.Equal(3, hovered.Count); // the two cities and the Libyan district named Tripoli
        Assert.Equal(hovered, printed.Take(hovered.Count));
        Assert.Equal("geonames:266826", hovered[0].Item1); // Tripoli, Lebanon: named with its country, next to the article's Syrian towns
    }

    [GeneratedRegex(@"^- .+? `(?<id>[^`]+)` score (?<score>-?[\d.]+):", RegexOptions.Multiline)]
    private static partial Regex HoverCandidate();

    [GeneratedRegex(@"^\d+\. .+? (?<id>(?:geonames|overlay):\S+)  score (?<score>-?[\d.]+) ", RegexOptions.Multiline)]
    private static partial Regex PlaceCandidate();
}
