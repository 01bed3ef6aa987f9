using System.Diagnostics;
using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;
using Xunit.Abstractions;

namespace CorpusLsp.Tests.Reliability;

/// <summary>
/// Mutation fuzzing of every parser with real files as seeds. Properties: no exception escapes, each input is
/// handled within a time bound, every diagnostic lies inside its file. The default run is short; a long run:
/// `FUZZ_SECONDS=600 dotnet test --filter FullyQualifiedName~FuzzTests` (each test reports how many inputs ran).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("FUZZ_SECONDS") ?? "6", System.Globalization.CultureInfo.InvariantCulture));
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(2);
    private static readonly int Seed = int.Parse(Environment.GetEnvironmentVariable("FUZZ_SEED") ?? "20261122", System.Globalization.CultureInfo.InvariantCulture);

    private static string Example(string name) => File.ReadAllText(Path.Combine(Repo.Example, name));

    private int Run(string what, Func<Mutator, int, Action> makeCase)
    {
        var mutator = new Mutator(Seed);
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < Budget)
        {
            var run = makeCase(mutator, count);
            var first = Timed(what, count, run);
            // A runaway input is slow every time; a first run that lost the CPU to parallel end-to-end tests on a
            // 2-core runner (or paid for JIT) is not. Only an input slow twice in a row fails.
            if (first >= PerInput)
            {
                var second = Timed(what, count, run);
                Assert.True(second < PerInput, $"{what}: input #{count} (seed {Seed}) took {first.TotalMilliseconds:0} ms, then {second.TotalMilliseconds:0} ms.");
            }
            count++;
        }
        output.WriteLine($"{what}: {count} inputs in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(count > 20, $"{what}: only {count} inputs ran.");
        return count;
    }

    private static TimeSpan Timed(string what, int count, Action run)
    {
        var clock = Stopwatch.StartNew();
        try { run(); }
        catch (Exception ex) { Assert.Fail($"{what}: input #{count} (seed {Seed}) threw {ex}"); }
        return clock.Elapsed;
    }

    private static void AssertInside(IEnumerable<Diagnostic> diagnostics, Func<string, int?> lengthOf)
    {
        foreach (var d in diagnostics)
        {
            var length = lengthOf(d.Path);
            if (length is null) continue;
            Assert.True(d.Span.Start >= 0 && d.Span.End <= length && d.Span.Start <= d.Span.End, $"{d.Code} at {d.Span} outside {d.Path} (length {length}): {d.Message}");
        }
    }

    /// <summary>Sidecar and article mutated together; also exercises hover and completion at a random offset.</summary>
    [Fact]
    public void Sidecars_and_articles()
    {
        var sidecar = Example("003_822e10b602b157a7.yaml");
        var article = Example("003_822e10b602b157a7.txt");
        var baseFs = Fixture.Files();
        Run("sidecar+article", (m, i) =>
        {
            var s = m.Text(sidecar);
            var a = i % 3 == 0 ? m.Text(article) : article;
            // Every random draw happens here, not in the action, so a slow input can be rerun exactly.
            var articleBytes = i % 7 == 0 ? m.Bytes(Encoding.UTF8.GetBytes(a)) : Encoding.UTF8.GetBytes(a);
            var offset = m.Next(s.Length + 1);
            var articleOffset = m.Next(a.Length + 1);
            return () =>
            {
                var fs = Fixture.Files().Add(Fixture.SidecarPath, s).Add(Fixture.ArticlePath, articleBytes);
                var snapshot = CorpusSnapshot.Load(Fixture.Root, fs);
                AssertInside(snapshot.AllDiagnostics(), p => snapshot.TextOf(p)?.Length);
                HoverService.Hover(snapshot, Fixture.SidecarPath, offset);
                CompletionService.Complete(snapshot, Fixture.SidecarPath, offset);
                NavigationService.Definition(snapshot, Fixture.SidecarPath, offset);
                NavigationService.CodeFixes(snapshot, Fixture.SidecarPath, new TextSpan(offset, offset));
                HoverService.Hover(snapshot, Fixture.ArticlePath, articleOffset);
                NavigationService.InlayHints(snapshot, Fixture.ArticlePath, new TextSpan(0, snapshot.TextOf(Fixture.ArticlePath)?.Length ?? 0));
            };
        });
    }

    [Fact]
    public void Corpus_yaml_and_overlays()
    {
        var corpusYaml = Example("corpus.yaml").Replace("gazetteer/cities15000.txt", "gaz/cities.txt").Replace("gazetteer/overlay.yaml", "gaz/overlay.yaml");
        var overlay = File.ReadAllText(Path.Combine(Repo.Example, "gazetteer", "overlay.yaml"));
        // An input that loses the `gazetteer` section gets the built-in gazetteer, built once per process: not one input's cost.
        CorpusSnapshot.Load(Fixture.Root, new InMemoryFileSystem().Add(Fixture.Root + "/corpus.yaml", "name: warm-up\n"));
        Run("corpus.yaml+overlay", (m, i) =>
        {
            var c = m.Text(corpusYaml);
            var o = m.Text(overlay);
            return () =>
            {
                var snapshot = CorpusSnapshot.Load(Fixture.Root, Fixture.Files(corpusYaml: c, overlay: o).Add(Fixture.SidecarPath, "places:\n  - text: Zahra\n").Add(Fixture.ArticlePath, "Zahra."));
                var texts = new Dictionary<string, int> { [Fixture.Root + "/corpus.yaml"] = new SourceText(c).Length, [Fixture.OverlayPath] = new SourceText(o).Length };
                AssertInside(snapshot.AllDiagnostics(), p => texts.TryGetValue(p, out var l) ? l : snapshot.TextOf(p)?.Length);
            };
        });
    }

    [Fact]
    public void GeoNames_rows()
    {
        Run("geonames rows", (m, i) =>
        {
            var rows = m.Text(Fixture.GeoNames);
            return () =>
            {
                var snapshot = CorpusSnapshot.Load(Fixture.Root, Fixture.Files(geonames: rows));
                AssertInside(snapshot.GazetteerDiagnostics.Where(d => d.Code == "CLS026"), _ => rows.Length);
                snapshot.Gazetteer.Lookup("Aleppo");
                snapshot.Gazetteer.Complete("A");
            };
        });
    }

    [Fact]
    public void Temporal_expressions()
    {
        var seeds = new[] { "on Thursday", "midnight on Friday", "two days earlier", "Tuesday 28 of May 2024", "Feb 12,2020", "the past five months", "the third quarter", "in December" };
        Run("temporal", (m, i) =>
        {
            var e = m.Text(seeds[i % seeds.Length]);
            return () =>
            {
                CorpusLsp.Core.Temporal.TemporalNormalizer.Normalize(e, new DateOnly(2016, 2, 25), (CorpusLsp.Core.Temporal.Tense)(i % 2));
                CorpusLsp.Core.Temporal.TemporalNormalizer.Normalize(e, null);
                CorpusLsp.Core.Temporal.TemporalTagger.Find(e);
            };
        });
    }
}
