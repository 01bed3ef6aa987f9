using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Tests.Support;

/// <summary>A gazetteer cache in memory that counts its writes (a rebuild is a write).</summary>
public sealed class MemoryCache : IGazetteerCache
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
    public int Writes { get; private set; }
    public Stream? OpenRead(string key) => Files.TryGetValue(key, out var b) ? new MemoryStream(b) : null;
    public void Write(string key, Action<Stream> write)
    {
        var s = new MemoryStream();
        write(s);
        Files[key] = s.ToArray();
        Writes++;
    }
}
