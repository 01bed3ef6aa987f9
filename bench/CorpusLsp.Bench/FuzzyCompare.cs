using System.Diagnostics;
using System.Globalization;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// `bench fuzzy-compare [cities500|FILE [ALTFILE]]`: the near-miss indexes "did you mean" could use, on the fold keys of
/// one gazetteer and the unknown names gaz-load times (typos of real names, made-up words). Each is checked against a
/// scan of every key (the same keys within the distance, or it is reported as wrong) and timed per query:
/// partitions alone (PassJoin, as shipped before), deletion neighbourhoods for keys up to T letters with partitions for
/// longer ones (T = 5…8), a BK-tree, and a bigram count filter. The last line times the shipped index (the cache file).
/// </summary>
public static class FuzzyCompare
{
    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "--shipped")
            return Shipped(args[1], args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : "",
                Array.IndexOf(args, "--every") is var e and > 0 ? int.Parse(args[e + 1], CultureInfo.InvariantCulture) : 1, args.Contains("--warm"),
                Array.IndexOf(args, "--cache") is var c and > 0 ? args[c + 1] : null);
        if (args.FirstOrDefault() == "--keys") return Compare(KeysOfDumps(args[1], args.Length > 2 ? args[2] : "", args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : int.MaxValue), null);
        var which = args.FirstOrDefault() ?? "cities500";
        var alternates = args.Length > 1 ? args[1] : "";
        var cacheDir = Path.Combine(Path.GetTempPath(), "corpuslsp-bench-cache-" + Path.GetFileNameWithoutExtension(which));
        var g = GazetteerBuilder.Build(GazetteerLoad.Config(which, alternates), new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
        return Compare(g.Store.FoldKeys(2, int.MaxValue).ToArray(), g);
    }

    /// <summary>
    /// `--shipped FILE [ALTFILE] [--every N]`: only the shipped index (the cache file, built first if missing) against a
    /// scan of every key, on the unknown names gaz-load times; wall-clock and thread processor time per query (the machine
    /// is shared: processor time is the steadier figure). Every query is timed; every Nth is checked against the scan
    /// (a scan of 35 million keys costs a second or more per query).
    /// </summary>
    /// <remarks>`--cache DIR` reads (or builds) the cache there, as gaz-load-once does. With `--warm`, every query runs once untimed first: the timed pass is the index's own cost, without the
    /// first touch (page faults) of the pages it reads.</remarks>
    private static int Shipped(string dump, string alternates, int every, bool warm, string? cache)
    {
        var cacheDir = cache ?? Path.Combine(Path.GetTempPath(), "corpuslsp-bench-cache-" + Path.GetFileNameWithoutExtension(dump));
        var sw = Stopwatch.StartNew();
        var g = GazetteerBuilder.Build(GazetteerLoad.Config(dump, alternates), new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
        Console.WriteLine($"gazetteer ready in {sw.Elapsed.TotalSeconds:0.0} s: {g.Count:N0} entries");
        var queries = GazetteerLoad.UnknownNames(g).Select(NameFolding.Fold).Where(q => q.Length >= 3).ToList();
        var byLength = new Dictionary<int, List<string>>();
        foreach (var k in g.Store.FoldKeys(2, int.MaxValue)) (byLength.TryGetValue(k.Length, out var l) ? l : byLength[k.Length] = []).Add(k);
        Console.WriteLine($"{byLength.Values.Sum(l => l.Count):N0} fold keys of 2+ letters, {queries.Count} unknown names");
        if (warm) foreach (var q in queries) _ = g.Store.NearKeys(q, NearMiss.MaxDistance(q.Length)).Count();
        var (wrong, checkedCount, wrongSuggestions) = (0, 0, 0);
        var (wall, cpu) = (new List<double>(), new List<double>());
        foreach (var (q, n) in queries.Select((q, n) => (q, n)))
        {
            var max = NearMiss.MaxDistance(q.Length);
            var (t0, c0) = (Stopwatch.GetTimestamp(), ThreadClock.NowNanoseconds());
            var found = g.Store.NearKeys(q, max).Select(x => x.Key).ToList();
            (var c1, var t1) = (ThreadClock.NowNanoseconds(), Stopwatch.GetTimestamp());
            wall.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            cpu.Add((c1 - c0) / 1e6);
            if (n % every != 0) continue;
            checkedCount++;
            var truth = new List<string>();
            for (var l = q.Length - max; l <= q.Length + max; l++)
                foreach (var k in byLength.GetValueOrDefault(l) ?? [])
                    if (Fuzzy.EditDistance(q.AsSpan(), k.AsSpan(), max) <= max) truth.Add(k);
            if (!Sorted(found).SequenceEqual(Sorted(truth))) wrong++;
            // "Did you mean" itself: the index's best-first answer against the definition (every key the scan found, its
            // entries sorted by distance, population, key, posting), the first five distinct entries.
            var expected = truth.Distinct().Order(StringComparer.Ordinal)
                .SelectMany(k => (g.Store.ByFold(k) ?? []).Select(i => (Index: i, Key: k, Distance: Fuzzy.EditDistance(q.AsSpan(), k.AsSpan(), max))))
                .OrderBy(x => x.Distance).ThenByDescending(x => g.Store.Population(x.Index)).DistinctBy(x => x.Index).Take(5).ToList();
            if (!expected.SequenceEqual(g.Store.Suggestions(q, max, 5))) wrongSuggestions++;
        }
        var probes = queries.Select(q => (double)NearMiss.Probes(q, NearMiss.MaxDistance(q.Length)).Count()).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"probes per query: p50 {probes[probes.Count / 2]}, p99 {probes[(int)(probes.Count * 0.99)]}, max {probes[^1]}"));
        wall.Sort(); cpu.Sort();
        string P(List<double> xs) => string.Create(CultureInfo.InvariantCulture, $"p50 {xs[xs.Count / 2]:0.000} ms, p99 {xs[(int)(xs.Count * 0.99)]:0.000} ms, max {xs[^1]:0.000} ms");
        Console.WriteLine($"shipped near-miss index, {(warm ? "second query of each name (pages already touched)" : "first query of each name in a fresh process")}: wall {P(wall)}; thread processor {P(cpu)}; {wrong} of {checkedCount} answers differing from the scan; did you mean: {wrongSuggestions} of {checkedCount} top-5 lists differing from sorting the scan's keys' entries");
        return wrong == 0 && wrongSuggestions == 0 ? 0 : 1;
    }

    /// <summary>`--keys DUMP [ALTFILE [ROWS]]`: the fold keys of a dump's first ROWS rows (names, ASCII names, alternate names) without building a gazetteer.</summary>
    private static string[] KeysOfDumps(string dump, string alternates, int rows)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name) { var f = NameFolding.Fold(name); if (f.Length >= 2) keys.Add(f); }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(dump).Take(rows))
        {
            var c = line.Split('\t');
            if (c.Length < 4) continue;
            ids.Add(c[0]); Add(c[1]); Add(c[2]);
            foreach (var a in c[3].Split(',', StringSplitOptions.RemoveEmptyEntries)) Add(a);
        }
        if (alternates.Length > 0)
            foreach (var line in File.ReadLines(alternates))
                if (line.Split('\t') is { Length: > 3 } c && ids.Contains(c[1]) && c[2] != "link") Add(c[3]);
        return [.. keys];
    }

    private static int Compare(string[] keys, Gazetteer? g)
    {
        var queries = (g is null ? UnknownNames(keys) : GazetteerLoad.UnknownNames(g).Select(NameFolding.Fold)).Where(q => q.Length >= 3).ToList();
        Console.WriteLine($"{keys.Length:N0} fold keys of 2+ letters, {queries.Count} unknown names\n");
        var byLength = keys.GroupBy(k => k.Length).ToDictionary(x => x.Key, x => x.ToArray());
        List<string> Scan(string q, int max)
        {
            var found = new List<string>();
            for (var l = q.Length - max; l <= q.Length + max; l++)
                foreach (var k in byLength.GetValueOrDefault(l) ?? [])
                    if (Fuzzy.EditDistance(q.AsSpan(), k.AsSpan(), max) <= max) found.Add(k);
            return found;
        }
        var truth = queries.Select(q => Sorted(Scan(q, NearMiss.MaxDistance(q.Length)))).ToList();
        Console.WriteLine("| index | entries | build s | p50 ms | p99 ms | max ms | answers differing from the scan |\n|---|---|---|---|---|---|---|");
        Report("scan of every key", 0, 0, queries, truth, Scan);
        if (g is not null) Measure("partitions only (PassJoin)", () => SignatureIndex.Build(keys, PartitionOnly.Signatures, PartitionOnly.Probes), queries, truth);
        // At millions of keys (--keys) only the signature indexes finish in reasonable time.
        foreach (var t in g is null ? [6] : new[] { 5, 6, 7, 8 })
            Measure($"deletions ≤ {t} letters + two of 4 segments", () => SignatureIndex.Build(keys, k => NearMiss.Signatures(k, t), (q, m) => NearMiss.Probes(q, m, t)), queries, truth);
        if (g is not null) Measure("BK-tree", () => new BkTree(keys), queries, truth);
        if (g is not null) Measure("bigram count filter", () => new BigramIndex(keys), queries, truth);
        Measure("deletions ≤ 6 + one of 3 segments (CLSGAZ8)", () => SignatureIndex.Build(keys, SingleSegments.Signatures, SingleSegments.Probes), queries, truth);
        if (g is not null) Report("shipped: flat store (cache file)", 0, 0, queries, truth, (q, m) => g.Store.NearKeys(q, m).Select(x => x.Key).ToList());
        return 0;
    }

    /// <summary>As <see cref="GazetteerLoad.UnknownNames(Gazetteer)"/>, over bare keys: typos of sampled keys and made-up words not among the keys.</summary>
    private static List<string> UnknownNames(string[] keys)
    {
        var set = keys.ToHashSet(StringComparer.Ordinal);
        var random = new Random(1);
        return GazetteerLoad.UnknownNames(Enumerable.Range(0, 2000).Select(_ => keys[random.Next(keys.Length)]).ToList(), set.Contains);
    }

    /// <summary>The index of cache format CLSGAZ8: deletions up to 6 letters, then one whole segment of three.</summary>
    private static class SingleSegments
    {
        public static IEnumerable<ulong> Signatures(string key) =>
            key.Length <= NearMiss.DeletionMaxLength ? NearMiss.Signatures(key) : NearMiss.Segments(key.Length, 3).Select((x, i) => PartitionOnly.Hash(2, key.Length, i, key.AsSpan(x.Start, x.Length))).ToList();

        public static IEnumerable<ulong> Probes(string query, int max)
        {
            var n = query.Length;
            var probes = new List<ulong>();
            for (var length = Math.Max(2, n - max); length <= n + max; length++)
            {
                if (length <= NearMiss.DeletionMaxLength || max < 2) continue;
                var segments = NearMiss.Segments(length, 3);
                for (var i = 0; i < 3; i++)
                    for (var s = Math.Max(0, segments[i].Start - max); s <= Math.Min(n - segments[i].Length, segments[i].Start + max); s++)
                        probes.Add(PartitionOnly.Hash(2, length, i, query.AsSpan(s, segments[i].Length)));
            }
            return probes.Concat(NearMiss.DeletionProbes(query, max));
        }
    }

    private interface INearIndex
    {
        long Entries { get; }
        List<string> Near(string query, int max);
    }

    private static void Measure(string name, Func<INearIndex> build, List<string> queries, List<string[]> truth)
    {
        var sw = Stopwatch.StartNew();
        var index = build();
        Report(name, index.Entries, sw.Elapsed.TotalSeconds, queries, truth, index.Near);
    }

    private static void Report(string name, long entries, double buildSeconds, List<string> queries, List<string[]> truth, Func<string, int, List<string>> near)
    {
        var times = new List<double>();
        var wrong = 0;
        for (var pass = 0; pass < 2; pass++) // the first pass warms the code up; the second is timed
        {
            times.Clear();
            for (var i = 0; i < queries.Count; i++)
            {
                var sw = Stopwatch.StartNew();
                var found = near(queries[i], NearMiss.MaxDistance(queries[i].Length));
                times.Add(sw.Elapsed.TotalMilliseconds);
                if (pass == 1 && !Sorted(found).SequenceEqual(truth[i])) wrong++;
            }
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {entries:N0} | {buildSeconds:0.0} | {times[times.Count / 2]:0.000} | {times[(int)(times.Count * 0.99)]:0.000} | {times[^1]:0.000} | {wrong} |"));
    }

    private static string[] Sorted(IEnumerable<string> keys) => keys.Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Signatures in one sorted array, keys found by binary search (as the cache file holds them).</summary>
    private sealed class SignatureIndex : INearIndex
    {
        private readonly ulong[] _signatures;
        private readonly int[] _keys;
        private readonly string[] _keyText;
        private readonly Func<string, int, IEnumerable<ulong>> _probes;

        private SignatureIndex(ulong[] signatures, int[] keys, string[] keyText, Func<string, int, IEnumerable<ulong>> probes) =>
            (_signatures, _keys, _keyText, _probes) = (signatures, keys, keyText, probes);

        public long Entries => _signatures.Length;

        public static SignatureIndex Build(string[] keys, Func<string, IEnumerable<ulong>> signatures, Func<string, int, IEnumerable<ulong>> probes)
        {
            var pairs = new List<(ulong, int)>();
            for (var k = 0; k < keys.Length; k++)
                foreach (var s in signatures(keys[k])) pairs.Add((s, k));
            pairs.Sort();
            return new SignatureIndex(pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray(), keys, probes);
        }

        public List<string> Near(string query, int max)
        {
            var seen = new HashSet<int>();
            var found = new List<string>();
            foreach (var probe in _probes(query, max))
            {
                var at = Array.BinarySearch(_signatures, probe);
                if (at < 0) continue;
                while (at > 0 && _signatures[at - 1] == probe) at--;
                for (; at < _signatures.Length && _signatures[at] == probe; at++)
                    if (seen.Add(_keys[at]) && Fuzzy.EditDistance(query.AsSpan(), _keyText[_keys[at]].AsSpan(), max) <= max) found.Add(_keyText[_keys[at]]);
            }
            return found;
        }
    }

    /// <summary>The index as shipped before: partitions for every key (k = 1 for 2–5 letters, k = 2 for 3 or more).</summary>
    private static class PartitionOnly
    {
        public static IEnumerable<ulong> Signatures(string key)
        {
            if (key.Length is >= 2 and <= 5)
                foreach (var (start, length, segment) in Segments(key.Length, 1)) yield return Hash(1, key.Length, segment, key.AsSpan(start, length));
            if (key.Length >= 3)
                foreach (var (start, length, segment) in Segments(key.Length, 2)) yield return Hash(2, key.Length, segment, key.AsSpan(start, length));
        }

        public static IEnumerable<ulong> Probes(string query, int max)
        {
            var n = query.Length;
            var (minKey, maxKey) = max == 1 ? (2, 5) : (3, int.MaxValue);
            for (var length = Math.Max(minKey, n - max); length <= Math.Min(maxKey, n + max); length++)
                foreach (var (start, segmentLength, segment) in Segments(length, max))
                    for (var s = Math.Max(0, start - max); s <= Math.Min(n - segmentLength, start + max); s++)
                        yield return Hash(max, length, segment, query.AsSpan(s, segmentLength));
        }

        private static IEnumerable<(int Start, int Length, int Segment)> Segments(int length, int max)
        {
            var (k, start) = (max + 1, 0);
            for (var i = 0; i < k; i++)
            {
                var l = length / k + (i >= k - length % k ? 1 : 0);
                yield return (start, l, i);
                start += l;
            }
        }

        internal static ulong Hash(int max, int length, int segment, ReadOnlySpan<char> text)
        {
            var h = 0xCBF29CE484222325UL ^ ((ulong)max << 56) ^ ((ulong)segment << 48) ^ (ulong)length;
            foreach (var c in text) h = (h ^ c) * 0x100000001B3UL;
            return h;
        }
    }

    /// <summary>A Burkhard–Keller tree under edit distance: children by their distance to the node.</summary>
    private sealed class BkTree : INearIndex
    {
        private readonly string[] _keys;
        private readonly List<Dictionary<int, int>?> _children = [];

        public BkTree(string[] keys)
        {
            _keys = keys;
            var random = new Random(1); // inserted in random order: sorted keys make a degenerate tree
            var order = Enumerable.Range(0, keys.Length).OrderBy(_ => random.Next()).ToArray();
            _order = order;
            for (var i = 0; i < order.Length; i++) _children.Add(null);
            for (var i = 1; i < order.Length; i++)
            {
                var node = 0;
                while (true)
                {
                    var d = Fuzzy.EditDistance(keys[order[node]].AsSpan(), keys[order[i]].AsSpan(), int.MaxValue);
                    var children = _children[node] ??= [];
                    if (children.TryGetValue(d, out var child)) { node = child; continue; }
                    children[d] = i;
                    break;
                }
            }
        }

        private readonly int[] _order;

        public long Entries => _keys.Length;

        public List<string> Near(string query, int max)
        {
            var found = new List<string>();
            var stack = new Stack<int>();
            stack.Push(0);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                var key = _keys[_order[node]];
                var d = Fuzzy.EditDistance(query.AsSpan(), key.AsSpan(), int.MaxValue);
                if (d <= max) found.Add(key);
                if (_children[node] is not { } children) continue;
                foreach (var (distance, child) in children)
                    if (distance >= d - max && distance <= d + max) stack.Push(child);
            }
            return found;
        }
    }

    /// <summary>Padded bigrams: an edit destroys at most two of the query's bigrams, so a key within k edits holds at least
    /// (distinct bigrams of the query) − 2k of them; where that bound is 0 or less, every key of the length is a candidate.</summary>
    private sealed class BigramIndex : INearIndex
    {
        private readonly string[] _keys;
        private readonly Dictionary<(char, char), List<int>> _postings = [];
        private readonly Dictionary<int, int[]> _byLength;

        public BigramIndex(string[] keys)
        {
            _keys = keys;
            for (var k = 0; k < keys.Length; k++)
                foreach (var b in Bigrams(keys[k]).Distinct())
                    (_postings.TryGetValue(b, out var list) ? list : _postings[b] = []).Add(k);
            _byLength = Enumerable.Range(0, keys.Length).GroupBy(k => keys[k].Length).ToDictionary(x => x.Key, x => x.ToArray());
            Entries = _postings.Values.Sum(l => (long)l.Count);
        }

        public long Entries { get; }

        private static IEnumerable<(char, char)> Bigrams(string s)
        {
            var padded = "\u0001" + s + "\u0002";
            for (var i = 0; i + 1 < padded.Length; i++) yield return (padded[i], padded[i + 1]);
        }

        public List<string> Near(string query, int max)
        {
            var counts = new Dictionary<int, int>();
            var distinct = Bigrams(query).Distinct().ToList();
            foreach (var b in distinct)
                foreach (var k in _postings.GetValueOrDefault(b) ?? [])
                    if (Math.Abs(_keys[k].Length - query.Length) <= max) counts[k] = counts.GetValueOrDefault(k) + 1;
            var found = new List<string>();
            for (var l = query.Length - max; l <= query.Length + max; l++)
            {
                var need = distinct.Count - 2 * max;
                IEnumerable<int> candidates = need <= 0 ? _byLength.GetValueOrDefault(l) ?? [] : counts.Where(c => _keys[c.Key].Length == l && c.Value >= need).Select(c => c.Key);
                foreach (var k in candidates)
                    if (Fuzzy.EditDistance(query.AsSpan(), _keys[k].AsSpan(), max) <= max) found.Add(_keys[k]);
            }
            return found;
        }
    }
}
