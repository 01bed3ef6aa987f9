using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Reliability;

/// <summary>Issue 16, items 5, 6, 10, 13, 14, and the invariants ARCHITECTURE.md states: each checked, not only written.</summary>
public sealed class InvariantTests
{
    private const string Article = "Syrian forces liberated Khanaser on Thursday.";
    private const string Places = "places:\n  - text: Khanaser\n    ref: geonames:168351\n";

    [Theory]
    [InlineData("\"article\": real.txt\n" + Places)]
    [InlineData("article : real.txt\n" + Places)]
    [InlineData("{article: real.txt, places: [{text: Khanaser, ref: 'geonames:168351'}]}\n")]
    [InlineData(Places + "# padding\n# padding\n# padding\n# padding\n# padding\n# padding\n# padding\n# padding\n# padding\n# padding\narticle: 'real.txt'\n", 30)]
    public void Item5_the_article_key_is_read_from_the_parsed_yaml(string sidecar, int padding = 0)
    {
        sidecar = padding == 0 ? sidecar : string.Concat(Enumerable.Repeat("# comment line\n", padding * 10)) + sidecar;
        var snapshot = CorpusSnapshot.Load(Root, Files().Add(SidecarPath, sidecar).Add(Root + "/real.txt", Article).Add(ArticlePath, "Nothing here."));
        Assert.Equal(Root + "/real.txt", snapshot.Pairs[SidecarPath]);
        Assert.Equal(SidecarPath, snapshot.SidecarOf(Root + "/real.txt"));
        Assert.DoesNotContain(snapshot.DiagnosticsFor(SidecarPath), d => d.Code is "CLS008" or "CLS011");
    }

    [Fact]
    public void An_article_several_sidecars_claim_is_annotated_by_the_first_by_name_whichever_thread_asks_first()
    {
        var files = Files().Add(Root + "/shared.txt", Article);
        foreach (var name in new[] { "m", "b", "z", "b2", "q" })
            files = files.Add($"{Root}/{name}.yaml", "article: shared.txt\n" + Places);
        var snapshot = CorpusSnapshot.Load(Root, files);
        var answers = new string?[16];
        Parallel.For(0, answers.Length, i => answers[i] = snapshot.SidecarOf(Root + "/shared.txt"));
        Assert.All(answers, a => Assert.Equal(Root + "/b.yaml", a));
        Assert.Null(snapshot.SidecarOf(Root + "/unclaimed.txt"));
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    public void Item6_line_and_paragraph_separators_are_not_line_breaks(char separator)
    {
        // After a separator in a comment, "from the web" at column 0 would be a key without a value: a false CLS001.
        var yaml = $"meta:\n  title: Siege{separator}lifted\n  # pasted{separator}from the web\nplaces: []\nplaces: []\n";
        var result = YamlTree.Parse(SidecarPath, new SourceText(yaml));
        var duplicate = Assert.Single(result.Diagnostics);
        Assert.Equal("CLS005", duplicate.Code);
        Assert.Equal((4, 0), new SourceText(yaml).GetLineColumn(duplicate.Span.Start));
        Assert.Equal($"Siege{separator}lifted", ((YScalar)((YMapping)((YMapping)result.Root!)["meta"]!)["title"]!).Value);
    }

    [Fact]
    public void Item8_a_date_near_the_end_of_a_10_MB_single_line_article_is_read_as_in_a_short_one()
    {
        const string sentence = "The town fell on Thursday, two days after the siege began.";
        const string sidecar = "meta:\n  published: 2016-02-27\n";
        var big = string.Concat(Enumerable.Repeat("word ", 2_000_000)) + sentence;
        string? Hover(string article)
        {
            var snapshot = CorpusSnapshot.Load(Root, Files().Add(SidecarPath, sidecar).Add(ArticlePath, article));
            var at = article.IndexOf("Thursday", StringComparison.Ordinal) + 2;
            var hover = CorpusLsp.Core.Services.HoverService.Hover(snapshot, ArticlePath, at);
            Assert.Contains("Thursday", hover is null ? "" : article[hover.Span.Start..hover.Span.End]);
            return hover?.Markdown;
        }
        var expected = Hover(sentence);
        Assert.Contains("2016-02-25", expected);
        Assert.Equal(expected, Hover(big));
    }

    [Fact]
    public void CLS019_item10_an_overlay_id_used_twice_is_reported()
    {
        var overlay = Overlay + "  - id: zahraa\n    name: Zahra Two\n    type: PPL\n    lat: 1.0\n    lon: 2.0\n    country: SY\n";
        var snapshot = CorpusSnapshot.Load(Root, Files(overlay: overlay));
        var d = Assert.Single(snapshot.GazetteerDiagnostics, d => d.Code == "CLS019");
        Assert.Equal(OverlayPath, d.Path);
        Assert.Equal("zahraa", new SourceText(overlay).Slice(d.Span));
        Assert.Equal("Al-Zahraa", snapshot.Gazetteer.Find("overlay:zahraa")!.Name);
    }

    [Fact]
    public void CLS019_item10_an_overlay_entry_shadowed_by_another_overlay_is_reported()
    {
        var second = "places:\n  - id: other\n    name: Other\n    type: PPL\n    lat: 1.0\n    lon: 2.0\n    country: SY\n  - id: zahraa\n    name: Shadowed\n    type: PPL\n    lat: 1.0\n    lon: 2.0\n    country: SY\n";
        var fs = Files(corpusYaml: CorpusYaml.Replace("overlay: [gaz/overlay.yaml]", "overlay: [gaz/overlay.yaml, gaz/second.yaml]")).Add(Root + "/gaz/second.yaml", second);
        var snapshot = CorpusSnapshot.Load(Root, fs);
        var d = Assert.Single(snapshot.GazetteerDiagnostics, d => d.Code == "CLS019");
        Assert.Equal(Root + "/gaz/second.yaml", d.Path);
        Assert.Equal("  - id: zahraa", new SourceText(second).Slice(d.Span));
        Assert.Contains("already used in 'gaz/overlay.yaml'", d.Message);
    }

    [Fact]
    public void CLS019_item10_one_id_for_a_place_a_person_and_an_event_is_reported() =>
        AssertIdsReused("places:\n  - id: x\n    text: Khanaser\n    ref: geonames:168351\npeople:\n  - id: [|x|]\n    text: forces\nevents:\n  - id: [|x|]\n    type: capture\n    text: liberated\n",
            "Id 'x' is already used by the place on line 2; ids name one mention across places, people, organisations and events.");

    /// <summary>CLS019 at the marked ids, the first finding with <paramref name="message"/>.</summary>
    private static void AssertIdsReused(string markup, string message)
    {
        var (sidecar, _, spans) = Markup.Parse(markup);
        var found = Corpus(sidecar, Article).DiagnosticsFor(SidecarPath).Where(d => d.Code == "CLS019").ToList();
        Assert.Equal(spans, found.Select(d => d.Span).ToList());
        Assert.Equal(message, found[0].Message);
    }

    [Fact]
    public void CLS019_the_first_of_an_id_in_the_file_keeps_it_whatever_the_order_of_the_lists() =>
        // The events stand before the places: the place is the second use, though places are read first.
        AssertIdsReused("events:\n  - id: x\n    type: capture\n    text: liberated\nplaces:\n  - id: [|x|]\n    text: Khanaser\n    ref: geonames:168351\n",
            "Id 'x' is already used by the event on line 2; ids name one mention across places, people, organisations and events.");

    [Fact]
    public void Item13_a_misspelt_severity_keeps_the_default_and_is_reported()
    {
        var fs = Files(corpusYaml: CorpusYaml + "options:\n  severity:\n    CLS023: eror\n    CLS033: off\n")
            .Add(SidecarPath, "places:\n  - text: Khanaser\n").Add(ArticlePath, Article);
        var snapshot = CorpusSnapshot.Load(Root, fs);
        Assert.Contains(snapshot.DiagnosticsFor(SidecarPath), d => d.Code == "CLS023" && d.Severity == CorpusLsp.Core.Diagnostics.Severity.Information);
        var reported = Assert.Single(snapshot.ConfigDiagnostics, d => d.Code == "CLS002");
        Assert.Contains("'eror' is not allowed here", reported.Message);
        Assert.Null(snapshot.Config.Apply(CorpusLsp.Core.Diagnostics.Diagnostic.Create(CorpusLsp.Core.Diagnostics.DiagnosticCatalog.DatelineVsPublished, SidecarPath, default, "x")));
    }

    [Theory]
    [InlineData("!!python/object/apply:os.system ['ls']")]
    [InlineData("!!python/object:__main__.X {}")]
    [InlineData("!!binary aGVsbG8=")]
    [InlineData("!ruby/object:Gem::Installer x")]
    public void Item14_tags_outside_the_core_schema_are_reported(string value)
    {
        var result = YamlTree.Parse(SidecarPath, new SourceText($"meta:\n  title: {value}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == "CLS006" && d.Message.StartsWith("Custom tag", StringComparison.Ordinal));
    }

    [Fact]
    public void Item14_core_schema_tags_pass()
    {
        var result = YamlTree.Parse(SidecarPath, new SourceText("meta: !!map\n  title: !!str 12\n  n: !!int 3\nplaces: !!seq []\n"));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Core_references_no_io_api()
    {
        // The build enforces this with BannedApiAnalyzers (BannedSymbols.txt); this reads the compiled assembly as well,
        // generated code included (the regex generator's code asks Environment for harmless facts, so members are listed).
        string[] bannedTypes = ["System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
            "System.IO.RandomAccess", "System.Console", "System.Diagnostics.Process"];
        string[] bannedMembers = ["System.Environment.GetEnvironmentVariable", "System.Environment.GetEnvironmentVariables", "System.Environment.SetEnvironmentVariable",
            "System.Environment.ExpandEnvironmentVariables", "System.Environment.GetCommandLineArgs", "System.Environment.get_CommandLine",
            "System.Environment.get_CurrentDirectory", "System.Environment.GetFolderPath", "System.Environment.Exit", "System.Environment.FailFast"];
        using var pe = new PEReader(File.OpenRead(typeof(CorpusSnapshot).Assembly.Location));
        var md = pe.GetMetadataReader();
        string TypeName(TypeReferenceHandle h) { var t = md.GetTypeReference(h); return $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}"; }
        var types = md.TypeReferences.Select(TypeName).ToHashSet();
        var members = md.MemberReferences.Select(h => md.GetMemberReference(h))
            .Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m => $"{TypeName((TypeReferenceHandle)m.Parent)}.{md.GetString(m.Name)}").ToHashSet();
        Assert.Equal("", string.Join(", ", types.Intersect(bannedTypes).Concat(members.Intersect(bannedMembers))));
        Assert.Contains("System.IO.Stream", types); // the check sees what Core does use
    }

    [Fact]
    public void The_gazetteer_cache_is_shared_by_copies_of_a_corpus()
    {
        var cacheDir = Path.Combine(Path.GetTempPath(), "corpuslsp-cache-" + Guid.NewGuid().ToString("N")[..8]);
        using var a = new TempCorpus(Places, Article);
        using var b = new TempCorpus(Places, Article);
        try
        {
            a.Write("gaz/cities.txt", GeoNames + "broken row\n");
            b.Write("gaz/cities.txt", GeoNames + "broken row\n");
            var cache = new DiskGazetteerCache(cacheDir);
            var first = CorpusSnapshot.Load(a.Root, new PhysicalFileSystem(), cache);
            var second = CorpusSnapshot.Load(b.Root, new PhysicalFileSystem(), cache);
            Assert.Single(Directory.GetFiles(cacheDir, "*.gaz"));
            Assert.Equal(first.Gazetteer.Count, second.Gazetteer.Count);
            // The malformed row is reported in each copy's own file, not in the copy that built the cache.
            Assert.Equal(Path.Combine(b.Root, "gaz/cities.txt"), Assert.Single(second.GazetteerDiagnostics, d => d.Code == "CLS026").Path);
        }
        finally { Directory.Delete(cacheDir, recursive: true); }
    }

    [Fact]
    public void The_gazetteer_cache_evicts_the_least_recently_used_indexes()
    {
        var cacheDir = Path.Combine(Path.GetTempPath(), "corpuslsp-cache-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var cache = new DiskGazetteerCache(cacheDir, maxBytes: 2500);
            var clock = DateTime.UtcNow.AddHours(-1);
            foreach (var key in new[] { "old", "used", "middle" })
            {
                cache.Write(key, s => s.Write(new byte[1000]));
                File.SetLastWriteTimeUtc(Path.Combine(cacheDir, key + ".gaz"), clock = clock.AddMinutes(1));
            }
            Assert.NotNull(cache.Map("used")); // a use makes it the most recent
            cache.Write("new", s => s.Write(new byte[1000]));
            Assert.Equal(new[] { "new.gaz", "used.gaz" }, Directory.GetFiles(cacheDir, "*.gaz").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        }
        finally { Directory.Delete(cacheDir, recursive: true); }
    }
}
