using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CorpusLsp.Core.Gazetteer;

public enum MatchKind { Exact = 0, Folded = 1, Skeleton = 2 }

public sealed record NameMatch(GazetteerEntry Entry, MatchKind Kind, string MatchedName);

/// <summary>
/// An immutable, indexed gazetteer. Built once per set of sources; lookups are dictionary hits on folded
/// and skeleton keys, completion a binary search in the sorted fold keys.
/// </summary>
public sealed class Gazetteer
{
    private readonly ImmutableArray<GazetteerEntry> _entries;
    private readonly Dictionary<string, int> _byId;
    private readonly Dictionary<string, int[]> _byFold;
    private readonly Dictionary<string, int[]> _bySkeleton;
    private readonly string[] _sortedFoldKeys;
    private readonly FrozenDictionary<string, string> _adminNames;
    private readonly FrozenDictionary<string, int> _countryEntry;
    private readonly FrozenDictionary<string, int> _admin1Entry;

    public static readonly Gazetteer Empty = new([], new Dictionary<string, string>());

    public Gazetteer(IEnumerable<GazetteerEntry> entries, IReadOnlyDictionary<string, string> adminNames)
        : this(Index(Dedupe(entries), null), adminNames)
    {
    }

    /// <summary>The index of a gazetteer: what the disk cache stores so that a restart skips folding 700,000 names.</summary>
    internal sealed record IndexData(List<GazetteerEntry> Entries, Dictionary<string, int[]> ByFold, Dictionary<string, int[]> BySkeleton, string[] SortedFoldKeys);

    private static List<GazetteerEntry> Dedupe(IEnumerable<GazetteerEntry> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return entries.Where(e => seen.Add(e.Id)).ToList(); // the first source that names an id wins
    }

    /// <summary>Indexes entries; with a base index, only the new entries are folded and the base's keys are reused.</summary>
    internal static IndexData Index(List<GazetteerEntry> entries, IndexData? baseIndex)
    {
        var start = baseIndex?.Entries.Count ?? 0;
        var all = baseIndex is null ? entries : [.. baseIndex.Entries, .. entries];
        var byFold = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var bySkeleton = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = start; i < all.Count; i++)
        {
            foreach (var name in all[i].AllNames)
            {
                var folded = NameFolding.Fold(name);
                if (folded.Length == 0) continue;
                AddUnique(byFold, folded, i);
                AddUnique(bySkeleton, NameFolding.SkeletonOfFolded(folded), i);
            }
        }
        if (baseIndex is null)
            return new IndexData(all, byFold.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
                bySkeleton.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal), byFold.Keys.Order(StringComparer.Ordinal).ToArray());
        static Dictionary<string, int[]> Merge(Dictionary<string, int[]> b, Dictionary<string, List<int>> add)
        {
            if (add.Count == 0) return b;
            var merged = new Dictionary<string, int[]>(b, StringComparer.Ordinal);
            foreach (var (k, v) in add) merged[k] = merged.TryGetValue(k, out var old) ? [.. old, .. v] : v.ToArray();
            return merged;
        }
        var keys = byFold.Keys.Where(k => !baseIndex.ByFold.ContainsKey(k)).ToList();
        var sorted = keys.Count == 0 ? baseIndex.SortedFoldKeys : baseIndex.SortedFoldKeys.Concat(keys).Order(StringComparer.Ordinal).ToArray();
        return new IndexData(all, Merge(baseIndex.ByFold, byFold), Merge(baseIndex.BySkeleton, bySkeleton), sorted);
    }

    internal Gazetteer(IndexData index, IReadOnlyDictionary<string, string> adminNames)
    {
        var list = index.Entries;
        Data = index;
        _entries = list.ToImmutableArray();
        _byId = new Dictionary<string, int>(list.Count, StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++) _byId.TryAdd(list[i].Id, i);
        _byFold = index.ByFold;
        _bySkeleton = index.BySkeleton;
        _sortedFoldKeys = index.SortedFoldKeys;
        _adminNames = adminNames.ToFrozenDictionary(StringComparer.Ordinal);
        AdminNames = adminNames;
        var countries = new Dictionary<string, int>(StringComparer.Ordinal);
        var admin1 = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var e = list[i];
            if (e.IsCountry && e.CountryCode.Length > 0) countries.TryAdd(e.CountryCode, i);
            else if (e.FeatureCode == "ADM1") admin1.TryAdd($"{e.CountryCode}.{e.Admin1}", i);
        }
        _countryEntry = countries.ToFrozenDictionary(StringComparer.Ordinal);
        _admin1Entry = admin1.ToFrozenDictionary(StringComparer.Ordinal);
        _countryNames = countries.Select(kv => (NameFolding.Fold(list[kv.Value].Name), kv.Key)).ToArray();
    }

    private readonly (string Name, string Code)[] _countryNames;

    public GazetteerEntry? Country(string code) => _countryEntry.TryGetValue(code, out var i) ? _entries[i] : null;
    public GazetteerEntry? Admin1(string countryDotAdmin1) => _admin1Entry.TryGetValue(countryDotAdmin1, out var i) ? _entries[i] : null;

    /// <summary>Entries a news alias names: "U.S.", "W.Va.", "Egyptian".</summary>
    private IEnumerable<NameMatch> Aliases(string folded, string original, bool tryDemonym)
    {
        if (NewsAliases.UsStates.TryGetValue(folded, out var state) && Admin1(state) is { } s) yield return new NameMatch(s, MatchKind.Folded, s.Name);
        if (NewsAliases.Countries.TryGetValue(folded, out var code) && Country(code) is { } c) { yield return new NameMatch(c, MatchKind.Folded, c.Name); yield break; }
        if (tryDemonym && original.Length > 0 && char.IsUpper(original[0]) && NewsAliases.CountryOfDemonym(folded, _countryNames) is { } dc && Country(dc) is { } d)
            yield return new NameMatch(d, MatchKind.Folded, d.Name);
    }

    private static void AddUnique(Dictionary<string, List<int>> map, string key, int index)
    {
        if (!map.TryGetValue(key, out var l)) map[key] = l = new List<int>(1);
        if (l.Count == 0 || l[^1] != index) l.Add(index);
    }

    internal IndexData Data { get; }
    internal IReadOnlyDictionary<string, string> AdminNames { get; }

    /// <summary>This gazetteer plus more entries (an overlay), re-folding only the new names.</summary>
    public Gazetteer With(IEnumerable<GazetteerEntry> more)
    {
        var known = new HashSet<string>(_byId.Keys, StringComparer.Ordinal);
        var added = more.Where(e => known.Add(e.Id)).ToList();
        return added.Count == 0 ? this : new Gazetteer(Index(added, Data), AdminNames);
    }

    public int Count => _entries.Length;
    public int NameCount => _sortedFoldKeys.Length;
    public ImmutableArray<GazetteerEntry> Entries => _entries;

    public GazetteerEntry? Find(string id) => _byId.TryGetValue(id, out var i) ? _entries[i] : null;

    /// <summary>Entries whose names match: by fold if any, else by skeleton (transliteration variants).</summary>
    public IReadOnlyList<NameMatch> Lookup(string name)
    {
        var folded = NameFolding.Fold(name);
        if (folded.Length == 0) return [];
        var aliases = Aliases(folded, name, tryDemonym: true).ToList();
        if (_byFold.TryGetValue(folded, out var hits))
            return aliases.Concat(hits.Select(i => new NameMatch(_entries[i], NameOf(_entries[i], name, folded) == name ? MatchKind.Exact : MatchKind.Folded, NameOf(_entries[i], name, folded))))
                .DistinctBy(m => m.Entry.Id).ToList();
        if (aliases.Count > 0) return aliases;
        var skeleton = NameFolding.SkeletonOfFolded(folded);
        // Skeletons of short names collide with unrelated places; only names of five letters or more use them.
        if (folded.Length >= 5 && skeleton.Length >= 3 && _bySkeleton.TryGetValue(skeleton, out var skel))
            return skel.Select(i => new NameMatch(_entries[i], MatchKind.Skeleton, BestName(_entries[i], skeleton))).ToList();
        // "Aleppo province", "the city of Aleppo": look up the name without its generic word.
        var (core, generic) = NameFolding.SplitGeneric(folded);
        return generic is not null && core.Length > 0 ? Lookup(core) : [];
    }

    /// <summary>
    /// Does any name of the entry match the mention, allowing for transliteration variants, a generic word
    /// ("Aleppo province") and news aliases ("U.S.")? Answered from the index: no folding of the entry's names.
    /// </summary>
    public bool Matches(GazetteerEntry entry, string mention)
    {
        if (!_byId.TryGetValue(entry.Id, out var index) || !ReferenceEquals(_entries[index], entry)) return NameMatches(entry, mention);
        var folded = NameFolding.Fold(mention);
        if (folded.Length == 0) return false;
        if (_byFold.TryGetValue(folded, out var hits) && Array.IndexOf(hits, index) >= 0) return true;
        if (_bySkeleton.TryGetValue(NameFolding.SkeletonOfFolded(folded), out var skel) && Array.IndexOf(skel, index) >= 0) return true;
        if (Aliases(folded, mention, tryDemonym: true).Any(a => ReferenceEquals(a.Entry, entry))) return true;
        var (core, generic) = NameFolding.SplitGeneric(folded);
        return generic is not null && core.Length > 0 && Matches(entry, core);
    }

    /// <summary>The same question without an index, for entries of another gazetteer: folds every name of the entry.</summary>
    public static bool NameMatches(GazetteerEntry entry, string mention)
    {
        var folded = NameFolding.Fold(mention);
        var (core, generic) = NameFolding.SplitGeneric(folded);
        if (generic is not null && core.Length > 0 && NameMatches(entry, core)) return true;
        var skeleton = NameFolding.SkeletonOfFolded(folded);
        return entry.AllNames.Any(n => { var f = NameFolding.Fold(n); return f == folded || NameFolding.SkeletonOfFolded(f) == skeleton; });
    }

    private static string NameOf(GazetteerEntry e, string original, string folded) =>
        e.AllNames.FirstOrDefault(n => n == original) ?? e.AllNames.FirstOrDefault(n => NameFolding.Fold(n) == folded) ?? e.Name;

    private static string BestName(GazetteerEntry e, string skeleton) =>
        e.AllNames.FirstOrDefault(n => NameFolding.Skeleton(n) == skeleton) ?? e.Name;

    /// <summary>"Did you mean": folded names within edit distance 2 (1 for short names), closest first.</summary>
    public IReadOnlyList<(string Name, GazetteerEntry Entry, int Distance)> Suggest(string name, int limit = 5)
    {
        var folded = NameFolding.Fold(name);
        if (folded.Length < 3) return [];
        var max = folded.Length <= 4 ? 1 : 2;
        var found = new List<(string Key, int Distance)>();
        foreach (var key in _sortedFoldKeys)
        {
            if (Math.Abs(key.Length - folded.Length) > max) continue;
            var d = Text.Fuzzy.EditDistance(folded, key, max);
            if (d <= max) found.Add((key, d));
        }
        return found
            .SelectMany(f => _byFold[f.Key].Select(i => (Entry: _entries[i], f.Key, f.Distance)))
            .OrderBy(x => x.Distance).ThenByDescending(x => x.Entry.Population)
            .Select(x => (NameOf(x.Entry, x.Key, x.Key), x.Entry, x.Distance))
            .DistinctBy(x => x.Entry.Id)
            .Take(limit)
            .ToList();
    }

    /// <summary>Names starting with the prefix (folded), with their entries, most populous first.</summary>
    public IReadOnlyList<(string Name, GazetteerEntry Entry)> Complete(string prefix, int limit = 50)
    {
        var folded = NameFolding.Fold(prefix);
        var results = new List<(string, GazetteerEntry)>();
        if (folded.Length == 0) return results;
        var lo = Array.BinarySearch(_sortedFoldKeys, folded, StringComparer.Ordinal);
        if (lo < 0) lo = ~lo;
        var candidates = new List<(string Key, int Index)>();
        for (var k = lo; k < _sortedFoldKeys.Length && _sortedFoldKeys[k].StartsWith(folded, StringComparison.Ordinal); k++)
        {
            foreach (var i in _byFold[_sortedFoldKeys[k]]) candidates.Add((_sortedFoldKeys[k], i));
            if (candidates.Count > 5000) break; // a one-letter prefix: enough to rank from
        }
        foreach (var c in candidates.OrderByDescending(c => Rank(_entries[c.Index])).DistinctBy(c => c.Index).Take(limit))
            results.Add((NameOf(_entries[c.Index], c.Key, c.Key), _entries[c.Index]));
        return results;
    }

    private static double Rank(GazetteerEntry e) => Math.Log10(e.Population + 1) + (e.IsCountry ? 5 : e.FeatureCode is "PPLC" or "ADM1" ? 2 : 0);

    public string? CountryName(string countryCode) => _adminNames.GetValueOrDefault(countryCode);
    public string? Admin1Name(GazetteerEntry e) => e.Admin1.Length == 0 ? null : _adminNames.GetValueOrDefault($"{e.CountryCode}.{e.Admin1}");
    public string? Admin2Name(GazetteerEntry e) => e.Admin2.Length == 0 ? null : _adminNames.GetValueOrDefault($"{e.CountryCode}.{e.Admin1}.{e.Admin2}");

    /// <summary>Country › admin1 › admin2, as far as known.</summary>
    public string Hierarchy(GazetteerEntry e) => string.Join(" › ",
        new[] { CountryName(e.CountryCode), e.IsCountry ? null : Admin1Name(e), e.FeatureCode == "ADM1" ? null : Admin2Name(e) }
            .Where(x => !string.IsNullOrEmpty(x)).Distinct());
}
