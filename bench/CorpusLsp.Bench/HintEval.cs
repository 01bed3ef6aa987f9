using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// Precision of the unannotated-place hints ("place?" inlay hints, <see cref="UnannotatedPlaces"/>): a hint is right when a
/// gold annotation marks a place there. On the example corpus the places of each sidecar are taken out (its people,
/// organisations and events stay, as an annotator's work in progress); on LGL every gold toponym is a place and nothing
/// else is annotated. `hint-eval [--list] [--context]` prints precision per corpus and, with --list, the wrong hints (with
/// --context, each in its sentence). The gold corpora are split by document index: the rules were developed on the even
/// documents, so the odd ones (`held-out`) are the figure to quote.
/// </summary>
public static class HintEval
{
    public static int Run(string[] args)
    {
        var list = args.Contains("--list");
        var context = args.Contains("--context");
        var root = PhysicalFileSystem.Normalize(Path.Combine(Repo.Root, "examples", "syria"));
        var snapshot = CorpusSnapshot.Load(root, new PhysicalFileSystem(), new DiskGazetteerCache(Path.Combine(Path.GetTempPath(), "corpuslsp-bench-cache")));
        var example = new Tally("examples/syria (places removed)");
        var complete = new Tally("examples/syria (as annotated: hints left)");
        foreach (var sidecar in snapshot.Sidecars)
        {
            if (snapshot.Analyze(sidecar) is not { Article: { } article } a) continue;
            var places = a.Mentions.Where(m => m.Mention.Kind == MentionKind.Place).SelectMany(m => m.Spans).ToList();
            var others = a.Mentions.Where(m => m.Mention.Kind != MentionKind.Place).SelectMany(m => m.Spans).ToList();
            foreach (var h in UnannotatedPlaces.Find(snapshot.Gazetteer, article.Text, new TextSpan(0, article.Length), others))
                example.Add(places.Any(p => p.Overlaps(h.Span)), h.Name);
            foreach (var h in UnannotatedPlaces.Find(snapshot.Gazetteer, article.Text, new TextSpan(0, article.Length), [.. places, .. others]))
                complete.Add(false, h.Name);
        }
        var g = GeoData.LoadGazetteer();
        var tallies = new List<Tally> { example };
        foreach (var corpus in GeoData.LoadCorpora())
        {
            // Strict: a gold span is there. By name: the article's gold marks the same name as a place elsewhere (the gold
            // corpora leave some repeated and some well-known names unmarked: "Tskhinvali", "Los Angeles").
            var strict = new[] { new Tally($"{corpus.Name} even documents (development; right = a gold toponym there)"), new Tally($"{corpus.Name} odd documents (held-out; right = a gold toponym there)") };
            var byName = new[] { new Tally($"{corpus.Name} even documents (development; right = a gold toponym there or the same name elsewhere in the article)"), new Tally($"{corpus.Name} odd documents (held-out; right = a gold toponym there or the same name elsewhere in the article)") };
            foreach (var (article, index) in corpus.Articles.Select((a, i) => (a, i)))
            {
                var half = index % 2;
                var gold = article.Toponyms.Select(t => new TextSpan(t.Start, t.End)).ToList();
                var names = article.Toponyms.Select(t => NameFolding.Fold(t.Phrase)).ToHashSet(StringComparer.Ordinal);
                foreach (var h in UnannotatedPlaces.Find(g, article.Text, new TextSpan(0, article.Text.Length), []))
                {
                    var there = gold.Any(s => s.Overlaps(h.Span));
                    strict[half].Add(there, context && half == 0 ? $"{h.Name} «{Around(article.Text, h.Span)}»" : h.Name);
                    byName[half].Add(there || names.Contains(NameFolding.Fold(h.Name)), context && half == 0 ? $"{h.Name} «{Around(article.Text, h.Span)}»" : h.Name);
                }
            }
            tallies.AddRange([.. strict, .. byName, Tally.Sum($"{corpus.Name} all documents (right = a gold toponym there)", strict)]);
        }
        foreach (var t in tallies) t.Print(list);
        Console.WriteLine($"{complete.Name}: {complete.Wrong.Count} hint(s): {string.Join(", ", complete.Wrong.GroupBy(w => w).Select(w => $"{w.Key} ×{w.Count()}"))}");
        return 0;
    }

    private static string Around(string text, TextSpan span)
    {
        var from = Math.Max(0, span.Start - 50);
        var to = Math.Min(text.Length, span.End + 30);
        return (text[from..span.Start] + "[" + text[span.Start..span.End] + "]" + text[span.End..to]).ReplaceLineEndings(" ");
    }

    private sealed class Tally(string name)
    {
        public static Tally Sum(string name, IEnumerable<Tally> parts)
        {
            var sum = new Tally(name);
            foreach (var t in parts) { sum.Right += t.Right; sum.Wrong.AddRange(t.Wrong); }
            return sum;
        }

        public string Name => name;
        public int Right { get; private set; }
        public List<string> Wrong { get; } = [];
        public void Add(bool right, string word) { if (right) Right++; else Wrong.Add(word); }

        public void Print(bool list)
        {
            var total = Right + Wrong.Count;
            Console.WriteLine($"{name}: {total} hints, {Right} right, precision {(total == 0 ? 0 : 100.0 * Right / total):0.0}%");
            if (list && Wrong.Any(w => w.Contains('«'))) Console.WriteLine(string.Join("\n", Wrong.Order(StringComparer.Ordinal).Select(w => "  wrong: " + w)));
            else if (list) Console.WriteLine("  wrong: " + string.Join(", ", Wrong.GroupBy(w => w).OrderByDescending(w => w.Count()).Select(w => $"{w.Key} ×{w.Count()}")));
        }
    }
}
