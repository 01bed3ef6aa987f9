using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;

namespace CorpusLsp.Bench;

/// <summary>Load time and memory of a gazetteer: `bench gaz-load cities500|cities15000 [runs]`, cold (parse) and warm (cache).</summary>
public static class GazetteerLoad
{
    public static int Run(string[] args)
    {
        var which = args.FirstOrDefault() ?? "cities500";
        var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
        var root = PhysicalFileSystem.Normalize(Path.Combine(Repo.Shared, "data", "geonames"));
        ConfiguredPath P(string f) => new(root + "/" + f, default);
        var config = CorpusConfig.Default(root) with { GeonamesFiles = [P(which + ".txt")], Admin1 = P("admin1CodesASCII.txt"), Admin2 = P("admin2Codes.txt"), Countries = P("countryInfo.txt") };
        var cacheDir = Path.Combine(Path.GetTempPath(), "corpuslsp-bench-cache");
        if (Directory.Exists(cacheDir)) Directory.Delete(cacheDir, true);
        var times = new List<(string Kind, double Ms)>();
        for (var i = 0; i < runs; i++)
        {
            var cache = new DiskGazetteerCache(cacheDir);
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var result = GazetteerBuilder.Build(config, new PhysicalFileSystem(), cache);
            sw.Stop();
            times.Add((i == 0 ? "cold (parse + index + write cache)" : "warm (from cache)", sw.Elapsed.TotalMilliseconds));
            Console.WriteLine($"run {i + 1}: {sw.Elapsed.TotalMilliseconds:0} ms, {result.Gazetteer.Count:N0} entries, {result.Gazetteer.NameCount:N0} names, managed heap {GC.GetTotalMemory(true) / 1e6:0} MB, RSS {Process.GetCurrentProcess().WorkingSet64 / 1e6:0} MB");
        }
        // Lookup and completion latency on the loaded index: names of real entries, folded variants, typos, prefixes.
        var g = GazetteerBuilder.Build(config, new PhysicalFileSystem(), new DiskGazetteerCache(cacheDir)).Gazetteer;
        var random = new Random(1);
        var names = Enumerable.Range(0, 2000).Select(_ => g.Entries[random.Next(g.Count)].Name).ToList();
        var lookups = new List<double>();
        var completions = new List<double>();
        var ranked = new List<double>();
        foreach (var name in names)
        {
            var sw2 = Stopwatch.StartNew(); g.Lookup(name); lookups.Add(sw2.Elapsed.TotalMilliseconds);
            sw2.Restart(); g.Complete(name[..Math.Min(3, name.Length)], 50); completions.Add(sw2.Elapsed.TotalMilliseconds);
            sw2.Restart(); PlaceResolver.Rank(g, name, ResolutionContext.None); ranked.Add(sw2.Elapsed.TotalMilliseconds);
        }
        static string Pct(List<double> xs) { xs.Sort(); return $"p50 {xs[xs.Count / 2]:0.000} ms, p99 {xs[(int)(xs.Count * 0.99)]:0.000} ms"; }
        Console.WriteLine($"lookup {Pct(lookups)}; rank {Pct(ranked)}; completion (3-letter prefix, 50 items) {Pct(completions)} over {names.Count} names");
        var warm = times.Skip(1).Select(t => t.Ms).Order().ToList();
        if (warm.Count > 0) Console.WriteLine($"{which}: cold {times[0].Ms:0} ms; warm median {warm[warm.Count / 2]:0} ms over {warm.Count} runs");
        return 0;
    }
}
