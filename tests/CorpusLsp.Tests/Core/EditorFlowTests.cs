using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>Issue 17 on the fixture corpus: text as typed (recovery, completion), quick fixes for every "did you mean", CLS039's blame.</summary>
public sealed class EditorFlowTests
{
    private const string Article = "Syrian forces liberated Khanaser on Thursday, a monitor said. Aleppo is near. Aleppo was calm.\nTwo days earlier, the town had been captured.";

    private static (CorpusSnapshot Snapshot, int Cursor) At(string markup, string article = Article)
    {
        var (text, cursor, _) = Markup.Parse(markup);
        return (Corpus(text, article), cursor!.Value);
    }

    private static string Fixed(string sidecar, Diagnostic d, int fix = 0) => Apply(sidecar, d.Fixes[fix].Edits.Where(e => e.Path == SidecarPath));

    // ---------------------------------------------------------------- text as typed

    [Fact]
    public void A_line_that_does_not_parse_is_one_diagnostic_among_the_others()
    {
        var diagnostics = Check("""
            meta:
              published: 2016-02-25
            places:
              - text: [|Khanasr|]
                ref: geonames:168351
              - text: Aleppo
                occurrence: all
                ref: geonames:170063
                note: the city[|:|] not the province
            """, Article, "CLS011", "CLS001");
        Assert.Contains("does not occur", diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Completion_after_ref_geonames_offers_the_mentions_candidates_while_the_line_does_not_parse()
    {
        var (snapshot, cursor) = At("places:\n  - text: Aleppo\n    occurrence: all\n    ref: geonames:$0\n");
        Assert.Contains(snapshot.DiagnosticsFor(SidecarPath), d => d.Code == "CLS001");
        var result = CompletionService.Completion(snapshot, SidecarPath, cursor);
        Assert.True(result.IsIncomplete);
        Assert.Equal(["geonames:170063 Aleppo, Aleppo, Syria · provincial capital · geonames:170063", "geonames:170062 Aleppo, Syria · province · geonames:170062"],
            result.Items.Take(2).Select(i => $"{i.InsertText} {i.Label}"));
    }

    [Fact]
    public void Completion_after_ref_overlay_lists_the_overlay()
    {
        var (snapshot, cursor) = At("places:\n  - text: Zahra\n    ref: overlay:$0\n", "Fighters reached Zahra on Monday.");
        var items = CompletionService.Completion(snapshot, SidecarPath, cursor).Items;
        Assert.Equal(["overlay:zahraa"], items.Select(i => i.InsertText));
        Assert.Equal("Al-Zahraa, Syria · town · overlay:zahraa", items[0].Label);
    }

    [Fact]
    public void Completion_of_a_missing_value_and_of_a_half_written_list_item()
    {
        var (snapshot, cursor) = At("places:\n  - text: Khanaser\n    ref: $0\n");
        Assert.Equal("geonames:168351", CompletionService.Completion(snapshot, SidecarPath, cursor).Items[0].InsertText);
        (snapshot, cursor) = At("places:\n  - text: Khanaser\n    ref: geonames:168351\n  - te$0\n");
        Assert.Contains(CompletionService.Completion(snapshot, SidecarPath, cursor).Items, i => i.Label == "text");
    }

    [Fact]
    public void Completion_of_the_ref_of_a_feature_missing_from_the_gazetteer_does_not_offer_its_namesake_town()
    {
        var (snapshot, cursor) = At("places:\n  - text: Khanaser Valley\n    ref: geonames:$0\n", "Farmers of the Khanaser Valley lost their wheat.");
        Assert.DoesNotContain(CompletionService.Completion(snapshot, SidecarPath, cursor).Items, i => i.InsertText == "geonames:168351");
    }

    [Fact]
    public void Completion_of_a_typed_name_ranks_the_gazetteer_by_name_in_the_article()
    {
        var (snapshot, cursor) = At("places:\n  - text: Tripoli\n    ref: Tri$0\n", "Clashes in Tripoli, Lebanon, left two dead.");
        var items = CompletionService.Completion(snapshot, SidecarPath, cursor).Items;
        var ranked = ArticlePlaces.RankIn(snapshot.Gazetteer, snapshot.Config, snapshot.Analyze(SidecarPath), "Tripoli").Select(c => c.Entry.Id).ToList();
        Assert.True(ranked.Count >= 2);
        Assert.Equal(ranked, items.Where(i => i.Label.StartsWith("Tripoli", StringComparison.Ordinal)).Select(i => i.InsertText));
        Assert.Contains(items, i => i.Label == "Tripoli, Tripoli, Libya · capital · geonames:2210247");
        Assert.Contains(items, i => i.Label == "Tripoli, North Governorate, Lebanon · provincial capital · geonames:266826");
        Assert.All(items, i => Assert.Equal("Tri", i.FilterText));
    }

    // ---------------------------------------------------------------- quick fixes

    [Fact]
    public void CLS011_did_you_mean_comes_with_the_fix_that_writes_it()
    {
        const string article = "Aid reached residents in southern Idlib on Thursday.";
        var d = Check("places:\n  - text: [|Idlibb|]\n", article, "CLS011")[0];
        Assert.Equal("Change the text to 'Idlib'", d.Fixes[0].Title);
        var after = Fixed("places:\n  - text: Idlibb\n", d);
        Assert.Equal("places:\n  - text: Idlib\n", after);
        Assert.DoesNotContain(Corpus(after, article).DiagnosticsFor(SidecarPath), x => x.Code == "CLS011");
    }

    [Fact]
    public void CLS018_did_you_mean_comes_with_the_fix_that_writes_it()
    {
        const string sidecar = "places:\n  - id: khanaser\n    text: Khanaser\n    ref: geonames:168351\nevents:\n  - type: capture\n    text: liberated\n    places: [khanasr]\n";
        var d = Check(sidecar.Replace("[khanasr]", "[[|khanasr|]]"), Article, "CLS018")[0];
        Assert.Equal("places:\n  - id: khanaser\n    text: Khanaser\n    ref: geonames:168351\nevents:\n  - type: capture\n    text: liberated\n    places: [Khanaser]\n", Fixed(sidecar, d));
    }

    [Fact]
    public void Unknown_keys_enum_values_names_and_references_have_fixes()
    {
        Assert.NotEmpty(Check("meta:\n  [|publshed|]: 2016-02-25\n", Article, "CLS003")[0].Fixes);
        Assert.NotEmpty(Check("events:\n  - type: [|captur|]\n", Article, "CLS002")[0].Fixes);
        var unknownName = Check("places:\n  - text: [|Khanazer|]\n", "Fighting went on in Khanazer on Monday.", "CLS021")[0];
        Assert.Contains(unknownName.Fixes, f => f.Title.StartsWith("Link to Khan", StringComparison.Ordinal) && f.Edits[0].NewText.Contains("ref: geonames:168351", StringComparison.Ordinal));
        var unknownRef = Check("places:\n  - text: Khanaser\n    ref: [|geonames:1683510|]\n", Article, "CLS020")[0];
        Assert.Equal("geonames:168351", unknownRef.Fixes[0].Edits[0].NewText);
    }

    [Fact]
    public void The_date_fix_is_offered_on_the_date_value_too()
    {
        const string sidecar = "meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    text: liberated\n    date: 2016-02-23\n    when: on Thursday\n";
        Check(sidecar.Replace("when: on Thursday", "when: [|on Thursday|]"), Article, "CLS031");
        var snapshot = Corpus(sidecar, Article);
        var date = sidecar.IndexOf("2016-02-23", StringComparison.Ordinal);
        var fixes = NavigationService.CodeFixes(snapshot, SidecarPath, new TextSpan(date + 3, date + 3));
        Assert.Equal(["Change the date to 2016-02-25"], fixes.Select(f => f.Fix.Title));
    }

    // ---------------------------------------------------------------- CLS039 blames the event out of line

    private const string Liberation = "  - id: liberation\n    type: capture\n    text: liberated\n    date: DATE\n    when: on Thursday\n";
    private const string Captured = "  - type: capture\n    text: captured\n    date: DATE\n    when: Two days earlier\n    relativeTo: liberation\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CLS039_blames_the_event_counted_from_when_its_own_date_is_wrong(bool referenceFirst)
    {
        var liberation = Liberation.Replace("date: DATE", "date: [|2016-02-23|]").Replace("when: on Thursday", "when: [|on Thursday|]");
        var captured = Captured.Replace("DATE", "2016-02-23");
        var markup = "meta:\n  published: 2016-02-25\nevents:\n" + (referenceFirst ? liberation + captured : captured + liberation);
        var diagnostics = Check(markup, Article, "CLS039", "CLS031");
        var blame = diagnostics[0];
        Assert.Contains("counting from this event, which puts this one on 2016-02-25", blame.Message, StringComparison.Ordinal);
        Assert.Equal("Change the date to 2016-02-25", blame.Fixes[0].Title);
        Assert.True(blame.Fixes[0].IsPreferred);
        var (text, _, _) = Markup.Parse(markup);
        Check(Fixed(text, blame), Article);
    }

    [Fact]
    public void CLS039_blames_the_counting_event_when_the_one_it_counts_from_agrees_with_its_text()
    {
        var markup = "meta:\n  published: 2016-02-25\nevents:\n" + Liberation.Replace("DATE", "2016-02-25")
            + Captured.Replace("DATE", "2016-02-22").Replace("when: Two days earlier", "when: [|Two days earlier|]");
        var blame = Check(markup, Article, "CLS039")[0];
        Assert.Equal("Change the date to 2016-02-23", blame.Fixes[0].Title);
        var (text, _, _) = Markup.Parse(markup);
        Check(Fixed(text, blame), Article);
    }

    // ---------------------------------------------------------------- articles

    [Fact]
    public void CLS055_a_word_one_edit_from_an_annotated_place_is_reported_on_the_article()
    {
        const string article = "Troops entered Khanaser on Monday. Kanaser was calm; Syrian and Syria's papers said so.";
        const string sidecar = "places:\n  - text: Khanaser\n    ref: geonames:168351\n  - text: Syria\n    occurrence: all\n";
        var snapshot = Corpus(sidecar, article);
        var d = Assert.Single(snapshot.DiagnosticsFor(ArticlePath), x => x.Code == "CLS055");
        Assert.Equal("Kanaser", article[d.Span.Start..d.Span.End]);
        Assert.Equal(["Annotate 'Kanaser' as the place 'Khanaser' (geonames:168351)", "Correct the article to 'Khanaser'"], d.Fixes.Select(f => f.Title));
        Assert.Equal(sidecar + "  - text: Kanaser\n    ref: geonames:168351\n", Apply(sidecar, d.Fixes[0].Edits));
        // The fix is a code action on the article.
        Assert.Contains(NavigationService.CodeFixes(snapshot, ArticlePath, d.Span), f => f.Fix == d.Fixes[0]);
    }

    [Fact]
    public void CLS055_an_edit_inside_a_name_of_several_words_is_reported_where_the_name_was()
    {
        const string article = "Militants attacked army positions along the Ithrya-Khanaser road on Monday.";
        const string sidecar = "places:\n  - text: Ithrya-Khanaser road\n    ref: overlay:ithriya-khanasir-road\n";
        var edited = article.Replace("Ithrya-Khanaser", "Ithrya-Kanaser", StringComparison.Ordinal);
        var snapshot = Corpus(sidecar, article).WithFile(ArticlePath, new SourceText(edited));
        var d = Assert.Single(snapshot.DiagnosticsFor(ArticlePath), x => x.Code == "CLS055");
        Assert.Equal("Ithrya-Kanaser road", edited[d.Span.Start..d.Span.End]);
        Assert.Equal("'Ithrya-Kanaser road' is 1 edit(s) from 'Ithrya-Khanaser road', which the sidecar annotates and which this article no longer contains since it was opened: correct the article, or change the annotation's text if the new spelling is right.", d.Message);
        Assert.Equal(["Correct the article to 'Ithrya-Khanaser road'", "Change the annotation's text to 'Ithrya-Kanaser road'"], d.Fixes.Select(f => f.Title));
        Assert.True(d.Fixes[0].IsPreferred);
        Assert.Equal(article, Apply(edited, d.Fixes[0].Edits.Where(e => e.Path == ArticlePath)));
        Assert.Equal(sidecar.Replace("Khanaser", "Kanaser", StringComparison.Ordinal), Fixed(sidecar, d, 1));
        // Corrected, the article is quiet again.
        Assert.DoesNotContain(snapshot.WithFile(ArticlePath, new SourceText(article)).DiagnosticsFor(ArticlePath), x => x.Code == "CLS055");
    }

    [Fact]
    public void CLS055_for_a_lost_name_needs_the_article_as_opened_check_reports_the_sidecar_instead()
    {
        const string sidecar = "places:\n  - text: Ithrya-Khanaser road\n";
        var snapshot = Corpus(sidecar, "Militants attacked army positions along the Ithrya-Kanaser road on Monday.");
        Assert.DoesNotContain(snapshot.DiagnosticsFor(ArticlePath), x => x.Code == "CLS055");
        Assert.Contains(snapshot.DiagnosticsFor(SidecarPath), x => x.Code == "CLS011");
    }

    [Fact]
    public void CLS056_an_edit_that_changes_the_occurrences_of_an_occurrence_all_name()
    {
        const string article = "Aleppo is near. Aleppo was calm.";
        var snapshot = Corpus("places:\n  - text: Aleppo\n    occurrence: all\n    ref: geonames:170063\n", article);
        Assert.DoesNotContain(snapshot.DiagnosticsFor(ArticlePath), x => x.Code == "CLS056");
        var edited = snapshot.WithFile(ArticlePath, new SourceText("Aleppo is near. Alepo was calm."));
        var d = Assert.Single(edited.DiagnosticsFor(ArticlePath), x => x.Code == "CLS056");
        Assert.Equal(new TextSpan(0, 6), d.Span);
        Assert.Contains("now occurs 1 time(s), 2 when the article was opened", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(edited.WithFile(ArticlePath, new SourceText(article)).DiagnosticsFor(ArticlePath), x => x.Code == "CLS056");
    }

    [Fact]
    public void Place_hints_skip_demonyms_months_sentence_starts_and_annotated_words()
    {
        const string article = "Jets, Syrian and Russian, struck in March as Saudi envoys met in Damascus. Aleppo waited near Nubl.";
        var snapshot = Corpus("places:\n  - text: Nubl\n", article);
        var hints = NavigationService.InlayHints(snapshot, ArticlePath, new TextSpan(0, article.Length)).Where(h => !h.IsDate).ToList();
        Assert.Equal([article.IndexOf("Damascus", StringComparison.Ordinal) + "Damascus".Length], hints.Select(h => h.Offset));
    }

    [Fact]
    public void Place_hints_skip_people_common_words_and_the_ends_of_longer_names()
    {
        const string towns =
            "4682464\tBryan\tBryan\t\t30.67436\t-96.36996\tP\tPPL\tUS\t\tTX\t041\t\t\t83260\t\t112\tAmerica/Chicago\t2023-01-01\n" +
            "5327298\tBell\tBell\t\t33.97751\t-118.18702\tP\tPPL\tUS\t\tCA\t037\t\t\t35477\t\t38\tAmerica/Los_Angeles\t2023-01-01\n" +
            "5154565\tGreen\tGreen\t\t40.94589\t-81.48317\tP\tPPL\tUS\t\tOH\t153\t\t\t25699\t\t340\tAmerica/New_York\t2023-01-01\n" +
            "4172086\tSanford\tSanford\t\t28.80055\t-81.27312\tP\tPPL\tUS\t\tFL\t117\t\t\t58605\t\t9\tAmerica/New_York\t2023-01-01\n" +
            "3173435\tMilan\tMilan\tMilano\t45.46427\t9.18951\tP\tPPLA\tIT\t\t09\tMI\t\t\t1371498\t\t122\tEurope/Rome\t2023-01-01\n";
        const string article = "Officials in Milan and Aleppo met Bryan L. Wethington, Gov. Mark Sanford and Pat Hugley-Green. "
            + "It was Green, with Bell, where AC Milan played.";
        var snapshot = CorpusSnapshot.Load(Root, Files(geonames: GeoNames + towns).Add(SidecarPath, "places:\n").Add(ArticlePath, article));
        var hinted = NavigationService.InlayHints(snapshot, ArticlePath, new TextSpan(0, article.Length)).Where(h => !h.IsDate)
            .Select(h => article[..h.Offset]).Select(before => before[(before.LastIndexOf(' ') + 1)..]).ToList();
        // A middle initial, a title's period, a hyphen after a name, a common word, a person's name, a club: none is a place here.
        Assert.Equal(["Milan", "Aleppo"], hinted);
    }

    [Theory]
    [InlineData("Crews met Sen. Delano near Aleppo. They left after Delano thanked them.", "Aleppo")]
    [InlineData("Delano's wife said the road near Aleppo was closed. Crews left Delano a note.", "Aleppo")]
    [InlineData("Gainesville said it would rebuild. Crews drove to Gainesville as White House aides flew in.", "Gainesville")]
    [InlineData("Officials in Delano closed the road, and later Delano said it would reopen. Crews left Delano.", "Delano|Delano")]
    public void Place_hints_read_a_persons_name_once_for_the_whole_article(string article, string expected)
    {
        const string towns =
            "5341483\tDelano\tDelano\t\t35.76884\t-119.24705\tP\tPPL\tUS\t\tCA\t029\t\t\t53041\t\t95\tAmerica/Los_Angeles\t2023-01-01\n" +
            "4156404\tGainesville\tGainesville\t\t29.65163\t-82.32483\tP\tPPLA2\tUS\t\tFL\t001\t\t\t133997\t\t54\tAmerica/New_York\t2023-01-01\n" +
            "4667466\tWhite House\tWhite House\t\t36.47032\t-86.65138\tP\tPPL\tUS\t\tTN\t147\t\t\t10255\t\t232\tAmerica/Chicago\t2023-01-01\n";
        var snapshot = CorpusSnapshot.Load(Root, Files(geonames: GeoNames + towns).Add(SidecarPath, "places:\n").Add(ArticlePath, article));
        var hinted = NavigationService.InlayHints(snapshot, ArticlePath, new TextSpan(0, article.Length)).Where(h => !h.IsDate)
            .Select(h => article[..h.Offset]).Select(before => before[(before.LastIndexOf(' ') + 1)..].TrimEnd('.'));
        // A title, a relative after the possessive or a speech verb marks the name a person in the whole article; "in"
        // before one occurrence keeps it a place, and a large city that "said" something stays a city.
        Assert.Equal(expected, string.Join('|', hinted));
    }
}
