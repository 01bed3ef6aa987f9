using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Services;
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
}
