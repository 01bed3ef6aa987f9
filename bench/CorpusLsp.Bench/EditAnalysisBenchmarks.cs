using BenchmarkDotNet.Attributes;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using System.Collections.Immutable;

namespace CorpusLsp.Bench;

/// <summary>
/// Per-edit analysis of a sidecar of 2,000 mentions (`bench gen-large`'s, in the example corpus): the analysis from scratch
/// against the analysis that reuses the previous one (issue 19), for two edits that alternate — a line typed and removed at
/// the top (every entry moves: the protocol benchmark's edit) and one place renamed (the joint place resolution is redone) —
/// and the whole step the server takes per edit (new snapshot, YAML read, profiles, analysis).
/// `bench bdn --filter '*EditAnalysis*' --job short`.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class EditAnalysisBenchmarks
{
    private const string Root = "/bench";
    private const string Path = Root + "/large.yaml";

    [Params("top-line", "one-name")]
    public string Edit { get; set; } = "";

    private CorpusSnapshot _snapshot = null!;
    private readonly (Sidecar Sidecar, ImmutableArray<Diagnostic> Read)[] _parsed = new (Sidecar, ImmutableArray<Diagnostic>)[2];
    private readonly SourceText[] _texts = new SourceText[2];
    private DocumentAnalysis _previous = null!;
    private SourceText _article = null!;
    private int _turn;

    [GlobalSetup]
    public void Setup()
    {
        var fs = new InMemoryFileSystem();
        var example = System.IO.Path.Combine(Repo.Root, "examples", "syria");
        fs.Add(Root + "/corpus.yaml", File.ReadAllBytes(System.IO.Path.Combine(example, "corpus.yaml")));
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(example, "gazetteer")))
            fs.Add(Root + "/gazetteer/" + System.IO.Path.GetFileName(file), File.ReadAllBytes(file));
        var (article, sidecar) = SyntheticCorpus.Large(2000);
        fs.Add(Root + "/large.txt", article).Add(Path, sidecar);
        _snapshot = CorpusSnapshot.Load(Root, fs, new DiskGazetteerCache());
        _article = _snapshot.TextOf(Root + "/large.txt")!;
        var edited = Edit == "top-line" ? "publshed: x\n" + sidecar : sidecar.Replace("text: Idlib Sector 1002\n", "text: Idlib Sector 1002x\n", StringComparison.Ordinal);
        _texts[0] = new SourceText(sidecar);
        _texts[1] = new SourceText(edited);
        for (var i = 0; i < 2; i++) _parsed[i] = SidecarReader.Read(Path, _texts[i]);
        _previous = Analyze(0, null);
    }

    private DocumentAnalysis Analyze(int i, DocumentAnalysis? previous) =>
        DocumentAnalyzer.Analyze(_parsed[i].Sidecar, _parsed[i].Read, Root + "/large.txt", _article, _snapshot.Gazetteer, _snapshot.Config,
            _snapshot.FirstOverlayPath, _snapshot.SourceProfileOf(Path), previous);

    [Benchmark(Baseline = true, Description = "analysis from scratch")]
    public DocumentAnalysis FromScratch() => Analyze(_turn ^= 1, null);

    [Benchmark(Description = "analysis after the edit (reuses the previous)")]
    public DocumentAnalysis AfterEdit() => _previous = Analyze(_turn ^= 1, _previous);

    [Benchmark(Description = "server step: snapshot, YAML read, profiles, analysis")]
    public DocumentAnalysis? SnapshotStep()
    {
        _snapshot = _snapshot.WithFile(Path, _texts[_turn ^= 1]);
        return _snapshot.Analyze(Path);
    }
}
