using System.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Interop;

/// <summary>`corpuslsp import brat`, `export brat` and `export jsonl` on real files.</summary>
public sealed class BratCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "corpuslsp-brat-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Write(string relative, string text, bool bom = false)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    [Fact]
    public void Import_writes_pairs_summarises_and_never_overwrites()
    {
        Write("in/news/doc.txt", BratTests.Text);
        Write("in/news/doc.ann", BratTests.Ann);
        Write("in/annotation.conf", "[entities]\nLocation\n\tWeapon\n");
        var output = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = Support.Cli.Run("import", "brat", Path.Combine(_dir, "in"), output);
        Assert.Equal(0, exit);
        // annotation.conf puts Weapon below Location, so only the bogus line and the dangling reference stay unmapped.
        Assert.Equal("1 document(s) imported into " + output + ": 5 places, 1 people, 1 organisations, 1 events; 6 line(s) kept as notes, 0 ignored by the type map, 2 not mapped, 0 anchor problem(s) (listed on stderr)\n",
            stdout.ReplaceLineEndings("\n"));
        Assert.Contains("news/doc.ann: not mapped: line 20: unknown annotation kind 'X'", stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "in/news/doc.txt")), File.ReadAllBytes(Path.Combine(output, "news/doc.txt")));
        var sidecar = File.ReadAllText(Path.Combine(output, "news/doc.yaml"));

        var again = Support.Cli.Run("import", "brat", Path.Combine(_dir, "in"), output);
        Assert.Equal(1, again.Exit);
        Assert.Contains("news/doc: exists in", again.Err);
        Assert.Equal(sidecar, File.ReadAllText(Path.Combine(output, "news/doc.yaml")));
    }

    [Fact]
    public void A_bad_type_map_is_a_positioned_usage_error()
    {
        Write("in/doc.txt", BratTests.Text);
        Write("in/doc.ann", BratTests.Ann);
        var map = Write("map.yaml", "places: [Weapon]\nplaecs: [X]\n");
        var (exit, _, stderr) = Support.Cli.Run("import", "brat", Path.Combine(_dir, "in"), Path.Combine(_dir, "out"), "--types", map);
        Assert.Equal(2, exit);
        Assert.Contains($"{map}:2:1: unknown key 'plaecs'", stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")) && Directory.EnumerateFiles(Path.Combine(_dir, "out")).Any());
    }

    [Fact]
    public void Export_writes_brat_that_imports_back_and_jsonl()
    {
        Write("in/doc.txt", BratTests.Text, bom: true);
        Write("in/doc.ann", BratTests.Ann);
        var corpus = Path.Combine(_dir, "corpus");
        Assert.Equal(0, Support.Cli.Run("import", "brat", Path.Combine(_dir, "in"), corpus, "--types", Write("map.yaml", "ignore: [Weapon]\n")).Exit);

        var brat = Path.Combine(_dir, "brat");
        var (exit, stdout, _) = Support.Cli.Run("export", "brat", corpus, brat);
        Assert.Equal(0, exit);
        Assert.Contains("1 document(s) exported", stdout);
        var ann = File.ReadAllText(Path.Combine(brat, "doc.ann"));
        Assert.Contains("T1\tLocation 22 28\tAleppo\nN1\tReference T1 GeoNames:170063\tAleppo\n", ann);
        Assert.Contains("[events]\nAttack\t", File.ReadAllText(Path.Combine(brat, "annotation.conf")));

        var back = Path.Combine(_dir, "back");
        Assert.Equal(0, Support.Cli.Run("import", "brat", brat, back).Exit);
        Assert.Equal(File.ReadAllText(Path.Combine(corpus, "doc.yaml")), File.ReadAllText(Path.Combine(back, "doc.yaml")));

        var jsonl = Support.Cli.Run("export", "jsonl", corpus);
        Assert.Equal(0, jsonl.Exit);
        var line = Assert.Single(jsonl.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("[22,28,\"PLACE\"]", line);
    }
}
