using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// The gazetteer shipped inside the tool, for text outside any corpus and for corpora whose corpus.yaml names no
/// GeoNames files: GeoNames countries, first-level regions and cities of 15,000+ (CC BY 4.0; Data/GEONAMES.md),
/// the continents the builder adds, and the macro-regions of Data/regions.yaml. The files are Core's own embedded
/// resources, served under <see cref="Folder"/> and built by <see cref="GazetteerBuilder"/> like any dump, so the
/// disk cache (keyed by their content) makes every start after the first a read of the cached index.
/// </summary>
public static class BuiltInGazetteer
{
    /// <summary>Where the built-in files appear to the builder (and in diagnostics and go-to-definition targets).</summary>
    public const string Folder = "/corpuslsp-built-in";

    private const string ResourcePrefix = "CorpusLsp.Core.Gazetteer.Data.";

    /// <summary>Virtual path → embedded resource; a name ending in .gz is served decompressed.</summary>
    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        [Folder + "/cities15000.txt"] = "geonames-cities15000.txt.gz",
        [Folder + "/admin1CodesASCII.txt"] = "geonames-admin1.txt.gz",
        [Folder + "/countryInfo.txt"] = "geonames-countries.txt.gz",
        [Folder + "/regions.yaml"] = "regions.yaml",
    };

    private static readonly object Gate = new();

    /// <summary>
    /// The gazetteer of a corpus: what its corpus.yaml names, else the built-in one with the corpus's overlays and the
    /// editor's extra files on top. The CLI and the server both get it through <see cref="Analysis.CorpusSnapshot.Load"/>.
    /// </summary>
    public static GazetteerBuilder.Result BuildFor(CorpusConfig config, IFileSystem files, IGazetteerCache? cache)
    {
        if (config.DeclaresGeoNames) return GazetteerBuilder.Build(config, files, cache);
        static ConfiguredPath P(string name) => new(Folder + "/" + name, default);
        var regions = Exists(Folder + "/regions.yaml") ? [P("regions.yaml")] : Array.Empty<ConfiguredPath>();
        var withBuiltIn = config with
        {
            GeonamesFiles = [P("cities15000.txt"), .. config.GeonamesFiles],
            Admin1 = P("admin1CodesASCII.txt"),
            Countries = P("countryInfo.txt"),
            Overlays = [.. regions, .. config.Overlays],
        };
        // One build at a time: corpora loading in parallel wait for the first build instead of repeating it.
        lock (Gate) return GazetteerBuilder.Build(withBuiltIn, new ResourceFileSystem(files), new ProcessCache(cache));
    }

    /// <summary>Whether the entry comes from the built-in files (which are in no file an editor can open).</summary>
    public static bool Holds(GazetteerEntry entry) => entry.Source.StartsWith(Folder + "/", StringComparison.Ordinal);

    private static bool Exists(string path) =>
        Resources.TryGetValue(path, out var name) && typeof(BuiltInGazetteer).Assembly.GetManifestResourceInfo(ResourcePrefix + name) is not null;

    private static Stream? Open(string path)
    {
        if (!Resources.TryGetValue(path, out var name)) return null;
        var stream = typeof(BuiltInGazetteer).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null) return null;
        return name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>The built-in files under <see cref="Folder"/>, every other path from the corpus's file system.</summary>
    private sealed class ResourceFileSystem(IFileSystem inner) : IFileSystem, IGazetteerKeySource
    {
        private static bool IsBuiltIn(string path) => path.StartsWith(Folder + "/", StringComparison.Ordinal);

        /// <summary>The embedded bytes as they are: hashing them is the cache key's cost, not inflating 6.9 MB.</summary>
        public Stream? OpenForKey(string path) =>
            IsBuiltIn(path) ? Resources.TryGetValue(path, out var name) ? typeof(BuiltInGazetteer).Assembly.GetManifestResourceStream(ResourcePrefix + name) : null
            : inner.OpenRead(path);

        public bool FileExists(string path) => IsBuiltIn(path) ? Exists(path) : inner.FileExists(path);
        public Stream? OpenRead(string path) => IsBuiltIn(path) ? Open(path) : inner.OpenRead(path);
        public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => inner.EnumerateFiles(directory, recursive);

        public byte[]? ReadAllBytes(string path)
        {
            if (!IsBuiltIn(path)) return inner.ReadAllBytes(path);
            using var stream = Open(path);
            if (stream is null) return null;
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    /// <summary>
    /// The host's cache, remembered for the life of the process: every corpus without its own gazetteer shares one index,
    /// and a host without a cache (tests, a read-only cache folder) builds it once, not once per corpus.
    /// </summary>
    private sealed class ProcessCache(IGazetteerCache? inner) : IGazetteerCache
    {
        private static readonly ConcurrentDictionary<string, IPositionedBytes> Known = new(StringComparer.Ordinal);

        public Stream? OpenRead(string key) =>
            Known.TryGetValue(key, out var bytes) && bytes is MemoryBytes memory ? new MemoryStream(memory.Memory.ToArray(), writable: false) : inner?.OpenRead(key);

        public ReadOnlyMemory<byte>? Map(string key) =>
            Known.TryGetValue(key, out var bytes) && bytes is MemoryBytes memory ? memory.Memory : inner?.Map(key);

        public IPositionedBytes? OpenPositioned(string key)
        {
            if (Known.TryGetValue(key, out var bytes)) return bytes;
            if (inner?.OpenPositioned(key) is not { } opened) return null;
            return Known[key] = opened;
        }

        public void Write(string key, Action<Stream> write)
        {
            var buffer = new MemoryStream();
            write(buffer);
            var bytes = buffer.ToArray();
            inner?.Write(key, s => s.Write(bytes));
            // Read from the host's cache when it took the file; otherwise kept in memory.
            Known[key] = inner?.OpenPositioned(key) ?? new MemoryBytes(bytes);
        }
    }
}
