using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Bench;

/// <summary>
/// Where an edit of a long sidecar goes in the server's order (issue 19): the next snapshot (the edit applied, the
/// corpus-wide parts made), the edited file's diagnostics, then the background's corpus-wide count, each with its processor
/// time and the bytes it allocated (processor time, not elapsed: the machine is shared). `bench profile-edit [DIR] [EDITS]` (gen-large into DIR with the example gazetteer).
/// </summary>
public static class ProfileEdit
{
    public static int Run(string[] args)
    {
        var dir = PhysicalFileSystem.Normalize(args.FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "corpuslsp-lsp-bench"));
        var edits = args.Length > 1 ? int.Parse(args[1]) : 40;
        var path = dir + "/large.yaml";
        var snapshot = CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache()).Retaining(p => p == path || p == dir + "/large.txt");
        var text = snapshot.TextOf(path)!.Text;
        snapshot.DiagnosticsFor(path);
        snapshot.MentionCounts();
        var rows = new List<double[]>();
        var translator = new Translator(PositionEncoding.Utf16);
        var tails = new DiagnosticTails();
        using var sampler = AllocationSampler.FromEnvironment();
        var phase = Environment.GetEnvironmentVariable("BENCH_PHASE") ?? "diagnostics";
        for (var i = 0; i < edits; i++)
        {
            var edited = new SourceText(i % 2 == 0 ? "publshed: x\n" + text : text);
            var gc0 = GC.CollectionCount(0);
            var gc1 = GC.CollectionCount(1);
            var paused = GC.GetTotalPauseDuration();
            var sampled = i >= edits / 4;
            if (sampled && phase == "snapshot") sampler?.Resume();
            var (snapTime, snapBytes) = Time(() =>
            {
                var next = snapshot.WithFile(path, edited);
                next.AllSourceProfiles();
                next.SidecarOf("");
                snapshot = next;
            });
            sampler?.Pause();
            if (sampled && phase == "diagnostics") sampler?.Resume();
            var (diagTime, diagBytes) = Time(() => snapshot.DiagnosticsFor(path));
            sampler?.Pause();
            // The notification the server writes from them (the same call as its publish of a file typed in).
            var (writeTime, writeBytes) = Time(() =>
            {
                using var message = PublishMessage.Write(translator, path, i, snapshot.TextOf(path), snapshot.DiagnosticsFor(path), NoCodes, out _, tails);
            });
            var (warmTime, warmBytes) = Time(() => snapshot.MentionCounts());
            var (pairTime, pairBytes) = Time(() => snapshot.DiagnosticsFor(dir + "/large.txt"));
            rows.Add([snapTime, snapBytes, diagTime, diagBytes, writeTime, writeBytes, warmTime, warmBytes, pairTime, pairBytes, GC.CollectionCount(0) - gc0,
                GC.CollectionCount(1) - gc1, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds]);
        }
        var names = new[] { "snapshot", "edited file's diagnostics", "its notification written", "mention counts", "article's diagnostics" };
        var warm = rows.Skip(rows.Count / 4).ToList();
        for (var k = 0; k < names.Length; k++)
        {
            var ms = warm.Select(r => r[2 * k]).Order().ToList();
            var mb = warm.Select(r => r[2 * k + 1]).Order().ToList();
            Console.WriteLine($"{names[k],-28} processor median {ms[ms.Count / 2],7:0.0} ms  mean {ms.Average(),7:0.0} ms  max {ms[^1],7:0.0} ms  allocated median {mb[mb.Count / 2],6:0.00} MB");
        }
        // The pauses are what an edit's latency feels beyond its own work: every thread waits while the runtime collects.
        var pauses = warm.Select(r => r[12]).Order().ToList();
        Console.WriteLine($"gen-0 collections per edit: {warm.Average(r => r[10]):0.0}, gen-1: {warm.Average(r => r[11]):0.00}; " +
            $"collection pause per edit median {pauses[pauses.Count / 2]:0.0} ms, mean {pauses.Average():0.0} ms, max {pauses[^1]:0.0} ms");
        sampler?.StopAndPrint(warm.Count, 25);
        return 0;
    }

    private static readonly IReadOnlySet<string> NoCodes = new HashSet<string>();

    /// <summary>The processor time of the step (all threads: its parallel loops and the collections it causes) and what it allocated.</summary>
    private static (double Ms, double Mb) Time(Action action)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / 1e6);
    }
}
