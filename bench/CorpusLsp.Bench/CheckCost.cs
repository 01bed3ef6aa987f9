using System.Diagnostics;

namespace CorpusLsp.Bench;

/// <summary>
/// What `corpuslsp check` costs per pair, run in this process: `bench check-cost DIR [RUNS]` runs the CLI's check on a
/// corpus (made with `gen`) RUNS times (default 3; the first pays for the JIT and reads the gazetteer cache) and prints
/// for each run its wall and processor seconds, the bytes allocated per pair and the GC counts. The allocation is the
/// figure to compare between builds: it does not depend on what else the machine runs.
/// </summary>
public static class CheckCost
{
    public static int Run(string[] args)
    {
        var dir = Path.GetFullPath(args[0]);
        var runs = args.Length > 1 ? int.Parse(args[1]) : 3;
        var pairs = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Count(p => File.Exists(Path.ChangeExtension(p, ".txt")));
        for (var run = 1; run <= runs; run++)
        {
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var exit = CorpusLsp.Cli.Program.Run(["check", dir, "--no-progress", "--format", "json"], TextWriter.Null, TextWriter.Null);
            var seconds = wall.Elapsed.TotalSeconds;
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var perPair = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / Math.Max(pairs, 1);
            Console.WriteLine($"run {run}: exit {exit}, {seconds:0.00} s wall ({pairs / seconds:0} pairs/s), {used:0.00} s cpu ({used * 1e6 / Math.Max(pairs, 1):0} µs/pair), "
                + $"{perPair / 1024.0:0.0} KB allocated/pair, GC {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen 0/1/2)");
        }
        return 0;
    }
}
