using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.Import.Brat;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Interop;

/// <summary>brat standoff in and out: every kind of line mapped or kept, spans exact on CRLF and astral text, and stable round trips.</summary>
public sealed class BratTests
{
    // Written for these tests from the format's description: CRLF line ends, an astral flag (two code points, four UTF-16
    // units) and a combining accent before later annotations, so code point and UTF-16 offsets differ.
    internal const string Text = "Syrian forces entered Aleppo on Thursday.\r\nOfficials in Damascus \U0001F1F8\U0001F1FE said Jose\u0301 Ramos of the Syrian Observatory had seen it.\r\nFighting went on near Deir ez-Zor and North Nubl.";

    internal const string Ann =
        "T1\tLocation 22 28\tAleppo\n" +
        "N1\tReference T1 GeoNames:170063\tAleppo\n" +
        "T2\tDate 32 40\tThursday\n" +
        "N2\tReference T2 ISO8601:2016-02-25\tThursday\n" +
        "T3\tAttack 14 21\tentered\n" +
        "E1\tAttack:T3 Place-Arg:T1 Time:T2 Agent:T6\n" +
        "T4\tGPE 56 64\tDamascus\n" +
        "#1\tAnnotatorNotes T4\thttps://www.geonames.org/170654/damascus.html\n" +
        "T5\tPER 73 84\tJose\u0301 Ramos\n" +
        "A1\tNegation E1\n" +
        "A2\tConfidence T5 High\n" +
        "T6\tORG 92 110\tSyrian Observatory\n" +
        "R1\tMember_of Arg1:T5 Arg2:T6\n" +
        "T7\tLocation 147 158\tDeir ez-Zor\n" +
        "N3\tReference T7 Wikidata:Q207463\tDeir ez-Zor\n" +
        "T8\tLocation 163 168;169 173\tNorth Nubl\n" +
        "*\tEquiv T7 T8\n" +
        "T9\tWeapon 125 133\tFighting\n" +
        "#2\tAnnotatorNotes T7\tchecked by hand; second pass\n" +
        "X1\tbogus\n" +
        "N4\tReference T99 GeoNames:1\tnothing\n";

    private const string ExpectedSidecar = """
        # Imported from brat: doc.ann
        places:
          - id: T1
            text: Aleppo
            span: [22, 28]
            ref: geonames:170063
          - id: T4
            text: Damascus
            span: [56, 64]
            ref: geonames:170654
          - id: T7
            text: Deir ez-Zor
            span: [147, 158]
            note: "brat reference: Wikidata:Q207463; brat equiv: Equiv T7 T8; checked by hand; second pass"
          - id: T8
            text: North
            span: [163, 168]
            note: "brat fragments: 163 168;169 173"
        people:
          - id: T5
            text: JOSE Ramos
            span: [73, 84]
            note: "brat attribute: Confidence=High; brat relation: Member_of Arg1:T5 Arg2:T6"
        organisations:
          - id: T6
            text: Syrian Observatory
            span: [92, 110]
        events:
          - id: E1
            type: attack
            text: entered
            span: [14, 21]
            date: 2016-02-25
            when:
              text: Thursday
              span: [32, 40]
            places: [T1]
            participants: [T6]
            note: "brat attribute: Negation"

        """;

    [Fact]
    public void Every_line_is_mapped_kept_as_a_note_or_listed()
    {
        var result = BratImporter.Import("doc", "doc.txt", Text, Ann, BratTypeMap.Default);
        // The raw literal cannot hold the combining accent the text has: "JOSE" stands for it.
        Assert.Equal(ExpectedSidecar.ReplaceLineEndings("\n").Replace("JOSE", "Jose\u0301"), result.Sidecar);
        var report = result.Report;
        Assert.Equal(4, report.Mapped["places"]);
        Assert.Equal(1, report.Mapped["people"]);
        Assert.Equal(1, report.Mapped["organisations"]);
        Assert.Equal(1, report.Mapped["events"]);
        Assert.Equal([
            "line 18: type 'Weapon' of T9 'Fighting' is not mapped (name it in --types)",
            "line 20: unknown annotation kind 'X': 'X1\tbogus'",
            "line 21: N4 is about T99, which is not imported",
        ], report.Unmapped.Order(StringComparer.Ordinal));
        Assert.Empty(report.Problems);
    }

    [Fact]
    public void An_imported_document_anchors_every_mention_and_the_checker_reports_only_the_data()
    {
        var sidecar = BratImporter.Import("doc", "doc.txt", Text, Ann, BratTypeMap.Default).Sidecar;
        var snapshot = Load(sidecar);
        var codes = snapshot.DiagnosticsFor(Fixture.Root + "/doc.yaml").Select(d => d.Code).ToList();
        Assert.DoesNotContain(codes, c => c is "CLS001" or "CLS002" or "CLS011" or "CLS012" or "CLS013" or "CLS014" or "CLS015" or "CLS018" or "CLS020");
        var analysis = snapshot.Analyze(Fixture.Root + "/doc.yaml")!;
        Assert.All(analysis.Mentions, m => Assert.NotEmpty(m.Spans));
        Assert.Equal("Jose\u0301 Ramos", analysis.Article!.Slice(analysis.Mentions.Single(m => m.Mention.Id == "T5").Spans[0]));
    }

    [Fact]
    public void A_type_map_and_annotation_conf_decide_what_is_what()
    {
        var errors = new List<string>();
        var conf = "[entities]\nLocation\n\tWeapon_site\n[events]\nStrike\tPlace?:Location\n";
        var map = BratTypeMap.Create("places: [Weapon]\nignore: [ORG]\n", conf, errors);
        Assert.Empty(errors);
        Assert.Equal(BratCategory.Place, map.CategoryOf("weapon"));
        Assert.Equal(BratCategory.Place, map.CategoryOf("Weapon_site"));
        Assert.Equal(BratCategory.Ignore, map.CategoryOf("ORG"));
        Assert.Equal(BratCategory.Event, map.CategoryOf("Strike"));
        Assert.Null(map.CategoryOf("Vehicle"));

        BratTypeMap.Create("places: Weapon\nplaecs: [X]\n", null, errors);
        Assert.Equal(["1:9: 'places' takes a list of type names", "2:1: unknown key 'plaecs'; the keys are places, people, organisations, events, dates, ignore"], errors);
    }

    [Fact]
    public void Offsets_that_count_a_byte_order_mark_are_recognised()
    {
        // Offsets counted with the BOM as character 0 (as a tool that keeps U+FEFF in its text does) and without it.
        var counted = BratImporter.Import("doc", "doc.txt", Text, "T1\tLocation 23 29\tAleppo\n", BratTypeMap.Default, textHadBom: true);
        Assert.Contains("span: [22, 28]", counted.Sidecar);
        Assert.Empty(counted.Report.Problems);
        var uncounted = BratImporter.Import("doc", "doc.txt", Text, "T1\tLocation 22 28\tAleppo\n", BratTypeMap.Default, textHadBom: true);
        Assert.Contains("span: [22, 28]", uncounted.Sidecar);
    }

    [Fact]
    public void Import_export_import_gives_the_same_sidecar()
    {
        var first = BratImporter.Import("doc", "doc.txt", Text, Ann, BratTypeMap.Default).Sidecar;
        Assert.Equal(first, RoundTrip(first, Text));
    }

    [Fact]
    public void Round_trips_are_stable_on_generated_documents()
    {
        for (var seed = 1; seed <= 150; seed++)
        {
            var (text, ann) = Generate(new Random(seed));
            var first = BratImporter.Import("doc", "doc.txt", text, ann, BratTypeMap.Default);
            Assert.True(first.Report.Problems.IsEmpty, $"seed {seed}: {string.Join("; ", first.Report.Problems)}");
            var second = RoundTrip(first.Sidecar, text);
            Assert.True(first.Sidecar == second, $"seed {seed}:\n{ann}\n--- first\n{first.Sidecar}\n--- second\n{second}");
        }
    }

    [Fact]
    public void Jsonl_gives_one_object_per_article_with_code_point_spans()
    {
        var sidecar = BratImporter.Import("doc", "doc.txt", Text, Ann, BratTypeMap.Default).Sidecar;
        var analysis = Load(sidecar).Analyze(Fixture.Root + "/doc.yaml")!;
        var doccano = System.Text.Json.JsonDocument.Parse(JsonlExporter.Export("doc", analysis, JsonlFlavor.Doccano)).RootElement;
        var labels = doccano.GetProperty("label").EnumerateArray().Select(l => $"{l[0]}-{l[1]} {l[2]}").ToList();
        Assert.Contains("73-84 PERSON", labels);
        Assert.Contains("147-158 PLACE", labels);
        Assert.Contains(doccano.GetProperty("refs").EnumerateArray(), r => r.GetProperty("ref").GetString() == "geonames:170063" && r.GetProperty("start").GetInt32() == 22);
        var studio = System.Text.Json.JsonDocument.Parse(JsonlExporter.Export("doc", analysis, JsonlFlavor.LabelStudio)).RootElement;
        Assert.Equal(Text, studio.GetProperty("data").GetProperty("text").GetString());
        var value = studio.GetProperty("annotations")[0].GetProperty("result").EnumerateArray().Select(r => r.GetProperty("value")).First(v => v.GetProperty("start").GetInt32() == 73);
        Assert.Equal("Jose\u0301 Ramos", value.GetProperty("text").GetString());
    }

    internal static CorpusSnapshot Load(string sidecar, string? text = null) =>
        CorpusSnapshot.Load(Fixture.Root, Fixture.Files().Add(Fixture.Root + "/doc.txt", text ?? Text).Add(Fixture.Root + "/doc.yaml", sidecar));

    private static string RoundTrip(string sidecar, string text)
    {
        var analysis = Load(sidecar, text).Analyze(Fixture.Root + "/doc.yaml")!;
        var exported = BratExporter.Export(analysis);
        var conf = BratExporter.Configuration([exported]);
        var errors = new List<string>();
        var again = BratImporter.Import("doc", "doc.txt", text, exported.Ann, BratTypeMap.Create(null, conf, errors));
        Assert.Empty(errors);
        Assert.True(again.Report.Unmapped.IsEmpty, string.Join("\n", again.Report.Unmapped) + "\n" + exported.Ann);
        return again.Sidecar;
    }

    private static readonly string[] Words = ["Aleppo", "army", "said", "Nubl", "\U0001F1F8\U0001F1FE", "Jose\u0301", "convoy", "Thursday", "Homs", "talks", "a:b", "true", "2018", "#tag"];

    /// <summary>A random document: words with CRLFs, non-overlapping mentions of every kind, references, notes, attributes, events.</summary>
    private static (string Text, string Ann) Generate(Random r)
    {
        var text = new StringBuilder();
        var spans = new List<(int Start, int End, string Word)>();
        var cp = 0;
        for (var i = 0; i < 30; i++)
        {
            var word = Words[r.Next(Words.Length)];
            spans.Add((cp, cp + word.EnumerateRunes().Count(), word));
            text.Append(word);
            cp += word.EnumerateRunes().Count();
            var gap = r.Next(6) == 0 ? "\r\n" : " ";
            text.Append(gap);
            cp += gap.Length;
        }
        var ann = new StringBuilder();
        var types = new[] { "Location", "GPE", "PER", "ORG", "Date", "Attack" };
        var chosen = spans.Where(_ => r.Next(3) == 0).ToList();
        var ids = new List<(string Id, string Type)>();
        int t = 0, n = 0, a = 0, note = 0, e = 0;
        foreach (var s in chosen)
        {
            var type = types[r.Next(types.Length)];
            var id = $"T{++t}";
            ids.Add((id, type));
            ann.Append($"{id}\t{type} {s.Start} {s.End}\t{s.Word}\n");
            if (type is "Location" or "GPE" && r.Next(2) == 0) ann.Append($"N{++n}\tReference {id} GeoNames:{r.Next(1, 9_999_999)}\t{s.Word}\n");
            if (r.Next(4) == 0) ann.Append($"#{++note}\tAnnotatorNotes {id}\tnote {r.Next(100)}: seen\n");
            if (r.Next(5) == 0) ann.Append($"A{++a}\tConfidence {id} L{r.Next(1, 4)}\n");
            if (type == "Date" && r.Next(2) == 0) ann.Append($"N{++n}\tReference {id} ISO8601:2016-02-{r.Next(10, 28)}\t{s.Word}\n");
        }
        foreach (var (id, _) in ids.Where(x => x.Type == "Attack"))
        {
            var args = ids.Where(x => x.Type != "Attack" && r.Next(3) == 0).Select(x => $"{(x.Type == "Date" ? "Time" : "Arg")}:{x.Id}");
            // A date is the time of one event at most: the importer takes the first and keeps the others as arguments.
            ann.Append($"E{++e}\tAttack:{id} {string.Join(' ', args)}\n".Replace(" \n", "\n"));
        }
        return (text.ToString(), ann.ToString());
    }
}
