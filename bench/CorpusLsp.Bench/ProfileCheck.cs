using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Bench;

/// <summary>
/// Phases of a `check` run: `bench profile-check DIR` (a corpus made with `gen`); wall and processor seconds of each;
/// `BENCH_ALLOC=1` adds each phase's allocation by type.
/// </summary>
public static class ProfileCheck
{
    public static int Run(string[] args)
    {
        var dir = PhysicalFileSystem.Normalize(args[0]);
        var phases = new List<string>();
        using var sampler = AllocationSampler.FromEnvironment();
        sampler?.Start();
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        void Phase(string name)
        {
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            phases.Add($"{name} {sw.Elapsed.TotalSeconds:0.00} s ({(now - cpu).TotalSeconds:0.00} s cpu)");
            if (sampler is not null)
            {
                Console.WriteLine($"  {name}:");
                sampler.StopAndPrint(runs: 1, top: 12);
                sampler.Start();
            }
            sw.Restart();
            cpu = now;
        }
        // As `check` holds it: each pair's analysis let go once its facts are taken.
        var snapshot = CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache()).Retaining(_ => false);
        Phase("load");
        snapshot.AllSourceProfiles();
        Phase("parse + profiles");
        Parallel.ForEach(snapshot.Sidecars, p => snapshot.Analyze(p));
        Phase("analyze");
        snapshot.CrossDocumentDiagnostics();
        Phase("cross-document");
        var all = snapshot.AllDiagnostics();
        Phase("collect");
        Console.WriteLine($"{string.Join(", ", phases)}; {all.Length} diagnostics, {snapshot.Files.Count} files");
        Console.WriteLine($"GC: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalSeconds:0.00} s, "
            + $"{GC.GetTotalAllocatedBytes() >> 20} MB allocated, {GC.GetTotalMemory(false) >> 20} MB live; JIT: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.00} s");
        return 0;
    }
}
