using CorpusLsp.Core.IO;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Cli;

public static class PlaceCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? name = null;
        string? corpus = null;
        string? context = null;
        var limit = 10;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--corpus" when i + 1 < args.Count: corpus = args[++i]; break;
                case "--context" when i + 1 < args.Count: context = args[++i]; break;
                case "--limit" when i + 1 < args.Count && int.TryParse(args[i + 1], out var l): limit = l; i++; break;
                case "-h" or "--help":
                    stdout.WriteLine("Usage: corpuslsp place NAME [--corpus DIR] [--context ARTICLE.txt|SIDECAR.yaml] [--limit N]\nLists gazetteer candidates for a name, best first, with the reasons for each score.");
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) { stderr.WriteLine($"corpuslsp place: unknown option '{args[i]}'"); return 2; }
                    name = name is null ? args[i] : name + " " + args[i];
                    break;
            }
        }
        if (name is null) { stderr.WriteLine("corpuslsp place: give a place name"); return 2; }
        // The enclosing corpus's gazetteer, else --corpus DIR's, else the built-in one.
        var snapshot = CommandCorpus.Load(context, corpus);
        var root = snapshot.Root;
        var rc = new ResolutionContext(snapshot.Config.FocusCountries.ToHashSet(), [], null);
        if (context is not null)
        {
            var path = PhysicalFileSystem.Normalize(context);
            var sidecar = snapshot.KindOf(path) == FileKind.Sidecar ? path : snapshot.SidecarOf(path);
            if (sidecar is not null && snapshot.Analyze(sidecar) is { } analysis)
            {
                var source = analysis.Source;
                rc = new ArticlePlaceContext(analysis.Places.Select(p => p.Entry).ToList(), snapshot.Config, source).For(-1, null);
                var sourceName = analysis.Sidecar.Meta.Source is { } s ? $"'{s}'" : "sidecars without `source`";
                stdout.WriteLine($"Context: {PathUtil.Relative(root, sidecar)}; source {sourceName}: {source.Describe(snapshot.Gazetteer)}");
            }
            else if (sidecar is null && File.Exists(path) && snapshot.TextOf(path) is { } text)
            {
                // An article nobody annotated: the places its text names, resolved together, are its context.
                var found = PlaceNameFinder.Find(text.Text, snapshot.Gazetteer).Select(f => new ArticleMention(f.Text, f.Span.Start, f.Span.End)).ToList();
                var picks = ResolveCommand.ResolveJointly(snapshot.Gazetteer, text.Text, found, snapshot.Config.FocusCountries.ToHashSet(), SourceProfile.None)
                    .Select(r => r.FirstOrDefault()?.Entry).ToList();
                rc = new ArticlePlaceContext(picks, snapshot.Config, SourceProfile.None).For(-1, null);
                stdout.WriteLine($"Context: {PathUtil.Relative(root, path)} (no sidecar); places in its text: {string.Join(", ", found.Select(f => f.Text).Distinct().Take(12))}");
            }
        }
        var ranked = PlaceResolver.Rank(snapshot.Gazetteer, name, rc);
        if (ranked.Count == 0)
        {
            stdout.WriteLine($"'{name}' is not in the gazetteer ({snapshot.Gazetteer.Count:N0} entries).");
            foreach (var s in snapshot.Gazetteer.Suggest(name)) stdout.WriteLine($"  did you mean: {s.Name} ({s.Entry.Id}, {snapshot.Gazetteer.Hierarchy(s.Entry)})");
            return 1;
        }
        var rank = 0;
        foreach (var c in ranked.Take(limit))
        {
            var e = c.Entry;
            stdout.WriteLine(FormattableString.Invariant($"{++rank}. {e.Name} {e.Id}  score {c.Score:0.00}  {FeatureCodes.Describe(e.FeatureCode)}, {snapshot.Gazetteer.Hierarchy(e)}  ({e.Latitude:0.####}, {e.Longitude:0.####})"));
            foreach (var r in c.Reasons) stdout.WriteLine($"     - {r}");
        }
        return 0;
    }
}
