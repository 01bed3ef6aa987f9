using System.IO.Compression;
using System.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// Writes the built-in default gazetteer (server/CorpusLsp.Core/Gazetteer/Data/*.gz) from the GeoNames files in
/// ../shared/data/geonames: cities15000.txt, admin1CodesASCII.txt and countryInfo.txt, in their published formats
/// with the columns GeoNamesReader does not read left empty, gzip-compressed. Run by hand when the data is refreshed:
///   dotnet run -c Release --project bench/CorpusLsp.Bench -- default-gazetteer [--names all|latin]
/// It prints the sizes of both ways of keeping alternate names, so the choice can be re-measured.
/// </summary>
public static class DefaultGazetteerData
{
    /// <summary>The columns of the 19-column geoname table that GeoNamesReader reads; the others are emptied.</summary>
    private static readonly HashSet<int> CityColumnsRead = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 14];

    /// <summary>countryInfo.txt columns the reader reads: ISO, ISO3, Country, Capital, Population, Continent, geonameid, neighbours.</summary>
    private static readonly HashSet<int> CountryColumnsRead = [0, 1, 4, 5, 7, 8, 16, 17];

    public static int Run(string[] args)
    {
        if (args.Contains("--time")) return Time();
        var latinOnly = args.SkipWhile(a => a != "--names").Skip(1).FirstOrDefault() == "latin";
        var source = Path.Combine(Repo.Shared, "data", "geonames");
        var target = Path.Combine(Repo.Root, "server", "CorpusLsp.Core", "Gazetteer", "Data");
        Directory.CreateDirectory(target);

        var cityRows = File.ReadLines(Path.Combine(source, "cities15000.txt"), Encoding.UTF8).Where(l => l.Length > 0).ToList();
        var all = Cities(cityRows, latinOnly: false);
        var latin = Cities(cityRows, latinOnly: true);
        Report("cities15000.txt as published", string.Join('\n', cityRows) + "\n");
        Report("cities, unread columns emptied, all alternate names", all);
        Report("cities, unread columns emptied, Latin-script alternate names only", latin);

        Write(Path.Combine(target, "geonames-cities15000.txt.gz"), Header("cities15000.txt", "columns 10, 13, 14, 16-19 (cc2, admin3, admin4, elevation, dem, timezone, modification date) emptied"
            + (latinOnly ? "; alternate names not in Latin script dropped" : "")) + (latinOnly ? latin : all));
        var admin1 = File.ReadLines(Path.Combine(source, "admin1CodesASCII.txt"), Encoding.UTF8).Where(l => l.Length > 0);
        Write(Path.Combine(target, "geonames-admin1.txt.gz"), Header("admin1CodesASCII.txt", "unchanged") + string.Join('\n', admin1) + "\n");
        var countries = File.ReadLines(Path.Combine(source, "countryInfo.txt"), Encoding.UTF8).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => Keep(l.Split('\t'), CountryColumnsRead));
        Write(Path.Combine(target, "geonames-countries.txt.gz"), Header("countryInfo.txt", "comment header dropped; columns other than ISO, ISO3, Country, Capital, Population, Continent, geonameid, neighbours emptied")
            + string.Join('\n', countries) + "\n");
        return 0;
    }

    /// <summary>
    /// What a start pays for the built-in gazetteer once its index is cached: hashing the embedded files (the cache key),
    /// and the whole load (key, mapped index, regions overlay), medians of 9 in one process.
    /// Cold and warm process starts: time `corpuslsp place London` with CORPUSLSP_CACHE set to an empty folder, twice.
    /// </summary>
    private static int Time()
    {
        var cache = Path.Combine(Path.GetTempPath(), "corpuslsp-default-time-" + Environment.ProcessId);
        try
        {
            var assembly = typeof(CorpusLsp.Core.Gazetteer.BuiltInGazetteer).Assembly;
            var names = assembly.GetManifestResourceNames().Where(n => n.EndsWith(".gz", StringComparison.Ordinal)).ToList();
            double Median(Action a) => Enumerable.Range(0, 9).Select(_ => { var sw = System.Diagnostics.Stopwatch.StartNew(); a(); return sw.Elapsed.TotalMilliseconds; }).Order().ElementAt(4);
            var compressed = Median(() => CorpusLsp.Core.Gazetteer.GazetteerCacheFormat.Key(names.Select(n => assembly.GetManifestResourceStream(n)!)));
            var inflated = Median(() => CorpusLsp.Core.Gazetteer.GazetteerCacheFormat.Key(names.Select(n => (Stream)new GZipStream(assembly.GetManifestResourceStream(n)!, CompressionMode.Decompress))));
            var config = CorpusLsp.Core.Model.CorpusConfig.Default("/nowhere");
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var first = CorpusLsp.Core.Gazetteer.BuiltInGazetteer.BuildFor(config, new CorpusLsp.Cli.PhysicalFileSystem(), new CorpusLsp.Cli.DiskGazetteerCache(cache));
            var cold = sw.Elapsed.TotalMilliseconds;
            var warm = Median(() => CorpusLsp.Core.Gazetteer.BuiltInGazetteer.BuildFor(config, new CorpusLsp.Cli.PhysicalFileSystem(), new CorpusLsp.Cli.DiskGazetteerCache(cache)));
            Console.WriteLine($"built-in gazetteer: {first.Gazetteer.Count:N0} entries, {first.Gazetteer.NameCount:N0} names, {first.Diagnostics.Length} diagnostics");
            Console.WriteLine($"cold build in process: {cold:0} ms; cached index file {new DirectoryInfo(cache).GetFiles().Sum(f => f.Length):N0} bytes");
            Console.WriteLine($"cache key: SHA-256 of the embedded (compressed) files, median of 9: {compressed:0.0} ms; of the inflated files it would be {inflated:0.0} ms");
            Console.WriteLine($"load again in the same process (key + mapped index + regions overlay), median of 9: {warm:0.0} ms");
        }
        finally { if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true); }
        return 0;
    }

    private static string Cities(List<string> rows, bool latinOnly)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            var fields = row.Split('\t');
            if (latinOnly) fields[3] = string.Join(',', fields[3].Split(',').Where(IsLatin));
            sb.Append(Keep(fields, CityColumnsRead)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Keep(string[] fields, HashSet<int> read) => string.Join('\t', fields.Select((f, i) => read.Contains(i) ? f : ""));

    /// <summary>Latin letters (with their diacritics), digits, spaces and punctuation: the names English news can print.</summary>
    private static bool IsLatin(string name) => name.Length > 0 && name.All(c =>
        c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF' || c is >= '\u0300' and <= '\u036F' || c is >= '\u02B0' and <= '\u02FF' || c is >= '\u2018' and <= '\u201F');

    private static string Header(string file, string changes) =>
        $"# CorpusLsp built-in gazetteer: GeoNames {file} ({changes}).\n" +
        "# Data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n" +
        "# Provenance: server/CorpusLsp.Core/Gazetteer/Data/GEONAMES.md. Regenerate: dotnet run -c Release --project bench/CorpusLsp.Bench -- default-gazetteer\n";

    private static void Report(string what, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Console.WriteLine($"{what}: {bytes.Length:N0} bytes, gzip {Compress(bytes).Length:N0} bytes");
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(bytes);
        return output.ToArray();
    }

    private static void Write(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var compressed = Compress(bytes);
        File.WriteAllBytes(path, compressed);
        Console.WriteLine($"wrote {Path.GetRelativePath(Repo.Root, path)}: {bytes.Length:N0} bytes, gzip {compressed.Length:N0} bytes");
    }
}
