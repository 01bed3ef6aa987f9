using System.Collections.Immutable;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

public static class CheckCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var paths = new List<string>();
        var format = "text";
        var minSeverity = Severity.Hint;
        (int K, int N)? shard = null;
        var progress = !Console.IsErrorRedirected;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Count:
                    format = args[++i];
                    if (format is not ("text" or "json" or "sarif" or "github")) return Usage(stderr, $"unknown format '{format}' (text, json, sarif, github)");
                    break;
                case "--min-severity" when i + 1 < args.Count:
                    var s = args[++i];
                    Severity? parsed = s switch { "error" => Severity.Error, "warning" => Severity.Warning, "info" or "information" => Severity.Information, "hint" => Severity.Hint, _ => null };
                    if (parsed is null) return Usage(stderr, $"unknown severity '{s}' (error, warning, info, hint)");
                    minSeverity = parsed.Value;
                    break;
                case "--shard" when i + 1 < args.Count:
                    var parts = args[++i].Split('/');
                    if (parts.Length != 2 || !int.TryParse(parts[0], out var k) || !int.TryParse(parts[1], out var n) || n < 1 || k < 1 || k > n)
                        return Usage(stderr, $"--shard takes K/N with 1 <= K <= N, not '{args[i]}'");
                    shard = (k, n);
                    break;
                case "--no-progress": progress = false; break;
                case "-h" or "--help": stdout.WriteLine(Help); return 0;
                default:
                    if (args[i].StartsWith('-')) return Usage(stderr, $"unknown option '{args[i]}'");
                    paths.Add(args[i]);
                    break;
            }
        }
        if (paths.Count == 0) paths.Add(".");
        foreach (var p in paths)
            if (!File.Exists(p) && !Directory.Exists(p)) { stderr.WriteLine($"corpuslsp: '{p}' does not exist"); return 2; }

        var fs = new PhysicalFileSystem();
        var located = new List<Located>();
        var fileCount = 0;
        foreach (var group in paths.GroupBy(PhysicalFileSystem.FindCorpusRoot))
        {
            var snapshot = CorpusSnapshot.Load(group.Key, fs, new DiskGazetteerCache());
            var selected = group.Select(PhysicalFileSystem.Normalize).ToList();
            bool Include(string path)
            {
                if (!selected.Any(sel => path == sel || path.StartsWith(sel + "/", StringComparison.Ordinal)
                    || (snapshot.Pairs.TryGetValue(path, out var art) && art == sel))) return false;
                if (shard is not { } sh) return true;
                var owner = snapshot.KindOf(path) == FileKind.Article ? snapshot.SidecarOf(path) ?? path : path;
                return StableHash(PathUtil.Relative(snapshot.Root, owner)) % (uint)sh.N == (uint)(sh.K - 1);
            }
            var files = snapshot.Files.Keys.Where(Include).ToList();
            fileCount += files.Count;
            using var bar = progress && files.Count >= 200 ? new ProgressBar(stderr, files.Count(f => snapshot.KindOf(f) == FileKind.Sidecar)) : null;
            if (bar is not null)
                Parallel.ForEach(files.Where(f => snapshot.KindOf(f) == FileKind.Sidecar), f => { snapshot.Analyze(f); bar.Tick(); });
            var diagnostics = snapshot.AllDiagnostics(Include);
            if (shard is { K: > 1 }) diagnostics = diagnostics.Where(d => snapshot.Files.ContainsKey(d.Path)).ToImmutableArray();
            var cwd = Directory.GetCurrentDirectory();
            var extra = new Dictionary<string, SourceText?>();
            SourceText? Fallback(string path)
            {
                if (!extra.TryGetValue(path, out var t))
                    extra[path] = t = fs.ReadAllBytes(path) is { } b ? SourceText.DecodeUtf8(b, out _) : null;
                return t;
            }
            located.AddRange(diagnostics.Select(d => Output.Locate(d, snapshot, Fallback, cwd)));
        }

        var all = located.OrderBy(x => x.DisplayPath, StringComparer.Ordinal).ThenBy(x => x.Line).ThenBy(x => x.Column).ThenBy(x => x.Diagnostic.Code, StringComparer.Ordinal).ToList();
        var shown = all.Where(x => x.Diagnostic.Severity <= minSeverity).ToList();
        switch (format)
        {
            case "json": Output.Json(stdout, shown); break;
            case "sarif": Output.Sarif(stdout, shown, Program.Version); break;
            case "github": Output.GitHub(stdout, shown); break;
            default: Output.Text(stdout, shown); break;
        }
        var errors = all.Count(x => x.Diagnostic.Severity == Severity.Error);
        var warnings = all.Count(x => x.Diagnostic.Severity == Severity.Warning);
        stderr.WriteLine($"{fileCount} files checked: {errors} error(s), {warnings} warning(s), {all.Count - errors - warnings} other.");
        return errors > 0 ? 1 : 0;
    }

    /// <summary>FNV-1a: stable across processes and machines, unlike string.GetHashCode.</summary>
    public static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) { h ^= c; h *= 16777619u; }
        return h;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"corpuslsp check: {message}");
        stderr.WriteLine("Run 'corpuslsp check --help' for usage.");
        return 2;
    }

    public const string Help = """
        Usage: corpuslsp check [PATHS...] [options]

        Checks corpora (folders with corpus.yaml) or files inside them. Default path: the current folder.

        Options:
          --format text|json|sarif|github   Output format (default text: path:line:col: severity CODE message)
          --min-severity error|warning|info|hint   Hide less severe diagnostics (exit code still counts errors)
          --shard K/N                        Check only shard K of N (deterministic split by sidecar path)
          --no-progress                      No progress bar on stderr

        Exit codes: 0 no errors, 1 errors found, 2 usage or fatal problem.
        """;

    private sealed class ProgressBar(TextWriter stderr, int total) : IDisposable
    {
        private int _done;
        private long _lastDraw;
        public void Tick()
        {
            var done = Interlocked.Increment(ref _done);
            var now = Environment.TickCount64;
            if (done != total && now - Interlocked.Read(ref _lastDraw) < 100) return;
            Interlocked.Exchange(ref _lastDraw, now);
            var width = 30;
            var filled = (int)((long)done * width / Math.Max(1, total));
            lock (stderr) stderr.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {done}/{total}");
        }
        public void Dispose() { lock (stderr) stderr.Write("\r" + new string(' ', 60) + "\r"); }
    }
}
