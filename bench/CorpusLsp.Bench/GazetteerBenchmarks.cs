using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Bench;

/// <summary>
/// BenchmarkDotNet side of the gazetteer benchmarks (`bench bdn [filter]`). The gazetteer is the one a restarted
/// server gets: loaded from the on-disk cache (built first if missing). Which gazetteers: cities15000 and cities500
/// from ../shared, plus the synthetic one when CORPUSLSP_SYNTH names its dump (`bench gaz-synth 10000000 FILE`).
/// </summary>
public static class GazetteerBenchmarkRunner
{
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance.AddColumn(new PercentileColumn(99)).WithOption(ConfigOptions.DisableOptimizationsValidator, false);
        BenchmarkSwitcher.FromTypes([typeof(GazetteerLatencyBenchmarks), typeof(GazetteerLoadBenchmarks), typeof(DateHoverBenchmarks), typeof(PairCheckBenchmarks), typeof(EditAnalysisBenchmarks)]).Run(args, config);
        return 0;
    }

    public static IEnumerable<string> Gazetteers()
    {
        yield return "cities15000";
        yield return "cities500";
        if (Environment.GetEnvironmentVariable("CORPUSLSP_SYNTH") is { Length: > 0 } synthetic) yield return synthetic;
    }

    public static string CacheDir(string which) => Path.Combine(Path.GetTempPath(), "corpuslsp-bdn-cache-" + Path.GetFileNameWithoutExtension(which));

    /// <summary>Builds the cache once (outside any measurement) and loads from it.</summary>
    public static Gazetteer LoadFromCache(string which) =>
        GazetteerBuilder.Build(GazetteerLoad.Config(which), new PhysicalFileSystem(), new DiskGazetteerCache(CacheDir(which))).Gazetteer;
}

/// <summary>A percentile of the single-invocation measurements (each iteration runs one operation).</summary>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => $"P{percentile}";
    public string ColumnName => $"P{percentile}";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => $"{percentile}th percentile of the measurements";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);
    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var s = summary[benchmarkCase]?.ResultStatistics;
        return s is null ? "NA" : $"{s.Percentiles.Percentile(percentile) / 1000.0:0.000} us";
    }
}

/// <summary>
/// Per-request latency: every iteration is one lookup (or ranking, or completion) of the next of 2,000 names of
/// random real entries, so the percentiles are those of single requests, not of averages.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class GazetteerLatencyBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(20).WithIterationCount(2000).WithLaunchCount(1)
            .WithStrategy(RunStrategy.Throughput).WithOutlierMode(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove));
        // Tail latency is the point: no outlier is removed. Each iteration also pays BenchmarkDotNet's per-iteration
        // overhead (about 15 us here), so these figures are upper bounds of `bench gaz-load`'s.
    }

    private Gazetteer _gazetteer = CorpusLsp.Core.Gazetteer.Gazetteer.Empty;
    private string[] _names = [];
    private int _next;

    [ParamsSource(nameof(Gazetteers))]
    public string Which { get; set; } = "cities500";

    public static IEnumerable<string> Gazetteers() => GazetteerBenchmarkRunner.Gazetteers();

    [GlobalSetup]
    public void Setup()
    {
        _gazetteer = GazetteerBenchmarkRunner.LoadFromCache(Which);
        _names = GazetteerLoad.SampleNames(_gazetteer);
    }

    private string NextName() => _names[_next++ % _names.Length];

    [Benchmark]
    public int Lookup() => _gazetteer.Lookup(NextName()).Count;

    [Benchmark]
    public int Rank() => PlaceResolver.Rank(_gazetteer, NextName(), ResolutionContext.None).Count;

    /// <summary>What the editor asks while typing: the first three letters, 50 items.</summary>
    [Benchmark]
    public int Complete() { var n = NextName(); return _gazetteer.Complete(n[..Math.Min(3, n.Length)], 50).Count; }
}

/// <summary>
/// A server restart: each launch is a fresh process whose one measured call loads the gazetteer from the cache
/// (built in the global setup when missing). Resident memory is in `bench gaz-load` (BenchmarkDotNet reports managed
/// allocations, not RSS, and most of the index is a memory-mapped file).
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class GazetteerLoadBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithStrategy(RunStrategy.ColdStart).WithLaunchCount(7).WithWarmupCount(0).WithIterationCount(1));
    }

    [ParamsSource(nameof(Gazetteers))]
    public string Which { get; set; } = "cities500";

    public static IEnumerable<string> Gazetteers() => GazetteerBenchmarkRunner.Gazetteers();

    [GlobalSetup]
    public void EnsureCache()
    {
        if (!Directory.Exists(GazetteerBenchmarkRunner.CacheDir(Which)) || Directory.GetFiles(GazetteerBenchmarkRunner.CacheDir(Which)).Length == 0)
            GazetteerBenchmarkRunner.LoadFromCache(Which);
    }

    [Benchmark]
    public int LoadFromCache() => GazetteerBenchmarkRunner.LoadFromCache(Which).Count;
}
