namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Where a gazetteer's entries and name keys live. Three kinds: built in memory from parsed sources, read in
/// place from a flat cache file (nothing materialized until asked for), and one layered over another (an
/// overlay or extra files over the GeoNames base). Entry indices are dense: 0..Count-1.
/// </summary>
internal interface IGazetteerStore
{
    int Count { get; }
    int FoldKeyCount { get; }
    GazetteerEntry Entry(int index);
    /// <summary>How prominent an entry is, for ranking completions, without materializing it.</summary>
    double Prominence(int index);
    /// <summary>An entry's population, without materializing it (suggestions are ordered by it).</summary>
    long Population(int index);
    /// <summary>The index of the entry with this id, or -1.</summary>
    int IndexOf(string id);
    int[]? ByFold(string key);
    int[]? BySkeleton(string key);
    /// <summary>
    /// Of the fold keys starting with the prefix, the <paramref name="count"/> whose most prominent entry is the most
    /// prominent (<see cref="KeySelection"/>), in ordinal order, with their entries and each entry's prominence.
    /// </summary>
    IReadOnlyList<KeyPostings> TopKeysStartingWith(string prefix, int count);
    /// <summary>Every fold key whose length may lie in [minLength, maxLength] (a store may yield a few outside it).</summary>
    IEnumerable<string> FoldKeys(int minLength, int maxLength);
    /// <summary>Fold keys within <paramref name="max"/> edits of a folded name, with their distance, in no particular order.</summary>
    IEnumerable<(string Key, int Distance)> NearKeys(string folded, int max);
    /// <summary>
    /// "Did you mean": the first <paramref name="limit"/> distinct entries under the fold keys of <see cref="NearKeys"/>,
    /// ordered by distance, then population (descending), then key (ordinal), then the key's order of entries
    /// (<see cref="SuggestionOrder.ByScan"/>), each with the key it was found under.
    /// </summary>
    IReadOnlyList<(int Index, string Key, int Distance)> Suggestions(string folded, int max, int limit);
    string? AdminName(string code);
    /// <summary>Country code → entry index, and "CC.admin1" → entry index.</summary>
    IEnumerable<(string Code, int Index)> Countries();
    IEnumerable<(string Code, int Index)> Admin1s();
}

/// <summary>
/// A fold key, its entries, and each entry's prominence as a float (<see cref="KeySelection.Width"/>): completion orders
/// candidates from these, and reads the records of the names it returns only.
/// </summary>
internal readonly record struct KeyPostings(string Key, int[] Ids, float[] Prominence);

/// <summary>The order of "did you mean", by the definition: every near key's entries sorted (the in-memory and layered stores).</summary>
internal static class SuggestionOrder
{
    public static IReadOnlyList<(int Index, string Key, int Distance)> ByScan(IGazetteerStore store, string folded, int max, int limit) =>
        store.NearKeys(folded, max).DistinctBy(k => k.Key).OrderBy(k => k.Key, StringComparer.Ordinal)
            .SelectMany(f => (store.ByFold(f.Key) ?? []).Select(i => (Index: i, f.Key, f.Distance)))
            .OrderBy(x => x.Distance).ThenByDescending(x => store.Population(x.Index))
            .DistinctBy(x => x.Index)
            .Take(limit)
            .ToList();
}

/// <summary>A store built in memory: dictionaries from fold and skeleton keys to entry indices.</summary>
internal sealed class MemoryGazetteerStore : IGazetteerStore
{
    public List<GazetteerEntry> Entries { get; }
    public Dictionary<string, int[]> Fold { get; }
    public Dictionary<string, int[]> Skeleton { get; }
    public string[] SortedFoldKeys { get; }
    public IReadOnlyDictionary<string, string> AdminNames { get; }
    private readonly Dictionary<string, int> _byId;

    private MemoryGazetteerStore(List<GazetteerEntry> entries, Dictionary<string, int[]> fold, Dictionary<string, int[]> skeleton, IReadOnlyDictionary<string, string> adminNames)
    {
        Entries = entries;
        Fold = fold;
        Skeleton = skeleton;
        SortedFoldKeys = fold.Keys.Order(StringComparer.Ordinal).ToArray();
        AdminNames = adminNames;
        _byId = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++) _byId.TryAdd(entries[i].Id, i);
    }

    /// <summary>Folds every name once: the expensive step the disk cache exists to skip.</summary>
    public static MemoryGazetteerStore Build(List<GazetteerEntry> entries, IReadOnlyDictionary<string, string> adminNames)
    {
        var byFold = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var bySkeleton = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var name in entries[i].AllNames)
            {
                var folded = NameFolding.Fold(name);
                if (folded.Length == 0) continue;
                AddUnique(byFold, folded, i);
                AddUnique(bySkeleton, NameFolding.SkeletonOfFolded(folded), i);
            }
        }
        return new MemoryGazetteerStore(entries,
            byFold.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            bySkeleton.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal), adminNames);
    }

    private static void AddUnique(Dictionary<string, List<int>> map, string key, int index)
    {
        if (!map.TryGetValue(key, out var l)) map[key] = l = new List<int>(1);
        if (l.Count == 0 || l[^1] != index) l.Add(index);
    }

    public int Count => Entries.Count;
    public int FoldKeyCount => SortedFoldKeys.Length;
    public GazetteerEntry Entry(int index) => Entries[index];
    public double Prominence(int index) => Gazetteer.Prominence(Entries[index].Population, Entries[index].FeatureClass, Entries[index].FeatureCode);
    public long Population(int index) => Entries[index].Population;
    public int IndexOf(string id) => _byId.TryGetValue(id, out var i) ? i : -1;
    public int[]? ByFold(string key) => Fold.GetValueOrDefault(key);
    public int[]? BySkeleton(string key) => Skeleton.GetValueOrDefault(key);

    public IReadOnlyList<KeyPostings> TopKeysStartingWith(string prefix, int count)
    {
        var lo = Array.BinarySearch(SortedFoldKeys, prefix, StringComparer.Ordinal);
        if (lo < 0) lo = ~lo;
        var hi = lo;
        while (hi < SortedFoldKeys.Length && SortedFoldKeys[hi].StartsWith(prefix, StringComparison.Ordinal)) hi++;
        return KeySelection.Top(lo, hi, k => KeySelection.KeyProminence(Fold[SortedFoldKeys[k]], Prominence), count).Select(k => Postings(SortedFoldKeys[k])).ToList();
    }

    private KeyPostings Postings(string key)
    {
        var ids = Fold[key];
        return new KeyPostings(key, ids, [.. ids.Select(i => KeySelection.Width(Prominence(i)))]);
    }

    public IEnumerable<string> FoldKeys(int minLength, int maxLength) => SortedFoldKeys.Where(k => k.Length >= minLength && k.Length <= maxLength);

    /// <summary>A scan of every key: overlays are small, and a large base is read from the flat store's index.</summary>
    public IEnumerable<(string Key, int Distance)> NearKeys(string folded, int max)
    {
        foreach (var key in SortedFoldKeys)
            if (Math.Abs(key.Length - folded.Length) <= max && Text.Fuzzy.EditDistance(folded.AsSpan(), key.AsSpan(), max) is var d && d <= max) yield return (key, d);
    }

    public IReadOnlyList<(int Index, string Key, int Distance)> Suggestions(string folded, int max, int limit) => SuggestionOrder.ByScan(this, folded, max, limit);
    public string? AdminName(string code) => AdminNames.GetValueOrDefault(code);

    public IEnumerable<(string Code, int Index)> Countries()
    {
        for (var i = 0; i < Entries.Count; i++)
            if (Entries[i].IsCountry && Entries[i].CountryCode.Length > 0) yield return (Entries[i].CountryCode, i);
    }

    public IEnumerable<(string Code, int Index)> Admin1s()
    {
        for (var i = 0; i < Entries.Count; i++)
            if (Entries[i].FeatureCode == "ADM1" && !Entries[i].IsCountry) yield return ($"{Entries[i].CountryCode}.{Entries[i].Admin1}", i);
    }
}

/// <summary>A small store over a large one: the upper store's entries follow the lower's, and its names add to the lower's.</summary>
internal sealed class LayeredGazetteerStore(IGazetteerStore lower, IGazetteerStore upper) : IGazetteerStore
{
    public IGazetteerStore Lower => lower;
    public IGazetteerStore Upper => upper;

    private readonly int _offset = lower.Count;

    public int Count => _offset + upper.Count;
    public int FoldKeyCount => lower.FoldKeyCount + upper.FoldKeyCount;
    public GazetteerEntry Entry(int index) => index < _offset ? lower.Entry(index) : upper.Entry(index - _offset);
    public double Prominence(int index) => index < _offset ? lower.Prominence(index) : upper.Prominence(index - _offset);
    public long Population(int index) => index < _offset ? lower.Population(index) : upper.Population(index - _offset);

    public int IndexOf(string id)
    {
        var i = lower.IndexOf(id);
        if (i >= 0) return i;
        var j = upper.IndexOf(id);
        return j < 0 ? -1 : _offset + j;
    }

    public int[]? ByFold(string key) => Merge(lower.ByFold(key), upper.ByFold(key));
    public int[]? BySkeleton(string key) => Merge(lower.BySkeleton(key), upper.BySkeleton(key));

    private int[]? Merge(int[]? a, int[]? b)
    {
        if (b is null) return a;
        var shifted = b.Select(x => x + _offset);
        return a is null ? shifted.ToArray() : [.. a, .. shifted];
    }

    /// <summary>Overlay names first (ties keep that order): they are few, and the annotators' own additions.</summary>
    public IReadOnlyList<KeyPostings> TopKeysStartingWith(string prefix, int count) =>
        [.. upper.TopKeysStartingWith(prefix, count).Select(x => x with { Ids = [.. x.Ids.Select(i => i + _offset)] }), .. lower.TopKeysStartingWith(prefix, count)];

    public IEnumerable<string> FoldKeys(int minLength, int maxLength) => upper.FoldKeys(minLength, maxLength).Concat(lower.FoldKeys(minLength, maxLength));
    public IEnumerable<(string Key, int Distance)> NearKeys(string folded, int max) => upper.NearKeys(folded, max).Concat(lower.NearKeys(folded, max));

    /// <summary>
    /// Each layer's first <paramref name="limit"/>, merged: a key both layers have lists the lower layer's entries first,
    /// so the full order is (distance, population descending, key, layer, the layer's own order), and the first
    /// <paramref name="limit"/> of it lie among the two lists (the layers' entries are distinct). The base keeps its fast path.
    /// </summary>
    public IReadOnlyList<(int Index, string Key, int Distance)> Suggestions(string folded, int max, int limit) =>
        lower.Suggestions(folded, max, limit)
            .Concat(upper.Suggestions(folded, max, limit).Select(x => (Index: x.Index + _offset, x.Key, x.Distance)))
            .OrderBy(x => x.Distance).ThenByDescending(x => Population(x.Index)).ThenBy(x => x.Key, StringComparer.Ordinal) // stable: lower first, then each layer's order
            .Take(limit)
            .ToList();
    public string? AdminName(string code) => upper.AdminName(code) ?? lower.AdminName(code);
    public IEnumerable<(string Code, int Index)> Countries() => lower.Countries().Concat(upper.Countries().Select(c => (c.Code, c.Index + _offset)));
    public IEnumerable<(string Code, int Index)> Admin1s() => lower.Admin1s().Concat(upper.Admin1s().Select(c => (c.Code, c.Index + _offset)));
}

/// <summary>
/// How completion picks the keys it ranks from: the most prominent entry of a key stands for the key (as a float, the
/// width the flat store keeps per key), ties go to the key first in ordinal order. Every store selects the same way.
/// </summary>
internal static class KeySelection
{
    public static float KeyProminence(int[] ids, Func<int, double> prominence)
    {
        var best = float.NegativeInfinity;
        foreach (var i in ids) best = Math.Max(best, Width(prominence(i)));
        return best;
    }

    /// <summary>A prominence at the width the flat store keeps it (per key and per posting): every store ranks with the same values.</summary>
    public static float Width(double prominence) => (float)prominence;

    /// <summary>The indices in [lo, hi) of the <paramref name="count"/> most prominent keys, ascending.</summary>
    public static int[] Top(int lo, int hi, Func<int, float> prominence, int count)
    {
        if (count <= 0 || hi <= lo) return [];
        // A min-heap of the best so far: its root is the weakest (least prominent, then last in key order).
        var heap = new PriorityQueue<int, (float Prominence, int Index)>(Comparer<(float Prominence, int Index)>.Create(
            (a, b) => a.Prominence != b.Prominence ? a.Prominence.CompareTo(b.Prominence) : b.Index.CompareTo(a.Index)));
        for (var k = lo; k < hi; k++)
        {
            var p = prominence(k);
            if (heap.Count < count) heap.Enqueue(k, (p, k));
            else if (heap.TryPeek(out _, out var weakest) && (p > weakest.Prominence || (p == weakest.Prominence && k < weakest.Index))) heap.EnqueueDequeue(k, (p, k));
        }
        var top = new int[heap.Count];
        for (var i = 0; heap.Count > 0; i++) top[i] = heap.Dequeue();
        Array.Sort(top);
        return top;
    }
}
