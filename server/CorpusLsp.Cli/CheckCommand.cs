using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Parsing;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Analysis.Rules;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

/// <param name="Profiles">A source-profiles file for shards (see `corpuslsp profiles`).</param>
/// <param name="Chunk">With a shard: how many pairs are analysed at once (memory grows with it, not with the shard's size).</param>
public sealed record CheckOptions(string Format, Severity MinSeverity, (int K, int N)? Shard, bool Progress, string? Summary = null, string? Profiles = null,
    int Chunk = ShardCheck.DefaultChunk);

public static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATHS") { Arity = ArgumentArity.ZeroOrMore, Description = "Corpora (folders with corpus.yaml) or files inside them [default: the current folder]; with --merge, the shard summaries" };
        var format = new Option<string>("--format") { HelpName = "text|json|sarif|github", DefaultValueFactory = _ => "text", Description = "Output format (text: path:line:col: severity CODE message)" };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "github");
        var minSeverity = new Option<string>("--min-severity") { HelpName = "error|warning|info|hint", DefaultValueFactory = _ => "hint", Description = "Hide less severe diagnostics (the exit code still counts errors)" };
        minSeverity.AcceptOnlyFromAmong("error", "warning", "info", "information", "hint");
        var shard = new Option<(int K, int N)?>("--shard") { HelpName = "K/N", Description = "Check only shard K of N: reads its own pairs only (a deterministic split by sidecar path); cross-document rules wait for --merge", CustomParser = ParseShard };
        var summary = new Option<string?>("--summary") { HelpName = "FILE", Description = "With --shard: write what the merge needs (this shard's diagnostics and cross-document facts) to FILE" };
        var profiles = new Option<string?>("--profiles") { HelpName = "FILE", Description = "With --shard: the source profiles and annotated names written by `corpuslsp profiles` (else the shard reads every pair once to compute them)" };
        var chunk = new Option<int>("--chunk") { HelpName = "PAIRS", DefaultValueFactory = _ => ShardCheck.DefaultChunk, Description = $"With --shard: analyse this many pairs at a time and keep only their findings (memory grows with it; default {ShardCheck.DefaultChunk})" };
        chunk.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--chunk takes a number of pairs of at least 1"); });
        var merge = new Option<bool>("--merge") { Description = "PATHS are the summaries of all N shards: run the cross-document rules over them and report everything, as an unsharded check would" };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar on stderr" };
        var command = new Command("check", "Check corpora or files; exit codes: 0 no errors, 1 errors found, 2 usage or fatal problem")
            { paths, format, minSeverity, shard, summary, profiles, chunk, merge, noProgress };
        command.Validators.Add(r =>
        {
            bool Given(Option o) => r.GetResult(o) is { Implicit: false };
            if (Given(merge) && (Given(shard) || Given(summary) || Given(profiles) || Given(chunk)))
                r.AddError("--merge reads summaries; it takes no --shard, --summary, --profiles or --chunk");
            else if (!Given(shard) && (Given(summary) || Given(profiles) || Given(chunk)))
                r.AddError("--summary, --profiles and --chunk go with --shard K/N");
        });
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            var severity = parsed.GetValue(minSeverity) switch { "error" => Severity.Error, "warning" => Severity.Warning, "hint" => Severity.Hint, _ => Severity.Information };
            var options = new CheckOptions(parsed.GetValue(format) ?? "text", severity, parsed.GetValue(shard), !parsed.GetValue(noProgress) && !Console.IsErrorRedirected,
                parsed.GetValue(summary), parsed.GetValue(profiles), parsed.GetValue(chunk));
            List<string> given = [.. parsed.GetValue(paths) ?? []];
            return parsed.GetValue(merge) ? CheckMerge.Run(given, options, stdout, stderr) : Run(given, options, stdout, stderr);
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

    public static int Run(List<string> paths, CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (paths.Count == 0) paths.Add(".");
        foreach (var p in paths)
        {
            if (File.Exists(p) || Directory.Exists(p)) continue;
            stderr.WriteLine(p.StartsWith('-') ? $"corpuslsp check: unknown option '{p}'" : $"corpuslsp: '{p}' does not exist");
            return 2;
        }
        IReadOnlyDictionary<string, SourceProfile>? profiles = null;
        IReadOnlyDictionary<string, AnnotatedName>? names = null;
        if (options.Profiles is { } profilesPath)
        {
            var (read, readNames, error) = File.Exists(profilesPath) ? SourceProfiles.Read(File.ReadAllText(profilesPath)) : (null, null, "does not exist");
            if (read is null) { stderr.WriteLine($"corpuslsp check: {profilesPath}: {error}"); return 2; }
            (profiles, names) = (read, readNames);
        }

        var fs = new PhysicalFileSystem(keepsReads: options.Shard is null, trustsListing: true);
        var located = new List<Located>();
        var parts = new List<CorpusPart>();
        var fileCount = 0;
        foreach (var group in paths.GroupBy(PhysicalFileSystem.FindCorpusRoot))
        {
            var selected = group.Select(PhysicalFileSystem.Normalize).ToList();
            var corpus = options.Shard is { } sh
                ? ShardCheck.Run(group.Key, Path.GetRelativePath(Directory.GetCurrentDirectory(), group.Key), selected, sh, profiles, names, fs, options.Progress, stderr, options.Chunk)
                : WholeCheck(group.Key, selected, fs, options.Progress, stderr);
            fileCount += corpus.FileCount;
            located.AddRange(corpus.Reported);
            if (corpus.Part is { } part) parts.Add(part);
        }
        if (options.Summary is { } summaryPath && options.Shard is { } shard)
        {
            using var file = File.Create(summaryPath);
            ShardSummaries.Write(file, new ShardSummary(ShardSummary.FormatName, ShardSummary.CurrentVersion, shard.K, shard.N, parts));
        }
        return Report(located, fileCount, options, stdout, stderr);
    }

    /// <summary>What checking one corpus gave: the diagnostics to report, the files counted, and for a shard its summary part.</summary>
    public sealed record CorpusResult(List<Located> Reported, int FileCount, CorpusPart? Part);

    private static CorpusResult WholeCheck(string root, List<string> selected, PhysicalFileSystem fs, bool progress, TextWriter stderr)
    {
        // Each pair's analysis is let go once its facts (diagnostics, counts) are taken, as a server does with closed pairs:
        // holding 10,000 analyses took check's peak to 1.1 GB (issue 19).
        // Given the corpus folder, nothing is read of the snapshot before its diagnostics: the sidecars' facts may be guessed.
        var loaded = CorpusSnapshot.Load(root, fs, new DiskGazetteerCache());
        var snapshot = loaded.ForOnePass(guessFacts: selected.Contains(loaded.Root));
        bool Include(string path) => selected.Any(sel => path == sel || path.StartsWith(sel + "/", StringComparison.Ordinal)
            || (snapshot.Pairs.TryGetValue(path, out var art) && art == sel));
        // Decided once per file: the diagnostics' pass asks again for every file of the corpus. A corpus given by its folder
        // takes every file, asked of none: testing its 20,000 paths was ~10 ms of one thread while the other core idled.
        var files = selected.Contains(snapshot.Root) ? null : snapshot.Files.Keys.Where(Include).ToHashSet(StringComparer.Ordinal);
        AnalyzeWithProgress(snapshot, files ?? snapshot.Files.Keys, progress, stderr);
        var locate = Locator(snapshot, fs);
        return new CorpusResult([.. snapshot.AllDiagnostics(files is null ? null : files.Contains).Select(locate)], files?.Count ?? snapshot.Files.Count, null);
    }

    public static void AnalyzeWithProgress(CorpusSnapshot snapshot, IEnumerable<string> files, bool progress, TextWriter stderr)
    {
        if (!progress) return;
        var sidecars = files.Where(f => snapshot.KindOf(f) == FileKind.Sidecar).ToList();
        if (sidecars.Count < 200) return;
        using var bar = new ProgressBar(stderr, sidecars.Count);
        Parallel.ForEach(sidecars, f => { snapshot.MakeFacts(f); bar.Tick(); });
    }

    /// <summary>Line and column from the snapshot's texts (or the file on disk for other files), paths shown relative to the working folder.</summary>
    public static Func<Diagnostic, Located> Locator(CorpusSnapshot snapshot, IFileSystem fs)
    {
        var cwd = Directory.GetCurrentDirectory();
        var extra = new Dictionary<string, SourceText?>();
        SourceText? Fallback(string path)
        {
            if (!extra.TryGetValue(path, out var t))
                extra[path] = t = fs.ReadAllBytes(path) is { } b ? SourceText.DecodeUtf8(b, out _) : null;
            return t;
        }
        return d => Output.Locate(d, snapshot, Fallback, cwd);
    }

    /// <summary>Sorts, filters by severity, prints in the chosen format and returns the exit code: shared by check, shards and merge.</summary>
    public static int Report(IEnumerable<Located> located, int fileCount, CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        var all = located.OrderBy(x => x.DisplayPath, StringComparer.Ordinal).ThenBy(x => x.Line).ThenBy(x => x.Column)
            .ThenBy(x => x.Diagnostic.Code, StringComparer.Ordinal).ThenBy(x => x.Diagnostic.Message, StringComparer.Ordinal).ToList();
        var errors = all.Count(x => x.Diagnostic.Severity == Severity.Error);
        var warnings = all.Count(x => x.Diagnostic.Severity == Severity.Warning);
        return Print(all.Where(x => x.Diagnostic.Severity <= options.MinSeverity), (errors, warnings, all.Count - errors - warnings), fileCount, options, stdout, stderr);
    }

    /// <summary>Prints diagnostics already sorted and filtered (read once, as they are written) and the counts of all of them; returns the exit code.</summary>
    public static int Print(IEnumerable<Located> shown, (int Errors, int Warnings, int Other) all, int fileCount, CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        using (var buffered = Output.Buffered(stdout))
        {
            var w = buffered ?? stdout;
            switch (options.Format)
            {
                case "json": Output.Json(w, shown); break;
                case "sarif": Output.Sarif(w, shown, Program.Version); break;
                case "github": Output.GitHub(w, shown); break;
                default: Output.Text(w, shown); break;
            }
        }
        stderr.WriteLine($"{fileCount} files checked: {all.Errors} error(s), {all.Warnings} warning(s), {all.Other} other.");
        return all.Errors > 0 ? 1 : 0;
    }

    /// <summary>FNV-1a: stable across processes and machines, unlike string.GetHashCode.</summary>
    public static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) { h ^= c; h *= 16777619u; }
        return h;
    }

    public sealed class ProgressBar(TextWriter stderr, int total) : IDisposable
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
