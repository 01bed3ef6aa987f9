using System.CommandLine.Parsing;
using System.CommandLine;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Cli;

public static class PlaceCommand
{
    public static Command Create()
    {
        var name = new Argument<string[]>("NAME") { Arity = ArgumentArity.OneOrMore, Description = "The place name (several words are joined by spaces)" };
        var corpus = new Option<string?>("--corpus") { HelpName = "DIR", Description = "The corpus whose gazetteer to search when the current folder (or the --context file) is in none; else the built-in gazetteer answers" };
        var context = new Option<string?>("--context") { HelpName = "ARTICLE.txt|SIDECAR.yaml", Description = "Rank as for a mention in this article (its source, focus countries, other places)" };
        var limit = new Option<int>("--limit") { HelpName = "N", DefaultValueFactory = _ => 10, Description = "Show at most N candidates", CustomParser = PositiveInt };
        var command = new Command("place", "List gazetteer candidates for a name, best first, with the reasons for each score") { name, corpus, context, limit };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return Run(string.Join(' ', parsed.GetValue(name) ?? []), parsed.GetValue(corpus), parsed.GetValue(context), parsed.GetValue(limit), stdout, stderr);
        });
        return command;
    }

    private static int PositiveInt(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return 0;
        if (int.TryParse(result.Tokens[0].Value, out var n) && n > 0) return n;
        result.AddError($"invalid value '{result.Tokens[0].Value}' for option '--limit': give a positive whole number");
        return 0;
    }

    public static int Run(string name, string? corpus, string? context, int limit, TextWriter stdout, TextWriter stderr)
    {
        // The enclosing corpus's gazetteer, else --corpus DIR's, else the built-in one.
        var snapshot = CommandCorpus.Load(context, corpus);
        var root = snapshot.Root;
        DocumentAnalysis? article = null;
        IReadOnlyList<RankedCandidate>? ranked = null;
        if (context is not null)
        {
            var path = PhysicalFileSystem.Normalize(context);
            var sidecar = snapshot.KindOf(path) == FileKind.Sidecar ? path : snapshot.SidecarOf(path);
            if (sidecar is not null && snapshot.Analyze(sidecar) is { } analysis)
            {
                article = analysis;
                var sourceName = analysis.Sidecar.Meta.Source is { } s ? $"'{s}'" : "sidecars without `source`";
                stdout.WriteLine($"Context: {PathUtil.Relative(root, sidecar)}; source {sourceName}: {analysis.Source.Describe(snapshot.Gazetteer)}");
            }
            else if (sidecar is null && snapshot.TextOf(path) is { } text)
            {
                // An article nobody annotated: the name is resolved with the places its text names, as `resolve` does.
                var found = PlaceNameFinder.Find(text.Text, snapshot.Gazetteer).Select(f => new ArticleMention(f.Text, f.Span.Start, f.Span.End)).ToList();
                var at = text.Text.IndexOf(name, StringComparison.Ordinal);
                ranked = ResolveCommand.ResolveJointly(snapshot.Gazetteer, text.Text, [.. found, new ArticleMention(name, at, at < 0 ? -1 : at + name.Length)],
                    new ArticleSetting(snapshot.Config.FocusCountries.ToHashSet(StringComparer.Ordinal), SourceProfile.None))[^1];
                stdout.WriteLine($"Context: {PathUtil.Relative(root, path)} (no sidecar); places in its text: {string.Join(", ", found.Select(f => f.Text).Distinct().Take(12))}");
            }
        }
        // The same joint resolution hover and `check` run: the article's own ranking of the name when it has one.
        ranked ??= ArticlePlaces.RankIn(snapshot.Gazetteer, snapshot.Config, article, name);
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
            // A sea or a macro-region lies in no country: no empty place after its kind.
            var where = snapshot.Gazetteer.Hierarchy(e) is { Length: > 0 } h ? ", " + h : "";
            stdout.WriteLine(FormattableString.Invariant($"{++rank}. {e.Name} {e.Id}  score {c.Score:0.00}  {FeatureCodes.Describe(e.FeatureCode)}{where}  ({e.Latitude:0.####}, {e.Longitude:0.####})"));
            foreach (var r in c.Reasons) stdout.WriteLine($"     - {r}");
        }
        return 0;
    }
}
