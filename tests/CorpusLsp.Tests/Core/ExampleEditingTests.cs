using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The editing flows of issue 17 on the example corpus, as an annotator types them in article 003's sidecar: the corpus is
/// read into memory once (examples/syria is not changed) and each test replaces the sidecar or the article with its markup.
/// </summary>
public sealed class ExampleEditingTests
{
    private const string Root = "/syria";
    private const string Stem = Root + "/003_822e10b602b157a7";

    private static readonly Lazy<CorpusSnapshot> Example = new(() =>
    {
        var fs = new InMemoryFileSystem();
        foreach (var file in Directory.EnumerateFiles(Repo.Example, "*", SearchOption.AllDirectories))
            fs.Add(Root + "/" + Path.GetRelativePath(Repo.Example, file).Replace('\\', '/'), File.ReadAllBytes(file));
        return CorpusSnapshot.Load(Root, fs);
    });

    private static string Sidecar003 => Example.Value.TextOf(Stem + ".yaml")!.Text;
    private static string Article003 => Example.Value.TextOf(Stem + ".txt")!.Text;

    /// <summary>The sidecar of 003 with one line replaced by the markup (which holds `$0`), and the completion there.</summary>
    private static CompletionResult CompleteIn003(string line, string typed)
    {
        Assert.Contains(line, Sidecar003);
        var (text, cursor, _) = Markup.Parse(Sidecar003.Replace(line, typed));
        var snapshot = Example.Value.WithFile(Stem + ".yaml", new SourceText(text));
        return CompletionService.Completion(snapshot, Stem + ".yaml", cursor!.Value);
    }

    [Fact]
    public void Typing_geonames_under_Deir_al_Zor_offers_the_city_first_though_the_line_does_not_parse_yet()
    {
        var result = CompleteIn003("    ref: geonames:170794\n", "    ref: geonames:$0\n");
        Assert.True(result.IsIncomplete);
        Assert.Equal("geonames:170794", result.Items[0].InsertText);
        Assert.Equal("Deir ez-Zor, Deir ez-Zor, Syria · provincial capital · geonames:170794", result.Items[0].Label);
        Assert.All(result.Items, i => Assert.Equal("geonames:", i.FilterText));
        Assert.Equal(result.Items.Select(i => i.SortText).Order(StringComparer.Ordinal), result.Items.Select(i => i.SortText));
    }

    [Fact]
    public void An_id_prefix_narrows_to_the_ids_that_start_with_it()
    {
        var result = CompleteIn003("    ref: geonames:170794\n", "    ref: geonames:1707$0\n");
        Assert.Equal("geonames:170794", result.Items[0].InsertText);
        Assert.All(result.Items, i => Assert.StartsWith("geonames:1707", i.InsertText, StringComparison.Ordinal));
    }

    [Fact]
    public void Typing_Idl_under_the_Idlib_place_offers_Idlib_first_and_Idlewood_after_every_Idlib()
    {
        var result = CompleteIn003("    ref: geonames:169387\n", "    ref: Idl$0\n");
        Assert.True(result.IsIncomplete);
        var labels = result.Items.Select(i => i.Label).ToList();
        Assert.StartsWith("Idlib", labels[0], StringComparison.Ordinal);
        var idlewood = labels.FindIndex(l => l.StartsWith("Idlewood", StringComparison.Ordinal));
        var lastIdlib = labels.FindLastIndex(l => l.StartsWith("Idlib", StringComparison.Ordinal));
        Assert.True(idlewood < 0 || idlewood > lastIdlib, string.Join("\n", labels));
        Assert.All(result.Items, i => Assert.Equal("Idl", i.FilterText));
    }

    [Fact]
    public void Typing_a_name_after_ref_searches_the_gazetteer()
    {
        var result = CompleteIn003("    ref: geonames:170794\n", "    ref: Dei$0\n");
        Assert.StartsWith("Deir ez-Zor", result.Items[0].Label, StringComparison.Ordinal);
        Assert.StartsWith("geonames:", result.Items[0].InsertText, StringComparison.Ordinal);
        // The governorate of the same name is told apart from the city before the id.
        Assert.Contains(result.Items, i => i.Label == "Deir ez-Zor, Syria · province · geonames:170792");
    }

    [Fact]
    public void Typing_overlay_offers_the_overlay_entries()
    {
        var result = CompleteIn003("    ref: overlay:ithriya-khanasir-road\n", "    ref: overlay:$0\n");
        Assert.Equal("overlay:ithriya-khanasir-road", result.Items[0].InsertText);
        Assert.All(result.Items, i => Assert.StartsWith("overlay:", i.InsertText, StringComparison.Ordinal));
        Assert.True(result.Items.Count > 1);
    }

    [Fact]
    public void While_a_ref_is_half_typed_the_other_diagnostics_of_the_sidecar_stay()
    {
        var broken = Example.Value.WithFile(Stem + ".yaml", new SourceText(Sidecar003.Replace("    ref: geonames:170794\n", "    ref: geonames:\n")));
        var before = Example.Value.DiagnosticsFor(Stem + ".yaml").Select(d => d.Code).ToList();
        var during = broken.DiagnosticsFor(Stem + ".yaml").Select(d => d.Code).ToList();
        Assert.Contains("CLS001", during);
        Assert.All(before, code => Assert.Contains(code, during));
        // Hover and code actions keep working on the entries around it.
        var aleppo = Sidecar003.IndexOf("text: Aleppo", StringComparison.Ordinal) + 7;
        Assert.Contains("Aleppo", HoverService.Hover(broken, Stem + ".yaml", aleppo)!.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_one_Khanaser_by_Kanaser_in_the_article_yields_a_diagnostic_on_the_article_with_a_fix_in_the_sidecar()
    {
        var first = Article003.IndexOf("Khanaser some 50", StringComparison.Ordinal);
        var edited = Article003[..first] + "Kanaser" + Article003[(first + "Khanaser".Length)..];
        var snapshot = Example.Value.WithFile(Stem + ".txt", new SourceText(edited));
        var diagnostics = snapshot.DiagnosticsFor(Stem + ".txt");
        var drift = Assert.Single(diagnostics, d => d.Code == "CLS055");
        Assert.Equal(new TextSpan(first, first + "Kanaser".Length), drift.Span);
        Assert.Equal(Stem + ".yaml", drift.Fixes[0].Edits[0].Path);
        Assert.Contains("ref: geonames:168351", drift.Fixes[0].Edits[0].NewText, StringComparison.Ordinal);
        // Applying the fix settles it.
        var fixedSidecar = Fixture.Apply(Sidecar003, drift.Fixes[0].Edits);
        Assert.DoesNotContain(snapshot.WithFile(Stem + ".yaml", new SourceText(fixedSidecar)).DiagnosticsFor(Stem + ".txt"), d => d.Code == "CLS055");
    }

    [Fact]
    public void Misspelling_the_Ithrya_Khanaser_road_in_the_article_is_reported_on_the_article_with_the_correction_first()
    {
        var at = Article003.IndexOf("Ithrya-Khanaser road", StringComparison.Ordinal);
        var edited = Article003.Replace("Ithrya-Khanaser", "Ithrya-Kanaser", StringComparison.Ordinal);
        var snapshot = Example.Value.WithFile(Stem + ".txt", new SourceText(edited));
        var drift = Assert.Single(snapshot.DiagnosticsFor(Stem + ".txt"), d => d.Code == "CLS055");
        Assert.Equal(new TextSpan(at, at + "Ithrya-Kanaser road".Length), drift.Span);
        Assert.Equal("Correct the article to 'Ithrya-Khanaser road'", drift.Fixes[0].Title);
        Assert.Equal(Article003, Fixture.Apply(edited, drift.Fixes[0].Edits));
    }

    [Fact]
    public void The_example_corpus_has_no_article_diagnostics_and_no_place_hint_on_demonyms_or_months()
    {
        var snapshot = Example.Value;
        var hinted = new List<string>();
        foreach (var article in snapshot.Articles)
        {
            Assert.DoesNotContain(snapshot.DiagnosticsFor(article), d => d.Code is "CLS055" or "CLS056");
            var text = snapshot.TextOf(article)!;
            hinted.AddRange(NavigationService.InlayHints(snapshot, article, new TextSpan(0, text.Length)).Where(h => !h.IsDate)
                .Select(h => text.Text[..h.Offset].Split(' ', '\n')[^1]));
        }
        foreach (var word in new[] { "Syrian", "Russian", "Turkish", "Kurdish", "Saudi", "March" })
            Assert.DoesNotContain(hinted, h => h.StartsWith(word, StringComparison.Ordinal));
    }
}
