using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>The expert checks of issue 18 (CLS050–CLS054): fixture, expected diagnostic, and the text its fix produces.</summary>
public sealed class ExpertRulesTests
{
    /// <summary>Applies a diagnostic's preferred (else first) fix to the sidecar text without markers.</summary>
    private static string Fixed(string sidecarMarkup, Diagnostic d) =>
        Apply(Markup.Parse(sidecarMarkup).Text, (d.Fixes.FirstOrDefault(f => f.IsPreferred) ?? d.Fixes[0]).Edits.Where(e => e.Path == SidecarPath));

    /// <summary>Diagnostics the article gets (CLS052 is reported where the name stands), checked against `[|…|]` in the article markup.</summary>
    private static IReadOnlyList<Diagnostic> CheckArticle(string sidecar, string articleMarkup, params string[] expectedCodes)
    {
        var (article, _, spans) = Markup.Parse(articleMarkup);
        var diagnostics = Corpus(sidecar, article).DiagnosticsFor(ArticlePath).OrderBy(d => d.Span.Start).ToList();
        Assert.Equal(expectedCodes, diagnostics.Select(d => d.Code));
        Assert.Equal(spans, diagnostics.Select(d => d.Span));
        return diagnostics;
    }

    // ------------------------------------------------------------------ CLS050

    [Fact]
    public void CLS050_province_in_the_text_but_the_town_linked()
    {
        const string sidecar = "places:\n  - text: Aleppo\n    occurrence: 1\n    ref: [|geonames:170063|]\n";
        const string article = "Fighting raged in Aleppo province on Monday. Aleppo itself was calm.";
        var d = Check(sidecar, article, "CLS050");
        Assert.Equal("'Aleppo' (occurrence 1) stands in 'Aleppo province', which names an administrative unit, but it links Aleppo (geonames:170063, Syria › Aleppo). "
            + "Link Aleppo (geonames:170062, Syria › Aleppo).", d[0].Message);
        var fixedText = Fixed(sidecar, d[0]);
        Assert.Equal("places:\n  - text: Aleppo\n    occurrence: 1\n    ref: geonames:170062\n", fixedText);
        Check(fixedText, article);
    }

    [Fact]
    public void CLS050_southern_x_asks_for_the_unit() => Check(
        "places:\n  - text: Aleppo\n    ref: [|geonames:170063|]\n", "Aid reached residents in southern Aleppo on Thursday.", "CLS050");

    [Fact]
    public void CLS050_city_in_the_text_but_the_unit_linked_by_occurrence_all_gets_an_entry_of_its_own()
    {
        const string sidecar = "places:\n  - text: Aleppo\n    occurrence: all\n    ref: [|geonames:170062|]\n";
        const string article = "Aleppo province is quiet. Shelling hit Aleppo city at night.";
        var d = Check(sidecar, article, "CLS050");
        Assert.StartsWith("'Aleppo' (occurrence 2) stands in 'Aleppo city', which names a town", d[0].Message);
        var fixedText = Fixed(sidecar, d[0]);
        Assert.Equal("places:\n  - text: Aleppo\n    occurrence: 1\n    ref: geonames:170062\n  - text: Aleppo\n    occurrence: 2\n    ref: geonames:170063\n", fixedText);
        Check(fixedText, article);
    }

    [Fact]
    public void Directions_from_a_town_and_the_town_of_X_are_no_contradiction() => Check(
        "places:\n  - text: Aleppo\n    ref: geonames:170063\n  - text: Khanaser\n    ref: geonames:168351\n",
        "They liberated the town of Khanaser some 50 kilometers to the southeast of Aleppo.");

    [Fact]
    public void A_linked_country_contradicts_no_cue_around_any_of_its_occurrences() => Check(
        "places:\n  - text: Syria\n    occurrence: all\n    ref: geonames:163843\n",
        "Aid reached southern Syria on Thursday. The province of Syria, the city of Syria: Syria city.");

    [Fact]
    public void CLS050_offers_only_the_unit_the_town_lies_in()
    {
        const string article = "Gunmen attacked a checkpoint in the region of Tripoli on Monday.";
        // Tripoli, Libya lies in the Libyan district of Tripoli: the region is that district.
        var d = Check("places:\n  - text: Tripoli\n    ref: [|geonames:2210247|]\n", article, "CLS050");
        Assert.Contains("Link Tripoli (geonames:2210245", d[0].Message);
        // Tripoli, Lebanon lies in the North Governorate: Libya's district of that name is no alternative.
        Check("places:\n  - text: Tripoli\n    ref: geonames:266826\n", article);
    }

    /// <summary>The town and the province of one name, and a capture whose `places` is PLACES.</summary>
    private const string TownAndProvinceCapture = """
        meta:
          published: 2020-02-12
        places:
          - id: aleppo
            text: Aleppo
            occurrence: 2
            ref: geonames:170063
          - id: aleppo-province
            text: Aleppo province
            ref: geonames:170062
        events:
          - type: capture
            text: seized
            date: 2020-02-11
            when: on Tuesday
            places: PLACES
        """;

    [Fact]
    public void CLS050_an_event_listing_the_town_where_its_sentence_names_the_province()
    {
        var sidecar = TownAndProvinceCapture.Replace("PLACES", "[[|aleppo|]]", StringComparison.Ordinal);
        const string article = "The army seized towns in the west of Aleppo province on Tuesday. Rockets still hit Aleppo.";
        var d = Check(sidecar, article, "CLS050");
        Assert.Equal("`places` lists 'aleppo', Aleppo (geonames:170063, Syria › Aleppo), but the sentence of this capture says 'Aleppo province', "
            + "Aleppo (geonames:170062, Syria › Aleppo). List 'aleppo-province' instead.", d[0].Message);
        var fixedText = Fixed(sidecar, d[0]);
        Assert.EndsWith("    places: [aleppo-province]", fixedText);
        Check(fixedText, article);
    }

    [Fact]
    public void An_event_whose_town_stands_in_its_sentence_keeps_it() =>
        Check(TownAndProvinceCapture.Replace("PLACES", "[aleppo]", StringComparison.Ordinal), "Aleppo province is calm. The army seized a suburb of Aleppo on Tuesday.");

    // ------------------------------------------------------------------ CLS051

    [Fact]
    public void CLS051_occurrence_all_swallows_a_name_inside_another_place()
    {
        const string sidecar = "places:\n  - text: Aleppo province\n    ref: geonames:170062\n  - text: Aleppo\n    occurrence: [|all|]\n    ref: geonames:170063\n";
        const string article = "Clashes went on in northern Aleppo province and in Aleppo itself.";
        var d = Check(sidecar, article, "CLS051");
        Assert.Equal("`occurrence` of 'Aleppo' includes occurrence 1 inside 'Aleppo province' (a place linked to geonames:170062). Narrow it to `occurrence: 2`.", d[0].Message);
        var fixedText = Fixed(sidecar, d[0]);
        Assert.Equal("places:\n  - text: Aleppo province\n    ref: geonames:170062\n  - text: Aleppo\n    occurrence: 2\n    ref: geonames:170063\n", fixedText);
        Check(fixedText, article);
    }

    [Fact]
    public void CLS051_a_list_that_takes_a_name_inside_an_organisation()
    {
        const string sidecar = "places:\n  - text: Aleppo\n    occurrence: [|[1, 2, 3]|]\n    ref: geonames:170063\norganisations:\n  - text: Aleppo Media Centre\n    kind: media\n";
        const string article = "Aleppo was shelled, the Aleppo Media Centre said. Aleppo is near, and Aleppo was calm.";
        var d = Check(sidecar, article, "CLS051");
        Assert.Contains("inside 'Aleppo Media Centre' (an organisation)", d[0].Message);
        Assert.Equal("places:\n  - text: Aleppo\n    occurrence: [1, 3]\n    ref: geonames:170063\norganisations:\n  - text: Aleppo Media Centre\n    kind: media\n", Fixed(sidecar, d[0]));
    }

    [Fact]
    public void A_nested_name_with_the_same_reference_is_no_swallowing() => Check(
        "places:\n  - text: Aleppo city\n    ref: geonames:170063\n  - text: Aleppo\n    occurrence: all\n    ref: geonames:170063\n",
        "Shelling hit Aleppo city. Aleppo is near.");

    // ------------------------------------------------------------------ CLS052

    [Fact]
    public void CLS052_a_name_annotated_once_is_left_out_later_in_the_article()
    {
        const string sidecar = "places:\n  - text: Nubl\n    occurrence: 1\n    ref: geonames:166331\n";
        var d = CheckArticle(sidecar, "Troops entered Nubl at dawn. By noon [|Nubl|] was calm. The Nubl Road was shut.", "CLS052");
        Assert.Equal("'Nubl' is annotated as a place elsewhere in this article, but not here. Annotate it (or leave it if it means something else here).", d[0].Message);
        Assert.Equal(Severity.Hint, d[0].Severity);
        var fixedText = Fixed(sidecar, d[0]);
        Assert.Equal("places:\n  - text: Nubl\n    occurrence: [1, 2]\n    ref: geonames:166331\n", fixedText);
        CheckArticle(fixedText, "Troops entered Nubl at dawn. By noon Nubl was calm. The Nubl Road was shut.");
    }

    [Fact]
    public void CLS052_a_name_annotated_in_another_article_is_annotated_the_same_way()
    {
        var files = Files()
            .Add(Root + "/b.yaml", "places:\n  - id: khanaser\n    text: Khanaser\n    ref: geonames:168351\n")
            .Add(Root + "/b.txt", "The army took Khanaser.")
            .Add(SidecarPath, "places:\n  - text: Aleppo\n    ref: geonames:170063\n")
            .Add(ArticlePath, "Aleppo is near Khanaser.");
        var d = Assert.Single(CorpusSnapshot.Load(Root, files).DiagnosticsFor(ArticlePath));
        Assert.Equal("CLS052", d.Code);
        Assert.Equal(new TextSpan(15, 23), d.Span);
        Assert.Equal("'Khanaser' is annotated as a place in b.yaml, but not here. Annotate it (or leave it if it means something else here).", d.Message);
        Assert.Equal("places:\n  - text: Aleppo\n    ref: geonames:170063\n  - id: khanaser\n    text: Khanaser\n    ref: geonames:168351\n",
            Apply("places:\n  - text: Aleppo\n    ref: geonames:170063\n", d.Fixes[0].Edits));
    }

    [Fact]
    public void CLS052_finds_names_that_start_with_a_letter_beyond_ASCII_or_a_word_of_63_letters_or_more()
    {
        // The scan looks an article's word up only when a name's first word of its length starts with its letter; letters
        // beyond ASCII and words of 63 letters or more are always looked up.
        var longName = "Llan" + new string('o', 66);
        var files = Files()
            .Add(Root + "/b.yaml", $"places:\n  - text: Şanlıurfa\n  - text: {longName}\n")
            .Add(Root + "/b.txt", $"Şanlıurfa and {longName}.")
            .Add(SidecarPath, "places:\n  - text: Idlib\n")
            .Add(ArticlePath, $"Idlib, Şanlıurfa and {longName}, not {longName}o.");
        var found = CorpusSnapshot.Load(Root, files).DiagnosticsFor(ArticlePath).Where(d => d.Code == "CLS052").OrderBy(d => d.Span.Start).ToList();
        var article = $"Idlib, Şanlıurfa and {longName}, not {longName}o.";
        Assert.Equal(["Şanlıurfa", longName], found.Select(d => article[d.Span.Start..d.Span.End]));
    }

    [Fact]
    public void CLS052_finds_a_name_at_every_word_start_and_inside_no_word()
    {
        // The scan passes over characters no name starts with and looks up words only where one starts: after punctuation
        // beyond ASCII or a hyphen; not inside "iKhanaser", "5Khanaser", "éKhanaser" or "KhanaserKhanaser".
        const string article = "Khanaser fell. “Khanaser” held — Khanaser’s people, al-Khanaser, iKhanaser, 5Khanaser, KhanaserKhanaser, éKhanaser.";
        var files = Files()
            .Add(SidecarPath, "places:\n  - text: Khanaser\n    occurrence: 1\n    ref: geonames:168351\n")
            .Add(ArticlePath, article);
        var found = CorpusSnapshot.Load(Root, files).DiagnosticsFor(ArticlePath).Where(d => d.Code == "CLS052").Select(d => d.Span.Start).Order().ToList();
        int[] expected = [16, 33, 55];
        Assert.Equal(expected, found);
        Assert.All(found, at => Assert.Equal("Khanaser", article.Substring(at, 8)));
    }

    // ------------------------------------------------------------------ CLS053

    [Fact]
    public void CLS053_a_party_listed_as_the_place()
    {
        const string sidecar = """
            meta:
              published: 2016-02-25
            places:
              - id: syria
                text: Syria
                ref: geonames:163843
              - id: lebanon
                text: Lebanon
                ref: geonames:272103
            events:
              - type: agreement
                text: worked out
                date: 2016-02-21
                when: on Sunday
                places: [[|syria|]]
            """;
        const string article = "The truce, worked out between Syria and Lebanon on Sunday, held.";
        var d = Check(sidecar, article, "CLS053");
        Assert.Equal("'Syria' is a party of this agreement ('worked out between Syria and Lebanon'), not where it happened. Remove it from `places`.", d[0].Message);
        var fixedText = Fixed(sidecar, d[0]);
        Assert.EndsWith("    when: on Sunday\n", fixedText);
        Check(fixedText, article);
    }

    [Fact]
    public void A_country_where_the_event_happens_is_its_place() => Check("""
        meta:
          published: 2016-02-25
        places:
          - id: syria
            text: Syria
            ref: geonames:163843
        events:
          - type: agreement
            text: worked out
            date: 2016-02-21
            when: on Sunday
            places: [syria]
        """, "The truce, worked out in Syria on Sunday, held.");

    /// <summary>An event in one sentence whose only `places` is Syria, of the countries Syria and Lebanon.</summary>
    private static string PartySidecar(string trigger, bool marked) => $$"""
        meta:
          published: 2016-02-25
        places:
          - id: syria
            text: Syria
            ref: geonames:163843
          - id: lebanon
            text: Lebanon
            ref: geonames:272103
        events:
          - type: meeting
            text: {{trigger}}
            date: 2016-02-21
            when: on Sunday
            places: [{{(marked ? "[|syria|]" : "syria")}}]
        """;

    [Fact]
    public void CLS053_talks_between_two_countries_make_them_parties()
    {
        var d = Check(PartySidecar("ended", marked: true), "Talks between Syria and Lebanon ended on Sunday.", "CLS053");
        Assert.Equal("'Syria' is a party of this meeting ('Talks between Syria and Lebanon'), not where it happened. Remove it from `places`.", d[0].Message);
    }

    // Every bare "between" among the CLS053 alarms of `bench expert-eval` joined the ends of a route or a border.
    [Theory]
    [InlineData("Flights between Syria and Lebanon resumed on Sunday.", "resumed")]
    [InlineData("Fighting closed the road between Syria and Lebanon on Sunday.", "closed")]
    [InlineData("Aid was handed out in border areas between Syria and Lebanon on Sunday.", "handed out")]
    public void CLS053_between_alone_joins_the_ends_of_a_route_not_parties(string article, string trigger) =>
        Check(PartySidecar(trigger, marked: false), article);

    // The backward walk over names ("Lebanon.", "Washington") used to reach "brokered by" in the sentence before; so did "between
    // South America and the United States. Mexico's president…" in GeoVirus.
    [Fact]
    public void CLS053_a_cue_in_the_previous_sentence_is_no_cue() =>
        Check(PartySidecar("ended", marked: false), "The plan was brokered by Washington and Lebanon. Syria said the talks ended on Sunday.");

    // ------------------------------------------------------------------ CLS054

    [Fact]
    public void CLS054_when_is_the_end_of_the_period()
    {
        const string sidecar = "meta:\n  published: 2016-02-05\nevents:\n  - type: talks\n    text: suspended\n    date: 2016-02-25\n    when: [|February 25|]\n    status: planned\n";
        const string article = "The talks were suspended until February 25.";
        var d = Check(sidecar, article, "CLS054");
        Assert.Equal("'February 25' follows 'until': it dates the end of a period, not the talks itself. Date the event by when it happened, "
            + "or drop `when` and give the source of the date in `note`.", d[0].Message);
        Assert.Equal("meta:\n  published: 2016-02-05\nevents:\n  - type: talks\n    text: suspended\n    date: 2016-02-25\n    status: planned\n", Fixed(sidecar, d[0]));
    }

    // The cue may open the expression itself, in any case.
    [Theory]
    [InlineData("until February 25", "until")]
    [InlineData("Until February 25", "until")]
    public void CLS054_when_opening_with_the_cue_is_the_end_of_the_period(string when, string cue)
    {
        var sidecar = $"meta:\n  published: 2016-02-05\nevents:\n  - type: talks\n    text: suspended\n    date: 2016-02-25\n    when: [|{when}|]\n    status: planned\n";
        var d = Check(sidecar, $"The talks were suspended {when}.", "CLS054");
        Assert.Contains($"follows '{cue}'", d[0].Message);
    }

    [Fact]
    public void A_date_the_event_happens_on_is_no_end_of_period() => Check(
        "meta:\n  published: 2016-02-05\nevents:\n  - type: talks\n    text: suspended\n    date: 2016-02-03\n    when: February 3\n",
        "The talks were suspended on February 3.");
}
