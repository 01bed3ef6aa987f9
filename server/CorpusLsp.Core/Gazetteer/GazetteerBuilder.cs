using System.Collections.Immutable;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Builds the gazetteer a corpus.yaml names: GeoNames rows, then countries and admin units (as entries of
/// their own, located at the median of their places, flagged approximate), then overlays.
/// </summary>
public static class GazetteerBuilder
{
    public sealed record Result(Gazetteer Gazetteer, ImmutableArray<Diagnostic> Diagnostics);

    /// <summary>
    /// Part of the cache key beside the format: raised when the builder derives other entries or names from the same
    /// dumps (2: a country's name without its article, "Netherlands"; 3: county short names blocked only by their own
    /// country's regions), so an index built by an older build is rebuilt.
    /// </summary>
    public const string ContentRevision = "+names3";

    /// <summary>
    /// GeoNames' continent features (feature code CONT), which the cities and admin files do not carry: the CONT entries
    /// of Data/regions.yaml under their GeoNames ids, so the built-in gazetteer and every GeoNames build share one list.
    /// </summary>
    internal static IEnumerable<GazetteerEntry> Continents(string source) => ContinentList.Value.Select(e => e with { Source = source, SourceLine = 0 });

    private static readonly Lazy<ImmutableArray<GazetteerEntry>> ContinentList = new(() =>
    {
        using var stream = typeof(GazetteerBuilder).Assembly.GetManifestResourceStream("CorpusLsp.Core.Gazetteer.Data.regions.yaml")
            ?? throw new InvalidOperationException("regions.yaml is not embedded");
        var text = new SourceText(new StreamReader(stream).ReadToEnd());
        var geonames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Yaml.YamlTree.Parse("regions.yaml", text).Root is Yaml.YMapping { } root && root["places"] is Yaml.YSequence places)
            foreach (var item in places.Items.OfType<Yaml.YMapping>())
                if (item["id"] is Yaml.YScalar id && item["geonames"] is Yaml.YScalar g) geonames["overlay:" + id.Value] = "geonames:" + g.Value;
        return [.. OverlayReader.Read("regions.yaml", text, CorpusConfig.Default("")).Entries
            .Where(e => e.FeatureCode == "CONT")
            .Select(e => e with { Id = geonames.GetValueOrDefault(e.Id, e.Id) })];
    });

    public static Result Build(CorpusConfig config, IFileSystem files, IGazetteerCache? cache = null)
    {
        // GeoNames dumps are large and rarely change: their index comes from the cache when their content is the same.
        var dumpPaths = config.GeoNamesInputs.ToList();
        string? key = null;
        if (cache is not null && dumpPaths.Count > 0 && dumpPaths.All(p => files.FileExists(p.Path)))
        {
            key = ContentKey(config, files, cache, dumpPaths);
            var cached = cache.OpenPositioned(key);
            if (cached is not null && GazetteerCacheFormat.Open(cache, key, cached) is { } store)
                return WithOverlays(new Gazetteer(Healing(store, config, files, cache, key)), store.Diagnostics.ToList(), config, files);
            // Built straight into the cache with bounded memory, then read from it like any cached index.
            if (BuildIntoCache(config, files, cache, key, stale: cached is not null) is { } built)
                return WithOverlays(new Gazetteer(Healing(built, config, files, cache, key)), built.Diagnostics.ToList(), config, files);
        }
        var (baseGazetteer, baseDiagnostics) = BuildBase(config, files);
        return WithOverlays(baseGazetteer, baseDiagnostics, config, files);
    }

    /// <summary>
    /// The cache key: a hash of every dump's bytes (the same dumps at another path share one index). Hashing 2 GB takes
    /// seconds, so the key is remembered under the dumps' stamps (path, size, time) and recalled while they are unchanged.
    /// </summary>
    private static string ContentKey(CorpusConfig config, IFileSystem files, IGazetteerCache cache, List<ConfiguredPath> dumpPaths)
    {
        var configuration = $"{config.GeonamesFiles.Length} {config.Admin1 is null}{config.Admin2 is null}{config.Countries is null}{config.AlternateNames is null}{config.Hierarchy is null}";
        var stamp = GazetteerCacheFormat.Stamp(dumpPaths.Select(p => files.Stamp(p.Path)), configuration);
        if (stamp is not null && cache.RecallKey(stamp) is { } recalled) return recalled;
        var key = GazetteerCacheFormat.Key(dumpPaths.Select(p => (files as IGazetteerKeySource)?.OpenForKey(p.Path) ?? files.OpenRead(p.Path) ?? Stream.Null)
            .Append(new MemoryStream(Encoding.UTF8.GetBytes(configuration))));
        if (stamp is not null) cache.RememberKey(stamp, key);
        return key;
    }

    /// <summary>A cached index whose damage, found when a block is first read, rebuilds it.</summary>
    private static HealingGazetteerStore Healing(FlatGazetteerStore store, CorpusConfig config, IFileSystem files, IGazetteerCache cache, string key) =>
        new(store, () => BuildIntoCache(config, files, cache, key, stale: true) as IGazetteerStore
            ?? BuildBase(config, files).Item1.Store);

    /// <summary>
    /// The streaming build, written to the cache and opened from it. When this process already opened a damaged file
    /// under the key (<paramref name="stale"/>: a host may keep one open file per key), the new index is also written
    /// under a second key and read from there.
    /// </summary>
    private static FlatGazetteerStore? BuildIntoCache(CorpusConfig config, IFileSystem files, IGazetteerCache cache, string key, bool stale)
    {
        var fresh = stale ? key + "r" : key;
        try
        {
            StreamingGazetteerBuild.Build(config, files, cache.Scratch ?? ScratchStorage.Default, (part, write) =>
            {
                cache.Write(GazetteerCacheFormat.PartKey(key, part), write);
                if (fresh != key) cache.Write(GazetteerCacheFormat.PartKey(fresh, part), write);
            });
        }
        catch (GazetteerTooLargeException)
        {
            return null;
        }
        return cache.OpenPositioned(fresh) is { } bytes ? GazetteerCacheFormat.Open(cache, fresh, bytes) : null;
    }

    /// <summary>A source file as text, or a CLS027 when it is missing.</summary>
    internal static TextReader? OpenSource(CorpusConfig config, IFileSystem files, ConfiguredPath p, List<Diagnostic> diagnostics)
    {
        var stream = files.OpenRead(p.Path);
        if (stream is null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.GazetteerSourceMissing, config.ConfigPath ?? p.Path, p.Span,
                $"Gazetteer file '{PathUtil.Relative(config.Root, p.Path)}' does not exist."));
            return null;
        }
        return new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
    }

    internal static (Gazetteer, List<Diagnostic>) BuildBase(CorpusConfig config, IFileSystem files)
    {
        var diagnostics = new List<Diagnostic>();
        var entries = new List<GazetteerEntry>();
        var adminNames = new Dictionary<string, string>(StringComparer.Ordinal);

        TextReader? Open(ConfiguredPath p) => OpenSource(config, files, p, diagnostics);

        foreach (var source in config.GeonamesFiles)
        {
            using var reader = Open(source);
            if (reader is not null) entries.AddRange(GeoNamesReader.ReadGeonames(reader, source.Path, diagnostics));
        }

        if (config.AlternateNames is { } altPath && Open(altPath) is { } altReader)
            using (altReader) AddAlternateNames(entries, GeoNamesReader.ReadAlternateNames(altReader, altPath.Path, diagnostics));

        var countries = new List<GeoNamesReader.Country>();
        if (config.Countries is { } countryPath && Open(countryPath) is { } countryReader)
            using (countryReader) countries.AddRange(GeoNamesReader.ReadCountryInfo(countryReader, countryPath.Path, diagnostics));
        var admins = new List<(GeoNamesReader.AdminName Admin, string Path, string Code)>();
        foreach (var (p, code) in new[] { (config.Admin1, "ADM1"), (config.Admin2, "ADM2") })
        {
            if (p is null || Open(p) is not { } reader) continue;
            using (reader) admins.AddRange(GeoNamesReader.ReadAdminCodes(reader, p.Path, diagnostics).Select(a => (a, p.Path, code)));
        }

        foreach (var c in countries) adminNames[c.Iso] = c.Name;
        foreach (var (a, _, _) in admins) adminNames[a.Code] = a.Name;

        // Admin units and countries carry no coordinates in their files: locate them at the median of their places.
        var points = entries.GroupBy(e => e.CountryCode).ToDictionary(g => g.Key, g => g.ToList());
        (double Lat, double Lon)? Median(IEnumerable<GazetteerEntry> es)
        {
            var l = es.ToList();
            if (l.Count == 0) return null;
            var lats = l.Select(e => e.Latitude).Order().ToList();
            var lons = l.Select(e => e.Longitude).Order().ToList();
            return (lats[lats.Count / 2], lons[lons.Count / 2]);
        }
        var derived = new List<GazetteerEntry>();
        foreach (var c in countries)
        {
            var inCountry = points.GetValueOrDefault(c.Iso) ?? [];
            var capital = inCountry.FirstOrDefault(e => e.FeatureCode == "PPLC");
            var at = Median(inCountry) ?? (capital is null ? null : (capital.Latitude, capital.Longitude));
            if (at is null) continue;
            derived.Add(new GazetteerEntry($"geonames:{c.GeonameId}", c.Name, NameFolding.Fold(c.Name), [.. c.AlternateNames], at.Value.Lat, at.Value.Lon,
                'A', "PCLI", c.Iso, "", "", c.Population, config.Countries!.Path, 0, ApproximateLocation: true));
        }
        var larger = new NewsAliases.LargerUnits(countries.Select(c => c.Name), admins.Select(a => (a.Admin.Code, a.Admin.Name)));
        foreach (var (a, path, code) in admins)
        {
            var parts = a.Code.Split('.');
            if (parts.Length < 2) continue;
            var members = (points.GetValueOrDefault(parts[0]) ?? []).Where(e => e.Admin1 == parts[1] && (parts.Length < 3 || e.Admin2 == parts[2]));
            var memberList = members.ToList();
            if (Median(memberList) is not { } at) continue;
            // Admin files carry no population: the sum of their places' is a fair measure of importance.
            derived.Add(new GazetteerEntry($"geonames:{a.GeonameId}", a.Name, a.AsciiName, [.. NewsAliases.ShortNamesOfAdminUnit(a.Name, parts[0], larger)], at.Lat, at.Lon,
                'A', code, parts[0], parts[1], parts.Length > 2 ? parts[2] : "", memberList.Sum(m => m.Population), path, 0, ApproximateLocation: true));
        }
        if (countries.Count > 0) derived.AddRange(Continents(config.Countries!.Path));
        entries.AddRange(derived);
        if (config.Hierarchy is { } hierarchyPath && Open(hierarchyPath) is { } hierarchyReader)
            using (hierarchyReader) FillAdminCodesFromParents(entries, GeoNamesReader.ReadHierarchy(hierarchyReader, hierarchyPath.Path, diagnostics));
        return (new Gazetteer(entries, adminNames), diagnostics);
    }

    /// <summary>
    /// Joins alternateNames rows to the entries by geonameid, streaming (the full file has 18 million rows; only the
    /// ids already loaded are kept). Each name is added once, whatever its language.
    /// </summary>
    private static void AddAlternateNames(List<GazetteerEntry> entries, IEnumerable<GeoNamesReader.AlternateName> names)
    {
        var index = new Dictionary<long, int>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
            if (long.TryParse(entries[i].Id.AsSpan("geonames:".Length), out var id)) index.TryAdd(id, i);
        var added = new Dictionary<int, List<string>>();
        foreach (var n in names)
        {
            if (!index.TryGetValue(n.GeonameId, out var i)) continue;
            if (!added.TryGetValue(i, out var list)) added[i] = list = [];
            list.Add(n.Name);
        }
        foreach (var (i, list) in added)
        {
            var e = entries[i];
            var known = new HashSet<string>(e.AllNames, StringComparer.Ordinal);
            var more = list.Where(known.Add).ToList();
            if (more.Count > 0) entries[i] = e with { AlternateNames = e.AlternateNames.AddRange(more) };
        }
    }

    /// <summary>
    /// hierarchy.txt ties places to their administrative parents. An entry whose row carries no admin1 code (common
    /// outside the cities files: regions, islands, spots) takes it from its nearest ADM1 or ADM2 parent, so hover shows
    /// where it is and the region terms of the ranking apply.
    /// </summary>
    private static void FillAdminCodesFromParents(List<GazetteerEntry> entries, IEnumerable<GeoNamesReader.HierarchyLink> links)
    {
        var index = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++) index.TryAdd(entries[i].Id, i);
        foreach (var link in links)
        {
            if (link.Type is not ("ADM" or "")) continue;
            if (!index.TryGetValue($"geonames:{link.ChildId}", out var child) || !index.TryGetValue($"geonames:{link.ParentId}", out var parent)) continue;
            var (c, p) = (entries[child], entries[parent]);
            if (c.Admin1.Length > 0 || p.FeatureCode is not ("ADM1" or "ADM2") || p.Admin1.Length == 0) continue;
            entries[child] = c with
            {
                CountryCode = c.CountryCode.Length > 0 ? c.CountryCode : p.CountryCode,
                Admin1 = p.Admin1,
                Admin2 = p.FeatureCode == "ADM2" ? p.Admin2 : c.Admin2,
            };
        }
    }

    private static Result WithOverlays(Gazetteer baseGazetteer, List<Diagnostic> diagnostics, CorpusConfig config, IFileSystem files)
    {
        var entries = new List<GazetteerEntry>();
        foreach (var overlay in config.Overlays)
        {
            var bytes = files.ReadAllBytes(overlay.Path);
            if (bytes is null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.GazetteerSourceMissing, config.ConfigPath ?? overlay.Path, overlay.Span,
                    $"Overlay file '{PathUtil.Relative(config.Root, overlay.Path)}' does not exist."));
                continue;
            }
            var text = SourceText.DecodeUtf8(bytes, out var bad);
            if (text is null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileUnreadable, overlay.Path, default, $"Not valid UTF-8 (first invalid byte at offset {bad})."));
                continue;
            }
            var read = OverlayReader.Read(overlay.Path, text, config);
            diagnostics.AddRange(read.Diagnostics);
            entries.AddRange(read.Entries);
        }

        return new Result(baseGazetteer.With(entries), diagnostics.ToImmutableArray());
    }
}
