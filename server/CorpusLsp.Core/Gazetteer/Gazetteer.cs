using System.Collections.Frozen;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// How a mention met an entry: a name as written, a name after folding, a romanization skeleton, a news alias ("U.S.",
/// "DPRK"), or the namesake of a feature the gazetteer lacks (Neches of "Neches River", <see cref="FeatureWords"/>): not
/// the entry's name, only where the feature probably is.
/// </summary>
public enum MatchKind { Exact = 0, Folded = 1, Skeleton = 2, Alias = 3, Namesake = 4 }

public sealed record NameMatch(GazetteerEntry Entry, MatchKind Kind, string MatchedName);

/// <summary>
/// An immutable, indexed gazetteer. Built once per set of sources; lookups are dictionary hits on folded
/// and skeleton keys, completion a binary search in the sorted fold keys.
/// </summary>
public sealed class Gazetteer
{
    private readonly IGazetteerStore _store;
    private readonly FrozenDictionary<string, int> _countryEntry;
    private readonly FrozenDictionary<string, int> _admin1Entry;
    private readonly (string Name, string Code)[] _countryNames;
    private readonly (string Name, string Code)[] _admin1Names;

    public static readonly Gazetteer Empty = new([], new Dictionary<string, string>());

    public Gazetteer(IEnumerable<GazetteerEntry> entries, IReadOnlyDictionary<string, string> adminNames)
        : this(MemoryGazetteerStore.Build(Dedupe(entries), adminNames))
    {
    }

    private static List<GazetteerEntry> Dedupe(IEnumerable<GazetteerEntry> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return entries.Where(e => seen.Add(e.Id)).ToList(); // the first source that names an id wins
    }

    internal Gazetteer(IGazetteerStore store)
    {
        _store = store;
        var countries = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, index) in store.Countries()) countries.TryAdd(code, index);
        var admin1 = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, index) in store.Admin1s()) admin1.TryAdd(code, index);
        _countryEntry = countries.ToFrozenDictionary(StringComparer.Ordinal);
        _admin1Entry = admin1.ToFrozenDictionary(StringComparer.Ordinal);
        _countryNames = countries.Select(kv => (NameFolding.Fold(store.Entry(kv.Value).Name), kv.Key)).ToArray();
        _admin1Names = admin1.Select(kv => (NameFolding.Fold(store.Entry(kv.Value).Name), kv.Key)).ToArray();
    }

    /// <summary>
    /// The postings of the fold and skeleton keys asked for, as the store gave them (never changed: callers only read
    /// them), up to <see cref="MemoLimit"/> keys. A corpus names the same few hundred places in every pair: `check` of
    /// 10,000 pairs searched the flat store's key sections for the same keys ~3 s of thread time.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]?> _byFold = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]?> _bySkeleton = new(StringComparer.Ordinal);
    private int _memoized;
    internal const int MemoLimit = 1 << 14;

    private int[]? ByFold(string folded) => Memoized(_byFold, folded, fold: true);
    private int[]? BySkeleton(string skeleton) => Memoized(_bySkeleton, skeleton, fold: false);

    private int[]? Memoized(System.Collections.Concurrent.ConcurrentDictionary<string, int[]?> memo, string key, bool fold)
    {
        if (memo.TryGetValue(key, out var known)) return known;
        var postings = fold ? _store.ByFold(key) : _store.BySkeleton(key);
        // Counted beside the tables (their Count takes every lock); a key read twice at once is kept once.
        if (Volatile.Read(ref _memoized) < MemoLimit && memo.TryAdd(key, postings)) Interlocked.Increment(ref _memoized);
        return postings;
    }

    /// <summary>The store behind this gazetteer: the disk cache writes the in-memory kind.</summary>
    internal IGazetteerStore Store => _store;

    public GazetteerEntry? Country(string code) => _countryEntry.TryGetValue(code, out var i) ? _store.Entry(i) : null;
    public GazetteerEntry? Admin1(string countryDotAdmin1) => _admin1Entry.TryGetValue(countryDotAdmin1, out var i) ? _store.Entry(i) : null;

    /// <summary>Entries a news alias names: "U.S.", "W.Va.", "Egyptian", "Ohioans" (a country's demonym before a region's).</summary>
    private IEnumerable<NameMatch> Aliases(string folded, string original, bool tryDemonym)
    {
        if (NewsAliases.Admin1.TryGetValue(folded, out var state) && Admin1(state) is { } s) { yield return new NameMatch(s, MatchKind.Alias, s.Name); yield break; }
        if (NewsAliases.Countries.TryGetValue(folded, out var code) && Country(code) is { } c) { yield return new NameMatch(c, MatchKind.Alias, c.Name); yield break; }
        if (!tryDemonym || original.Length == 0 || !char.IsUpper(original[0])) yield break;
        if (NewsAliases.CountryOfDemonym(folded, _countryNames) is { } dc && Country(dc) is { } d) yield return new NameMatch(d, MatchKind.Alias, d.Name);
        else if (NewsAliases.DemonymStem(folded, _admin1Names) is { } rc && Admin1(rc) is { } r) yield return new NameMatch(r, MatchKind.Alias, r.Name);
    }

    /// <summary>This gazetteer plus more entries (an overlay, extra files): only the new names are folded; the base is shared.</summary>
    public Gazetteer With(IEnumerable<GazetteerEntry> more)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var added = more.Where(e => _store.IndexOf(e.Id) < 0 && known.Add(e.Id)).ToList();
        return added.Count == 0 ? this : new Gazetteer(new LayeredGazetteerStore(_store, MemoryGazetteerStore.Build(added, new Dictionary<string, string>())));
    }

    /// <summary>The entries of the overlays (`overlay:` ids): they are layered over the GeoNames base, so only the upper layers are read.</summary>
    public IEnumerable<GazetteerEntry> OverlayEntries()
    {
        for (var store = _store; store is LayeredGazetteerStore layered; store = layered.Lower)
            for (var i = 0; i < layered.Upper.Count; i++)
                if (layered.Upper.Entry(i) is { } e && e.Id.StartsWith("overlay:", StringComparison.Ordinal)) yield return e;
    }

    public int Count => _store.Count;
    public int NameCount => _store.FoldKeyCount;
    public GazetteerEntry EntryAt(int index) => _store.Entry(index);

    public GazetteerEntry? Find(string id) => _store.IndexOf(id) is var i and >= 0 ? _store.Entry(i) : null;

    /// <summary>Entries whose names match: by fold if any, else by skeleton (transliteration variants).</summary>
    public IReadOnlyList<NameMatch> Lookup(string name)
    {
        var folded = NameFolding.Fold(name);
        if (folded.Length == 0) return [];
        var aliases = Aliases(folded, name, tryDemonym: true).ToList();
        // "Mt. Pleasant" is also looked up as "mount pleasant" (NewsAliases.Spellings).
        var hits = new List<NameMatch>();
        foreach (var key in NewsAliases.Spellings(folded))
        {
            if (ByFold(key) is not { } found) continue;
            foreach (var e in found.Select(_store.Entry))
            {
                var matched = NameOf(e, name, key);
                hits.Add(new NameMatch(e, matched == name ? MatchKind.Exact : MatchKind.Folded, matched));
            }
        }
        if (hits.Count > 0) return aliases.Concat(hits).DistinctBy(m => m.Entry.Id).ToList();
        if (aliases.Count > 0) return aliases;
        var skeleton = NameFolding.SkeletonOfFolded(folded);
        // Skeletons of short names collide with unrelated places; only names of five letters or more use them.
        // They were made for names romanized from Arabic script, and collide elsewhere (Cauvery ~ Cuvry, France).
        if (folded.Length >= 5 && skeleton.Length >= 3 && BySkeleton(skeleton) is { } skel
            && skel.Select(_store.Entry).Where(e => e.CountryCode.Length == 0 || NewsAliases.RomanizedCountries.Contains(e.CountryCode)).ToList() is { Count: > 0 } romanized)
            return romanized.Select(e => new NameMatch(e, MatchKind.Skeleton, BestName(e, skeleton))).ToList();
        // "Aleppo province", "the city of Aleppo": look up the name without its generic word.
        var (core, generic) = NameFolding.SplitGeneric(folded);
        return generic is not null && core.Length > 0 ? Lookup(core) : [];
    }

    /// <summary>
    /// What ranking looks at: the entries of the name (<see cref="Lookup"/>), else, for the name of a feature that has none
    /// ("Neches River", "Lake Ontario", "Jackson Township"), the places named as the name without its feature word, as
    /// <see cref="MatchKind.Namesake"/> matches. Not part of <see cref="Lookup"/>: a namesake is no name of the entry, so
    /// <see cref="Matches"/> and the finding of unannotated names do not take it.
    /// </summary>
    public IReadOnlyList<NameMatch> LookupWithNamesakes(string name)
    {
        var found = Lookup(name);
        if (found.Count > 0 || FeatureWords.Split(NameFolding.Fold(name)) is not { } split) return found;
        return Lookup(split.Core).Where(m => m.Kind is MatchKind.Exact or MatchKind.Folded).Select(m => m with { Kind = MatchKind.Namesake }).ToList();
    }

    /// <summary>
    /// Does any name of the entry match the mention, allowing for transliteration variants, a generic word
    /// ("Aleppo province") and news aliases ("U.S.")? Answered from the index: no folding of the entry's names.
    /// </summary>
    public bool Matches(GazetteerEntry entry, string mention)
    {
        if (_matches.TryGetValue((entry, mention), out var known)) return known;
        var matches = MatchesInIndex(entry, mention);
        if (Volatile.Read(ref _matchesMemoized) < MemoLimit && _matches.TryAdd((entry, mention), matches)) Interlocked.Increment(ref _matchesMemoized);
        return matches;
    }

    /// <summary>
    /// The entry of a link and whether the (non-empty) name is one of its names (<see cref="Find"/> and <see cref="Matches"/>),
    /// in one lookup by the link, up to <see cref="MemoLimit"/> links and <see cref="NamesALink"/> names each: what a `check`
    /// asks of every linked place. A corpus links the same few hundred places under the same names in every pair: the two
    /// lookups (the analysis memo's links, then this gazetteer's matches) were ~850 instructions a place (issue 19).
    /// </summary>
    public (GazetteerEntry? Entry, bool Matches) Linked(string reference, string name)
    {
        if (!_links.TryGetValue(reference, out var known))
        {
            known = new LinkedAs(Find(reference));
            if (Volatile.Read(ref _linksMemoized) < MemoLimit && _links.TryAdd(reference, known)) Interlocked.Increment(ref _linksMemoized);
        }
        var names = Volatile.Read(ref known.Names);
        foreach (var (asked, answer) in names)
            if (asked == name) return (known.Entry, answer);
        var matches = known.Entry is { } entry && name.Length > 0 && Matches(entry, name);
        // Replaced whole: another pair's name written meanwhile may be lost, and is only asked again.
        if (names.Length < NamesALink) Volatile.Write(ref known.Names, [.. names, (name, matches)]);
        return (known.Entry, matches);
    }

    private const int NamesALink = 8;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LinkedAs> _links = new(StringComparer.Ordinal);
    private int _linksMemoized;

    private sealed class LinkedAs(GazetteerEntry? entry)
    {
        public readonly GazetteerEntry? Entry = entry;
        public (string Name, bool Matches)[] Names = [];
    }

    /// <summary>
    /// <see cref="Matches"/>' answers by entry (the object itself) and mention, up to <see cref="MemoLimit"/> of them: every
    /// pair links the same few hundred places under the same names, and each link was asked about twice per analysis
    /// (the joint ranking's fixed points, then the link's own check), ~7,000 instructions each, ~5% of a `check` (issue 19).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(GazetteerEntry Entry, string Mention), bool> _matches = new(EntryAndName.Instance);
    private int _matchesMemoized;

    /// <summary>An entry by identity (its record equality compares every field) and a name by its characters.</summary>
    private sealed class EntryAndName : IEqualityComparer<(GazetteerEntry Entry, string Mention)>
    {
        public static readonly EntryAndName Instance = new();
        public bool Equals((GazetteerEntry Entry, string Mention) x, (GazetteerEntry Entry, string Mention) y) =>
            ReferenceEquals(x.Entry, y.Entry) && string.Equals(x.Mention, y.Mention, StringComparison.Ordinal);
        public int GetHashCode((GazetteerEntry Entry, string Mention) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Entry), StringComparer.Ordinal.GetHashCode(key.Mention));
    }

    private bool MatchesInIndex(GazetteerEntry entry, string mention)
    {
        if (_store.IndexOf(entry.Id) is not (var index and >= 0) || !ReferenceEquals(_store.Entry(index), entry)) return NameMatches(entry, mention);
        var folded = NameFolding.Fold(mention);
        if (folded.Length == 0) return false;
        if (NewsAliases.Spellings(folded).Any(s => ByFold(s) is { } hits && Array.IndexOf(hits, index) >= 0)) return true;
        if (BySkeleton(NameFolding.SkeletonOfFolded(folded)) is { } skel && Array.IndexOf(skel, index) >= 0) return true;
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
        var spellings = NewsAliases.Spellings(folded).ToList();
        return entry.AllNames.Any(n => { var f = NameFolding.Fold(n); return spellings.Contains(f) || NameFolding.SkeletonOfFolded(f) == skeleton; });
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
        var max = NearMiss.MaxDistance(folded.Length);
        // Entries are read for the few suggestions shown, not for every candidate: the order needs only populations.
        return _store.Suggestions(folded, max, limit)
            .Select(x => _store.Entry(x.Index) is var e ? (NameOf(e, x.Key, x.Key), e, x.Distance) : default)
            .ToList();
    }

    /// <summary>Names starting with the prefix (folded), with their entries, most populous first.</summary>
    public IReadOnlyList<(string Name, GazetteerEntry Entry)> Complete(string prefix, int limit = 50)
    {
        var folded = NameFolding.Fold(prefix);
        var results = new List<(string, GazetteerEntry)>();
        if (folded.Length == 0) return results;
        var candidates = new List<(string Key, int Index, float Prominence)>();
        // An entry is under several keys of one prefix at most a few times (its name, ASCII name, alternate names).
        foreach (var (key, ids, prominence) in _store.TopKeysStartingWith(folded, 4 * limit))
            for (var i = 0; i < ids.Length; i++) candidates.Add((key, ids[i], prominence[i]));
        // Ordered by the prominence the postings carry: only the records of the names returned are read.
        foreach (var c in candidates.OrderByDescending(c => c.Prominence).DistinctBy(c => c.Index).Take(limit))
            results.Add((NameOf(_store.Entry(c.Index), c.Key, c.Key), _store.Entry(c.Index)));
        return results;
    }

    /// <summary>The ranking model's context-free part (<see cref="RankingModel.Prominence"/>): completion orders names as ranking does.</summary>
    internal static double Prominence(long population, char featureClass, string featureCode) =>
        RankingModel.Default.Prominence(population, featureClass, featureCode, alternateNames: 0, overlay: false);

    public string? CountryName(string countryCode) => _store.AdminName(countryCode);
    public string? Admin1Name(GazetteerEntry e) => e.Admin1.Length == 0 ? null : _store.AdminName($"{e.CountryCode}.{e.Admin1}");
    public string? Admin2Name(GazetteerEntry e) => e.Admin2.Length == 0 ? null : _store.AdminName($"{e.CountryCode}.{e.Admin1}.{e.Admin2}");

    /// <summary>Country › admin1 › admin2, as far as known.</summary>
    public string Hierarchy(GazetteerEntry e) => string.Join(" › ",
        new[] { CountryName(e.CountryCode), e.IsCountry ? null : Admin1Name(e), e.FeatureCode == "ADM1" ? null : Admin2Name(e) }
            .Where(x => !string.IsNullOrEmpty(x)).Distinct());
}
