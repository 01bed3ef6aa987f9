using System.Collections.Immutable;
using System.Globalization;

namespace CorpusLsp.Core.Views;

/// <summary>A country's outline: rings of (longitude, latitude) in degrees, with its bounding box.</summary>
public sealed record CountryOutline(string Code, string Name, ImmutableArray<ImmutableArray<(double Lon, double Lat)>> Rings,
    double MinLon, double MinLat, double MaxLon, double MaxLat);

/// <summary>
/// Natural Earth 1:110m country outlines (public domain, via world-atlas, ISC), generated once by
/// bench/map-outlines/generate.mjs into an embedded resource: the maps draw offline.
/// </summary>
public static class WorldOutlines
{
    private static readonly Lazy<ImmutableArray<CountryOutline>> Loaded = new(Load);

    public static ImmutableArray<CountryOutline> Countries => Loaded.Value;

    public const string Attribution = "Country outlines: Natural Earth (public domain), via world-atlas (ISC).";

    private static ImmutableArray<CountryOutline> Load()
    {
        using var stream = typeof(WorldOutlines).Assembly.GetManifestResourceStream("CorpusLsp.Core.Views.countries-110m.txt")
            ?? throw new InvalidOperationException("countries-110m.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var result = ImmutableArray.CreateBuilder<CountryOutline>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var fields = line.Split('\t');
            var rings = fields[2].Split(';').Select(r => r.Split(' ').Select(Point).ToImmutableArray()).ToImmutableArray();
            var all = rings.SelectMany(r => r).ToList();
            result.Add(new CountryOutline(fields[0], fields[1], rings, all.Min(p => p.Lon), all.Min(p => p.Lat), all.Max(p => p.Lon), all.Max(p => p.Lat)));
        }
        return result.ToImmutable();
    }

    private static (double Lon, double Lat) Point(string p)
    {
        var comma = p.IndexOf(',');
        return (double.Parse(p.AsSpan(0, comma), CultureInfo.InvariantCulture), double.Parse(p.AsSpan(comma + 1), CultureInfo.InvariantCulture));
    }
}
