using System.Collections.Immutable;
using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>Where one analysis of a large sidecar spends its time, phase by phase (medians): `bench profile-analysis DIR`.</summary>
public static class ProfileAnalysis
{
    public static int Run(string[] args)
    {
        var dir = PhysicalFileSystem.Normalize(args.FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "corpuslsp-lsp-bench"));
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15;
        var snapshot = CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache());
        var path = dir + "/large.yaml";
        var text = snapshot.TextOf(path)!;
        var article = snapshot.TextOf(dir + "/large.txt")!;
        var source = snapshot.SourceProfileOf(path);
        var phases = new Dictionary<string, List<double>>();
        void Add(string name, double ms) { if (!phases.TryGetValue(name, out var l)) phases[name] = l = []; l.Add(ms); }
        DocumentAnalysis? previous = null;
        for (var i = 0; i < runs; i++)
        {
            var edited = new SourceText((i % 2 == 0 ? "publshed: x\n" : "") + text.Text);
            var sw = Stopwatch.StartNew();
            var (sidecar, read) = SidecarReader.Read(path, edited);
            Add("read (parse+schema+model)", sw.Elapsed.TotalMilliseconds); sw.Restart();
            var diags = new List<Diagnostic>();
            foreach (var m in sidecar.AllMentions) Anchoring.Resolve(m.Anchor, article, path, "place", diags);
            Add("anchoring", sw.Elapsed.TotalMilliseconds); sw.Restart();
            var linked = sidecar.Places.Select(p => p.Ref is null ? null : snapshot.Gazetteer.Find(p.Ref)).ToList();
            Add("gazetteer.Find refs", sw.Elapsed.TotalMilliseconds); sw.Restart();
            var ams = sidecar.Places.Select((p, k) => new ArticleMention(p.Anchor.Text ?? "", 0, 0, linked[k])).ToList();
            ArticleResolver.Resolve(snapshot.Gazetteer, article.Text, ams, new ArticleSetting(snapshot.Config.FocusCountries.ToHashSet(), source));
            Add("ArticleResolver", sw.Elapsed.TotalMilliseconds); sw.Restart();
            var analysis = DocumentAnalyzer.Analyze(sidecar, read, dir + "/large.txt", article, snapshot.Gazetteer, snapshot.Config, snapshot.FirstOverlayPath, source);
            Add("DocumentAnalyzer.Analyze (all)", sw.Elapsed.TotalMilliseconds); sw.Restart();
            previous = DocumentAnalyzer.Analyze(sidecar, read, dir + "/large.txt", article, snapshot.Gazetteer, snapshot.Config, snapshot.FirstOverlayPath, source, previous);
            Add("DocumentAnalyzer.Analyze (after an edit)", sw.Elapsed.TotalMilliseconds); sw.Restart();
            CorpusLsp.Core.Analysis.Rules.ExpertRules.Check(analysis, snapshot.Gazetteer, snapshot.Config).ToList();
            Add("ExpertRules", sw.Elapsed.TotalMilliseconds); sw.Restart();
            var next = snapshot.WithFile(path, edited);
            Add("snapshot.WithFile", sw.Elapsed.TotalMilliseconds); sw.Restart();
            next.SourceProfileOf(path);
            Add("snapshot.SourceProfileOf", sw.Elapsed.TotalMilliseconds); sw.Restart();
            next.Analyze(path);
            Add("snapshot.Analyze (parse + analysis)", sw.Elapsed.TotalMilliseconds); sw.Restart();
            next.DiagnosticsFor(path);
            Add("snapshot.DiagnosticsFor", sw.Elapsed.TotalMilliseconds); sw.Restart();
            snapshot = next;
            if (i == 0) Console.WriteLine($"{analysis.Diagnostics.Length} diagnostics: {string.Join(", ", analysis.Diagnostics.GroupBy(d => d.Code).Select(g => $"{g.Key}×{g.Count()}"))}");
        }
        foreach (var (name, xs) in phases)
        {
            xs.Sort();
            Console.WriteLine($"{name,-34} median {xs[xs.Count / 2],7:0.0} ms   min {xs[0],7:0.0} ms");
        }
        return 0;
    }
}
