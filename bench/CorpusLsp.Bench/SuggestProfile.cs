using System.Diagnostics;
using System.Globalization;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Bench;

/// <summary>
/// `bench gaz-suggest-profile FILE CACHE [ALT]`: where a "did you mean" query's time goes, measured from outside the
/// store. The cache is opened through a wrapper that counts each positioned read (a block cache miss of the store, or a
/// run read whole) by the section it falls in, with the time spent in it; /proc/self/io's read_bytes says how much
/// of it came from the disk rather than the page cache. Runs the latency run's lookups first (untimed), then the
/// 1,000 unknown names, as `gaz-load-once … latency` does.
/// </summary>
public static class SuggestProfile
{
    public static int Run(string[] args)
    {
        var (which, cacheDir) = (args[0], args[1]);
        var config = GazetteerLoad.Config(which, args.Length > 2 ? args[2] : "");
        var cache = new CountingCache(new DiskGazetteerCache(cacheDir));
        var g = GazetteerBuilder.Build(config, new PhysicalFileSystem(), cache).Gazetteer;
        var store = g.Store is HealingGazetteerStore h ? h.Current : g.Store;
        if (store is not FlatGazetteerStore flat) { Console.WriteLine("not a flat store"); return 1; }
        cache.Sections = flat.Sections;
        var names = GazetteerLoad.SampleNames(g);
        foreach (var name in names) { g.Lookup(name); g.Complete(name[..Math.Min(3, name.Length)], 50); }
        var unknown = GazetteerLoad.UnknownNames(g);
        // With "--warm N": N other made-up names first (another seed), untimed: what is left is the steady state.
        var warm = Array.IndexOf(args, "--warm") is var w and > 0 ? int.Parse(args[w + 1], CultureInfo.InvariantCulture) : 0;
        // With "--warm-table": the near-miss bucket table read whole first, untimed (what the first queries of a fresh
        // process pay for it: they read its pages themselves while the warming thread is still on its way).
        if (args.Contains("--warm-table")) flat.WarmNearBucketTable();
        var random = new Random(7);
        for (var i = 0; i < warm; i++) g.Suggest(new string(Enumerable.Range(0, random.Next(4, 14)).Select(_ => (char)('a' + random.Next(26))).ToArray()));
        var rows = new List<Row>();
        var cpuMs = new List<double>();
        var cpuByLength = new List<(int Length, double Ms)>();
        foreach (var name in unknown)
        {
            cache.Reset();
            var disk = DiskReadBytes();
            var (allocated, pause) = (GC.GetAllocatedBytesForCurrentThread(), GC.GetTotalPauseDuration());
            // As Gazetteer.Suggest does, in two timed steps: the order (Suggestions), then the entries shown.
            var scanned = flat.NearPostingsScanned;
            var cpu = ThreadClock.NowNanoseconds();
            var t = Stopwatch.StartNew();
            var folded = NameFolding.Fold(name);
            var found = folded.Length < 3 ? [] : g.Store.Suggestions(folded, NearMiss.MaxDistance(folded.Length), 5);
            var orderMs = t.Elapsed.TotalMilliseconds;
            var orderReads = cache.Reads.Sum();
            foreach (var x in found) g.Store.Entry(x.Index);
            var ms = t.Elapsed.TotalMilliseconds;
            cpuMs.Add((ThreadClock.NowNanoseconds() - cpu) / 1e6);
            cpuByLength.Add((folded.Length, cpuMs[^1]));
            rows.Add(new Row(name, ms, cache.Reads.ToArray(), cache.Bytes.ToArray(), cache.Ticks * 1000.0 / Stopwatch.Frequency, DiskReadBytes() - disk,
                GC.GetAllocatedBytesForCurrentThread() - allocated, (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, orderMs, orderReads, flat.NearPostingsScanned - scanned, cpuMs[^1]));
        }
        var sorted = rows.OrderBy(r => r.Ms).ToList();
        cpuMs.Sort();
        // Thread processor time: what the query itself cost, without the waits of a shared machine's other jobs.
        Console.WriteLine(FormattableString.Invariant($"did you mean, thread processor time: p50 {cpuMs[cpuMs.Count / 2]:0.000} ms, p90 {cpuMs[cpuMs.Count * 9 / 10]:0.000}, p99 {cpuMs[cpuMs.Count * 99 / 100]:0.000} ms"));
        // Which query lengths the slow queries have: the index's two schemes split by key length.
        Console.WriteLine("thread processor time by query length: " + string.Join("; ", cpuByLength.GroupBy(x => x.Length switch { <= 6 => "3–6", <= 9 => "7–9", <= 12 => "10–12", _ => "13+" })
            .OrderBy(x => x.Min(y => y.Length)).Select(x => x.Select(y => y.Ms).Order().ToList() is var ms
                ? FormattableString.Invariant($"{x.Key} letters ({ms.Count}): p50 {ms[ms.Count / 2]:0.000}, p90 {ms[ms.Count * 9 / 10]:0.000}, max {ms[^1]:0.000} ms, {ms.Count(m => m >= cpuMs[cpuMs.Count * 99 / 100])} at or over the p99") : "")));
        var scans = rows.Select(r => r.Postings).Order().ToList();
        Console.WriteLine(FormattableString.Invariant($"near-miss postings scanned per query: p50 {scans[scans.Count / 2]}, p90 {scans[scans.Count * 9 / 10]}, p99 {scans[scans.Count * 99 / 100]}, max {scans[^1]}; by query length: {string.Join(", ", rows.GroupBy(r => NameFolding.Fold(r.Name).Length).OrderBy(x => x.Key).Select(x => FormattableString.Invariant($"{x.Key}: {x.Count()}× {x.Average(r => r.Postings):0}")))}"));
        // Reads per query do not depend on the machine's other jobs: the steady figure to compare two builds by.
        var preads = rows.Select(r => r.Reads.Sum()).Order().ToList();
        Console.WriteLine(FormattableString.Invariant($"positioned reads per query: p50 {preads[preads.Count / 2]}, p90 {preads[preads.Count * 9 / 10]}, p99 {preads[preads.Count * 99 / 100]}, max {preads[^1]}"));
        var orders = rows.Select(r => r.OrderMs).Order().ToList();
        Console.WriteLine(FormattableString.Invariant($"order alone (Suggestions) p50 {orders[orders.Count / 2]:0.000} ms, p99 {orders[orders.Count * 99 / 100]:0.000} ms"));
        Console.WriteLine(FormattableString.Invariant($"did you mean p50 {sorted[sorted.Count / 2].Ms:0.000} ms, p90 {sorted[sorted.Count * 9 / 10].Ms:0.000}, p99 {sorted[sorted.Count * 99 / 100].Ms:0.000} ms over {rows.Count}"));
        void Summary(string label, IReadOnlyList<Row> set)
        {
            var reads = Enumerable.Range(0, FlatGazetteerStore.SectionCount).Select(s => (s, set.Average(r => r.Reads[s]), set.Average(r => r.Bytes[s]))).Where(x => x.Item2 > 0.05)
                .OrderByDescending(x => x.Item2).Select(x => FormattableString.Invariant($"{(FlatGazetteerStore.Section)x.s} {x.Item2:0.0} ({x.Item3 / 1024:0} KB)"));
            Console.WriteLine(FormattableString.Invariant($"{label}: {set.Average(r => r.Ms):0.000} ms (thread processor {set.Average(r => r.CpuMs):0.000} ms), near-miss postings scanned {set.Average(r => r.Postings):0} (max {set.Max(r => r.Postings)}) (order {set.Average(r => r.OrderMs):0.000} ms, {set.Average(r => r.OrderReads):0.0} preads), preads {set.Average(r => r.Reads.Sum()):0.0} taking {set.Average(r => r.ReadMs):0.000} ms, from disk {set.Average(r => r.Disk) / 1024:0} KB, allocated {set.Average(r => r.Allocated) / 1024:0} KB, GC pause {set.Average(r => r.GcMs):0.000} ms; by section {string.Join(", ", reads)}"));
        }
        Summary("all", rows);
        Summary("slowest 1%", sorted.TakeLast(10).ToList());
        Summary("fastest 50%", sorted.Take(500).ToList());
        // By thread processor time, what the p99 above counts: a shared machine's waits move the wall-clock order.
        var byCpu = rows.OrderBy(r => r.CpuMs).ToList();
        Summary("slowest 1% by processor time", byCpu.TakeLast(10).ToList());
        foreach (var r in byCpu.TakeLast(12).Reverse())
        {
            var reads = Enumerable.Range(0, FlatGazetteerStore.SectionCount).Where(s => r.Reads[s] > 0).Select(s => $"{(FlatGazetteerStore.Section)s} {r.Reads[s]}");
            Console.WriteLine(FormattableString.Invariant($"  #{unknown.IndexOf(r.Name),-4} cpu {r.CpuMs,7:0.000} ms wall {r.Ms,8:0.000} ms (order {r.OrderMs:0.000} ms, {r.OrderReads} preads) {NameFolding.Fold(r.Name),-16} postings {r.Postings,6} preads {r.Reads.Sum(),4} {r.ReadMs:0.000} ms disk {r.Disk / 1024} KB alloc {r.Allocated / 1024} KB gc {r.GcMs:0.00} ms: {string.Join(", ", reads)}"));
        }
        // The slowest by processor time again, each 20 times in a row: the least is its processor time with its blocks in the
        // store's cache (reads left: those the cache does not keep), what the query costs besides reading.
        // "--again a,b,c": these names instead of the slowest (the same names for two builds).
        var again = Array.IndexOf(args, "--again") is var at and > 0 ? args[at + 1].Split(',').Select(n => rows.FirstOrDefault(r => NameFolding.Fold(r.Name) == n)).OfType<Row>().ToList() : byCpu.TakeLast(8).Reverse().ToList();
        foreach (var r in again)
        {
            var folded = NameFolding.Fold(r.Name);
            var (least, reads) = (double.MaxValue, 0);
            for (var i = 0; i < 20; i++)
            {
                cache.Reset();
                var cpu = ThreadClock.NowNanoseconds();
                g.Store.Suggestions(folded, NearMiss.MaxDistance(folded.Length), 5);
                least = Math.Min(least, (ThreadClock.NowNanoseconds() - cpu) / 1e6);
                reads = cache.Reads.Sum();
            }
            Console.WriteLine(FormattableString.Invariant($"  again ×20 least {least:0.000} ms (first {r.CpuMs:0.000} ms) {folded,-16} postings {r.Postings,6} preads {reads}"));
        }
        return 0;
    }

    private sealed record Row(string Name, double Ms, int[] Reads, long[] Bytes, double ReadMs, long Disk, long Allocated, double GcMs, double OrderMs, int OrderReads, long Postings, double CpuMs);

    /// <summary>This thread's /proc io file, opened once (by the thread that measures: "thread-self" is resolved on opening).</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle? _io;

    /// <summary>
    /// read_bytes of /proc/thread-self/io, read without allocating: reading it line by line made ~10 KB of garbage per
    /// query (a stream, a reader, a string per line), and the collections that garbage set off fell inside timed queries.
    /// </summary>
    private static long DiskReadBytes()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        _io ??= File.OpenHandle("/proc/thread-self/io");
        Span<byte> text = stackalloc byte[1024];
        text = text[..RandomAccess.Read(_io, text, 0)];
        var at = text.IndexOf("read_bytes:"u8);
        if (at < 0) return 0;
        var value = 0L;
        foreach (var b in text[(at + 11)..].TrimStart((byte)' '))
        {
            if (b is < (byte)'0' or > (byte)'9') break;
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private sealed class CountingCache(DiskGazetteerCache inner) : IGazetteerCache
    {
        public IReadOnlyList<(int Part, long Offset, long Length)>? Sections;
        public readonly int[] Reads = new int[FlatGazetteerStore.SectionCount];
        public readonly long[] Bytes = new long[FlatGazetteerStore.SectionCount];
        public long Ticks;

        public void Reset() { Array.Clear(Reads); Array.Clear(Bytes); Ticks = 0; }

        public Stream? OpenRead(string key) => inner.OpenRead(key);
        public void Write(string key, Action<Stream> write) => inner.Write(key, write);
        public ReadOnlyMemory<byte>? Map(string key) => inner.Map(key);
        public IScratchStorage? Scratch => ((IGazetteerCache)inner).Scratch;
        public string? RecallKey(string stamp) => ((IGazetteerCache)inner).RecallKey(stamp);
        public void RememberKey(string stamp, string key) => ((IGazetteerCache)inner).RememberKey(stamp, key);

        public IPositionedBytes? OpenPositioned(string key)
        {
            var part = key.Contains('.') ? int.Parse(key[(key.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture) : 0;
            return inner.OpenPositioned(key) is { } bytes ? new Counting(this, bytes, part) : null;
        }

        private sealed class Counting(CountingCache owner, IPositionedBytes inner, int part) : IPositionedBytes
        {
            public long Length => inner.Length;

            public int Read(long offset, Span<byte> destination)
            {
                var start = Stopwatch.GetTimestamp();
                var n = inner.Read(offset, destination);
                owner.Ticks += Stopwatch.GetTimestamp() - start;
                if (owner.Sections is { } sections)
                    for (var s = 0; s < sections.Count; s++)
                        if (sections[s].Part == part && offset >= sections[s].Offset && offset < sections[s].Offset + sections[s].Length)
                        {
                            owner.Reads[s]++;
                            owner.Bytes[s] += destination.Length;
                            break;
                        }
                return n;
            }
        }
    }
}
