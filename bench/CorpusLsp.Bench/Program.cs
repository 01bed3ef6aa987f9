using System.Diagnostics;
using CorpusLsp.Bench;
using CorpusLsp.Core.Analysis;

// Benchmarks and evaluations. They read ../shared where they need third-party data; nothing here runs in the test suite.
var command = args.FirstOrDefault() ?? "help";
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "gen":
        var n = rest.Length > 0 ? int.Parse(rest[0]) : 10_000;
        var dir = rest.Length > 1 ? rest[1] : Path.Combine(Path.GetTempPath(), $"corpuslsp-synthetic-{n}");
        var sw = Stopwatch.StartNew();
        SyntheticCorpus.Write(Path.Combine(Repo.Root, "examples", "syria"), dir, n);
        Console.WriteLine($"wrote {n} pairs to {dir} in {sw.Elapsed.TotalSeconds:0.0} s");
        break;
    case "gen-large":
        // gen-large N DIR [--clean]: --clean links every mention to its own town (no warnings), else each is warned.
        var count = rest.Length > 0 ? int.Parse(rest[0]) : 2000;
        var (article, sidecar) = rest.Contains("--clean")
            ? SyntheticCorpus.LargeClean(count, Path.Combine(Repo.Root, "examples", "syria"))
            : SyntheticCorpus.Large(count);
        var target = rest.Length > 1 ? rest[1] : Path.Combine(Path.GetTempPath(), "corpuslsp-large");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "large.txt"), article);
        File.WriteAllText(Path.Combine(target, "large.yaml"), sidecar);
        Console.WriteLine($"wrote {target}/large.yaml");
        break;
    case "profile-check":
        return ProfileCheck.Run(rest);
    case "read-cost":
        return ReadCost.Run(rest);
    case "check-cost":
        return CheckCost.Run(rest);
    case "profile-pairs":
        return ProfilePairs.Run(rest);
    case "profile-analysis":
        return ProfileAnalysis.Run(rest);
    case "profile-large":
        return ProfileLarge.Run(rest);
    case "profile-edit":
        return ProfileEdit.Run(rest);
    case "gaz-load":
        return GazetteerLoad.Run(rest);
    case "gaz-load-once":
        return GazetteerLoad.Once(rest);
    case "gaz-suggest-profile":
        return SuggestProfile.Run(rest);
    case "fuzzy-compare":
        return FuzzyCompare.Run(rest);
    case "gaz-near-lists":
        return NearLists.Run(rest);
    case "gaz-synth":
        return SyntheticGazetteer.Run(rest);
    case "bdn":
        return GazetteerBenchmarkRunner.Run(rest);
    case "geo-eval":
        return GeoEval.Run(rest);
    case "geo-check":
        return GeoEval.Check(rest);
    case "geo-train":
        return GeoEval.Train(rest);
    case "geo-explain":
        return GeoEval.Explain(rest);
    case "geo-recall":
        return GeoRecall.Run(rest);
    case "expert-eval":
        return ExpertEval.Run(rest);
    case "corpus-memory":
        return CorpusMemory.Run(rest);
    case "request-cost":
        return RequestCost.Run(rest);
    case "date-hover":
        return DateHoverTiming.Run(rest);
    case "timex-eval":
        return TimexEval.Run(rest);
    case "timex-dump":
        return TimexDump.Run(rest);
    case "hint-eval":
        return HintEval.Run(rest);
    case "brat-lgl":
        return BratLgl.Run(rest);
    case "default-gazetteer":
        return DefaultGazetteerData.Run(rest);
    default:
        Console.WriteLine("usage: bench gen [N] [DIR] | gen-large [MENTIONS] [DIR] [--clean] | geo-eval [--no-sources] [--errors] [--halves] [--weights FILE] | geo-train [--errors] [--loco-only] [--lambda L2] [--write FILE] [--write-held DIR] | geo-check [--weights FILE] | geo-explain CORPUS DOC [--weights FILE] | geo-recall [--all] | date-hover [RUNS] | request-cost [RUNS] [chain|long|completion] | corpus-memory DIR [--closed] | timex-eval [--dir FOLDER] [--durations] [--errors] [--context] [--doc NAME] | timex-dump [FILE] | expert-eval [--errors] | hint-eval [--list] | gaz-load cities500|cities15000|FILE [RUNS] | gaz-synth NAMES FILE | gaz-suggest-profile FILE CACHE [ALTFILE] | gaz-near-lists FILE CACHE [ALTFILE] | fuzzy-compare [cities500|FILE [ALTFILE]] | fuzzy-compare --shipped FILE [ALTFILE] [--every N] [--warm] [--cache DIR] | fuzzy-compare --keys DUMP [ALTFILE [ROWS]] | bdn [BenchmarkDotNet args, e.g. --filter '*Latency*'] | profile-check DIR | read-cost SIDECAR [READS] | check-cost DIR [RUNS] | profile-pairs DIR [ROUNDS] | profile-large | default-gazetteer [--names all|latin] | brat-lgl [N]");
        break;
}
return 0;

namespace CorpusLsp.Bench
{
    public static class Repo
    {
        public static string Root { get; } = Find();
        public static string Shared => Path.Combine(Root, "..", "shared");
        private static string Find()
        {
            for (var dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "CorpusLsp.sln"))) return dir;
            for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "CorpusLsp.sln"))) return dir;
            throw new InvalidOperationException("Run from inside the repository.");
        }
    }
}
