using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Builds the flat index of a corpus' GeoNames sources with bounded memory — what the in-memory build
/// (<see cref="GazetteerBuilder"/>) does, entry for entry, for dumps of any size (allCountries.txt: 12.4 million rows,
/// alternateNamesV2.txt: 16 million names). Rows go to scratch as they are read; alternate names, the coordinates
/// that locate countries and admin units, and every key are sorted externally. What stays in memory is a few bytes per
/// row (its numeric id and two flags) and the small files (countries, admin codes).
/// </summary>
internal static class StreamingGazetteerBuild
{
    private sealed record Unit(int Number, string Iso, string A1, string? A2);

    public static List<Diagnostic> Build(CorpusConfig config, IFileSystem files, IScratchStorage scratch, Action<int, Action<Stream>> writePart)
    {
        var phases = Enumerable.Range(0, 6).Select(_ => new List<Diagnostic>()).ToArray(); // the in-memory build's order: rows, alternates, countries, admin1, admin2, hierarchy
        TextReader? Open(ConfiguredPath p, List<Diagnostic> diagnostics) => GazetteerBuilder.OpenSource(config, files, p, diagnostics);

        // The small files first: they say which countries and admin units to locate from the rows.
        var countries = new List<GeoNamesReader.Country>();
        if (config.Countries is { } countryPath && Open(countryPath, phases[2]) is { } countryReader)
            using (countryReader) countries.AddRange(GeoNamesReader.ReadCountryInfo(countryReader, countryPath.Path, phases[2]));
        var admins = new List<(GeoNamesReader.AdminName Admin, string Path, string Code)>();
        foreach (var (p, code, phase) in new[] { (config.Admin1, "ADM1", phases[3]), (config.Admin2, "ADM2", phases[4]) })
        {
            if (p is null || Open(p, phase) is not { } reader) continue;
            using (reader) admins.AddRange(GeoNamesReader.ReadAdminCodes(reader, p.Path, phase).Select(a => (a, p.Path, code)));
        }
        var units = new Units(countries, admins);

        using var rows = new RowStore(scratch, config.Hierarchy is not null);
        using var coordinates = new ExternalSorter<(int Group, double Value)>(scratch,
            Comparer<(int Group, double Value)>.Create((a, b) => a.Group != b.Group ? a.Group.CompareTo(b.Group) : a.Value.CompareTo(b.Value)),
            (w, x) => { w.Write(x.Group); w.Write(x.Value); }, r => (r.ReadInt32(), r.ReadDouble()), FlatGazetteerWriter.ChunkRecords);
        foreach (var source in config.GeonamesFiles)
        {
            using var reader = Open(source, phases[0]);
            if (reader is null) continue;
            foreach (var e in GeoNamesReader.ReadGeonames(reader, source.Path, phases[0]))
            {
                rows.Add(e);
                units.Observe(e, coordinates);
            }
        }
        rows.Dedupe();

        using var alternates = new ExternalSorter<(int Index, int Seq, string Name)>(scratch,
            Comparer<(int Index, int Seq, string Name)>.Create((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Seq.CompareTo(b.Seq)),
            (w, x) => { w.Write(x.Index); w.Write(x.Seq); w.Write(x.Name); }, r => (r.ReadInt32(), r.ReadInt32(), r.ReadString()), FlatGazetteerWriter.ChunkRecords);
        if (config.AlternateNames is { } altPath && Open(altPath, phases[1]) is { } altReader)
        {
            using (altReader)
            {
                var seq = 0;
                foreach (var n in GeoNamesReader.ReadAlternateNames(altReader, altPath.Path, phases[1]))
                    if (rows.IndexOfId(n.GeonameId) is var i and >= 0) alternates.Add((i, seq++, n.Name));
            }
        }

        var derived = units.Derive(coordinates, countries, config);
        var kept = rows.AddDerived(derived);
        var patches = new Dictionary<int, (string Country, string Admin1, string? Admin2)>();
        if (config.Hierarchy is { } hierarchyPath && Open(hierarchyPath, phases[5]) is { } hierarchyReader)
            using (hierarchyReader) patches = rows.FillAdminCodesFromParents(GeoNamesReader.ReadHierarchy(hierarchyReader, hierarchyPath.Path, phases[5]));

        var adminNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in countries) adminNames[c.Iso] = c.Name;
        foreach (var (a, _, _) in admins) adminNames[a.Code] = a.Name;

        var diagnostics = phases.SelectMany(p => p).ToList();
        using var writer = new FlatGazetteerWriter(scratch);
        using var names = alternates.Sorted().GetEnumerator();
        var hasName = names.MoveNext();
        var index = 0;
        foreach (var row in rows.Kept())
        {
            var more = new List<string>();
            for (; hasName && names.Current.Index == index; hasName = names.MoveNext()) more.Add(names.Current.Name);
            var e = row;
            if (more.Count > 0)
            {
                // Each name once, whatever its language, after the row's own names.
                var known = new HashSet<string>(e.AllNames, StringComparer.Ordinal);
                more = more.Where(known.Add).ToList();
                if (more.Count > 0) e = e with { AlternateNames = e.AlternateNames.AddRange(more) };
            }
            writer.Add(Patched(e, patches, index++));
        }
        foreach (var e in kept) writer.Add(Patched(e, patches, index++));
        writer.Finish(adminNames, diagnostics, writePart);
        return diagnostics;
    }

    private static GazetteerEntry Patched(GazetteerEntry e, Dictionary<int, (string Country, string Admin1, string? Admin2)> patches, int index) =>
        patches.TryGetValue(index, out var p)
            ? e with { CountryCode = e.CountryCode.Length > 0 ? e.CountryCode : p.Country, Admin1 = p.Admin1, Admin2 = p.Admin2 ?? e.Admin2 }
            : e;

    private static long NumericId(string id) => long.Parse(id.AsSpan("geonames:".Length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// Countries and admin units, located as the in-memory build locates them: at the median latitude and longitude of
    /// the rows of their country (and admin codes), duplicates included; admin units weigh the sum of their populations.
    /// </summary>
    private sealed class Units
    {
        private readonly Dictionary<string, List<int>> _byCountry = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string), List<int>> _byAdmin1 = [];
        private readonly Dictionary<(string, string, string), List<int>> _byAdmin2 = [];
        private readonly List<(GeoNamesReader.AdminName Admin, string Path, string Code)> _admins;
        private readonly long[] _population;
        private readonly int[] _members;
        private readonly int _countryCount;

        public Units(List<GeoNamesReader.Country> countries, List<(GeoNamesReader.AdminName Admin, string Path, string Code)> admins)
        {
            _countryCount = countries.Count;
            _admins = admins;
            for (var i = 0; i < countries.Count; i++) Add(_byCountry, countries[i].Iso, i);
            for (var i = 0; i < admins.Count; i++)
            {
                var parts = admins[i].Admin.Code.Split('.');
                if (parts.Length == 2) Add(_byAdmin1, (parts[0], parts[1]), _countryCount + i);
                else if (parts.Length > 2) Add(_byAdmin2, (parts[0], parts[1], parts[2]), _countryCount + i);
            }
            _population = new long[_countryCount + admins.Count];
            _members = new int[_countryCount + admins.Count];
        }

        private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int unit) where TKey : notnull
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(unit);
        }

        public void Observe(GazetteerEntry e, ExternalSorter<(int Group, double Value)> coordinates)
        {
            void Count(List<int>? list)
            {
                foreach (var u in list ?? [])
                {
                    coordinates.Add((2 * u, e.Latitude));
                    coordinates.Add((2 * u + 1, e.Longitude));
                    _members[u]++;
                    _population[u] = _population[u] + e.Population is var sum && sum >= 0 ? sum : long.MaxValue;
                }
            }
            Count(_byCountry.GetValueOrDefault(e.CountryCode));
            Count(_byAdmin1.GetValueOrDefault((e.CountryCode, e.Admin1)));
            Count(_byAdmin2.GetValueOrDefault((e.CountryCode, e.Admin1, e.Admin2)));
        }

        public List<GazetteerEntry> Derive(ExternalSorter<(int Group, double Value)> coordinates, List<GeoNamesReader.Country> countries, CorpusConfig config)
        {
            var median = new double[2 * _members.Length];
            var values = new List<double>();
            var group = -1;
            void Close() { if (group >= 0) median[group] = values[values.Count / 2]; values.Clear(); }
            foreach (var (g, v) in coordinates.Sorted())
            {
                if (g != group) { Close(); group = g; }
                values.Add(v);
            }
            Close();

            var derived = new List<GazetteerEntry>();
            for (var i = 0; i < countries.Count; i++)
            {
                var c = countries[i];
                // A country without rows has no capital row either: it is left out, as the in-memory build leaves it.
                if (_members[i] == 0) continue;
                derived.Add(new GazetteerEntry($"geonames:{c.GeonameId}", c.Name, NameFolding.Fold(c.Name), [.. c.AlternateNames], median[2 * i], median[2 * i + 1],
                    'A', "PCLI", c.Iso, "", "", c.Population, config.Countries!.Path, 0, ApproximateLocation: true));
            }
            var larger = new NewsAliases.LargerUnits(countries.Select(c => c.Name), _admins.Select(a => (a.Admin.Code, a.Admin.Name)));
            for (var i = 0; i < _admins.Count; i++)
            {
                var (a, path, code) = _admins[i];
                var parts = a.Code.Split('.');
                var u = _countryCount + i;
                if (parts.Length < 2 || _members[u] == 0) continue;
                derived.Add(new GazetteerEntry($"geonames:{a.GeonameId}", a.Name, a.AsciiName, [.. NewsAliases.ShortNamesOfAdminUnit(a.Name, parts[0], larger)], median[2 * u], median[2 * u + 1],
                    'A', code, parts[0], parts[1], parts.Length > 2 ? parts[2] : "", _population[u], path, 0, ApproximateLocation: true));
            }
            if (countries.Count > 0) derived.AddRange(GazetteerBuilder.Continents(config.Countries!.Path));
            return derived;
        }
    }

    /// <summary>
    /// The rows, in order, on scratch; in memory only each row's numeric id (for the first-wins rule and the joins by
    /// geonameid), whether its admin1 code is empty, and the admin codes of ADM1/ADM2 rows (the parents hierarchy.txt names).
    /// </summary>
    private sealed class RowStore : IDisposable
    {
        private readonly Stream _stream;
        private readonly BinaryWriter _writer;
        private readonly bool _hierarchy;
        private readonly List<long> _ids = [];
        private readonly List<bool> _admin1Empty = [];
        private readonly Dictionary<int, (string FeatureCode, string Country, string Admin1, string Admin2)> _admRows = [];
        private bool[] _dropped = [];
        private long[] _sortedIds = [];
        private int[] _indexOfSorted = [];
        private int _keptRows;
        private List<GazetteerEntry> _derived = [];
        private readonly Dictionary<long, int> _derivedIndex = [];

        public RowStore(IScratchStorage scratch, bool hierarchy)
        {
            _stream = scratch.Create();
            _writer = new BinaryWriter(new BufferedStream(_stream, 1 << 16), Encoding.UTF8, leaveOpen: true);
            _hierarchy = hierarchy;
        }

        public void Add(GazetteerEntry e)
        {
            var w = _writer;
            w.Write(e.Id); w.Write(e.Name); w.Write(e.AsciiName);
            w.Write(e.AlternateNames.Length);
            foreach (var a in e.AlternateNames) w.Write(a);
            w.Write(e.Latitude); w.Write(e.Longitude); w.Write((ushort)e.FeatureClass); w.Write(e.FeatureCode); w.Write(e.CountryCode);
            w.Write(e.Admin1); w.Write(e.Admin2); w.Write(e.Population); w.Write(e.Source); w.Write(e.SourceLine);
            if (_hierarchy && e.FeatureCode is "ADM1" or "ADM2") _admRows[_ids.Count] = (e.FeatureCode, e.CountryCode, e.Admin1, e.Admin2);
            _ids.Add(NumericId(e.Id));
            _admin1Empty.Add(e.Admin1.Length == 0);
        }

        /// <summary>The first row with an id wins (as in the in-memory build); later ones are dropped.</summary>
        public void Dedupe()
        {
            _writer.Flush();
            _sortedIds = [.. _ids];
            var seqs = Enumerable.Range(0, _sortedIds.Length).ToArray();
            Array.Sort(_sortedIds, seqs);
            _dropped = new bool[seqs.Length];
            for (var i = 0; i < seqs.Length;)
            {
                var j = i;
                var first = seqs[i];
                while (j < seqs.Length && _sortedIds[j] == _sortedIds[i]) first = Math.Min(first, seqs[j++]);
                for (var k = i; k < j; k++) { _dropped[seqs[k]] = seqs[k] != first; seqs[k] = first; }
                i = j;
            }
            var finalOfSeq = new int[seqs.Length];
            var next = 0;
            for (var s = 0; s < seqs.Length; s++) finalOfSeq[s] = _dropped[s] ? -1 : next++;
            _keptRows = next;
            for (var i = 0; i < seqs.Length; i++) seqs[i] = finalOfSeq[seqs[i]];
            _indexOfSorted = seqs;
            var adm = _admRows.Where(kv => !_dropped[kv.Key]).Select(kv => (finalOfSeq[kv.Key], kv.Value)).ToList();
            _admRows.Clear();
            foreach (var (i, v) in adm) _admRows[i] = v;
            var flags = new List<bool>(_keptRows);
            for (var s = 0; s < _admin1Empty.Count; s++) if (!_dropped[s]) flags.Add(_admin1Empty[s]);
            _admin1Empty.Clear();
            _admin1Empty.AddRange(flags);
            _ids.Clear();
            _ids.TrimExcess();
        }

        /// <summary>The final index of the first row with this geonameid, or -1.</summary>
        public int IndexOfId(long id)
        {
            var at = Array.BinarySearch(_sortedIds, id);
            return at >= 0 ? _indexOfSorted[at] : -1;
        }

        private int IndexOfAny(long id) => IndexOfId(id) is var i and >= 0 ? i : _derivedIndex.TryGetValue(id, out var d) ? d : -1;

        /// <summary>Countries, admin units and continents follow the rows; an id a row (or an earlier one of them) has is dropped.</summary>
        public List<GazetteerEntry> AddDerived(List<GazetteerEntry> derived)
        {
            _derived = [];
            foreach (var e in derived)
            {
                var id = NumericId(e.Id);
                if (IndexOfAny(id) >= 0) continue;
                var index = _keptRows + _derived.Count;
                _derivedIndex[id] = index;
                _derived.Add(e);
                _admin1Empty.Add(e.Admin1.Length == 0);
                if (_hierarchy && e.FeatureCode is "ADM1" or "ADM2") _admRows[index] = (e.FeatureCode, e.CountryCode, e.Admin1, e.Admin2);
            }
            return _derived;
        }

        /// <summary>
        /// hierarchy.txt, as the in-memory build reads it: an entry without an admin1 code takes its nearest ADM1 or
        /// ADM2 parent's codes. Returns the new codes by entry index (links apply in order: a filled ADM2 can be a parent later).
        /// </summary>
        public Dictionary<int, (string Country, string Admin1, string? Admin2)> FillAdminCodesFromParents(IEnumerable<GeoNamesReader.HierarchyLink> links)
        {
            var patches = new Dictionary<int, (string Country, string Admin1, string? Admin2)>();
            foreach (var link in links)
            {
                if (link.Type is not ("ADM" or "")) continue;
                var (child, parent) = (IndexOfAny(link.ChildId), IndexOfAny(link.ParentId));
                if (child < 0 || parent < 0 || !_admRows.TryGetValue(parent, out var p)) continue;
                if (!_admin1Empty[child] || p.Admin1.Length == 0) continue;
                patches[child] = (p.Country, p.Admin1, p.FeatureCode == "ADM2" ? p.Admin2 : null);
                _admin1Empty[child] = false;
                if (_admRows.TryGetValue(child, out var c))
                    _admRows[child] = (c.FeatureCode, c.Country.Length > 0 ? c.Country : p.Country, p.Admin1, p.FeatureCode == "ADM2" ? p.Admin2 : c.Admin2);
            }
            return patches;
        }

        /// <summary>The rows that were kept, in order, then nothing: derived entries are returned by <see cref="AddDerived"/>.</summary>
        public IEnumerable<GazetteerEntry> Kept()
        {
            _stream.Position = 0;
            using var r = new BinaryReader(new BufferedStream(_stream, 1 << 16), Encoding.UTF8, leaveOpen: true);
            for (var seq = 0; seq < _dropped.Length; seq++)
            {
                var (id, name, ascii) = (r.ReadString(), r.ReadString(), r.ReadString());
                var alternates = ImmutableArray.CreateBuilder<string>(r.ReadInt32());
                for (var a = alternates.Capacity; a > 0; a--) alternates.Add(r.ReadString());
                var e = new GazetteerEntry(id, name, ascii, alternates.MoveToImmutable(), r.ReadDouble(), r.ReadDouble(), (char)r.ReadUInt16(), r.ReadString(),
                    r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadInt32());
                if (!_dropped[seq]) yield return e;
            }
        }

        public void Dispose()
        {
            _writer.Dispose();
            _stream.Dispose();
        }
    }
}
