using System.Globalization;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// A line of a GeoNames dump for a populated place (the 19 tab-separated columns). The alternate names are stand-ins
/// of the real number of the row (fame), after the ones a test needs.
/// </summary>
public static class GeoNamesRows
{
    public static string Row(long id, string name, int alternates, double lat, double lon, string code, string country, string admin1, long population, params string[] names) =>
        RowIn(id, name, alternates, lat, lon, code, country, admin1, "", population, names);

    /// <summary>The same row with its second-level unit (county) code.</summary>
    public static string RowIn(long id, string name, int alternates, double lat, double lon, string code, string country, string admin1, string admin2, long population, params string[] names)
    {
        var alt = names.Concat(Enumerable.Range(1, Math.Max(0, alternates - names.Length)).Select(i => $"{name} {i:x}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{id}\t{name}\t{name}\t{string.Join(",", alt)}\t{lat}\t{lon}\tP\t{code}\t{country}\t\t{admin1}\t{admin2}\t\t\t{population}\t\t0\tUTC\t2023-01-01\n");
    }
}
