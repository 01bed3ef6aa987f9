using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Editor services stop when their request is cancelled: the token is checked inside the loops that visit the whole corpus
/// or every date of an article, not only on entry (these services have no check on entry, so a cancelled token that is
/// not honoured inside them runs to the end and returns a result).
/// </summary>
public sealed class CancellationTests
{
    private const string Article = "Syrian forces liberated Khanaser on Thursday. Two days earlier they took Nubl; on Monday, Aleppo.";

    /// <summary>A corpus of many sidecars, each linking Khanaser: hover on it counts the mentions in all of them.</summary>
    private static CorpusSnapshot ManySidecars(int count)
    {
        var fs = Fixture.Files();
        for (var i = 0; i < count; i++)
            fs.Add($"{Fixture.Root}/{i:D3}.yaml", "meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n").Add($"{Fixture.Root}/{i:D3}.txt", Article);
        return CorpusSnapshot.Load(Fixture.Root, fs);
    }

    private static CancellationToken Cancelled() { var cts = new CancellationTokenSource(); cts.Cancel(); return cts.Token; }

    [Fact]
    public void A_cancelled_hover_on_a_place_stops_in_its_count_over_the_corpus()
    {
        var snapshot = ManySidecars(50);
        var path = $"{Fixture.Root}/000.yaml";
        var offset = snapshot.TextOf(path)!.Text.IndexOf("Khanaser", StringComparison.Ordinal) + 2;
        Assert.Contains("Mentioned 50 times in the corpus", HoverService.Hover(snapshot, path, offset)!.Markdown);
        Assert.ThrowsAny<OperationCanceledException>(() => HoverService.Hover(ManySidecars(50), path, offset, Cancelled()));
    }

    [Fact]
    public void A_cancelled_hover_on_a_date_of_the_article_stops_between_dates()
    {
        var snapshot = ManySidecars(1);
        var path = $"{Fixture.Root}/000.txt";
        var offset = Article.IndexOf("Monday", StringComparison.Ordinal) + 2;
        Assert.Contains("2016-02-22", HoverService.Hover(snapshot, path, offset)!.Markdown);
        Assert.ThrowsAny<OperationCanceledException>(() => HoverService.Hover(snapshot, path, offset, Cancelled()));
    }

    [Fact]
    public void Cancelled_references_and_workspace_symbols_stop()
    {
        var snapshot = ManySidecars(20);
        var path = $"{Fixture.Root}/000.yaml";
        var offset = snapshot.TextOf(path)!.Text.IndexOf("Khanaser", StringComparison.Ordinal) + 2;
        Assert.Equal(40, NavigationService.References(snapshot, path, offset).Count);
        Assert.ThrowsAny<OperationCanceledException>(() => NavigationService.References(snapshot, path, offset, Cancelled()));
        Assert.Equal(20, NavigationService.WorkspaceSymbols(snapshot, "Khan").Count);
        Assert.ThrowsAny<OperationCanceledException>(() => NavigationService.WorkspaceSymbols(snapshot, "Khan", cancellationToken: Cancelled()));
    }

    /// <summary>Each request kind that had no cancellation yet: the same call answers with its token untouched and stops with it cancelled.</summary>
    [Fact]
    public void Cancelled_completion_stops_while_it_ranks_the_names_typed()
    {
        var snapshot = Fixture.Corpus("meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanaser\n    ref: Kha\n", Article);
        var offset = snapshot.TextOf(Fixture.SidecarPath)!.Text.IndexOf("Kha\n", StringComparison.Ordinal) + 3;
        Assert.Contains(CompletionService.Completion(snapshot, Fixture.SidecarPath, offset).Items, i => i.InsertText == "geonames:168351");
        Assert.ThrowsAny<OperationCanceledException>(() => CompletionService.Completion(snapshot, Fixture.SidecarPath, offset, Cancelled()));
    }

    [Fact]
    public void Cancelled_inlay_hints_stop_in_the_dates_and_in_the_unannotated_names()
    {
        var snapshot = ManySidecars(1);
        var path = $"{Fixture.Root}/000.txt";
        var range = new TextSpan(0, Article.Length);
        var hints = NavigationService.InlayHints(snapshot, path, range);
        Assert.Contains(hints, h => h.IsDate);
        Assert.Contains(hints, h => !h.IsDate && h.Label == "place?");
        Assert.ThrowsAny<OperationCanceledException>(() => NavigationService.InlayHints(snapshot, path, range, Cancelled()));
        // Past the dates (none there to read), the place names' loop stops too.
        var places = UnannotatedPlaces.Find(snapshot.Gazetteer, Article, range, []);
        Assert.NotEmpty(places);
        Assert.ThrowsAny<OperationCanceledException>(() => UnannotatedPlaces.Find(snapshot.Gazetteer, Article, range, [], Cancelled()));
    }

    [Fact]
    public void Cancelled_semantic_tokens_stop()
    {
        var snapshot = ManySidecars(1);
        var path = $"{Fixture.Root}/000.txt";
        Assert.NotEmpty(NavigationService.SemanticTokens(snapshot, path));
        Assert.ThrowsAny<OperationCanceledException>(() => NavigationService.SemanticTokens(snapshot, path, Cancelled()));
    }

    [Fact]
    public void Cancelled_code_actions_stop_on_a_diagnostic_and_on_a_selection_to_annotate()
    {
        var snapshot = Fixture.Corpus("meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanasr\n", Article);
        var fixes = NavigationService.CodeFixes(snapshot, Fixture.SidecarPath, new TextSpan(0, snapshot.TextOf(Fixture.SidecarPath)!.Length));
        Assert.NotEmpty(fixes);
        Assert.ThrowsAny<OperationCanceledException>(() => NavigationService.CodeFixes(snapshot, Fixture.SidecarPath, new TextSpan(0, 10), Cancelled()));
        var aleppo = TextSpan.FromLength(Article.IndexOf("Aleppo", StringComparison.Ordinal), "Aleppo".Length);
        Assert.Contains(NavigationService.CodeFixes(snapshot, Fixture.ArticlePath, aleppo), f => f.Fix.Title == "Annotate 'Aleppo' as place");
        Assert.ThrowsAny<OperationCanceledException>(() => NavigationService.CodeFixes(snapshot, Fixture.ArticlePath, aleppo, Cancelled()));
    }
}
