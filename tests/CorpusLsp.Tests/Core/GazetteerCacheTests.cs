using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// A restart loads the gazetteer from the flat cache and must answer exactly as the index built from the dumps:
/// same lookups, completions, suggestions, entries and hierarchy, with the overlay layered on top.
/// </summary>
public sealed class GazetteerCacheTests
{
    private static readonly Lazy<(Gazetteer Built, Gazetteer Cached, MemoryCache Cache)> Example = new(() =>
    {
        var cache = new MemoryCache();
        var built = CorpusSnapshot.Load(PhysicalFileSystem.Normalize(Repo.Example), new PhysicalFileSystem(), cache).Gazetteer;
        var cached = CorpusSnapshot.Load(PhysicalFileSystem.Normalize(Repo.Example), new PhysicalFileSystem(), cache).Gazetteer;
        return (built, cached, cache);
    });

    private static IEnumerable<string> SampleNames(Gazetteer g) =>
        Enumerable.Range(0, g.Count).Where(i => i % 53 == 0).Select(g.EntryAt).SelectMany(e => e.AllNames.Take(3));

    private static void AssertSameEntry(GazetteerEntry? a, GazetteerEntry? b)
    {
        Assert.Equal(a is null, b is null);
        if (a is null || b is null) return;
        Assert.Equal(a with { AlternateNames = [] }, b with { AlternateNames = [] });
        Assert.Equal(a.AlternateNames.Length, b.AlternateNames.Length);
        for (var i = 0; i < a.AlternateNames.Length; i++) Assert.Equal(a.AlternateNames[i], b.AlternateNames[i]);
    }

    [Fact]
    public void The_second_load_comes_from_the_cache_and_has_the_same_size()
    {
        var (built, cached, cache) = Example.Value;
        Assert.Equal(1, cache.Writes);
        Assert.Single(cache.Files);
        Assert.Equal(built.Count, cached.Count);
        Assert.Equal(built.NameCount, cached.NameCount);
        Assert.True(built.Count > 20_000, $"the example gazetteer has {built.Count} entries");
    }

    [Fact]
    public void Lookups_and_entries_are_the_same_from_the_cache()
    {
        var (built, cached, _) = Example.Value;
        var checkedNames = 0;
        foreach (var name in SampleNames(built))
        {
            var a = built.Lookup(name);
            var b = cached.Lookup(name);
            Assert.Equal(a.Select(m => (m.Entry.Id, m.Kind, m.MatchedName)), b.Select(m => (m.Entry.Id, m.Kind, m.MatchedName)));
            foreach (var m in a) AssertSameEntry(m.Entry, cached.Find(m.Entry.Id));
            checkedNames++;
        }
        Assert.True(checkedNames > 500);
        foreach (var i in Enumerable.Range(0, built.Count).Where(i => i % 211 == 0))
        {
            var e = built.EntryAt(i);
            AssertSameEntry(e, cached.EntryAt(i));
            Assert.Equal(built.Hierarchy(e), cached.Hierarchy(e));
        }
    }

    [Theory]
    [InlineData("Deir el-Zour")]
    [InlineData("Khanasir")]
    [InlineData("Zahraa")]   // overlay entry, layered over the cached base
    [InlineData("Syria")]
    [InlineData("U.S.")]
    public void Named_places_resolve_the_same_from_the_cache(string name)
    {
        var (built, cached, _) = Example.Value;
        var a = built.Lookup(name).Select(m => m.Entry.Id).ToList();
        Assert.NotEmpty(a);
        Assert.Equal(a, cached.Lookup(name).Select(m => m.Entry.Id));
        Assert.Equal(PlaceResolver.Rank(built, name, ResolutionContext.None).Select(c => (c.Entry.Id, c.Score)),
            PlaceResolver.Rank(cached, name, ResolutionContext.None).Select(c => (c.Entry.Id, c.Score)));
    }

    [Theory]
    [InlineData("kha")]
    [InlineData("deir")]
    [InlineData("al")]
    [InlineData("z")]
    public void Completion_is_the_same_from_the_cache(string prefix)
    {
        var (built, cached, _) = Example.Value;
        Assert.Equal(built.Complete(prefix).Select(c => (c.Name, c.Entry.Id)), cached.Complete(prefix).Select(c => (c.Name, c.Entry.Id)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("s")]
    public void A_one_letter_prefix_completes_the_most_prominent_places_of_the_whole_gazetteer(string prefix)
    {
        var (built, cached, _) = Example.Value;
        // By brute force: every entry with a name under the prefix, most prominent first (not the first keys in key order).
        var expected = Enumerable.Range(0, built.Count).Select(built.EntryAt)
            .Where(e => e.AllNames.Any(n => NameFolding.Fold(n).StartsWith(prefix, StringComparison.Ordinal)))
            .Select(e => (float)Gazetteer.Prominence(e.Population, e.FeatureClass, e.FeatureCode)).OrderDescending().Take(5).ToList();
        foreach (var g in new[] { built, cached })
            Assert.Equal(expected, g.Complete(prefix).Take(5).Select(c => (float)Gazetteer.Prominence(c.Entry.Population, c.Entry.FeatureClass, c.Entry.FeatureCode)));
    }

    [Theory]
    [InlineData("Kanaser")]
    [InlineData("Aleppp")]
    [InlineData("Damscus")]
    public void Suggestions_are_the_same_from_the_cache(string typo)
    {
        var (built, cached, _) = Example.Value;
        var a = built.Suggest(typo).Select(s => (s.Name, s.Entry.Id, s.Distance)).ToList();
        Assert.NotEmpty(a);
        Assert.Equal(a, cached.Suggest(typo).Select(s => (s.Name, s.Entry.Id, s.Distance)));
    }

    [Fact]
    public void Countries_and_admin_units_are_the_same_from_the_cache()
    {
        var (built, cached, _) = Example.Value;
        Assert.Equal(built.Country("SY")?.Id, cached.Country("SY")?.Id);
        Assert.NotNull(cached.Country("SY"));
        Assert.Equal(built.CountryName("SY"), cached.CountryName("SY"));
        var aleppo = cached.Lookup("Aleppo").First().Entry;
        Assert.Equal(built.Admin1Name(aleppo), cached.Admin1Name(aleppo));
        Assert.Equal(built.Admin1($"SY.{aleppo.Admin1}")?.Id, cached.Admin1($"SY.{aleppo.Admin1}")?.Id);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("magic")]
    [InlineData("offsets")]
    public void A_damaged_cache_is_rebuilt_not_trusted(string damage)
    {
        var (built, _, good) = Example.Value;
        var cache = new MemoryCache();
        var root = PhysicalFileSystem.Normalize(Repo.Example);
        var key = good.Files.Keys.Single();
        var bytes = good.Files[key];
        cache.Files[key] = damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "magic" => [.. "XXXXXXXX"u8.ToArray(), .. bytes[8..]],
            _ => [.. bytes[..24], .. Enumerable.Repeat((byte)0xFF, 16), .. bytes[40..]],
        };
        var reloaded = CorpusSnapshot.Load(root, new PhysicalFileSystem(), cache).Gazetteer;
        Assert.Equal(built.Count, reloaded.Count);
        Assert.Equal(built.Lookup("Aleppo").Select(m => m.Entry.Id), reloaded.Lookup("Aleppo").Select(m => m.Entry.Id));
        // Damage inside a section is found when its block is first read: reading every block finds it here.
        if (((LayeredGazetteerStore)reloaded.Store).Lower is HealingGazetteerStore healing) healing.VerifyAll();
        Assert.True(cache.Writes >= 1, "rebuilt from the dumps and cached again");
        Assert.Equal(bytes, cache.Files[key]);
        Assert.Equal(built.Lookup("Aleppo").Select(m => m.Entry.Id), reloaded.Lookup("Aleppo").Select(m => m.Entry.Id));
    }
}
