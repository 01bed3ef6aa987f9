using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Bench;

/// <summary>Where the time of one re-check of a large sidecar goes: `bench profile-large DIR` (after gen-large into DIR with the example gazetteer).</summary>
public static class ProfileLarge
{
    public static int Run(string[] args)
    {
        var dir = PhysicalFileSystem.Normalize(args.FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "corpuslsp-lsp-bench"));
        var snapshot = CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache());
        var path = dir + "/large.yaml";
        var text = snapshot.TextOf(path)!;
        for (var i = 0; i < 14; i++)
        {
            var edited = new SourceText((i % 2 == 0 ? "publshed: x\n" : "") + text.Text);
            var sw = Stopwatch.StartNew();
            var tree = YamlTree.Parse(path, edited); var tParse = sw.Elapsed.TotalMilliseconds;
            new SchemaValidator(path).Validate(tree.Root!, BuiltInSchemas.Annotation.Root); var tSchema = sw.Elapsed.TotalMilliseconds;
            SidecarReader.Read(path, edited); var tRead = sw.Elapsed.TotalMilliseconds;
            var next = snapshot.WithFile(path, edited);
            next.Analyze(path); var tAnalyze = sw.Elapsed.TotalMilliseconds;
            next.DiagnosticsFor(path); var tDiag = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"parse {tParse:0} ms, schema {tSchema - tParse:0} ms, read(parse+schema+model) {tRead - tSchema:0} ms, analyze(all) {tAnalyze - tRead:0} ms, diagnostics {tDiag - tAnalyze:0} ms");
        }
        return 0;
    }
}
