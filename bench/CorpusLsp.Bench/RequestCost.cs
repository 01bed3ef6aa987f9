using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// What the three per-request targets of issue 19 cost in process, through the Core calls the server's handlers make
/// (`bench request-cost [RUNS] [chain] [long] [completion] [edit]`; `BENCH_ALLOC=1` adds each step's allocation by type), on the documents bench/lsp makes (run `bench/lsp/run.sh --only chain,long --docs 2000`
/// or bench.mjs once first): a 10,000-event relativeTo chain (a new sidecar text: parse, analysis and the hover on its
/// last event), hover and inlay hints near the end of the 10 MB single-line article (its pair already analysed, as
/// after the first diagnostics), and completion in the 2,000-mention sidecar. Medians of RUNS, wall and CPU.
/// </summary>
public static class RequestCost
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0]) : 7;
        if (Environment.GetEnvironmentVariable("BENCH_LATENCY") is { } mode) System.Runtime.GCSettings.LatencyMode = Enum.Parse<System.Runtime.GCLatencyMode>(mode);
        // Which parts: chain, long, completion (all by default).
        bool Part(string name) => args.Length < 2 || args.Skip(1).Contains(name);
        var tmp = Path.GetTempPath();
        if (Part("chain")) Chain(PhysicalFileSystem.Normalize(Path.Combine(tmp, "corpuslsp-lsp-bench-chain")), runs);
        if (Part("long")) LongArticle(PhysicalFileSystem.Normalize(Path.Combine(tmp, "corpuslsp-lsp-bench-long")), runs);
        if (Part("completion")) Completion(PhysicalFileSystem.Normalize(Path.Combine(tmp, "corpuslsp-lsp-bench")), runs);
        if (Part("edit")) Edit(PhysicalFileSystem.Normalize(Path.Combine(tmp, "corpuslsp-lsp-bench")), runs);
        return 0;
    }

    private static CorpusSnapshot Load(string dir) => CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache());

    private static void Chain(string dir, int runs)
    {
        if (!Directory.Exists(dir)) { Console.WriteLine($"chain: {dir} missing (run bench/lsp/bench.mjs --only chain first)"); return; }
        var snapshot = Load(dir);
        var path = dir + "/chain.yaml";
        var text = snapshot.TextOf(path)!.Text;
        var offset = text.IndexOf("    text: Strike 9999\n", StringComparison.Ordinal) + 14;
        Report("relativeTo chain, 10,000 events: new text → analysis → hover on the last", runs, () =>
        {
            // A new SourceText is a changed file: nothing of the previous analysis is reused (the worst case, as on open).
            var next = snapshot.WithFile(path, new SourceText(text));
            HoverService.Hover(next, path, offset);
        });
        // Where that time goes: the sidecar's parse (tree, schema, model), then the rest of the analysis.
        Report("  of which: YAML tree", runs, () => CorpusLsp.Core.Yaml.YamlTree.Parse(path, new SourceText(text)));
        Report("  of which: tree + schema + model (SidecarReader.Read)", runs, () => CorpusLsp.Core.Model.SidecarReader.Read(path, new SourceText(text)));
    }

    private static void LongArticle(string dir, int runs)
    {
        if (!Directory.Exists(dir)) { Console.WriteLine($"long: {dir} missing (run bench/lsp/bench.mjs --only long first)"); return; }
        var snapshot = Load(dir);
        var path = dir + "/long.txt";
        var text = snapshot.TextOf(path)!.Text;
        var sw = Stopwatch.StartNew();
        snapshot.Analyze(snapshot.SidecarOf(path)!);
        Console.WriteLine($"10 MB article: pair analysis (once per snapshot, shared with diagnostics) {sw.Elapsed.TotalMilliseconds:0} ms");
        sw.Restart();
        var cross = snapshot.CrossDocumentDiagnostics();
        Console.WriteLine($"10 MB article: of which across documents (CLS052 and dates) {sw.Elapsed.TotalMilliseconds:0} ms, {cross.Length} diagnostics");
        sw.Restart();
        var diagnostics = snapshot.DiagnosticsFor(path);
        Console.WriteLine($"10 MB article: its diagnostics (once per snapshot, published in the background) {sw.Elapsed.TotalMilliseconds:0} ms, {diagnostics.Length} diagnostics");
        var hoverAt = text.LastIndexOf("Wednesday", StringComparison.Ordinal) + 3;
        Report("10 MB article: hover on the last date", runs, () => HoverService.Hover(snapshot, path, hoverAt));
        Report("10 MB article: inlay hints on the last 3,000 characters", runs,
            () => NavigationService.InlayHints(snapshot, path, new TextSpan(text.Length - 3000, text.Length)));
        // Where that time goes: the two kinds of hint, each over the window the range is read in.
        var (from, to) = HoverService.ReadingWindow(text, text.Length - 3000, text.Length);
        var window = text[from..to];
        var analysis = snapshot.Analyze(snapshot.SidecarOf(path)!)!;
        var published = analysis.Published;
        Report("  of which: dates read in the window", runs, () => CorpusLsp.Core.Temporal.TemporalNormalizer.ReadTaggedDates(window, window.Length, published).ToList());
        Report("  of which: place? hints in the window", runs,
            () => UnannotatedPlaces.Find(snapshot.Gazetteer, window, new TextSpan(window.Length - 3000, window.Length), []));
        Report($"  of which: the mentions' spans in the window (of {analysis.Mentions.Sum(m => m.Spans.Length)})", runs, () => analysis.MentionSpansOverlapping(from, to).ToList());
        // What the server does in the background while those requests are answered (after an open or an edit of the pair):
        // the article's diagnostics from a new snapshot, written as its publish message. Its collections are what pause them.
        var sidecarPath = snapshot.SidecarOf(path)!;
        var sidecarText = snapshot.TextOf(sidecarPath)!.Text;
        var translator = new CorpusLsp.Lsp.Translator(CorpusLsp.Lsp.PositionEncoding.Utf16);
        Report("10 MB article: a new sidecar text → the article's diagnostics as the server's JSON message", Math.Max(1, runs / 2), () =>
        {
            var next = snapshot.WithFile(sidecarPath, new SourceText(sidecarText));
            using var message = CorpusLsp.Lsp.Protocol.PublishMessage.Write(translator, path, 1, next.TextOf(path), next.DiagnosticsFor(path), new HashSet<string>(), out _);
        });
    }

    private static void Completion(string dir, int runs)
    {
        if (!File.Exists(Path.Combine(dir, "large.yaml"))) { Console.WriteLine($"completion: {dir}/large.yaml missing (bench gen-large 2000 {dir})"); return; }
        var snapshot = Load(dir);
        var path = dir + "/large.yaml";
        var text = snapshot.TextOf(path)!.Text;
        snapshot.Analyze(path);
        // The positions bench/lsp asks at (a new key line in the first place item) and inside values that read the analysis.
        var firstItem = text.IndexOf("places:\n  - ", StringComparison.Ordinal) + "places:\n".Length;
        var keyLine = text.IndexOf('\n', firstItem) + 1;
        var withKeyLine = snapshot.WithFile(path, new SourceText(text.Insert(keyLine, "    \n")));
        withKeyLine.Analyze(path);
        var first = Stopwatch.StartNew();
        CompletionService.Completion(withKeyLine, path, keyLine + 4);
        var firstMs = first.Elapsed.TotalMilliseconds;
        first.Restart();
        CompletionService.Completion(withKeyLine, path, keyLine + 4);
        Console.WriteLine($"2,000 mentions: the first completion in the process {firstMs:0.0} ms, the second {first.Elapsed.TotalMilliseconds:0.00} ms");
        Report("2,000 mentions: completion on a new key line (bench/lsp's position)", runs * 20, () => CompletionService.Completion(withKeyLine, path, keyLine + 4));
        // Values that read the analysis: a typed `ref:` id and a typed place name in the last item.
        foreach (var (needle, what) in new[] { ("    ref: geonames:1", "`ref: geonames:1`"), ("  - text: Ale", "`text: Ale`") })
        {
            var at = text.LastIndexOf(needle, StringComparison.Ordinal);
            if (at < 0) continue;
            var offset = at + needle.Length;
            Report($"2,000 mentions: completion after the last {what}", runs * 20, () => CompletionService.Completion(snapshot, path, offset));
            // What a client that resolves items as it shows them (VS Code, Neovim, lsp-mode) asks for.
            Report($"2,000 mentions: completion after the last {what}, documentation when shown", runs * 20,
                () => CompletionService.Completion(snapshot, path, offset, documentation: false));
        }
    }

    /// <summary>
    /// bench/lsp's edit → diagnostics step on the 2,000-mention sidecar, in process: a line typed or removed at the top, then
    /// the diagnostics the server publishes for that change (the sidecar's and its article's), each from a new snapshot.
    /// </summary>
    private static void Edit(string dir, int runs)
    {
        if (!File.Exists(Path.Combine(dir, "large.yaml"))) { Console.WriteLine($"edit: {dir}/large.yaml missing (bench gen-large 2000 {dir})"); return; }
        var snapshot = Load(dir);
        var path = dir + "/large.yaml";
        var article = snapshot.Pairs.GetValueOrDefault(path) ?? dir + "/large.txt";
        var texts = new[] { snapshot.TextOf(path)!, new SourceText("publshed: x\n" + snapshot.TextOf(path)!.Text) };
        snapshot.DiagnosticsFor(path).ToList();
        snapshot.DiagnosticsFor(article).ToList();
        var turn = 0;
        CorpusSnapshot Next() => snapshot = snapshot.WithFile(path, texts[turn ^= 1]);
        // Warm beyond the first call: tiered compilation's second tier would otherwise land in the first report's CPU time.
        for (var i = 0; i < 60; i++) { var s = Next(); s.DiagnosticsFor(path).ToList(); s.DiagnosticsFor(article).ToList(); }
        Report("2,000 mentions: edit → the sidecar's diagnostics", runs * 4, () => Next().DiagnosticsFor(path).ToList());
        Report("2,000 mentions: edit → the article's diagnostics", runs * 4, () => Next().DiagnosticsFor(article).ToList());
        Report("2,000 mentions: edit → both (the server's publish)", runs * 4, () => { var s = Next(); s.DiagnosticsFor(path).ToList(); s.DiagnosticsFor(article).ToList(); });
        Report("  before it: the next snapshot as the server makes it (WithFile, source profiles, pairs)", runs * 4, () => { var s = Next(); s.AllSourceProfiles(); s.SidecarOf(""); });
        Report("  of which: the analysis", runs * 4, () => Next().Analyze(path));
        Report("  of which: YAML tree", runs * 4, () => CorpusLsp.Core.Yaml.YamlTree.Parse(path, texts[turn ^= 1]));
        Report("  of which: tree + schema + model (SidecarReader.Read)", runs * 4, () => CorpusLsp.Core.Model.SidecarReader.Read(path, texts[turn ^= 1]));
        Report("  of which: checks across documents (CLS038, CLS052)", runs * 4, () => { var s = Next(); s.Analyze(path); s.CrossDocumentDiagnostics(); });
        Report("  of which: the article's own checks (CLS051, CLS055, CLS056)", runs * 4, () => { var s = Next(); ArticleChecks.Check(s.Analyze(path)!); });
        var translator = new CorpusLsp.Lsp.Translator(CorpusLsp.Lsp.PositionEncoding.Utf16);
        var diagnostics = snapshot.DiagnosticsFor(path);
        Report($"  then: the sidecar's {diagnostics.Length:N0} diagnostics as the server's JSON message", runs * 4, () =>
        {
            using var message = CorpusLsp.Lsp.Protocol.PublishMessage.Write(translator, path, 1, snapshot.TextOf(path), diagnostics, new HashSet<string>(), out _);
        });
    }

    private static readonly AllocationSampler? Sampler = AllocationSampler.FromEnvironment();

    private static void Report(string what, int runs, Action work)
    {
        work(); // warm: JIT and per-snapshot caches
        Sampler?.Start();
        var wall = new List<double>();
        var cpu = new List<double>();
        long allocated = 0, allThreads = 0;
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        for (var i = 0; i < runs; i++)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var total = GC.GetTotalAllocatedBytes(precise: true);
            var processor = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            work();
            wall.Add(sw.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - bytes;
            allThreads = GC.GetTotalAllocatedBytes(precise: true) - total;
        }
        wall.Sort();
        var gcs = $"GCs per run gen0 {(GC.CollectionCount(0) - collections.Item1) / (double)runs:0.00}, gen1 {(GC.CollectionCount(1) - collections.Item2) / (double)runs:0.00}, gen2 {(GC.CollectionCount(2) - collections.Item3) / (double)runs:0.00}, pause {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / runs:0.0} ms";
        Console.WriteLine($"{what}: median {Median(wall):0.000} ms, max {wall[^1]:0.000} ms (CPU median {Median(cpu):0.0} ms), {allocated / 1024.0:0} KB allocated ({allThreads / 1024.0:0} KB by every thread); {gcs}; {runs} runs");
        Sampler?.StopAndPrint(runs);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
