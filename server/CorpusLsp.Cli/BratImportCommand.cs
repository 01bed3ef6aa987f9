using System.CommandLine;
using CorpusLsp.Core.Import.Brat;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

/// <summary>`corpuslsp import brat IN OUT [--types MAP.yaml]`: each X.txt + X.ann becomes an article and a sidecar. Never overwrites.</summary>
public static class BratImportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN_DIR") { Description = "A folder of brat documents (X.txt + X.ann), searched recursively" };
        var output = new Argument<string>("OUT_DIR") { Description = "Where the articles and sidecars go (created if missing)" };
        var types = new Option<string?>("--types") { HelpName = "MAP.yaml", Description = "Which brat types are places, people, organisations, events, dates or ignored (e.g. 'places: [Literal, Mixed]')" };
        var command = new Command("brat", "Import brat standoff: an article and a sidecar per document; GeoNames normalizations and notes become refs; existing files are never overwritten") { input, output, types };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return Run(parsed.GetValue(input)!, parsed.GetValue(output)!, parsed.GetValue(types), stdout, stderr);
        });
        return command;
    }

    public static int Run(string input, string output, string? typesPath, TextWriter stdout, TextWriter stderr)
    {
        var fs = new PhysicalFileSystem();
        if (!Directory.Exists(input)) { stderr.WriteLine($"corpuslsp import brat: '{input}' is not a folder"); return 2; }
        string? typesYaml = null;
        if (typesPath is not null && ReadText(fs, typesPath) is not { } t) { stderr.WriteLine($"corpuslsp import brat: cannot read '{typesPath}' (not a readable UTF-8 file)"); return 2; }
        else if (typesPath is not null) typesYaml = ReadText(fs, typesPath);
        var root = PhysicalFileSystem.Normalize(input);
        var documents = fs.EnumerateFiles(root, recursive: true).Where(p => p.EndsWith(".ann", StringComparison.Ordinal)).ToList();
        if (documents.Count == 0) { stderr.WriteLine($"corpuslsp import brat: no .ann files in '{input}'"); return 2; }

        var maps = new Dictionary<string, BratTypeMap>(StringComparer.Ordinal);
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        int imported = 0, failed = 0, notes = 0, ignored = 0, unmapped = 0, problems = 0;
        foreach (var ann in documents)
        {
            var name = ann[(root.Length + 1)..^4];
            var textPath = ann[..^4] + ".txt";
            var target = Path.Combine(output, name);
            if (fs.ReadAllBytes(textPath) is not { } bytes || ReadText(fs, ann) is not { } annText) { stderr.WriteLine($"{name}: cannot read {name}.txt and {name}.ann as UTF-8 files"); failed++; continue; }
            if (SourceText.DecodeUtf8(bytes, out var bad) is not { } text) { stderr.WriteLine($"{name}.txt: invalid UTF-8 at byte {bad}"); failed++; continue; }
            if (File.Exists(target + ".txt") || File.Exists(target + ".yaml")) { stderr.WriteLine($"{name}: exists in {output}; not overwritten"); failed++; continue; }
            var folder = Path.GetDirectoryName(ann)!.Replace('\\', '/');
            if (!maps.TryGetValue(folder, out var map))
            {
                var errors = new List<string>();
                map = maps[folder] = BratTypeMap.Create(typesYaml, Conf(fs, root, folder), errors);
                if (errors.Count > 0) { foreach (var e in errors) stderr.WriteLine($"{typesPath}:{e}"); return 2; }
            }
            var hasBom = bytes.AsSpan().StartsWith("\uFEFF"u8);
            var result = BratImporter.Import(Path.GetFileName(name), Path.GetFileName(name) + ".txt", text.Text, annText, map, hasBom);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target + ".txt", bytes);
            File.WriteAllText(target + ".yaml", result.Sidecar);
            imported++;
            var r = result.Report;
            foreach (var (kind, count) in r.Mapped) totals[kind] = totals.GetValueOrDefault(kind) + count;
            notes += r.Notes; ignored += r.Ignored; unmapped += r.Unmapped.Length; problems += r.Problems.Length;
            foreach (var line in r.Unmapped) stderr.WriteLine($"{name}.ann: not mapped: {line}");
            foreach (var line in r.Problems) stderr.WriteLine($"{name}.ann: {line}");
        }
        stdout.WriteLine($"{imported} document(s) imported into {output}" + (failed > 0 ? $", {failed} failed" : "") + ": "
            + string.Join(", ", new[] { "places", "people", "organisations", "events" }.Select(k => $"{totals.GetValueOrDefault(k)} {k}"))
            + $"; {notes} line(s) kept as notes, {ignored} ignored by the type map, {unmapped} not mapped, {problems} anchor problem(s) (listed on stderr)");
        return failed > 0 ? 1 : 0;
    }

    /// <summary>The nearest annotation.conf from the document's folder up to the import root, as brat looks for it.</summary>
    private static string? Conf(PhysicalFileSystem fs, string root, string folder)
    {
        for (var dir = folder; dir.Length >= root.Length; dir = Path.GetDirectoryName(dir)?.Replace('\\', '/') ?? "")
            if (ReadText(fs, dir + "/annotation.conf") is { } conf) return conf;
        return null;
    }

    private static string? ReadText(PhysicalFileSystem fs, string path) =>
        fs.ReadAllBytes(path) is { } b ? SourceText.DecodeUtf8(b, out _)?.Text : null;
}
