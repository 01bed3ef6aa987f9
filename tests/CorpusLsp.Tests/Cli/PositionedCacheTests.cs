using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// The CLI reads a cached gazetteer index by position through a small block cache, not through a memory mapping: a
/// mapping's resident pages grew with every page lookups touched (504 MB after 1,000 lookups at 2.5M rows, 1.5 GB
/// after "did you mean"). Damage is still found on a block's first read and the index rebuilt.
/// </summary>
public sealed class PositionedCacheTests
{
    /// <summary>3,000 places; each also named "Common Ground", so that key's postings span several blocks (one run read).</summary>
    private static string Dump() => string.Concat(Enumerable.Range(1, 3000).Select(i =>
        GeoNamesRows.Row(i, Name(i), 0, 30 + i % 20, 40 + i % 30, "PPL", "SY", "01", 1000 + i * 7 % 5000, "Common Ground")));

    private static string Name(int i) => $"Tal {(char)('a' + i % 26)}{(char)('a' + i / 26 % 26)}{(char)('a' + i / 676)}";

    private static (CorpusConfig Config, string CacheDir) Setup(string dir)
    {
        var dump = PhysicalFileSystem.Normalize(Path.Combine(dir, "cities.txt"));
        File.WriteAllText(dump, Dump());
        var config = CorpusConfig.Default(PhysicalFileSystem.Normalize(dir)) with { GeonamesFiles = [new ConfiguredPath(dump, default)] };
        return (config, Path.Combine(dir, "cache"));
    }

    private static IGazetteerStore Base(Gazetteer g)
    {
        var store = g.Store is LayeredGazetteerStore layered ? layered.Lower : g.Store;
        return store is HealingGazetteerStore healing ? healing.Current : store;
    }

    [Fact]
    public void A_cached_index_is_read_by_position_not_mapped_and_answers_as_in_memory()
    {
        var dir = TestEnvironment.NewScratchFolder("positioned");
        try
        {
            var (config, cacheDir) = Setup(dir);
            var memory = GazetteerBuilder.Build(config, new PhysicalFileSystem()).Gazetteer;
            GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir));
            var cached = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
            Assert.IsType<FlatGazetteerStore>(Base(cached));

            for (var i = 1; i <= 3000; i += 37)
            {
                Assert.Equal(Ids(memory.Lookup(Name(i))), Ids(cached.Lookup(Name(i))));
                Assert.Equal(memory.Suggest(Name(i)[..^1] + "q").Select(s => (s.Name, s.Entry.Id)), cached.Suggest(Name(i)[..^1] + "q").Select(s => (s.Name, s.Entry.Id)));
            }
            Assert.Equal(memory.Complete("Tal a").Select(c => (c.Name, c.Entry.Id)), cached.Complete("Tal a").Select(c => (c.Name, c.Entry.Id)));
            var common = cached.Lookup("Common Ground");
            Assert.Equal(3000, common.Count);
            Assert.Equal(Ids(memory.Lookup("Common Ground")), Ids(common));

            if (!File.Exists("/proc/self/maps")) return;
            var cacheRoot = Path.GetFullPath(cacheDir);
            Assert.DoesNotContain(File.ReadLines("/proc/self/maps"), line => line.Contains(cacheRoot, StringComparison.Ordinal));
        }
        finally { TestEnvironment.Delete(dir); }
    }

    [Fact]
    public void A_damaged_block_read_by_position_is_found_and_the_index_rebuilt()
    {
        var dir = TestEnvironment.NewScratchFolder("positioned-damage");
        try
        {
            var (config, cacheDir) = Setup(dir);
            var good = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
            var expected = Enumerable.Range(0, good.Count).Select(i => Summary(good.EntryAt(i))).ToList();
            var file = Assert.Single(Directory.GetFiles(cacheDir, "*.gaz"));
            var store = FlatGazetteerStore.Open(File.ReadAllBytes(file), _ => null)!;
            // Damage a record in the middle of the entries, in place: the file this process already has open.
            var (_, offset, length) = store.Sections[(int)FlatGazetteerStore.Section.Entries];
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.Position = offset + length / 2;
                stream.Write(new byte[16].Select(_ => (byte)0x5A).ToArray());
            }

            var reloaded = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
            Assert.IsType<FlatGazetteerStore>(Base(reloaded));
            Assert.Equal(expected, Enumerable.Range(0, reloaded.Count).Select(i => Summary(reloaded.EntryAt(i))));
            var lower = reloaded.Store is LayeredGazetteerStore layered ? layered.Lower : reloaded.Store;
            Assert.True(Assert.IsType<HealingGazetteerStore>(lower).Rebuilt, "the damaged block was read and the index rebuilt");
            Assert.Equal(2, Directory.GetFiles(cacheDir, "*.gaz").Length); // rebuilt under a second key: this process holds the damaged file open
        }
        finally { TestEnvironment.Delete(dir); }
    }

    private static string Summary(GazetteerEntry e) =>
        FormattableString.Invariant($"{e.Id} {e.Name} {e.Latitude} {e.Longitude} {e.Population} {e.FeatureCode} {string.Join('|', e.AlternateNames)}");

    private static List<string> Ids(IReadOnlyList<NameMatch> matches) => matches.Select(m => m.Entry.Id).Order(StringComparer.Ordinal).ToList();
}
