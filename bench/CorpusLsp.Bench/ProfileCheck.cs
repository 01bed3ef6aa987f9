using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Bench;

/// <summary>Phases of a `check` run: `bench profile-check DIR` (a corpus made with `gen`).</summary>
public static class ProfileCheck
{
    public static int Run(string[] args)
    {
        var dir = PhysicalFileSystem.Normalize(args[0]);
        var sw = Stopwatch.StartNew();
        var snapshot = CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache());
        var load = sw.Elapsed.TotalSeconds;
        Parallel.ForEach(snapshot.Sidecars, p => snapshot.Analyze(p));
        var analyze = sw.Elapsed.TotalSeconds;
        snapshot.CrossDocumentDiagnostics();
        var cross = sw.Elapsed.TotalSeconds;
        var all = snapshot.AllDiagnostics();
        var collect = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"load {load:0.00} s, analyze {analyze - load:0.00} s, cross-document {cross - analyze:0.00} s, collect {collect - cross:0.00} s; {all.Length} diagnostics, {snapshot.Files.Count} files");
        return 0;
    }
}
