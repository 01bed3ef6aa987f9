using System.Diagnostics;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>The gazetteer shipped inside the tool: outside any corpus, and for a corpus whose corpus.yaml names no GeoNames files.</summary>
public sealed class BuiltInGazetteerTests
{
    [Fact]
    public void Corpus_yaml_without_gazetteer_section_uses_the_built_in_gazetteer_under_its_overlay()
    {
        var files = new InMemoryFileSystem()
            .Add("/c/corpus.yaml", "options:\n  focusCountries: [SY]\n")
            .Add("/d/corpus.yaml", "gazetteer:\n  overlay: [overlay.yaml]\n")
            .Add("/d/overlay.yaml", Fixture.Overlay)
            .Add("/e/corpus.yaml", "gazetteer:\n  geonames: []\n  overlay: [overlay.yaml]\n")
            .Add("/e/overlay.yaml", Fixture.Overlay)
            .Add("/f/corpus.yaml", "gazetteer: [\n");

        var plain = CorpusSnapshot.Load("/c", files);
        Assert.Equal("London", plain.Gazetteer.Find("geonames:2643743")?.Name);
        Assert.Equal("Syria", plain.Gazetteer.Find("geonames:163843")?.Name);
        Assert.Contains(plain.Gazetteer.Lookup("Europe"), m => m.Entry.FeatureCode == "CONT");
        Assert.Empty(plain.GazetteerDiagnostics);

        // Only an overlay: the overlay goes on top of the built-in GeoNames data.
        var overlaid = CorpusSnapshot.Load("/d", files);
        Assert.NotNull(overlaid.Gazetteer.Find("overlay:zahraa"));
        Assert.NotNull(overlaid.Gazetteer.Find("geonames:2643743"));
        Assert.Equal("/d/overlay.yaml", overlaid.FirstOverlayPath);

        // `geonames: []` says "no GeoNames data": only the overlay.
        var declared = CorpusSnapshot.Load("/e", files);
        Assert.Null(declared.Gazetteer.Find("geonames:2643743"));
        Assert.NotNull(declared.Gazetteer.Find("overlay:zahraa"));

        // A corpus.yaml that does not parse says nothing reliable: no gazetteer is swapped in while it is being typed.
        Assert.Null(CorpusSnapshot.Load("/f", files).Gazetteer.Find("geonames:2643743"));
    }

    [Theory]
    [InlineData("Netherlands", "geonames:2750405")] // countryInfo names it "The Netherlands"
    [InlineData("Democratic Republic of Congo", "geonames:203312")]
    [InlineData("NSW", "geonames:2155400")]
    [InlineData("Ohioans", "geonames:5165418")]
    [InlineData("Ontarians", "geonames:6093943")]
    [InlineData("Black Sea", "overlay:black-sea")]
    [InlineData("the Mediterranean", "overlay:mediterranean-sea")]
    [InlineData("Darfur", "overlay:darfur")]
    [InlineData("South African", "geonames:953987")] // a demonym of two words names the country of two words
    [InlineData("North Ossetian", "geonames:519969")] // … or the region (RU.68 North Ossetia)
    [InlineData("N.L.", "geonames:6354959")] // Canadian Press: Newfoundland and Labrador
    [InlineData("Newfoundland", "geonames:6354959")]
    [InlineData("Greater Mumbai", "geonames:1275339")] // the city with its suburbs: the gazetteer has the city
    public void Names_news_uses_find_their_place_in_the_built_in_gazetteer(string name, string id)
    {
        var g = CorpusSnapshot.Load("/c", new InMemoryFileSystem().Add("/c/corpus.yaml", "options: {}\n")).Gazetteer;
        Assert.Equal(id, CorpusLsp.Core.Gazetteer.ArticleResolver.Resolve(g, null, [new CorpusLsp.Core.Gazetteer.ArticleMention(name)])[0].Pick?.Id);
    }

    [Fact]
    public void A_country_named_by_its_own_name_is_an_exact_match_not_a_demonym()
    {
        // "United States" ends like the plural of a demonym ("United State" + s); read as one it became a news alias,
        // which the unannotated-place hints skip as a demonym (hint-eval lost every "United States").
        var g = CorpusSnapshot.Load("/c", new InMemoryFileSystem().Add("/c/corpus.yaml", "options: {}\n")).Gazetteer;
        var found = g.Lookup("United States").Select(m => (m.Entry.Id, m.Kind.ToString())).ToList();
        Assert.Equal([("geonames:6252001", "Exact")], found);
    }

    [Fact]
    public void Palestine_is_the_country_among_its_namesake_towns()
    {
        // GeoNames names the country "Palestinian Territory"; the towns of Texas and Illinois stay candidates.
        var g = CorpusSnapshot.Load("/c", new InMemoryFileSystem().Add("/c/corpus.yaml", "options: {}\n")).Gazetteer;
        var found = g.Lookup("Palestine").Select(m => (m.Entry.Id, m.Entry.Name, m.Kind.ToString())).ToList();
        Assert.Equal(("geonames:6254930", "Palestinian Territory", "Alias"), found[0]);
        Assert.Contains(found, f => f.Name == "Palestine" && f.Item3 == "Exact");
    }

    [Fact]
    public void Corpora_that_name_their_gazetteer_keep_it()
    {
        var snapshot = Fixture.Corpus("places: []\n", "");
        Assert.Null(snapshot.Gazetteer.Find("geonames:2643743"));
        Assert.Equal(3, snapshot.Gazetteer.Lookup("Tripoli").Count); // two cities and the Libyan district
    }

    [Fact]
    public void Place_context_outside_any_corpus_resolves_the_name_with_the_places_of_the_text()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "corpuslsp-context-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var article = Path.Combine(folder, "leb.txt");
            File.WriteAllText(article, "Clashes were reported in Tripoli on Sunday. Beirut and Byblos were calm, officials in Lebanon said.\n");
            var (exit, output, _) = Support.Cli.Run("place", "Tripoli", "--context", article, "--limit", "1");
            Assert.Equal(0, exit);
            Assert.StartsWith("Context: leb.txt (no sidecar); places in its text: Tripoli, Beirut, Byblos, Lebanon", output);
            Assert.Contains("1. Tripoli geonames:266826", output);
            // Alone, the name is Libya's capital: the text made the difference.
            Assert.StartsWith("1. Tripoli geonames:2210247", Support.Cli.Run("place", "Tripoli", "--corpus", folder, "--limit", "1").Out);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Place_lists_a_sea_by_its_kind_and_position_without_an_empty_country()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "corpuslsp-sea-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var (exit, output, _) = Support.Cli.Run("place", "Black Sea", "--corpus", folder, "--limit", "1");
            Assert.Equal(0, exit);
            var first = output.Split('\n')[0];
            Assert.StartsWith("1. Black Sea overlay:black-sea  score ", first);
            Assert.EndsWith("  sea  (43, 35)", first.TrimEnd('\r'));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Place_name_finder_takes_whole_names_the_gazetteer_knows()
    {
        var (text, _, spans) = Markup.Parse(
            "[|DAMASCUS|] - Rebels left [|Aleppo|] for [|Tripoli|] on Monday. Syrian troops hold [|Deir ez-Zor|] and the [|Aleppo Province|] road. " +
            "Aleppo University students met Tripoli Hilton in [|Bosnia and Herzegovina|], not in [|Nubl|].");
        var g = CorpusSnapshot.Load(Fixture.Root, Fixture.Files(geonames: Fixture.GeoNames +
            "3277605\tBosnia and Herzegovina\tBosnia and Herzegovina\t\t44\t18\tA\tPCLI\tBA\t\t00\t\t\t\t3500000\t\t\t\t\n")).Gazetteer;
        var found = PlaceNameFinder.Find(text, g);
        Assert.Equal(spans.Select(s => text.Substring(s.Start, s.Length)), found.Select(f => f.Text));
        Assert.Equal(spans, found.Select(f => f.Span));
    }
}

/// <summary>A real process in an empty folder with its own cache folder: the first start builds the index, the second reads it.</summary>
[Collection(EndToEnd.Name)]
public sealed class BuiltInGazetteerProcessTests
{
    [Fact]
    public void Place_outside_any_corpus_answers_from_the_built_in_gazetteer()
    {
        var folder = Path.Combine(Path.GetTempPath(), "corpuslsp-outside-" + Guid.NewGuid().ToString("N")[..8]);
        var cache = Path.Combine(folder, "cache");
        var work = Directory.CreateDirectory(Path.Combine(folder, "work")).FullName;
        try
        {
            var (exit, output) = RunCli(work, cache, "place", "London", "--limit", "3");
            Assert.Equal(0, exit);
            Assert.StartsWith("1. London geonames:2643743", output);
            Assert.Single(Directory.GetFiles(cache, "*.gaz"));
            var (again, second) = RunCli(work, cache, "place", "London", "--limit", "3");
            Assert.Equal((0, output), (again, second));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Exit, string Output) RunCli(string workingDirectory, string cache, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "corpuslsp.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CORPUSLSP_CACHE"] = cache;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill();
            Assert.Fail("corpuslsp did not finish in 2 minutes");
        }
        Assert.True(stderr.Result.Length == 0, stderr.Result);
        return (p.ExitCode, stdout.Result);
    }
}
