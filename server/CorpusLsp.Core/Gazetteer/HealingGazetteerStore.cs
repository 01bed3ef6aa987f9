namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// A flat store whose blocks are checked as they are first read. When one fails its checksum, the gazetteer is
/// rebuilt from its sources (the same sources give the same entry indices) and the call is answered from the new
/// store: a damaged cache is never trusted, and a restart still pays only for what it reads.
/// </summary>
internal sealed class HealingGazetteerStore(IGazetteerStore store, Func<IGazetteerStore> rebuild) : IGazetteerStore
{
    private readonly Lock _lock = new();
    private volatile IGazetteerStore _store = store;
    private bool _rebuilt;

    /// <summary>The store answering now (the bench reports which of its sections are resident).</summary>
    internal IGazetteerStore Current => _store;

    private T Do<T>(Func<IGazetteerStore, T> f)
    {
        var current = _store;
        try { return f(current); }
        catch (GazetteerCacheDamagedException) { return f(Heal(current)); }
    }

    /// <summary>
    /// <see cref="Do{T}"/> with the call's argument passed, not captured: the lookups every analysis makes (an entry, an
    /// id, a key) each made a closure and a delegate, ~5 KB of each pair a `check` reads (issue 19).
    /// </summary>
    private T Do<TArg, T>(Func<IGazetteerStore, TArg, T> f, TArg arg)
    {
        var current = _store;
        try { return f(current, arg); }
        catch (GazetteerCacheDamagedException) { return f(Heal(current), arg); }
    }

    private IGazetteerStore Heal(IGazetteerStore damaged)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_store, damaged)) return _store;
            if (_rebuilt) throw new InvalidOperationException("The rebuilt gazetteer index is damaged too.");
            _rebuilt = true;
            return _store = rebuild();
        }
    }

    /// <summary>An enumeration that restarts on the rebuilt store, skipping what it already yielded.</summary>
    private IEnumerable<T> Each<T>(Func<IGazetteerStore, IEnumerable<T>> f)
    {
        var yielded = 0;
        var current = _store;
        var e = f(current).GetEnumerator();
        while (true)
        {
            T item;
            try
            {
                if (!e.MoveNext()) yield break;
                item = e.Current;
            }
            catch (GazetteerCacheDamagedException)
            {
                e.Dispose();
                current = Heal(current);
                e = f(current).Skip(yielded).GetEnumerator();
                continue;
            }
            yielded++;
            yield return item;
        }
    }

    /// <summary>Reads every block of the cache now (rebuilding if one is damaged).</summary>
    internal void VerifyAll() => Do(s => { (s as FlatGazetteerStore)?.VerifyAll(); return 0; });

    /// <summary>Whether the cache was found damaged and rebuilt.</summary>
    internal bool Rebuilt => _rebuilt;

    public int Count => _store.Count;
    public int FoldKeyCount => _store.FoldKeyCount;
    public GazetteerEntry Entry(int index) => Do(static (s, i) => s.Entry(i), index);
    public double Prominence(int index) => Do(static (s, i) => s.Prominence(i), index);
    public long Population(int index) => Do(static (s, i) => s.Population(i), index);
    public int IndexOf(string id) => Do(static (s, k) => s.IndexOf(k), id);
    public int[]? ByFold(string key) => Do(static (s, k) => s.ByFold(k), key);
    public int[]? BySkeleton(string key) => Do(static (s, k) => s.BySkeleton(k), key);
    public IReadOnlyList<KeyPostings> TopKeysStartingWith(string prefix, int count) => Do(s => s.TopKeysStartingWith(prefix, count));
    public IEnumerable<string> FoldKeys(int minLength, int maxLength) => Each(s => s.FoldKeys(minLength, maxLength));
    public IEnumerable<(string Key, int Distance)> NearKeys(string folded, int max) => Do(s => s.NearKeys(folded, max).ToList());
    public IReadOnlyList<(int Index, string Key, int Distance)> Suggestions(string folded, int max, int limit) => Do(s => s.Suggestions(folded, max, limit));
    public string? AdminName(string code) => Do(s => s.AdminName(code));
    public IEnumerable<(string Code, int Index)> Countries() => Do(s => s.Countries().ToList());
    public IEnumerable<(string Code, int Index)> Admin1s() => Do(s => s.Admin1s().ToList());
}
