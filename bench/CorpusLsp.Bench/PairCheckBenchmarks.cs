using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Bench;

/// <summary>
/// The per-pair work of `check` (issue 19), over the pairs of a small generated corpus (`gen`, from the example corpus),
/// each operation one pair: the YAML tree by the direct block reader and by YamlDotNet's events (the same tree; the
/// ratio is what the direct reader buys), the sidecar read (tree, schema, model), and the analysis with the article
/// checks. `bench bdn --filter '*PairCheck*'`.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class PairCheckBenchmarks
{
    private const int Pairs = 40;
    private string _dir = "";
    private CorpusSnapshot _snapshot = null!;
    private List<(string Path, SourceText Text, SourceText? Article)> _pairs = [];
    private List<(Sidecar Sidecar, ImmutableArray<Diagnostic> Diagnostics)> _read = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"corpuslsp-bdn-pairs-{Environment.ProcessId}");
        SyntheticCorpus.Write(Path.Combine(Repo.Root, "examples", "syria"), _dir, Pairs);
        _snapshot = CorpusSnapshot.Load(PhysicalFileSystem.Normalize(_dir), new PhysicalFileSystem(), new DiskGazetteerCache());
        _pairs = _snapshot.Sidecars.Select(p => (p, _snapshot.TextOf(p)!, _snapshot.Pairs[p] is { } a ? _snapshot.TextOf(a) : null)).ToList();
        _read = _pairs.Select(p => SidecarReader.Read(p.Path, p.Text)).ToList();
        _snapshot.AllSourceProfiles();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private int Next() => _next = (_next + 1) % _pairs.Count;

    [Benchmark(Baseline = true)]
    public object? YamlTreeDirect() { var p = _pairs[Next()]; return BlockYaml.TryParse(p.Path, p.Text); }

    [Benchmark]
    public object YamlTreeYamlDotNet() { var p = _pairs[Next()]; return YamlTree.ParseWithYamlDotNet(p.Path, p.Text); }

    [Benchmark]
    public object SidecarRead() { var p = _pairs[Next()]; return SidecarReader.Read(p.Path, p.Text); }

    [Benchmark]
    public object AnalyzeAndArticleChecks()
    {
        var i = Next();
        var (path, _, article) = _pairs[i];
        var analysis = DocumentAnalyzer.Analyze(_read[i].Sidecar, _read[i].Diagnostics, _snapshot.Pairs[path], article, _snapshot.Gazetteer,
            _snapshot.Config, _snapshot.FirstOverlayPath, _snapshot.SourceProfileOf(path));
        return ArticleChecks.Check(analysis);
    }
}
