using System.Text.RegularExpressions;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Views;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>The map/timeline view model (ArticleView, CorpusView) on the example corpus, and what the report draws from it.</summary>
public sealed partial class MapTimelineViewTests
{
    private const string Khanaser = "000_c4d40e22f1093045";

    private static CorpusSnapshot Load(string root) => CorpusSnapshot.Load(PhysicalFileSystem.Normalize(root), new PhysicalFileSystem());

    private static readonly Lazy<CorpusSnapshot> Example = new(() => Load(Repo.Example));

    private static ArticleView ViewOf(CorpusSnapshot snapshot, string stem) =>
        ArticleView.From(snapshot.Analyze(snapshot.Sidecars.Single(s => s.EndsWith(stem + ".yaml", StringComparison.Ordinal)))!);

    [Fact]
    public void Linked_places_have_their_entry_coordinates_and_one_span_per_mention()
    {
        var snapshot = Example.Value;
        var view = ViewOf(snapshot, Khanaser);
        var article = snapshot.TextOf(view.ArticlePath!)!;

        Assert.Equal(new DateOnly(2016, 2, 25), view.Published);
        var khanaser = view.Places.Single(p => p.Label == "khanaser");
        Assert.Equal(PlaceState.Linked, khanaser.State);
        Assert.Equal("geonames:168351", khanaser.EntryId);
        Assert.InRange(khanaser.Latitude!.Value, 32, 37.5);   // in Syria
        Assert.InRange(khanaser.Longitude!.Value, 35.5, 42.5);
        Assert.Equal(Regex.Count(article.Text, "Khanaser"), khanaser.Mentions);
        Assert.All(khanaser.Spans, s => Assert.Equal("Khanaser", article.Slice(s)));
        // `occurrence: [4, 5]`: two mentions, the fourth and fifth.
        Assert.Equal(2, view.Places.Single(p => p.Label == "aleppo").Mentions);
    }

    [Fact]
    public void Unlinked_names_show_their_best_candidate_and_the_state_says_how_many_there_were()
    {
        var corpus = Repo.CopyExample();
        var sidecar = Path.Combine(corpus, Khanaser + ".yaml");
        var yaml = File.ReadAllText(sidecar);
        foreach (var link in new[] { "    ref: geonames:170063\n", "    ref: geonames:168351\n", "    ref: geonames:163843\n" })
        {
            Assert.Contains(link, yaml);
            yaml = yaml.Replace(link, "", StringComparison.Ordinal);
        }
        File.WriteAllText(sidecar, yaml);

        var unlinked = ViewOf(Load(corpus), Khanaser).Places.Where(p => p.Label is "aleppo" or "khanaser" or "syria").ToList();

        Assert.Equal(3, unlinked.Count);
        Assert.All(unlinked, p =>
        {
            Assert.NotEqual(PlaceState.Linked, p.State);
            Assert.Equal(p.Candidates switch { 0 => PlaceState.Unknown, 1 => PlaceState.Unlinked, _ => PlaceState.Ambiguous }, p.State);
            Assert.Equal(p.State != PlaceState.Unknown, p.HasCoordinates);
        });
        Assert.Contains(unlinked, p => p.HasCoordinates);
    }

    [Fact]
    public void Events_carry_date_when_relative_anchor_and_no_findings_when_consistent()
    {
        var view = ViewOf(Example.Value, Khanaser);
        var recapture = view.Events.Single(e => e.Label == "recapture");
        Assert.Equal("2016-02-25", recapture.Date);
        Assert.Equal("on Thursday", recapture.When);
        Assert.Empty(recapture.Diagnostics);
        Assert.True(view.Events.Single(e => e.Label == "ceasefire").Planned);

        var relative = Example.Value.Sidecars.Select(Example.Value.Analyze).OfType<DocumentAnalysis>().Select(ArticleView.From)
            .SelectMany(v => v.Events).Single(e => e.RelativeTo is not null);
        Assert.Equal("liberation", relative.RelativeTo);
    }

    [Fact]
    public void A_planted_date_after_publication_is_an_error_on_its_event_and_drawn_red_with_the_message()
    {
        var corpus = Repo.CopyExample();
        var sidecar = Path.Combine(corpus, Khanaser + ".yaml");
        var yaml = File.ReadAllText(sidecar);
        const string Dated = "    date: 2016-02-25\n    when: on Thursday\n    key: khanaser-recapture-2016";
        Assert.Contains(Dated, yaml);
        File.WriteAllText(sidecar, yaml.Replace(Dated, Dated.Replace("2016-02-25", "2016-03-02"), StringComparison.Ordinal)
            .Replace("    ref: geonames:2660646", "    ref: geonames:999999999", StringComparison.Ordinal));

        var view = ViewOf(Load(corpus), Khanaser);

        var recapture = view.Events.Single(e => e.Label == "recapture");
        var finding = Assert.Single(recapture.Diagnostics, d => d.Code == DiagnosticCatalog.EventAfterPublication.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("after publication", finding.Message);
        Assert.True(recapture.HasError);
        Assert.All(view.Events.Where(e => e.Label != "recapture"), e => Assert.DoesNotContain(e.Diagnostics, d => d.Code == finding.Code));
        var geneva = view.Places.Single(p => p.Label == "geneva");
        Assert.Equal(PlaceState.Unknown, geneva.State);
        Assert.False(geneva.HasCoordinates);

        var svg = TimelineSvg.Article(view);
        var index = view.Events.IndexOf(recapture);
        Assert.Matches($"<g class=\"event error\" data-index=\"{index}\"", svg);
        Assert.Contains("CLS032: The capture is dated 2016-03-02", svg);
        Assert.DoesNotContain("data-index=\"" + view.Places.IndexOf(geneva) + "\"", MapSvg.Article(view));
    }

    [Fact]
    public void The_corpus_view_counts_articles_mentions_links_and_groups_every_finding()
    {
        var snapshot = Example.Value;
        var view = CorpusView.From(snapshot);
        var sidecars = snapshot.Sidecars.Select(s => snapshot.Analyze(s)!.Sidecar).ToList();

        Assert.Equal(5, view.Articles.Length);
        Assert.Equal(sidecars.Sum(s => s.Places.Length), view.MentionsByKind[MentionKind.Place]);
        Assert.Equal(sidecars.Sum(s => s.Events.Length), view.Events);
        Assert.Equal(sidecars.Sum(s => s.Places.Count(p => p.Ref is not null)), view.LinkedPlaceMentions);
        Assert.Equal(snapshot.AllDiagnostics().Length, view.AllDiagnostics.Length);
        Assert.All(view.DiagnosticsByCode, g => Assert.All(g.Diagnostics, d => Assert.Equal(g.Code, d.Code)));
        // One marker per gazetteer entry, its mentions summed over the articles naming it.
        var syria = view.Places.Single(p => p.Key == "geonames:163843");
        Assert.Equal(view.Articles.Sum(a => a.Places.Where(p => p.EntryId == "geonames:163843" && p.State == PlaceState.Linked).Sum(p => Math.Max(1, p.Mentions))), syria.Mentions);
        Assert.True(syria.Articles >= 2);
    }

    [Fact]
    public void The_report_is_one_page_that_fetches_nothing()
    {
        var html = ReportHtml.Render(CorpusView.From(Example.Value), "corpuslsp test", d => "examples/" + Path.GetFileName(d.Path) + "#L" + d.Line);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("<svg class=\"map\"", html);
        Assert.Contains("<svg class=\"timeline\"", html);
        Assert.Contains("prefers-color-scheme: dark", html);
        Assert.Contains(WorldOutlines.Attribution, html);
    }

    // Anything a browser would fetch: a scheme URL, a protocol-relative one, a script or stylesheet link, a CSS import or url().
    [GeneratedRegex("""(?i)(https?:|ftp:|//[a-z0-9]|<script|<link|<iframe|<img|@import|url\()""")]
    private static partial Regex ExternalReference();
}
