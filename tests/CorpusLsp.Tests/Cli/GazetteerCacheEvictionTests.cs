using CorpusLsp.Cli;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// The cache cap deletes whole indexes, least recently used first. A full GeoNames index is written in parts larger
/// than the default cap together: deleting its earlier parts as the last one was written made every run rebuild it,
/// in memory, unbounded (seen with 12.4M rows: 15 GB and rising).
/// </summary>
public sealed class GazetteerCacheEvictionTests
{
    [Fact]
    public void An_index_in_parts_larger_than_the_cap_keeps_all_its_parts_and_older_indexes_go_whole()
    {
        var dir = Path.Combine(TestEnvironment.Root, "eviction-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cache = new DiskGazetteerCache(dir, maxBytes: 100);
            Write(cache, "old.1", 80);
            Write(cache, "old", 80);
            foreach (var f in Directory.GetFiles(dir)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddHours(-2));
            Write(cache, "new.1", 80);
            Write(cache, "new.2", 80);
            Write(cache, "new", 80);

            Assert.Equal(["new.1.gaz", "new.2.gaz", "new.gaz"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.NotNull(cache.Map("new.1"));
            Assert.NotNull(cache.Map("new"));
        }
        finally { TestEnvironment.Delete(dir); }
    }

    private static void Write(DiskGazetteerCache cache, string key, int bytes) => cache.Write(key, s => s.Write(new byte[bytes]));
}
