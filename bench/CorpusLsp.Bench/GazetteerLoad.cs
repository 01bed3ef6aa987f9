using System.Diagnostics;
using System.Globalization;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;

namespace CorpusLsp.Bench;

/// <summary>
/// Load time and memory of a gazetteer: `bench gaz-load cities500|cities15000|PATH [runs]`. Run 1 builds the index
/// from the dumps and writes the cache (in this process); every later run is a fresh process that loads from the
/// cache, as a restarted server does, and reports its load time, its resident memory, and lookup and completion
/// latency on names of real entries.
/// </summary>
public static class GazetteerLoad
{
    public static int Run(string[] args)
    {
        var which = args.FirstOrDefault() ?? "cities500";
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var alternates = args.Length > 2 ? args[2] : "";
        var cacheDir = Path.Combine(Path.GetTempPath(), "corpuslsp-bench-cache-" + Path.GetFileNameWithoutExtension(which));
        if (Directory.Exists(cacheDir)) Directory.Delete(cacheDir, true);
        var config = Config(which, alternates);

        var sw = Stopwatch.StartNew();
        var cold = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir));
        sw.Stop();
        Console.WriteLine($"cold: {sw.Elapsed.TotalMilliseconds:0} ms to parse, index and write the cache; {cold.Gazetteer.Count:N0} entries, {cold.Gazetteer.NameCount:N0} names; " +
            $"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB; cache file {Directory.GetFiles(cacheDir).Sum(f => new FileInfo(f).Length) / 1e6:0} MB");

        var loads = new List<double>();
        var rss = new List<double>();
        for (var i = 1; i < runs; i++)
        {
            // Under `dotnet bench.dll` the host needs the assembly; the apphost (`dotnet run`) does not.
            string[] childArgs = ["gaz-load-once", which, cacheDir, i == runs - 1 ? "latency" : "load", alternates];
            var viaHost = Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet";
            var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, viaHost ? [typeof(GazetteerLoad).Assembly.Location, .. childArgs] : childArgs)
            { RedirectStandardOutput = true })!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            Console.Write(output);
            var fields = output.Split('\n')[0].Split(' ');
            loads.Add(double.Parse(fields[1], CultureInfo.InvariantCulture));
            rss.Add(double.Parse(fields[4], CultureInfo.InvariantCulture));
        }
        if (loads.Count > 0)
            Console.WriteLine($"{which}: cold {sw.Elapsed.TotalMilliseconds:0} ms; from cache in a fresh process: median {Median(loads):0} ms, RSS median {Median(rss):0} MB over {loads.Count} runs");
        return 0;
    }

    /// <summary>One fresh process: load from the cache, report time and memory; with "latency", also time lookups and completions.</summary>
    public static int Once(string[] args)
    {
        var (which, cacheDir, latency) = (args[0], args[1], args.Length > 2 && args[2] == "latency");
        var config = Config(which, args.Length > 3 ? args[3] : "");
        var sw = Stopwatch.StartNew();
        var g = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
        var ms = sw.Elapsed.TotalMilliseconds;
        var process = Process.GetCurrentProcess();
        var rssAfterLoad = process.WorkingSet64;
        // The cache key hashes the dumps' content (every byte of them): reported apart, it is not the index's cost.
        sw.Restart();
        GazetteerCacheFormat.Key(config.GeoNamesInputs.Select(p => (Stream)File.OpenRead(p.Path)));
        var keyMs = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine(FormattableString.Invariant($"load {ms:0.0} ms rss {rssAfterLoad / 1e6:0} MB managed {GC.GetTotalMemory(false) / 1e6:0} MB, {g.Count:N0} entries; hashing the dumps for the key alone: {keyMs:0} ms"));
        if (args.Length > 2 && args[2] == "lookups") return LookupsOnly(g, cacheDir);
        if (args.Length > 2 && args[2] == "suggest") return SuggestOnly(g);
        if (!latency) return 0;
        var names = SampleNames(g);
        var lookups = new List<double>();
        var completions = new List<double>();
        var ranked = new List<double>();
        foreach (var name in names)
        {
            var t = Stopwatch.StartNew(); g.Lookup(name); lookups.Add(t.Elapsed.TotalMilliseconds);
            t.Restart(); g.Complete(name[..Math.Min(3, name.Length)], 50); completions.Add(t.Elapsed.TotalMilliseconds);
            t.Restart(); PlaceResolver.Rank(g, name, ResolutionContext.None); ranked.Add(t.Elapsed.TotalMilliseconds);
        }
        process.Refresh();
        Console.WriteLine($"lookup {Pct(lookups)}; rank {Pct(ranked)}; completion (3-letter prefix, 50 items) {Pct(completions)} over {names.Length} names; RSS after {process.WorkingSet64 / 1e6:0} MB ({ResidentSplit()})");
        Console.WriteLine($"  resident cache pages by section: {ResidentSections(g, cacheDir)}");
        // "Did you mean" on names the gazetteer does not have: typos of real names (1–2 edits) and made-up words.
        var suggest = new List<double>();
        var unknown = UnknownNames(g);
        foreach (var name in unknown)
        {
            var t = Stopwatch.StartNew(); g.Suggest(name); suggest.Add(t.Elapsed.TotalMilliseconds);
        }
        process.Refresh();
        Console.WriteLine($"did you mean {Pct(suggest)} over {unknown.Count} unknown names; RSS after {process.WorkingSet64 / 1e6:0} MB ({ResidentSplit()})");
        Console.WriteLine($"  resident cache pages by section: {ResidentSections(g, cacheDir)}");
        return 0;
    }

    /// <summary>
    /// `gaz-load-once FILE CACHE lookups [ALT]`: what 1,000 lookups cost in memory, alone: each of the first 1,000 sampled
    /// names looked up and ranked (as hover and `place` do), no completion or "did you mean".
    /// </summary>
    private static int LookupsOnly(Gazetteer g, string cacheDir)
    {
        var names = SampleNames(g).Take(1000).ToArray();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var lookups = new List<double>();
        foreach (var name in names)
        {
            var t = Stopwatch.StartNew();
            PlaceResolver.Rank(g, name, ResolutionContext.None);
            lookups.Add(t.Elapsed.TotalMilliseconds);
        }
        process.Refresh();
        Console.WriteLine($"lookup and rank {Pct(lookups)} over {names.Length} names; RSS {before / 1e6:0} MB after sampling, {process.WorkingSet64 / 1e6:0} MB after ({ResidentSplit()})");
        Console.WriteLine($"  resident cache pages by section: {ResidentSections(g, cacheDir)}");
        return 0;
    }

    /// <summary>
    /// `gaz-load-once FILE CACHE suggest [ALT]`: "did you mean" alone on the 1,000 unknown names of the latency run, then
    /// what the slowest queries found (keys within the distance, their postings) and what NearKeys alone costs on them.
    /// </summary>
    private static int SuggestOnly(Gazetteer g)
    {
        var unknown = UnknownNames(g);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var times = new List<(double Ms, string Name)>();
        foreach (var name in unknown)
        {
            var t = Stopwatch.StartNew(); g.Suggest(name); times.Add((t.Elapsed.TotalMilliseconds, name));
        }
        process.Refresh();
        Console.WriteLine($"did you mean {Pct(times.Select(t => t.Ms).ToList())} over {unknown.Count} unknown names; CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds:0} ms; RSS {process.WorkingSet64 / 1e6:0} MB");
        // The same names again: the blocks they read are checked and (most) cached now, so this is the index's own work.
        var second = new List<double>();
        foreach (var (_, name) in times)
        {
            var t = Stopwatch.StartNew(); g.Suggest(name); second.Add(t.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"did you mean, the same names again: {Pct(second)}");
        foreach (var (ms, name) in times.OrderByDescending(t => t.Ms).Take(12))
        {
            var folded = NameFolding.Fold(name);
            var t = Stopwatch.StartNew();
            var keys = g.Store.NearKeys(folded, NearMiss.MaxDistance(folded.Length)).ToList();
            var near = t.Elapsed.TotalMilliseconds;
            var postings = keys.Sum(k => g.Store.ByFold(k.Key)?.Length ?? 0);
            t.Restart(); g.Suggest(name); var again = t.Elapsed.TotalMilliseconds;
            Console.WriteLine(FormattableString.Invariant($"  {ms,8:0.000} ms  {folded,-24} keys {keys.Count,5} postings {postings,6}; NearKeys again {near:0.000} ms, Suggest again {again:0.000} ms"));
        }
        return 0;
    }

    /// <summary>
    /// Resident memory split as Linux counts it: RssAnon (the process's own heap) and RssFile (pages of mapped files,
    /// here the cache: the kernel may drop them at any time, but they count in RSS).
    /// </summary>
    private static string ResidentSplit()
    {
        if (!File.Exists("/proc/self/status")) return "split n/a";
        var fields = File.ReadAllLines("/proc/self/status").Select(l => l.Split(':', 2)).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1].Trim());
        string Mb(string key) => fields.TryGetValue(key, out var v) && long.TryParse(v.Split(' ')[0], out var kb) ? $"{kb / 1000} MB" : "?";
        return $"RssAnon {Mb("RssAnon")}, RssFile {Mb("RssFile")}";
    }

    /// <summary>
    /// Which sections of the mapped cache are resident in this process (Linux: /proc/self/maps and the present bit of
    /// /proc/self/pagemap), the largest first: what RssFile is made of.
    /// </summary>
    private static string ResidentSections(Gazetteer g, string cacheDir)
    {
        var store = g.Store is HealingGazetteerStore h ? h.Current : g.Store;
        if (store is not FlatGazetteerStore flat || !File.Exists("/proc/self/pagemap")) return "n/a";
        var starts = new Dictionary<int, long>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !fields[5].StartsWith(cacheDir, StringComparison.Ordinal) || fields[2] != "00000000") continue;
            var name = Path.GetFileNameWithoutExtension(fields[5]); // "KEY" or "KEY.N" (part N)
            var part = name.Contains('.') ? int.Parse(name[(name.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture) : 0;
            starts[part] = long.Parse(fields[0].Split('-')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        using var pagemap = File.OpenRead("/proc/self/pagemap");
        var resident = new List<(string, long)>();
        var buffer = new byte[8 << 12];
        for (var i = 0; i < flat.Sections.Count; i++)
        {
            var (part, offset, length) = flat.Sections[i];
            if (!starts.TryGetValue(part, out var start) || length == 0) continue;
            long pages = 0;
            for (long page = (start + offset) >> 12, last = (start + offset + length - 1) >> 12; page <= last;)
            {
                var n = (int)Math.Min(buffer.Length / 8, last - page + 1);
                pagemap.Position = page * 8;
                pagemap.ReadExactly(buffer, 0, n * 8);
                for (var k = 0; k < n; k++) if ((buffer[k * 8 + 7] & 0x80) != 0) pages++;
                page += n;
            }
            resident.Add(($"{(FlatGazetteerStore.Section)i} {pages * 4096 / 1e6:0}/{length / 1e6:0} MB", pages));
        }
        return string.Join(", ", resident.OrderByDescending(r => r.Item2).Take(8).Select(r => r.Item1));
    }

    /// <summary>1,000 names the gazetteer does not have: typos of real names (1–2 edits) and made-up words, with a fixed seed.</summary>
    public static List<string> UnknownNames(Gazetteer g) => UnknownNames(SampleNames(g), n => g.Lookup(n).Count > 0);

    /// <summary>Typos of the sampled names and made-up words, the first 1,000 that are not <paramref name="known"/>.</summary>
    public static List<string> UnknownNames(IEnumerable<string> sample, Func<string, bool> known)
    {
        var random = new Random(3);
        return sample.Select(n => Typo(n, random)).Concat(Enumerable.Range(0, 500).Select(_ => new string(Enumerable.Range(0, random.Next(4, 14)).Select(_ => (char)('a' + random.Next(26))).ToArray())))
            .Where(n => !known(n)).Take(1000).ToList();
    }

    private static string Typo(string name, Random random)
    {
        for (var edits = random.Next(1, 3); edits > 0 && name.Length > 1; edits--)
        {
            var at = random.Next(name.Length);
            name = random.Next(3) switch { 0 => name.Remove(at, 1), 1 => name.Insert(at, "q"), _ => name.Remove(at, 1).Insert(at, "x") };
        }
        return name;
    }

    public static CorpusConfig Config(string which, string alternates = "")
    {
        var root = PhysicalFileSystem.Normalize(Path.Combine(Repo.Shared, "data", "geonames"));
        ConfiguredPath P(string f) => new(root + "/" + f, default);
        // A path is a dump of its own (the synthetic gazetteer); a name is one of the GeoNames cities files with the admin and country files.
        return File.Exists(which)
            ? CorpusConfig.Default(root) with
            {
                GeonamesFiles = [new ConfiguredPath(PhysicalFileSystem.Normalize(Path.GetFullPath(which)), default)], Admin1 = null, Admin2 = null, Countries = null,
                AlternateNames = alternates.Length > 0 ? new ConfiguredPath(PhysicalFileSystem.Normalize(Path.GetFullPath(alternates)), default) : null,
            }
            : CorpusConfig.Default(root) with { GeonamesFiles = [P(which + ".txt")], Admin1 = P("admin1CodesASCII.txt"), Admin2 = P("admin2Codes.txt"), Countries = P("countryInfo.txt") };
    }

    /// <summary>The names latency is measured on: 2,000 real entries drawn with a fixed seed, the same in every harness.</summary>
    public static string[] SampleNames(Gazetteer g)
    {
        var random = new Random(1);
        return Enumerable.Range(0, 2000).Select(_ => g.EntryAt(random.Next(g.Count)).Name).ToArray();
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static string Pct(List<double> xs)
    {
        xs.Sort();
        return FormattableString.Invariant($"p50 {xs[xs.Count / 2]:0.000} ms, p99 {xs[(int)(xs.Count * 0.99)]:0.000} ms");
    }
}
