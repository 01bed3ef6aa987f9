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
/// else is annotated. `hint-eval [--list]` prints precision per corpus and, with --list, the wrong hints.
/// </summary>
public static class HintEval
{
    public static int Run(string[] args)
    {
        var list = args.Contains("--list");
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
            var strict = new Tally($"{corpus.Name} (gazetteer cities500; right = a gold toponym there)");
            var byName = new Tally($"{corpus.Name} (right = a gold toponym there, or the same name a gold toponym in the article)");
            foreach (var article in corpus.Articles)
            {
                var gold = article.Toponyms.Select(t => new TextSpan(t.Start, t.End)).ToList();
                var names = article.Toponyms.Select(t => NameFolding.Fold(t.Phrase)).ToHashSet(StringComparer.Ordinal);
                foreach (var h in UnannotatedPlaces.Find(g, article.Text, new TextSpan(0, article.Text.Length), []))
                {
                    var there = gold.Any(s => s.Overlaps(h.Span));
                    strict.Add(there, h.Name);
                    byName.Add(there || names.Contains(NameFolding.Fold(h.Name)), h.Name);
                }
            }
            tallies.AddRange([strict, byName]);
        }
        foreach (var t in tallies) t.Print(list);
        Console.WriteLine($"{complete.Name}: {complete.Wrong.Count} hint(s): {string.Join(", ", complete.Wrong.GroupBy(w => w).Select(w => $"{w.Key} ×{w.Count()}"))}");
        return 0;
    }

    private sealed class Tally(string name)
    {
        public string Name => name;
        public int Right { get; private set; }
        public List<string> Wrong { get; } = [];
        public void Add(bool right, string word) { if (right) Right++; else Wrong.Add(word); }

        public void Print(bool list)
        {
            var total = Right + Wrong.Count;
            Console.WriteLine($"{name}: {total} hints, {Right} right, precision {(total == 0 ? 0 : 100.0 * Right / total):0.0}%");
            if (list) Console.WriteLine("  wrong: " + string.Join(", ", Wrong.GroupBy(w => w).OrderByDescending(w => w.Count()).Select(w => $"{w.Key} ×{w.Count()}")));
        }
    }
}
