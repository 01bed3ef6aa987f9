using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// An in-memory corpus with a small gazetteer, plus markup helpers: `[|…|]` marks where a diagnostic is
/// expected, `$0` a cursor. Tests state behaviour as (fixture text, expected output).
/// </summary>
public static class Fixture
{
    public const string Root = "/corpus";
    public const string SidecarPath = Root + "/a.yaml";
    public const string ArticlePath = Root + "/a.txt";
    public const string OverlayPath = Root + "/gaz/overlay.yaml";

    // 19-column GeoNames rows (real ids and coordinates, trimmed alternate names).
    public const string GeoNames =
        "170063\tAleppo\tAleppo\tAlep,Aleppo,Halab,Ḩalab\t36.20124\t37.16117\tP\tPPLA\tSY\t\t09\t\t\t\t1602264\t\t390\tAsia/Damascus\t2023-01-01\n" +
        "168351\tKhanāşir\tKhanasir\tKhanasir,Khanaser\t35.78162\t37.49919\tP\tPPLA3\tSY\t\t09\t\t\t\t0\t\t330\tAsia/Damascus\t2023-01-01\n" +
        "166331\tNubl\tNubl\tNubl,Nubbul\t36.37278\t37.00528\tP\tPPLA3\tSY\t\t09\t\t\t\t30000\t\t420\tAsia/Damascus\t2023-01-01\n" +
        "170794\tDeir ez-Zor\tDeir ez-Zor\tDayr az Zawr,Deir ez Zor\t35.33588\t40.14084\tP\tPPLA\tSY\t\t05\t\t\t\t242565\t\t210\tAsia/Damascus\t2023-01-01\n" +
        "266826\tTripoli\tTripoli\tTarabulus\t34.43667\t35.84972\tP\tPPLA\tLB\t\t08\t\t\t\t229398\t\t10\tAsia/Beirut\t2023-01-01\n" +
        "2210247\tTripoli\tTripoli\tTarabulus\t32.88743\t13.18733\tP\tPPLC\tLY\t\t77\t\t\t\t1150989\t\t20\tAfrica/Tripoli\t2023-01-01\n" +
        "170654\tDamascus\tDamascus\tDimashq,Damas\t33.5102\t36.29128\tP\tPPLC\tSY\t\t13\t\t\t\t1569394\t\t700\tAsia/Damascus\t2023-01-01\n";
    public const string Admin1 = "SY.09\tAleppo\tAleppo\t170062\nSY.05\tDeir ez-Zor\tDeir ez-Zor\t170792\nSY.13\tDimashq\tDimashq\t170652\nLB.08\tNorth Governorate\tNorth Governorate\t266828\nLY.77\tTripoli\tTripoli\t2210245\n";
    public const string Countries = "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n" +
        "SY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t22198110\tAS\t.sy\tSYP\tPound\t963\t\t\tar-SY\t163843\tIQ,JO,IL,TR,LB\t\n" +
        "LB\tLBN\t422\tLE\tLebanon\tBeirut\t10400\t6848925\tAS\t.lb\tLBP\tPound\t961\t\t\tar-LB\t272103\tSY,IL\t\n" +
        "LY\tLBY\t434\tLY\tLibya\tTripoli\t1759540\t6678567\tAF\t.ly\tLYD\tDinar\t218\t\t\tar-LY\t2215636\tTD,NE,DZ,SD,TN,EG\t\n";
    public const string Overlay = "places:\n  - id: zahraa\n    name: Al-Zahraa\n    names: [Zahra]\n    type: PPL\n    lat: 36.376\n    lon: 36.986\n    country: SY\n";
    public const string CorpusYaml = "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n  overlay: [gaz/overlay.yaml]\n";

    public static InMemoryFileSystem Files(string? corpusYaml = null, string? overlay = null, string? geonames = null) => new InMemoryFileSystem()
        .Add(Root + "/corpus.yaml", corpusYaml ?? CorpusYaml)
        .Add(Root + "/gaz/cities.txt", geonames ?? GeoNames)
        .Add(Root + "/gaz/admin1.txt", Admin1)
        .Add(Root + "/gaz/countries.txt", Countries)
        .Add(OverlayPath, overlay ?? Overlay);

    public static CorpusSnapshot Corpus(string sidecar, string article) =>
        CorpusSnapshot.Load(Root, Files().Add(SidecarPath, sidecar).Add(ArticlePath, article));

    /// <summary>
    /// Checks the sidecar (markup) against the article and asserts the diagnostics of the sidecar: their codes in
    /// order of position, each at the span marked `[|…|]`. Information-level CLS023 is ignored unless expected.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(string sidecarMarkup, string article, params string[] expectedCodes)
    {
        var (text, _, spans) = Markup.Parse(sidecarMarkup);
        var snapshot = Corpus(text, article);
        var diagnostics = snapshot.DiagnosticsFor(SidecarPath)
            .Where(d => expectedCodes.Contains(d.Code) || d.Code != "CLS023")
            .OrderBy(d => d.Span.Start).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        var source = new SourceText(text);
        var actual = string.Join("\n", diagnostics.Select(d => $"{d.Code} '{source.Slice(d.Span)}': {d.Message}"));
        Assert.True(expectedCodes.Length == diagnostics.Count, $"Expected [{string.Join(", ", expectedCodes)}], got:\n{actual}");
        Assert.True(spans.Count == expectedCodes.Length, $"The fixture marks {spans.Count} spans for {expectedCodes.Length} expected diagnostics.");
        for (var i = 0; i < expectedCodes.Length; i++)
        {
            Assert.True(expectedCodes[i] == diagnostics[i].Code, $"Diagnostic {i}: expected {expectedCodes[i]}, got:\n{actual}");
            Assert.True(spans[i] == diagnostics[i].Span, $"Diagnostic {i} ({expectedCodes[i]}): expected at '{source.Slice(spans[i])}', got '{source.Slice(diagnostics[i].Span)}'.\n{actual}");
        }
        return diagnostics;
    }

    /// <summary>Applies a fix's edits to the text of one file.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits) =>
        edits.OrderByDescending(e => e.Span.Start).Aggregate(text, (t, e) =>
        {
            var start = Math.Min(e.Span.Start, t.Length);
            var end = Math.Min(e.Span.End, t.Length);
            return t[..start] + e.NewText + t[end..];
        });
}
