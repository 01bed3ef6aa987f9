using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Parsing;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

public static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATHS") { Arity = ArgumentArity.ZeroOrMore, Description = "Corpora (folders with corpus.yaml) or files inside them [default: the current folder]" };
        var format = new Option<string>("--format") { HelpName = "text|json|sarif|github", DefaultValueFactory = _ => "text", Description = "Output format (text: path:line:col: severity CODE message)" };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "github");
        var minSeverity = new Option<string>("--min-severity") { HelpName = "error|warning|info|hint", DefaultValueFactory = _ => "hint", Description = "Hide less severe diagnostics (the exit code still counts errors)" };
        minSeverity.AcceptOnlyFromAmong("error", "warning", "info", "information", "hint");
        var shard = new Option<(int K, int N)?>("--shard") { HelpName = "K/N", Description = "Check only shard K of N (a deterministic split by sidecar path)", CustomParser = ParseShard };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar on stderr" };
        var command = new Command("check", "Check corpora or files; exit codes: 0 no errors, 1 errors found, 2 usage or fatal problem") { paths, format, minSeverity, shard, noProgress };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            var severity = parsed.GetValue(minSeverity) switch { "error" => Severity.Error, "warning" => Severity.Warning, "hint" => Severity.Hint, _ => Severity.Information };
            var progress = !parsed.GetValue(noProgress) && !Console.IsErrorRedirected;
            return Run([.. parsed.GetValue(paths) ?? []], parsed.GetValue(format) ?? "text", severity, parsed.GetValue(shard), progress, stdout, stderr);
        });
        return command;
    }

    private static (int K, int N)? ParseShard(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        var text = result.Tokens[0].Value;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var k) && int.TryParse(parts[1], out var n) && n >= 1 && k >= 1 && k <= n) return (k, n);
        result.AddError($"--shard takes K/N with 1 <= K <= N, not '{text}'");
        return null;
    }

    public static int Run(List<string> paths, string format, Severity minSeverity, (int K, int N)? shard, bool progress, TextWriter stdout, TextWriter stderr)
    {
        if (paths.Count == 0) paths.Add(".");
        foreach (var p in paths)
        {
            if (File.Exists(p) || Directory.Exists(p)) continue;
            stderr.WriteLine(p.StartsWith('-') ? $"corpuslsp check: unknown option '{p}'" : $"corpuslsp: '{p}' does not exist");
            return 2;
        }

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
