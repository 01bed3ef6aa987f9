using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>Where a built gazetteer index is kept between runs. Core decides what goes in; the host decides where.</summary>
public interface IGazetteerCache
{
    Stream? OpenRead(string key);
    void Write(string key, Action<Stream> write);
}

/// <summary>
/// Binary form of a gazetteer index and its load diagnostics. The key hashes the content of every source
/// file and the format version, so an edited dump never meets a stale index.
/// </summary>
public static class GazetteerCacheFormat
{
    private const string Magic = "CLSGAZ3";

    public static string Key(IEnumerable<Stream> sources)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(Magic));
        var buffer = new byte[1 << 16];
        foreach (var s in sources)
        {
            using (s)
            {
                int n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, n);
            }
            sha.AppendData([0xFF]);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..32].ToLowerInvariant();
    }

    internal static void Write(Stream stream, Gazetteer g, IReadOnlyList<Diagnostic> diagnostics)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        var d = g.Data;
        w.Write(Magic);
        w.Write(d.Entries.Count);
        foreach (var e in d.Entries)
        {
            w.Write(e.Id); w.Write(e.Name); w.Write(e.AsciiName);
            w.Write(e.AlternateNames.Length);
            foreach (var a in e.AlternateNames) w.Write(a);
            w.Write(e.Latitude); w.Write(e.Longitude); w.Write(e.FeatureClass); w.Write(e.FeatureCode);
            w.Write(e.CountryCode); w.Write(e.Admin1); w.Write(e.Admin2); w.Write(e.Population);
            w.Write(e.Source); w.Write(e.SourceLine); w.Write(e.ApproximateLocation);
        }
        w.Write(g.AdminNames.Count);
        foreach (var (k, v) in g.AdminNames) { w.Write(k); w.Write(v); }
        // Fold keys in sorted order: the sorted array for completion comes back for free.
        w.Write(d.SortedFoldKeys.Length);
        foreach (var k in d.SortedFoldKeys) WriteIds(w, k, d.ByFold[k]);
        w.Write(d.BySkeleton.Count);
        foreach (var (k, v) in d.BySkeleton) WriteIds(w, k, v);
        w.Write(diagnostics.Count);
        foreach (var diag in diagnostics) { w.Write(diag.Code); w.Write(diag.Path); w.Write(diag.Span.Start); w.Write(diag.Span.End); w.Write(diag.Message); }
    }

    private static void WriteIds(BinaryWriter w, string key, int[] ids)
    {
        w.Write(key);
        w.Write(ids.Length);
        foreach (var i in ids) w.Write(i);
    }

    internal static (Gazetteer, ImmutableArray<Diagnostic>)? Read(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic) return null;
            var count = r.ReadInt32();
            var entries = new List<GazetteerEntry>(count);
            for (var i = 0; i < count; i++)
            {
                var id = r.ReadString(); var name = r.ReadString(); var ascii = r.ReadString();
                var alts = new string[r.ReadInt32()];
                for (var a = 0; a < alts.Length; a++) alts[a] = r.ReadString();
                entries.Add(new GazetteerEntry(id, name, ascii, ImmutableArray.Create(alts), r.ReadDouble(), r.ReadDouble(), r.ReadChar(), r.ReadString(),
                    r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadInt32(), r.ReadBoolean()));
            }
            var adminNames = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var n = r.ReadInt32(); n > 0; n--) adminNames[r.ReadString()] = r.ReadString();
            var foldCount = r.ReadInt32();
            var sorted = new string[foldCount];
            var byFold = new Dictionary<string, int[]>(foldCount, StringComparer.Ordinal);
            for (var i = 0; i < foldCount; i++) { var (k, v) = ReadIds(r); sorted[i] = k; byFold[k] = v; }
            var skelCount = r.ReadInt32();
            var bySkeleton = new Dictionary<string, int[]>(skelCount, StringComparer.Ordinal);
            for (var i = 0; i < skelCount; i++) { var (k, v) = ReadIds(r); bySkeleton[k] = v; }
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            for (var n = r.ReadInt32(); n > 0; n--)
            {
                var code = r.ReadString(); var path = r.ReadString(); var span = new TextSpan(r.ReadInt32(), r.ReadInt32()); var message = r.ReadString();
                if (DiagnosticCatalog.Find(code) is { } descriptor) diagnostics.Add(Diagnostic.Create(descriptor, path, span, message));
            }
            return (new Gazetteer(new Gazetteer.IndexData(entries, byFold, bySkeleton, sorted), adminNames), diagnostics.ToImmutable());
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return null; // a damaged cache is rebuilt, never trusted
        }
    }

    private static (string, int[]) ReadIds(BinaryReader r)
    {
        var key = r.ReadString();
        var ids = new int[r.ReadInt32()];
        for (var i = 0; i < ids.Length; i++) ids[i] = r.ReadInt32();
        return (key, ids);
    }
}
