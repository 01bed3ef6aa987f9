using CorpusLsp.Cli;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Bench;

/// <summary>
/// What reading one sidecar costs, step by step (the block reader's tree, the schema check on it, the whole read into the
/// model), as medians of thread processor time over many reads: `bench read-cost FILE [READS]`. Both the per-edit analysis
/// of a long sidecar and `check`'s per-pair work start with this read. `bench read-cost DIR` reads every pair of a corpus
/// as `check` first does (both files' bytes, decoded, the sidecar into the model with its schema check) on one thread and
/// nothing else: the floor under `check`'s processor time per pair.
/// </summary>
public static class ReadCost
{
    public static int Run(string[] args)
    {
        var path = Path.GetFullPath(args[0]);
        if (Directory.Exists(path)) return ReadPairs(path);
        var reads = args.Length > 1 ? int.Parse(args[1]) : 200;
        var text = new SourceText(File.ReadAllText(path));
        var tree = YamlTree.ParseRecovering(path, text).Root!;
        Report("tree (YamlTree.ParseRecovering)", reads, text.Text.Length, () => YamlTree.ParseRecovering(path, text));
        Report("schema check of that tree", reads, text.Text.Length, () => new SchemaValidator(path).Validate(tree, BuiltInSchemas.Annotation.Root));
        Report("SidecarReader.Read, no schema", reads, text.Text.Length, () => SidecarReader.Read(path, text, validate: false));
        Report("SidecarReader.Read", reads, text.Text.Length, () => SidecarReader.Read(path, text));
        return 0;
    }

    private static int ReadPairs(string dir)
    {
        var files = new PhysicalFileSystem();
        var sidecars = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "corpus.yaml" && File.Exists(Path.ChangeExtension(f, ".txt"))).Order(StringComparer.Ordinal).ToList();
        for (var round = 1; round <= 3; round++)
        {
            var start = ThreadClock.NowMs();
            var mentions = 0;
            foreach (var sidecar in sidecars)
            {
                var article = SourceText.FromFileBytes(files.ReadAllBytes(Path.ChangeExtension(sidecar, ".txt"))!, out _)!;
                GC.KeepAlive(article.Text);
                var text = SourceText.FromFileBytes(files.ReadAllBytes(sidecar)!, out _)!;
                mentions += SidecarReader.Read(sidecar, text).Sidecar.Places.Length;
            }
            var perPair = (ThreadClock.NowMs() - start) * 1e3 / sidecars.Count;
            Console.WriteLine($"round {round}: {sidecars.Count} pairs ({mentions} places) read into the model: {perPair:0} µs per pair on one thread " +
                $"= {2e6 / perPair:0} pairs/s on two cores if nothing else were done");
        }
        return 0;
    }

    private static void Report(string step, int reads, int chars, Func<object> read)
    {
        for (var i = 0; i < Math.Min(reads, 30); i++) read();
        var times = new List<double>();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < reads; i++)
        {
            var start = ThreadClock.NowMs();
            GC.KeepAlive(read());
            times.Add(ThreadClock.NowMs() - start);
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)reads;
        times.Sort();
        Console.WriteLine($"{step,-34} median {times[times.Count / 2],8:0.000} ms  p90 {times[times.Count * 9 / 10],8:0.000} ms  " +
            $"{chars / 1e3 / times[times.Count / 2],6:0.0} MB/s  allocated {allocated / 1e3,8:0.0} KB");
    }
}
