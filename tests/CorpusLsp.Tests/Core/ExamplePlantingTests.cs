using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The errors the audit of issue 18 found in examples/syria, planted back into the corrected example (in memory): each
/// produces its expert diagnostic at the planted text, and its fix restores the correct annotation.
/// </summary>
public sealed class ExamplePlantingTests
{
    private static readonly Lazy<CorpusSnapshot> Example = new(() =>
        CorpusSnapshot.Load(PhysicalFileSystem.Normalize(Repo.Example), new PhysicalFileSystem(), new MemoryCache()));

    private static string PathOf(string name) => Example.Value.Files.Keys.Single(k => k.EndsWith("/" + name, StringComparison.Ordinal));

    private static string TextOf(string name) => Example.Value.TextOf(PathOf(name))!.Text;

    /// <summary>The snapshot with <paramref name="planted"/> in place of <paramref name="correct"/> (which must occur once).</summary>
    private static (CorpusSnapshot Snapshot, string Text, TextSpan Planted) Plant(string name, string correct, string planted)
    {
        var text = TextOf(name);
        var at = text.IndexOf(correct, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(correct, at + 1, StringComparison.Ordinal) < 0, $"'{correct}' must occur once in {name}.");
        var changed = text[..at] + planted + text[(at + correct.Length)..];
        return (Example.Value.WithFile(PathOf(name), new SourceText(changed)), changed, new TextSpan(at, at + planted.Length));
    }

    /// <summary>The only diagnostic of the file besides the example's documented CLS033.</summary>
    private static Diagnostic Single(CorpusSnapshot snapshot, string name, string code)
    {
        var found = snapshot.DiagnosticsFor(PathOf(name)).Where(d => d.Code != "CLS033").ToList();
        Assert.True(found.Count == 1 && found[0].Code == code, $"Expected one {code} in {name}, got: {string.Join("; ", found.Select(d => $"{d.Code} {d.Message}"))}");
        return found[0];
    }

    private static string ApplyPreferred(string text, Diagnostic d, string path) =>
        Fixture.Apply(text, (d.Fixes.FirstOrDefault(f => f.IsPreferred) ?? d.Fixes[0]).Edits.Where(e => e.Path == path));

    [Fact]
    public void The_corrected_example_has_no_finding_of_the_expert_checks_at_any_severity()
    {
        var all = Example.Value.AllDiagnostics();
        var only = Assert.Single(all);
        Assert.Equal("CLS033", only.Code);
    }

    [Theory]
    // 003: "residents in southern Idlib" linked to the city.
    [InlineData("003_822e10b602b157a7.yaml", "    ref: geonames:169387\n    note: The governorate", "    ref: geonames:169389\n    note: The governorate", "geonames:169389")]
    // 000: "the northwestern region of Afrin" linked to the town.
    [InlineData("000_c4d40e22f1093045.yaml", "    ref: overlay:afrin-district\n", "    ref: geonames:174186\n", "geonames:174186")]
    public void A_town_planted_for_its_unit_is_found_and_its_fix_restores_the_unit(string name, string correct, string planted, string at)
    {
        var (snapshot, text, span) = Plant(name, correct, planted);
        var d = Single(snapshot, name, "CLS050");
        Assert.Equal(at, text[d.Span.Start..d.Span.End]);
        Assert.True(span.Contains(d.Span));
        Assert.Equal(TextOf(name), ApplyPreferred(text, d, PathOf(name)));
    }

    [Fact]
    public void Idlib_all_as_the_province_is_found_at_Idlib_city_and_the_fix_gives_that_occurrence_the_city()
    {
        const string correct = "  - id: idlib\n    text: Idlib\n    occurrence: [1, 2, 4, 5, 6, 7, 8]\n    ref: geonames:169387\n    note: The governorate (the rebel pocket).\n"
            + "  - id: idlib-city\n    text: Idlib\n    occurrence: 3\n    ref: geonames:169389\n    note: The city (\"northeast of Idlib city\").\n";
        const string planted = "  - id: idlib\n    text: Idlib\n    occurrence: all\n    ref: geonames:169387\n";
        var name = "004_c85c82e5940e43a6.yaml";
        var (snapshot, text, _) = Plant(name, correct, planted);
        var d = Single(snapshot, name, "CLS050");
        Assert.Contains("'Idlib' (occurrence 3) stands in 'Idlib city'", d.Message);
        var fixedText = ApplyPreferred(text, d, PathOf(name));
        Assert.Contains("    text: Idlib\n    occurrence: [1, 2, 4, 5, 6, 7, 8]\n    ref: geonames:169387\n", fixedText);
        Assert.Contains("  - text: Idlib\n    occurrence: 3\n    ref: geonames:169389\n", fixedText);
        Assert.Empty(snapshot.WithFile(PathOf(name), new SourceText(fixedText)).DiagnosticsFor(PathOf(name)));
    }

    [Fact]
    public void Aleppo_all_as_the_city_in_004_is_found_occurrence_by_occurrence_and_the_fixes_give_the_province_its_four()
    {
        // As audited: one entry links every "Aleppo" to the city, "Aleppo province" is not annotated.
        const string correct = "  - id: aleppo\n    text: Aleppo\n    occurrence: [5, 6]\n    ref: geonames:170063\n"
            + "  - id: aleppo-countryside\n    text: Aleppo\n    occurrence: 1\n    ref: geonames:170062\n    note: The governorate (\"the western countryside of Aleppo\").\n"
            + "  - id: aleppo-province\n    text: Aleppo province\n    occurrence: all\n    ref: geonames:170062\n";
        var name = "004_c85c82e5940e43a6.yaml";
        var (snapshot, text, _) = Plant(name, correct, "  - id: aleppo\n    text: Aleppo\n    occurrence: all\n    ref: geonames:170063\n");
        var cues = new List<string>();
        for (var round = 0; round < 8 && snapshot.DiagnosticsFor(PathOf(name)).FirstOrDefault(d => d.Code == "CLS050") is { } d; round++)
        {
            cues.Add(d.Message[..d.Message.IndexOf(", which", StringComparison.Ordinal)]);
            text = ApplyPreferred(text, d, PathOf(name));
            snapshot = snapshot.WithFile(PathOf(name), new SourceText(text));
        }
        Assert.Equal(["'Aleppo' (occurrence 1) stands in 'countryside of Aleppo'", "'Aleppo' (occurrence 2) stands in 'Aleppo province'",
            "'Aleppo' (occurrence 3) stands in 'Aleppo province'", "'Aleppo' (occurrence 4) stands in 'Aleppo province'"], cues);
        var article = snapshot.TextOf(PathOf(name).Replace(".yaml", ".txt", StringComparison.Ordinal))!.Text;
        var analysis = snapshot.Analyze(PathOf(name))!;
        var links = Anchoring.Occurrences(article, "Aleppo").Select(span => analysis.Places
            .Single(p => p.Mention.Anchor.Text == "Aleppo" && analysis.Resolved(p.Mention)!.Spans.Contains(span)).Entry!.Id).ToList();
        Assert.Equal(["geonames:170062", "geonames:170062", "geonames:170062", "geonames:170062", "geonames:170063", "geonames:170063"], links);
    }

    [Theory]
    // 002: "Aleppo" all swallows the "Aleppo" of "northern Aleppo province".
    [InlineData("002_544b5b1694b84f21.yaml", "    occurrence: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n    ref: geonames:170063\n    note: Occurrence 11")]
    // 002: "Syria" all takes the "Syria" of "Syria Democratic Forces".
    [InlineData("002_544b5b1694b84f21.yaml", "    occurrence: [2, 3, 4]\n    ref: geonames:163843")]
    // 001: "Syria" all takes the "Syria" of "International Syria Support Group".
    [InlineData("001_d3d6fd6fb7a240eb.yaml", "    occurrence: [1, 2, 3, 4, 6, 7, 8]\n    ref: geonames:163843")]
    public void An_occurrence_widened_over_a_nested_mention_is_found_and_narrowed_back(string name, string correct)
    {
        var list = correct[(correct.IndexOf(": ", StringComparison.Ordinal) + 2)..correct.IndexOf('\n')];
        var (snapshot, text, span) = Plant(name, correct, correct.Replace(list, "all"));
        var d = Single(snapshot, name, "CLS051");
        Assert.Equal("all", text[d.Span.Start..d.Span.End]);
        Assert.True(span.Contains(d.Span));
        Assert.Equal(TextOf(name), ApplyPreferred(text, d, PathOf(name)));
    }

    [Fact]
    public void The_towns_seized_in_the_west_of_Aleppo_province_placed_in_the_city_are_found_and_pointed_back_at_the_province()
    {
        var name = "004_c85c82e5940e43a6.yaml";
        var (snapshot, text, span) = Plant(name, "    when: since Tuesday night\n    places: [aleppo-province]", "    when: since Tuesday night\n    places: [aleppo]");
        var d = Single(snapshot, name, "CLS050");
        Assert.Equal("aleppo", text[d.Span.Start..d.Span.End]);
        Assert.True(span.Contains(d.Span));
        Assert.Contains("says 'Aleppo province'", d.Message);
        Assert.Equal(TextOf(name), ApplyPreferred(text, d, PathOf(name)));
    }

    [Fact]
    public void Russia_dropped_from_001_is_found_at_both_occurrences_and_annotating_them_restores_the_coverage()
    {
        var name = "001_d3d6fd6fb7a240eb.yaml";
        var article = PathOf("001_d3d6fd6fb7a240eb.txt");
        var (snapshot, text, _) = Plant(name, "  - id: russia\n    text: Russia\n    occurrence: all\n    ref: geonames:2017370\n", "");
        var found = snapshot.DiagnosticsFor(article);
        Assert.Equal(["CLS052", "CLS052"], found.Select(d => d.Code));
        var articleText = snapshot.TextOf(article)!;
        Assert.All(found, d => Assert.Equal("Russia", articleText.Slice(d.Span)));
        Assert.StartsWith("'Russia' is annotated as a place in 000_c4d40e22f1093045.yaml", found[0].Message);

        var once = ApplyPreferred(text, found[0], PathOf(name));
        Assert.Contains("  - id: russia\n    text: Russia\n    occurrence: 1\n    ref: geonames:2017370", once);
        var second = snapshot.WithFile(PathOf(name), new SourceText(once));
        var rest = Assert.Single(second.DiagnosticsFor(article));
        var twice = ApplyPreferred(once, rest, PathOf(name));
        Assert.Contains("    text: Russia\n    occurrence: [1, 2]\n    ref: geonames:2017370", twice);
        Assert.Empty(second.WithFile(PathOf(name), new SourceText(twice)).DiagnosticsFor(article));
    }

    [Fact]
    public void Russia_as_the_place_of_the_deal_between_Russia_and_the_US_is_found_and_removed()
    {
        var name = "003_822e10b602b157a7.yaml";
        var (snapshot, text, span) = Plant(name, "    when: on Sunday\n    note: >-", "    when: on Sunday\n    places: [russia]\n    note: >-");
        var d = Single(snapshot, name, "CLS053");
        Assert.Equal("russia", text[d.Span.Start..d.Span.End]);
        Assert.True(span.Contains(d.Span));
        Assert.Contains("('worked out between Russia and the US')", d.Message);
        Assert.Equal(TextOf(name), ApplyPreferred(text, d, PathOf(name)));
    }

    [Fact]
    public void The_suspension_dated_by_until_February_25_is_found_at_its_when()
    {
        var name = "001_d3d6fd6fb7a240eb.yaml";
        var (snapshot, text, span) = Plant(name, "    text: suspended\n    date: 2016-02-03\n", "    text: suspended\n    date: 2016-02-25\n    when: February 25\n    status: planned\n");
        var d = Single(snapshot, name, "CLS054");
        Assert.Equal("February 25", text[d.Span.Start..d.Span.End]);
        Assert.True(span.Contains(d.Span));
        Assert.DoesNotContain("when: February 25", ApplyPreferred(text, d, PathOf(name)));
    }

    [Fact]
    public void The_village_without_coordinates_of_its_own_is_shown_as_approximate_not_on_Afrin()
    {
        var name = "004_c85c82e5940e43a6.yaml";
        var at = TextOf(name).IndexOf("text: Al Ghazawiya", StringComparison.Ordinal) + "text: ".Length;
        var markdown = CorpusLsp.Core.Services.HoverService.Hover(Example.Value, PathOf(name), at)!.Markdown;
        Assert.Contains("36.334, 36.844 (approximate)", markdown, StringComparison.Ordinal);
        var afrin = Example.Value.Gazetteer.Find("geonames:174186")!;
        var ghazawiyah = Example.Value.Gazetteer.Find("overlay:ghazawiyah")!;
        Assert.True(ghazawiyah.ApproximateLocation);
        Assert.NotEqual((afrin.Latitude, afrin.Longitude), (ghazawiyah.Latitude, ghazawiyah.Longitude));
    }
}
