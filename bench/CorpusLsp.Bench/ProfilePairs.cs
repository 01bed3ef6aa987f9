using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Bench;

/// <summary>
/// Where a pair's check spends its time once the code is warm: `bench profile-pairs DIR [ROUNDS]` runs each phase over
/// every pair of a corpus (made with `gen`) on one thread, a round to warm up and then ROUNDS measured, and prints
/// processor microseconds per pair for each phase (the median round).
/// </summary>
public static class ProfilePairs
{
    public static int Run(string[] args)
    {
        var dir = PhysicalFileSystem.Normalize(args[0]);
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var fs = new PhysicalFileSystem();
        var snapshot = CorpusSnapshot.Load(dir, fs, new DiskGazetteerCache());
        var sidecars = snapshot.Sidecars.ToList();
        var texts = sidecars.Select(p => snapshot.TextOf(p)!).ToList();
        var articles = sidecars.Select(p => snapshot.Pairs[p] is { } a ? snapshot.TextOf(a) : null).ToList();
        snapshot.SourceProfileOf(sidecars[0]);
        var phases = new (string Name, Action<int> Work)[]
        {
            ("read + decode", i => SourceText.DecodeUtf8(fs.ReadAllBytes(sidecars[i])!, out _)),
            ("yaml tree", i => YamlTree.ParseRecovering(sidecars[i], texts[i])),
            ("schema", i => new SchemaValidator(sidecars[i]).Validate(YamlTree.Parse(sidecars[i], texts[i]).Root!, BuiltInSchemas.Annotation.Root)),
            ("sidecar read (tree+schema+model)", i => SidecarReader.Read(sidecars[i], texts[i])),
            ("analyze (read excluded)", i => Analyze(snapshot, sidecars[i], texts[i], articles[i])),
            ("article checks", i => ArticleChecks.Check(snapshot.Analyze(sidecars[i])!)),
        };
        var results = phases.ToDictionary(p => p.Name, _ => new List<double>());
        var allocated = phases.ToDictionary(p => p.Name, _ => 0L);
        for (var round = 0; round <= rounds; round++)
            foreach (var (name, work) in phases)
            {
                // Processor time, not wall time: on a shared machine the wall clock measures the neighbours too.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < sidecars.Count; i++) work(i);
                allocated[name] = (GC.GetAllocatedBytesForCurrentThread() - bytes) / sidecars.Count;
                if (round > 0) results[name].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / sidecars.Count);
            }
        foreach (var (name, times) in results)
            Console.WriteLine($"{name,-36} {times.Order().ElementAt(times.Count / 2),8:0.0} µs/pair {allocated[name] / 1024,8} KB allocated/pair");
        var direct = sidecars.Where((p, i) => BlockYaml.TryParse(p, texts[i]) is not null).Count();
        Console.WriteLine($"the direct YAML reader took {direct} of {sidecars.Count} sidecars (the rest went to YamlDotNet)");
        Console.WriteLine($"(schema includes a tree parse; {sidecars.Count} pairs, median of {rounds} rounds, one thread, processor time of the process)");
        return 0;
    }

    private static readonly Dictionary<string, (Sidecar, System.Collections.Immutable.ImmutableArray<CorpusLsp.Core.Diagnostics.Diagnostic>)> Read = new();

    private static void Analyze(CorpusSnapshot snapshot, string path, SourceText text, SourceText? article)
    {
        if (!Read.TryGetValue(path, out var read)) Read[path] = read = SidecarReader.Read(path, text);
        DocumentAnalyzer.Analyze(read.Item1, read.Item2, snapshot.Pairs[path], article, snapshot.Gazetteer, snapshot.Config, snapshot.FirstOverlayPath, snapshot.SourceProfileOf(path));
    }
}
