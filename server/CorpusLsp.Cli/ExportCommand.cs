using System.CommandLine;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.Import.Brat;
using CorpusLsp.Core.IO;

namespace CorpusLsp.Cli;

/// <summary>`corpuslsp export brat CORPUS OUT` and `corpuslsp export jsonl CORPUS [-o FILE]`: the corpus's annotations in other tools' formats.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var corpus = new Argument<string>("CORPUS") { Description = "The corpus folder" };
        var output = new Argument<string>("OUT_DIR") { Description = "Where X.txt, X.ann and annotation.conf go (created if missing; existing files are not overwritten)" };
        var brat = new Command("brat", "Export as brat standoff: a T line per anchored mention, N lines for gazetteer references, E lines for events, and annotation.conf") { corpus, output };
        brat.SetAction(parsed => { var (o, e) = Program.Writers(parsed); return Brat(parsed.GetValue(corpus)!, parsed.GetValue(output)!, o, e); });

        var jsonCorpus = new Argument<string>("CORPUS") { Description = "The corpus folder" };
        var file = new Option<string?>("--output", "-o") { HelpName = "FILE", Description = "Write to FILE instead of standard output (not overwritten if it exists)" };
        var flavor = new Option<string>("--flavor") { HelpName = "doccano|label-studio", DefaultValueFactory = _ => "doccano", Description = "The importing tool's shape" };
        flavor.AcceptOnlyFromAmong("doccano", "label-studio");
        var jsonl = new Command("jsonl", "Export one JSON object per article (text, labelled spans in code points, refs, published) for Doccano or Label Studio") { jsonCorpus, file, flavor };
        jsonl.SetAction(parsed =>
        {
            var (o, e) = Program.Writers(parsed);
            return Jsonl(parsed.GetValue(jsonCorpus)!, parsed.GetValue(file), parsed.GetValue(flavor) == "label-studio" ? JsonlFlavor.LabelStudio : JsonlFlavor.Doccano, o, e);
        });
        return new Command("export", "Export a corpus's annotations to other formats") { brat, jsonl };
    }

    private static IEnumerable<(string Name, DocumentAnalysis Analysis)> Analyses(CorpusSnapshot snapshot)
    {
        foreach (var sidecar in snapshot.Sidecars)
            if (snapshot.Analyze(sidecar) is { ArticlePath: { } article } analysis)
                yield return (PathUtil.Relative(snapshot.Root, article)[..^".txt".Length], analysis);
    }

    private static CorpusSnapshot? Load(string corpus, TextWriter stderr, string command)
    {
        if (Directory.Exists(corpus)) return CorpusSnapshot.Load(PhysicalFileSystem.Normalize(corpus), new PhysicalFileSystem(), new DiskGazetteerCache());
        stderr.WriteLine($"corpuslsp export {command}: '{corpus}' is not a folder");
        return null;
    }

    public static int Brat(string corpus, string output, TextWriter stdout, TextWriter stderr)
    {
        if (Load(corpus, stderr, "brat") is not { } snapshot) return 2;
        var results = new List<BratExportResult>();
        int written = 0, failed = 0;
        foreach (var (name, analysis) in Analyses(snapshot))
        {
            var target = Path.Combine(output, name);
            if (File.Exists(target + ".txt") || File.Exists(target + ".ann")) { stderr.WriteLine($"{name}: exists in {output}; not overwritten"); failed++; continue; }
            var result = BratExporter.Export(analysis);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target + ".txt", new PhysicalFileSystem().ReadAllBytes(analysis.ArticlePath!) ?? []);
            File.WriteAllText(target + ".ann", result.Ann);
            foreach (var s in result.Skipped) stderr.WriteLine($"{name}: not exported: {s}");
            results.Add(result);
            written++;
        }
        var conf = Path.Combine(output, "annotation.conf");
        if (written > 0 && !File.Exists(conf)) File.WriteAllText(conf, BratExporter.Configuration(results));
        stdout.WriteLine($"{written} document(s) exported to {output}" + (failed > 0 ? $", {failed} failed" : ""));
        return failed > 0 ? 1 : 0;
    }

    public static int Jsonl(string corpus, string? file, JsonlFlavor flavor, TextWriter stdout, TextWriter stderr)
    {
        if (file is not null && File.Exists(file)) { stderr.WriteLine($"corpuslsp export jsonl: '{file}' exists; not overwritten"); return 2; }
        if (Load(corpus, stderr, "jsonl") is not { } snapshot) return 2;
        using var writer = file is null ? null : new StreamWriter(file);
        var output = writer ?? stdout;
        foreach (var (name, analysis) in Analyses(snapshot)) output.WriteLine(JsonlExporter.Export(name, analysis, flavor));
        return 0;
    }
}
