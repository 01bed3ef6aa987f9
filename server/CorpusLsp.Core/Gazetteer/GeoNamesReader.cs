using System.Collections.Immutable;
using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>Streaming readers for GeoNames dump files exactly as published. A malformed row is reported and skipped.</summary>
public static class GeoNamesReader
{
    public sealed record AdminName(string Code, string Name, string AsciiName, long GeonameId);
    public sealed record Country(string Iso, string Iso3, string Name, string Capital, long Population, string Continent, long GeonameId, string Neighbours)
    {
        /// <summary>
        /// The ISO3 code, and the name without its article: countryInfo calls one country "The Netherlands", and news
        /// writes "in the Netherlands", where the article is not part of the name a reader marks.
        /// </summary>
        public string[] AlternateNames => Name.StartsWith("The ", StringComparison.Ordinal) && Name.Length > 4 ? [Iso3, Name[4..]] : [Iso3];
    }

    public sealed record AlternateName(long GeonameId, string Language, string Name, bool Preferred, bool Short, bool Colloquial, bool Historic);
    public sealed record HierarchyLink(long ParentId, long ChildId, string Type);

    /// <summary>
    /// "Languages" of alternateNames that are not names: Wikipedia links, Wikidata ids, postal codes, airport and
    /// railway codes, UN/LOCODEs, pronunciations, and the French revolutionary names of 1793.
    /// </summary>
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal) { "link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "phon", "fr_1793" };

    /// <summary>
    /// The longest row read, in UTF-16 units. GeoNames' longest rows (places with hundreds of alternate names) are
    /// tens of kilobytes; a longer one is a damaged or hostile file, skipped without being held in memory.
    /// </summary>
    internal static int MaxLineLength { get; set; } = 1 << 20;

    /// <summary>Data rows of a dump: blank lines and # comments skipped, each with its 1-based line and its start offset.</summary>
    private static IEnumerable<(int LineNumber, int LineStart, string Line)> Rows(TextReader reader, string path, List<Diagnostic> diagnostics)
    {
        var lines = new BoundedLineReader(reader, MaxLineLength);
        while (lines.Next() is { } row)
        {
            var lineStart = (int)Math.Min(row.Start, int.MaxValue);
            if (row.Text is not { } line)
            {
                Report(diagnostics, path, TextSpan.FromLength(lineStart, (int)Math.Min(row.Length, int.MaxValue - lineStart)), row.Number,
                    $"longer than {MaxLineLength:N0} characters");
                continue;
            }
            if (line.Length > 0 && line[0] != '#') yield return (row.Number, lineStart, line);
        }
    }

    /// <summary>
    /// alternateNamesV2.txt (10 columns: id, geonameid, isolanguage, name, isPreferredName, isShortName, isColloquial,
    /// isHistoric, from, to) or the older alternateNames.txt (the first 8). Codes and links are skipped, not reported.
    /// </summary>
    public static IEnumerable<AlternateName> ReadAlternateNames(TextReader reader, string path, List<Diagnostic> diagnostics)
    {
        var fields = new string[10];
        foreach (var (lineNumber, lineStart, line) in Rows(reader, path, diagnostics))
        {
            var count = Split(line, fields);
            if (count is not (8 or 10) || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                Report(diagnostics, path, lineStart, line, lineNumber, $"expected 8 or 10 tab-separated columns with a numeric geonameid in column 2, found {count} columns");
                continue;
            }
            var name = fields[3].Trim();
            if (name.Length == 0 || NotNames.Contains(fields[2])) continue;
            yield return new AlternateName(id, fields[2], name, fields[4] == "1", fields[5] == "1", fields[6] == "1", fields[7] == "1");
        }
    }

    /// <summary>hierarchy.txt: parentId, childId, type ("ADM" for the administrative tree; other types are user hierarchies).</summary>
    public static IEnumerable<HierarchyLink> ReadHierarchy(TextReader reader, string path, List<Diagnostic> diagnostics)
    {
        var fields = new string[3];
        foreach (var (lineNumber, lineStart, line) in Rows(reader, path, diagnostics))
        {
            var count = Split(line, fields);
            if (count is < 2 or > 3 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                Report(diagnostics, path, lineStart, line, lineNumber, "expected parent geonameid, child geonameid and type");
                continue;
            }
            yield return new HierarchyLink(parent, child, count == 3 ? fields[2] : "");
        }
    }

    /// <summary>The 19-column `geoname` table (cities500.txt, SY.txt, allCountries.txt).</summary>
    public static IEnumerable<GazetteerEntry> ReadGeonames(TextReader reader, string path, List<Diagnostic> diagnostics)
    {
        var fields = new string[19];
        foreach (var (lineNumber, lineStart, line) in Rows(reader, path, diagnostics))
        {
            var count = Split(line, fields);
            if (count != 19)
            {
                Report(diagnostics, path, lineStart, line, lineNumber, $"expected 19 tab-separated columns, found {count}");
                continue;
            }
            if (!long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(fields[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || !(lat is >= -90 and <= 90) || !(lon is >= -180 and <= 180)) // NaN fails every comparison
            {
                Report(diagnostics, path, lineStart, line, lineNumber, "geonameid, latitude or longitude is not a valid number");
                continue;
            }
            long.TryParse(fields[14], NumberStyles.None, CultureInfo.InvariantCulture, out var population);
            var alternates = fields[3].Length == 0 ? ImmutableArray<string>.Empty
                : fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToImmutableArray();
            yield return new GazetteerEntry(
                $"geonames:{id}", fields[1], fields[2], alternates, lat, lon,
                fields[6].Length > 0 ? fields[6][0] : '?', fields[7], fields[8], fields[10], fields[11], population, path, lineNumber);
        }
    }

    public static IEnumerable<AdminName> ReadAdminCodes(TextReader reader, string path, List<Diagnostic> diagnostics)
    {
        var fields = new string[4];
        foreach (var (lineNumber, lineStart, line) in Rows(reader, path, diagnostics))
        {
            var count = Split(line, fields);
            if (count != 4 || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                Report(diagnostics, path, lineStart, line, lineNumber, "expected 4 columns: code, name, ascii name, geonameid");
                continue;
            }
            yield return new AdminName(fields[0], fields[1], fields[2], id);
        }
    }

    public static IEnumerable<Country> ReadCountryInfo(TextReader reader, string path, List<Diagnostic> diagnostics)
    {
        var fields = new string[19];
        foreach (var (lineNumber, lineStart, line) in Rows(reader, path, diagnostics))
        {
            var count = Split(line, fields);
            if (count < 17 || !long.TryParse(fields[16], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                Report(diagnostics, path, lineStart, line, lineNumber, "expected at least 17 columns with a numeric geonameid in column 17");
                continue;
            }
            long.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var population);
            yield return new Country(fields[0], fields[1], fields[4], fields[5], population, fields[8], id, count > 17 ? fields[17] : "");
        }
    }

    /// <summary>Splits on tabs into a reused array; returns the real column count (which may exceed the array).</summary>
    private static int Split(string line, string[] fields)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != '\t') continue;
            if (count < fields.Length) fields[count] = line[start..i];
            count++;
            start = i + 1;
        }
        return count;
    }

    private static void Report(List<Diagnostic> diagnostics, string path, int lineStart, string line, int lineNumber, string problem) =>
        Report(diagnostics, path, TextSpan.FromLength(lineStart, line.Length), lineNumber, problem);

    private static void Report(List<Diagnostic> diagnostics, string path, TextSpan span, int lineNumber, string problem)
    {
        // Bounded: a garbage file must not produce a million diagnostics.
        if (diagnostics.Count(d => d.Path == path) >= 100) return;
        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.GazetteerRowMalformed, path, span, $"Row {lineNumber} skipped: {problem}."));
    }
}
