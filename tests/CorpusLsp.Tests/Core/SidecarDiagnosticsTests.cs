using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Services;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>One test per diagnostic code (at least), each a fixture and its expected diagnostics.</summary>
public sealed class SidecarDiagnosticsTests
{
    internal const string Article = "Syrian forces liberated Khanaser on Thursday, a monitor said. Aleppo is near. Aleppo was calm.\nTwo days earlier, the town had been captured.";

    [Fact]
    public void Clean_sidecar_has_no_diagnostics() => Check("""
        meta:
          published: 2016-02-25
        places:
          - text: Khanaser
            ref: geonames:168351
          - text: Aleppo
            occurrence: all
            ref: geonames:170063
        events:
          - id: liberation
            type: capture
            text: liberated
            date: 2016-02-25
            when: on Thursday
            places: [Khanaser]
          - type: capture
            text: captured
            date: 2016-02-23
            when: Two days earlier
            relativeTo: liberation
        """, Article);

    [Fact]
    public void CLS001_yaml_syntax_error_is_positioned() => Check("places:\n  - text: Khanaser\n    ref: geonames:168351\n    note: the town[|:|] retaken\n", Article, "CLS001");

    [Fact]
    public void CLS002_wrong_type() => Check("meta:\n  title: x\nplaces: [|notalist|]\n", Article, "CLS002");

    [Fact]
    public void CLS002_enum_value_with_suggestion()
    {
        var d = Check("events:\n  - type: [|captur|]\n", Article, "CLS002");
        Assert.Contains("Did you mean 'capture'", d[0].Message);
        Assert.Equal("type: capture", Apply("type: captur", d[0].Fixes[0].Edits.Select(e => e with { Span = new(6, 12) })));
    }

    [Fact]
    public void CLS003_unknown_key_suggests_closest()
    {
        var d = Check("meta:\n  [|publshed|]: 2016-02-25\n", Article, "CLS003");
        Assert.Contains("Did you mean 'published'?", d[0].Message);
    }

    [Fact]
    public void CLS004_missing_required_key() => Check("events:\n  - [|text|]: liberated\n", Article, "CLS004");

    [Fact]
    public void CLS005_duplicate_key() => Check("meta:\n  title: a\n  [|title|]: b\n", Article, "CLS005");

    [Fact]
    public void CLS006_aliases_are_refused() => Check("meta:\n  title: [|&t x|]\n  source: [|*t|]\n", Article, "CLS006", "CLS006");

    [Fact]
    public void CLS010_article_outside_corpus() => Check("article: [|../../etc/passwd|]\n", Article, "CLS010");

    [Fact]
    public void CLS011_mention_not_in_article_suggests_spelling()
    {
        var d = Check("places:\n  - text: [|Kanaser|]\n    ref: geonames:168351\n", Article, "CLS011");
        Assert.Contains("Did you mean 'Khanaser'?", d[0].Message);
    }

    [Fact]
    public void CLS012_ambiguous_text_needs_occurrence() => Check("places:\n  - text: [|Aleppo|]\n    ref: geonames:170063\n", Article, "CLS012");

    [Fact]
    public void CLS013_occurrence_out_of_range() => Check("places:\n  - text: Aleppo\n    occurrence: [|3|]\n    ref: geonames:170063\n", Article, "CLS013");

    [Fact]
    public void CLS014_span_out_of_range() => Check("people:\n  - span: [|[10, 5000]|]\n", Article, "CLS014");

    [Fact]
    public void CLS015_drifted_span_offers_reanchoring()
    {
        // "Khanaser" is at code points 24..32; the span points two characters off.
        var d = Check("places:\n  - text: Khanaser\n    span: [|[26, 34]|]\n    ref: geonames:168351\n", Article, "CLS015");
        Assert.Equal("[24, 32]", d[0].Fixes[0].Edits[0].NewText);
    }

    [Fact]
    public void Span_counts_code_points_not_utf16_units()
    {
        // The emoji is one code point but two UTF-16 units: the span after it must still land on "Aleppo".
        var snapshot = Corpus("places:\n  - text: Aleppo\n    span: [2, 8]\n    ref: geonames:170063\n", "😀 Aleppo");
        Assert.Empty(snapshot.DiagnosticsFor(SidecarPath));
        Assert.Equal("Aleppo", snapshot.Analyze(SidecarPath)!.Article!.Slice(snapshot.Analyze(SidecarPath)!.Mentions[0].Spans[0]));
    }

    [Fact]
    public void CLS016_crossing_mentions() => Check("""
        organisations:
          - text: forces liberated
        people:
          - text: [|liberated Khanaser|]
        """, Article, "CLS016");

    [Fact]
    public void Nested_mentions_are_allowed_and_demonyms_resolve_to_their_country() => Check("""
        organisations:
          - text: Syrian forces
        places:
          - text: [|Syrian|]
        """, Article, "CLS023");

    [Fact]
    public void CLS017_same_span_twice() => Check("people:\n  - text: Khanaser\n  - text: [|Khanaser|]\n  - text: [|Khanaser|]\n", Article, "CLS017", "CLS017");

    [Fact]
    public void CLS018_event_refers_to_unknown_place() => Check("events:\n  - type: capture\n    places: [[|Khanasr|]]\n", Article, "CLS018");

    [Fact]
    public void CLS020_unknown_reference() => Check("places:\n  - text: Khanaser\n    ref: [|geonames:999|]\n", Article, "CLS020");

    [Fact]
    public void CLS021_unknown_place_suggests_closest() =>
        Check("places:\n  - text: [|monitor|]\n", Article, "CLS021");

    // "Khanaser Valley" (the farming valley around Khanāşir) is in no gazetteer file: its namesake town is named as where
    // it probably lies, never offered or accepted as its link.
    private const string ValleyArticle = "Farmers of the Khanaser Valley, south of Aleppo, lost their wheat.";

    [Fact]
    public void CLS021_a_feature_missing_from_the_gazetteer_names_its_namesake_town_without_offering_it_as_the_link()
    {
        var d = Check("places:\n  - text: [|Khanaser Valley|]\n", ValleyArticle, "CLS021");
        Assert.Equal("'Khanaser Valley' is not in the gazetteer. It names a valley; Khanāşir (geonames:168351, Syria › Aleppo) only shares its name."
            + " Add it to the overlay if it is a real place.", d[0].Message);
        Assert.DoesNotContain(d[0].Fixes, f => f.Title.StartsWith("Link to Khanāşir", StringComparison.Ordinal));
        var overlay = Assert.Single(d[0].Fixes, f => f.Title.StartsWith("Add 'Khanaser Valley' to the overlay", StringComparison.Ordinal));
        Assert.Contains("lat: 35.78162  # where its namesake Khanāşir (geonames:168351) is: correct them\n    lon: 37.49919\n    country: SY", overlay.Edits[0].NewText);
    }

    [Fact]
    public void CLS024_a_feature_linked_to_its_namesake_town_is_a_mismatch_that_says_so()
    {
        var d = Check("places:\n  - text: Khanaser Valley\n    ref: [|geonames:168351|]\n", ValleyArticle, "CLS024");
        Assert.Equal("'Khanaser Valley' is none of the names of Khanāşir (geonames:168351, Syria › Aleppo). It names a valley; Khanāşir (geonames:168351, Syria › Aleppo)"
            + " only shares its name. Link an entry of the feature itself (add it to the overlay).", d[0].Message);
        Assert.Empty(d[0].Fixes);
    }

    [Fact]
    public void Annotating_a_feature_missing_from_the_gazetteer_adds_no_link_to_its_namesake()
    {
        var snapshot = Corpus("places:\n  - text: Aleppo\n", ValleyArticle);
        string Added(string name) => Assert.Single(NavigationService.Annotate(snapshot, ArticlePath,
            CorpusLsp.Core.Text.TextSpan.FromLength(ValleyArticle.IndexOf(name, StringComparison.Ordinal), name.Length), CorpusLsp.Core.Model.MentionKind.Place)!.Edits).NewText;
        Assert.DoesNotContain("ref:", Added("Khanaser Valley"));
        Assert.Contains("ref: geonames:168351", Added("Khanaser"));
    }

    [Fact]
    public void CLS022_ambiguous_place_lists_candidates()
    {
        var d = Check("places:\n  - text: [|Tripoli|]\n", "Tripoli was shelled.", "CLS022");
        Assert.True(d[0].Fixes.Length >= 2);
        Assert.Contains("Tripoli (geonames:2210247", d[0].Fixes[0].Title); // the capital ranks first without context
    }

    [Fact]
    public void CLS022_context_prefers_the_nearby_candidate()
    {
        var d = Check("places:\n  - text: Aleppo\n    occurrence: 1\n    ref: geonames:170063\n  - text: [|Tripoli|]\n  - text: Lebanon\n    ref: geonames:272103\n",
            "Families fled Aleppo for Tripoli in Lebanon.", "CLS022");
        Assert.Contains("geonames:266826", d[0].Fixes[0].Title); // Tripoli, Lebanon: near Aleppo and in the country named, not Libya's capital
    }

    [Fact]
    public void CLS023_unlinked_place_offers_the_reference()
    {
        var d = Check("places:\n  - text: [|Khanaser|]\n", Article, "CLS023");
        var fixedText = Apply("places:\n  - text: Khanaser\n", d[0].Fixes[0].Edits);
        Assert.Equal("places:\n  - text: Khanaser\n    ref: geonames:168351\n", fixedText);
    }

    [Fact]
    public void CLS024_reference_does_not_match_name() => Check("places:\n  - text: Khanaser\n    ref: [|geonames:170654|]\n", Article, "CLS024");

    [Fact]
    public void Transliteration_variants_match_their_reference() => Check(
        "places:\n  - text: Deir el-Zour\n    ref: geonames:170794\n  - text: Dayr az Zawr\n    ref: geonames:170794\n  - text: Nubbul\n    ref: geonames:166331\n",
        "Deir el-Zour, also Dayr az Zawr, near Nubbul.");

    [Fact]
    public void CLS030_invalid_date() => Check("meta:\n  published: [|2016-02-30|]\n", Article, "CLS030");

    [Fact]
    public void CLS031_weekday_mismatch_offers_the_implied_date()
    {
        var d = Check("""
            meta:
              published: 2016-02-25
            events:
              - type: capture
                text: liberated
                date: 2016-02-23
                when: [|on Thursday|]
            """, Article, "CLS031");
        Assert.Equal("2016-02-25", d[0].Fixes[0].Edits[0].NewText);
    }

    [Fact]
    public void CLS031_sentence_says_another_weekday_than_when() => Check("""
        meta:
          published: 2016-02-25
        events:
          - type: capture
            text: liberated
            date: 2016-02-25
            when: [|on Thursday|]
        """, "Syrian forces liberated Khanaser on Sunday.\nFootage released on Thursday.", "CLS031");

    [Fact]
    public void CLS032_event_after_publication() => Check("meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    date: [|2016-03-01|]\n", Article, "CLS032");

    [Fact]
    public void Planned_events_may_follow_publication() => Check("meta:\n  published: 2016-02-25\nevents:\n  - type: ceasefire\n    date: 2016-03-01\n    status: planned\n", Article);

    [Fact]
    public void CLS033_dateline_disagrees_with_published() => Check("meta:\n  published: 2016-02-25\n  dateline:\n    text: [|Tuesday 28 of May 2024|]\n", "The News\nTuesday 28 of May 2024\n", "CLS033");

    [Fact]
    public void A_date_line_one_day_from_published_is_a_time_zone_not_an_error() =>
        Check("meta:\n  published: 2024-05-27\n  dateline:\n    text: Tuesday 28 of May 2024\n", "The News\nTuesday 28 of May 2024\n");

    [Fact]
    public void CLS034_dateline_contradicts_itself() => Check("meta:\n  published: 2024-05-29\n  dateline:\n    text: [|Monday 29 of May 2024|]\n", "Monday 29 of May 2024\n", "CLS034");

    [Fact]
    public void CLS035_relative_date_without_published() => Check("events:\n  - type: capture\n    text: liberated\n    date: 2016-02-25\n    when: [|two days ago|]\n", "They liberated it two days ago.", "CLS035");

    [Fact]
    // "October next year" is 2017-10: the vote's 2016 date is flagged, the referendum's "in October" is this year's.
    public void When_is_read_with_the_words_after_it_in_the_article() => Check("""
        meta:
          published: 2016-02-25
        events:
          - type: meeting
            text: vote
            date: 2016-10-01
            status: planned
            when: [|October|]
          - type: talks
            text: referendum
            date: 2016-10-01
            status: planned
            when: October
        """, "The vote is set for October next year. The referendum is due in October.", "CLS036");

    [Fact]
    public void CLS036_date_differs_from_expression() => Check("""
        meta:
          published: 2016-02-25
        events:
          - type: capture
            text: liberated
            date: 2016-02-18
            when: [|on Thursday|]
        """, Article, "CLS036");

    [Fact]
    public void CLS037_when_outside_the_sentence() => Check("""
        meta:
          published: 2016-02-25
        events:
          - type: capture
            text: captured
            date: 2016-02-25
            when: [|on Thursday|]
        """, Article, "CLS037");

    [Fact]
    public void CLS039_stated_order_contradicted() => Check("""
        meta:
          published: 2016-02-25
        events:
          - id: liberation
            type: capture
            text: liberated
            date: 2016-02-25
            when: on Thursday
          - type: capture
            text: captured
            date: 2016-02-24
            when: [|Two days earlier|]
            relativeTo: liberation
        """, Article, "CLS039");

    [Fact]
    public void RelativeTo_an_id_two_events_carry_counts_from_the_first()
    {
        const string sidecar = """
            meta:
              published: 2016-02-25
            events:
              - id: liberation
                type: capture
                text: liberated
                date: 2016-02-25
              - id: liberation
                type: capture
                text: retook
                date: 2016-02-20
              - type: capture
                text: captured
                date: 2016-02-23
                when: Two days earlier
                relativeTo: liberation
            """;
        const string article = "Troops liberated the town. Others retook a village. Two days earlier, the town had been captured.";
        var analysis = Fixture.Corpus(sidecar, article).Analyze(Fixture.SidecarPath)!;
        Assert.Equal(new DateOnly(2016, 2, 25), analysis.Dates[2].Reference);
        Assert.DoesNotContain(analysis.Diagnostics, d => d.Code == "CLS039");
    }

    [Fact]
    public void CLS040_publication_far_from_every_event() => Check("meta:\n  published: [|2024-05-28|]\nevents:\n  - type: capture\n    date: 2016-02-25\n", Article, "CLS040");

    [Fact]
    public void CLS041_expression_not_understood() => Check("events:\n  - type: capture\n    text: liberated\n    date: 2016-02-25\n    when: [|in the fullness of time|]\n", "They liberated it in the fullness of time.", "CLS041");

    [Fact]
    public void CLS008_sidecar_without_article()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files().Add(SidecarPath, "meta:\n  title: x\n"));
        Assert.Equal(["CLS008"], snapshot.DiagnosticsFor(SidecarPath).Select(d => d.Code));
    }

    [Fact]
    public void CLS009_article_without_sidecar_offers_to_create_it()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files().Add(ArticlePath, "Text."));
        var d = Assert.Single(snapshot.DiagnosticsFor(ArticlePath));
        Assert.Equal("CLS009", d.Code);
        Assert.Equal(SidecarPath, d.Fixes[0].Edits[0].Path);
    }

    [Fact]
    public void CLS007_invalid_utf8_is_reported_with_its_offset()
    {
        var snapshot = CorpusSnapshot.Load(Root, Files().Add(SidecarPath, "meta:\n  title: x\n").Add(ArticlePath, [0x41, 0x42, 0xC3, 0x28]));
        var d = Assert.Single(snapshot.DiagnosticsFor(ArticlePath));
        Assert.Equal("CLS007", d.Code);
        Assert.Contains("offset 2", d.Message);
    }

    [Fact]
    public void CLS038_same_event_dated_differently_across_articles()
    {
        var fs = Files()
            .Add(SidecarPath, "events:\n  - type: capture\n    key: k\n    date: 2016-02-25\n").Add(ArticlePath, "x")
            .Add(Root + "/b.yaml", "events:\n  - type: capture\n    key: k\n    date: 2016-02-24\n").Add(Root + "/b.txt", "y");
        var snapshot = CorpusSnapshot.Load(Root, fs);
        Assert.Equal(["CLS038"], snapshot.DiagnosticsFor(SidecarPath).Select(d => d.Code));
        Assert.Contains("2016-02-24 in b.yaml", snapshot.DiagnosticsFor(SidecarPath)[0].Message);
    }

    [Fact]
    public void Severity_overrides_in_corpus_yaml_apply_and_can_switch_off()
    {
        var fs = Files(corpusYaml: CorpusYaml + "options:\n  severity:\n    CLS033: error\n    CLS023: off\n")
            .Add(SidecarPath, "meta:\n  published: 2016-02-25\n  dateline:\n    text: Tuesday 28 of May 2024\nplaces:\n  - text: Khanaser\n")
            .Add(ArticlePath, "Tuesday 28 of May 2024\nKhanaser.");
        var d = Assert.Single(CorpusSnapshot.Load(Root, fs).DiagnosticsFor(SidecarPath));
        Assert.Equal(("CLS033", CorpusLsp.Core.Diagnostics.Severity.Error), (d.Code, d.Severity));
    }
}
