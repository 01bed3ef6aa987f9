using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// The cache key hashes every byte of the dumps, which took 6–14 s per start for a 2.2 GB GeoNames download. The key is
/// remembered under the dumps' stamps (real path, size, modification time): an unchanged dump is not read again, and
/// an edited one never meets its old index.
/// </summary>
public sealed class GazetteerKeyMemoTests
{
    private const string Row = "{0}\t{1}\t{1}\t\t{2}\t10.0\tP\tPPL\tSY\t\t01\t\t\t\t1000\t\t0\tAsia/Damascus\t2023-01-01\n";

    [Fact]
    public void An_unchanged_dump_is_not_read_to_find_its_index_and_an_edited_one_is_rebuilt()
    {
        var dir = TestEnvironment.NewScratchFolder("keymemo");
        try
        {
            var dump = PhysicalFileSystem.Normalize(Path.Combine(dir, "cities.txt"));
            File.WriteAllText(dump, string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, 1, "Khanaser", 35.5));
            var config = CorpusConfig.Default(PhysicalFileSystem.Normalize(dir)) with { GeonamesFiles = [new ConfiguredPath(dump, default)] };
            var cache = new DiskGazetteerCache(Path.Combine(dir, "cache"));

            var first = new CountingDisk();
            Assert.Single(GazetteerBuilder.Build(config, first, cache).Gazetteer.Lookup("Khanaser"));
            Assert.True(first.Opened > 0);

            var second = new CountingDisk();
            Assert.Single(GazetteerBuilder.Build(config, second, cache).Gazetteer.Lookup("Khanaser"));
            Assert.Equal(0, second.Opened);

            File.AppendAllText(dump, string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, 2, "Nubbul", 36.4));
            var edited = GazetteerBuilder.Build(config, new CountingDisk(), cache).Gazetteer;
            Assert.Single(edited.Lookup("Nubbul"));
        }
        finally { TestEnvironment.Delete(dir); }
    }

    private sealed class CountingDisk : IFileSystem
    {
        private readonly PhysicalFileSystem _disk = new();
        public int Opened { get; private set; }
        public bool FileExists(string path) => _disk.FileExists(path);
        public byte[]? ReadAllBytes(string path) { Opened++; return _disk.ReadAllBytes(path); }
        public Stream? OpenRead(string path) { Opened++; return _disk.OpenRead(path); }
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => _disk.EnumerateFiles(directory, recursive);
        public string? RealPath(string path) => _disk.RealPath(path);
        public string? Stamp(string path) => _disk.Stamp(path);
    }
}
