using System.Globalization;
using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Issue 19: an analysis after an edit reuses what the analysis before it computed for the entries the edit left alone.
/// Random edits — characters typed and deleted anywhere (half-typed lines and broken YAML included), whole entries typed,
/// removed, duplicated, relinked, the publication date changed — are applied to the example sidecars and to a generated
/// long one, through the snapshots the server uses; after each edit the analysis must equal one made from scratch
/// (diagnostics with positions and fixes, resolved spans, place and date resolutions).
/// </summary>
public sealed class IncrementalAnalysisTests
{
    private const string Root = "/syria";
    private const string Long = Root + "/long";

    private static readonly Lazy<CorpusSnapshot> Corpus = new(() =>
    {
        var fs = new InMemoryFileSystem();
        foreach (var file in Directory.EnumerateFiles(Repo.Example, "*", SearchOption.AllDirectories))
            fs.Add(Root + "/" + Path.GetRelativePath(Repo.Example, file).Replace('\\', '/'), File.ReadAllBytes(file));
        var (article, sidecar) = LongPair(120);
        fs.Add(Long + ".txt", article).Add(Long + ".yaml", sidecar);
        // Through the gazetteer cache, as the server reads it ("did you mean" then probes the cache's near-miss index).
        return CorpusSnapshot.Load(Root, fs, new MemoryCache());
    });

    public static TheoryData<string, int> Sidecars => new()
    {
        { "000_c4d40e22f1093045", 1 }, { "001_d3d6fd6fb7a240eb", 2 }, { "002_544b5b1694b84f21", 3 },
        { "003_822e10b602b157a7", 4 }, { "004_c85c82e5940e43a6", 5 }, { "long", 6 },
    };

    [Theory]
    [MemberData(nameof(Sidecars))]
    public void After_every_random_edit_the_analysis_equals_one_from_scratch(string name, int seed)
    {
        var path = $"{Root}/{name}.yaml";
        var snapshot = Corpus.Value;
        var original = snapshot.TextOf(path)!.Text;
        var random = new Random(seed);
        var text = original;
        var reused = 0;
        // The first analysis is from scratch; every later one has its predecessor's to reuse.
        snapshot.Analyze(path);
        for (var step = 0; step < (name == "long" ? 45 : 70); step++)
        {
            var before = text;
            text = random.Next(8) == 0 ? original : Edit(random, text);
            snapshot = snapshot.WithFile(path, new SourceText(text));
            var incremental = snapshot.Analyze(path)!;
            var (sidecar, read) = SidecarReader.Read(path, snapshot.TextOf(path)!);
            var scratch = DocumentAnalyzer.Analyze(sidecar, read, incremental.ArticlePath, incremental.Article, snapshot.Gazetteer, snapshot.Config,
                snapshot.FirstOverlayPath, incremental.Source);
            var expected = Describe(scratch);
            var actual = Describe(incremental);
            if (expected != actual)
                Assert.Fail($"Step {step} (seed {seed}): the analysis after the edit differs from one from scratch.\n--- edit\n{Diff(before, text)}\n--- from scratch\n{expected}\n--- incremental\n{actual}");
            reused += incremental.Diagnostics.Length;
        }
        Assert.True(reused > 0, "The edits never produced a diagnostic: the comparison saw nothing.");
    }

    [Fact]
    public void An_edit_reuses_the_findings_of_the_entries_it_left_alone_and_moves_those_it_shifted()
    {
        var path = Long + ".yaml";
        var snapshot = Corpus.Value;
        var text = snapshot.TextOf(path)!.Text;
        var first = snapshot.Analyze(path)!;
        Assert.Contains(first.Diagnostics, d => d.Code == "CLS024");

        // A comment typed at the end: every entry is where it was, and its findings are the very same objects.
        var below = snapshot.WithFile(path, new SourceText(text + "# checked\n")).Analyze(path)!;
        static IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> Links(DocumentAnalysis a) => a.Diagnostics.Where(d => d.Code == "CLS024");
        Assert.Equal(Links(first).Count(), Links(below).Count());
        Assert.All(Links(first).Zip(Links(below)), p => Assert.Same(p.First, p.Second));

        // A comment typed at the top: the same findings, each 12 characters further down, with their fixes.
        var above = snapshot.WithFile(path, new SourceText("# checked 1\n" + text)).Analyze(path)!;
        static string Where(DocumentAnalysis a, int shift) => string.Join("\n", a.Diagnostics.Select(d =>
            $"{d.Code} {d.Span.Start + shift}: {string.Join(", ", d.Fixes.SelectMany(f => f.Edits).Select(e => e.Path == a.Sidecar.Path ? e.Span.Start + shift : e.Span.Start))}"));
        Assert.Equal(Where(first, 12), Where(above, 0));
    }

    [Fact]
    public void An_edit_above_every_entry_costs_each_entry_it_left_alone_little_more_than_moving_its_findings()
    {
        // A line typed at the top moves every entry: each one's anchors, place check and `when` are reused and moved, and
        // that is nearly all an entry may cost. A copy of every entry's lines, closures per entry and result, a table of every
        // mention for the events' triggers made it 2,336 bytes per entry here, 1,839 without them (issue 19: on a 2,000-mention
        // sidecar the allocations of an edit's analysis set how often a keystroke waits for a collection).
        var path = Long + ".yaml";
        var snapshot = Corpus.Value;
        var first = snapshot.Analyze(path)!;
        var (sidecar, read) = SidecarReader.Read(path, new SourceText("# checked\n" + snapshot.TextOf(path)!.Text));
        Analyze(); // the code paths run once before they are measured
        var before = GC.GetAllocatedBytesForCurrentThread();
        var after = Analyze();
        var perEntry = (GC.GetAllocatedBytesForCurrentThread() - before) / sidecar.AllMentions.Count();
        Assert.Equal(first.Diagnostics.Length, after.Diagnostics.Length);
        // 1,676 bytes before CLS050's check stopped making a string and a closure per place without a cue and moved findings
        // stopped taking a builder per entry; 1,594 after.
        Assert.True(perEntry < 1_650, $"{perEntry:N0} bytes allocated per entry");

        DocumentAnalysis Analyze() => DocumentAnalyzer.Analyze(sidecar, read, first.ArticlePath, first.Article, snapshot.Gazetteer, snapshot.Config,
            snapshot.FirstOverlayPath, first.Source, first);
    }

    [Fact]
    public void Links_are_looked_up_again_when_the_gazetteer_changed()
    {
        var path = $"{Root}/003_822e10b602b157a7.yaml";
        var snapshot = Corpus.Value;
        var first = snapshot.Analyze(path)!;
        var links = first.Sidecar.Places.Count(p => p.Ref is not null);
        Assert.True(links > 0);
        Assert.DoesNotContain(first.Diagnostics, d => d.Code == DiagnosticCatalog.UnknownPlaceRef.Code);

        // The analysis before holds each link's entry; a gazetteer without them must not get them from it.
        var (sidecar, read) = SidecarReader.Read(path, snapshot.TextOf(path)!);
        var emptied = new CorpusLsp.Core.Gazetteer.Gazetteer([], new Dictionary<string, string>());
        var after = DocumentAnalyzer.Analyze(sidecar, read, first.ArticlePath, first.Article, emptied, snapshot.Config, snapshot.FirstOverlayPath, first.Source, first);
        Assert.Equal(links, after.Diagnostics.Count(d => d.Code == DiagnosticCatalog.UnknownPlaceRef.Code));
    }

    /// <summary>One random edit of the kinds an annotator makes, some of them breaking the YAML for a while.</summary>
    private static string Edit(Random random, string text)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(9))
        {
            case 0 or 1:
            {
                // Typing a few characters anywhere.
                const string alphabet = "abcdefgAleppo Idlib:-\n \"[],#0123456789";
                var at = random.Next(text.Length + 1);
                var typed = new string(Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                return text.Insert(at, typed);
            }
            case 2:
            {
                // Deleting a few characters.
                if (text.Length == 0) return text;
                var at = random.Next(text.Length);
                return text.Remove(at, Math.Min(text.Length - at, random.Next(1, 6)));
            }
            case 3:
            {
                // Half of a new entry, as it stands while being typed.
                var entry = NewEntries[random.Next(NewEntries.Length)];
                var line = random.Next(lines.Count + 1);
                lines.Insert(line, entry[..random.Next(1, entry.Length + 1)]);
                return string.Join('\n', lines);
            }
            case 4:
            {
                // A whole new entry under a list, typed to the end.
                var entry = NewEntries[random.Next(NewEntries.Length)];
                var starts = EntryStarts(lines);
                lines.Insert(starts.Count == 0 ? lines.Count : starts[random.Next(starts.Count)], entry);
                return string.Join('\n', lines);
            }
            case 5:
            {
                // Removing a whole entry.
                var starts = EntryStarts(lines);
                if (starts.Count == 0) return text;
                var start = starts[random.Next(starts.Count)];
                var end = start + 1;
                while (end < lines.Count && lines[end].StartsWith("    ", StringComparison.Ordinal)) end++;
                lines.RemoveRange(start, end - start);
                return string.Join('\n', lines);
            }
            case 6:
            {
                // Duplicating an entry somewhere else.
                var starts = EntryStarts(lines);
                if (starts.Count == 0) return text;
                var start = starts[random.Next(starts.Count)];
                var end = start + 1;
                while (end < lines.Count && lines[end].StartsWith("    ", StringComparison.Ordinal)) end++;
                lines.InsertRange(starts[random.Next(starts.Count)], lines.GetRange(start, end - start));
                return string.Join('\n', lines);
            }
            case 7:
            {
                // Relinking a place, or naming another one.
                var candidates = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("ref:", StringComparison.Ordinal) || x.l.TrimStart().StartsWith("- text:", StringComparison.Ordinal)).ToList();
                if (candidates.Count == 0) return text;
                var (l, i) = candidates[random.Next(candidates.Count)];
                var indent = l[..(l.Length - l.TrimStart().Length)];
                lines[i] = l.TrimStart().StartsWith("ref:", StringComparison.Ordinal)
                    ? indent + "ref: " + Refs[random.Next(Refs.Length)]
                    : indent + "- text: " + Names[random.Next(Names.Length)];
                return string.Join('\n', lines);
            }
            default:
            {
                // Another publication date: every relative date moves.
                var i = lines.FindIndex(l => l.TrimStart().StartsWith("published:", StringComparison.Ordinal));
                if (i < 0) return text;
                lines[i] = $"  published: 2016-02-{random.Next(18, 29)}";
                return string.Join('\n', lines);
            }
        }
    }

    private static readonly string[] Refs = ["geonames:170063", "geonames:169389", "geonames:170654", "geonames:276781", "geonames:1", "overlay:middle-east"];
    private static readonly string[] Names = ["Aleppo", "Idlib", "Damascus", "Tripoli", "Homs", "Aleppo province", "Nowhereville", "Syria"];

    private static readonly string[] NewEntries =
    [
        "  - text: Aleppo\n    occurrence: all\n    ref: geonames:170063",
        "  - id: idl\n    text: Idlib\n    note: typed",
        "  - text: Tripoli",
        "  - text: Homs\n    ref: geonames:169389",
        "  - text: Syria\n    occurrence: [1, 2]\n    ref: geonames:163843",
        "  - type: attack\n    text: captured\n    occurrence: 2\n    date: 2016-02-24\n    when: on Wednesday\n    places: [aleppo, nowhere]",
        "  - text: Nowhereville\n    span: [0, 5]",
    ];

    /// <summary>The lines that open an entry of a top-level list.</summary>
    private static List<int> EntryStarts(List<string> lines) =>
        lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("  - ", StringComparison.Ordinal)).Select(x => x.i).ToList();

    /// <summary>Everything an analysis says, positions included, as text to compare.</summary>
    private static string Describe(DocumentAnalysis a)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"published {a.Published}\n");
        foreach (var d in a.Diagnostics)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{d.Code} {d.Severity} {d.Path} {d.Span} {d.Message}\n");
            foreach (var f in d.Fixes)
                sb.Append(CultureInfo.InvariantCulture, $"  fix {f.Title} preferred={f.IsPreferred}: {string.Join(" | ", f.Edits.Select(e => $"{e.Path} {e.Span} '{e.NewText}'"))}\n");
        }
        foreach (var m in a.Mentions)
            sb.Append(CultureInfo.InvariantCulture, $"mention {m.Mention.Kind} {m.Mention.Node.Span}: {string.Join(", ", m.Spans)}\n");
        foreach (var p in a.Places)
            sb.Append(CultureInfo.InvariantCulture, $"place {p.Mention.Node.Span} → {p.Entry?.Id}: {string.Join("; ", p.Candidates.Select(c => $"{c.Entry.Id} {c.Match} {c.MatchedName} {c.Score:R} [{string.Join(", ", c.Reasons)}]"))}\n");
        foreach (var d in a.Dates)
            sb.Append(CultureInfo.InvariantCulture, $"date {d.Event.Node.Span} {d.Annotated} when {d.WhenSpan} ref {d.Reference}: {d.Normalization?.Value} {d.Normalization?.NamedWeekday} relative={d.Normalization?.IsRelative} anchored={d.Normalization?.IsAnchoredToPrevious} [{string.Join(" / ", d.Normalization?.Steps ?? [])}] also [{string.Join(", ", d.Normalization?.AlsoAcceptable ?? [])}]\n");
        return sb.ToString();
    }

    /// <summary>The changed part of an edit, for the failure message.</summary>
    private static string Diff(string before, string after)
    {
        var start = 0;
        while (start < before.Length && start < after.Length && before[start] == after[start]) start++;
        var end = 0;
        while (end < before.Length - start && end < after.Length - start && before[^(end + 1)] == after[^(end + 1)]) end++;
        return $"at {start}: '{before[start..^end]}' → '{after[start..^end]}'";
    }

    /// <summary>
    /// A long article and its sidecar: places linked right and wrong, ambiguous, unknown and span-anchored; people and
    /// organisations; events dated against weekdays and against each other.
    /// </summary>
    private static (string Article, string Sidecar) LongPair(int paragraphs)
    {
        var towns = new[] { ("Aleppo", "geonames:170063"), ("Damascus", "geonames:170654"), ("Idlib", "geonames:169389"), ("Manbij", "geonames:167357"), ("Beirut", "geonames:276781") };
        string[] weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        var article = new StringBuilder();
        var places = new StringBuilder("places:\n");
        var people = new StringBuilder("people:\n");
        var events = new StringBuilder("events:\n");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < paragraphs; i++)
        {
            var (town, id) = towns[i % towns.Length];
            var weekday = weekdays[i % 7];
            var sentence = $"On {weekday} the army captured {town} Quarter {i} as Rebel{i} Smith fled towards {town}.\n";
            var start = article.Length;
            article.Append(sentence);
            counts[town] = counts.GetValueOrDefault(town) + 1;
            var unique = $"{town} Quarter {i}";
            switch (i % 5)
            {
                case 0: places.Append(CultureInfo.InvariantCulture, $"  - id: p{i}\n    text: {town}\n    occurrence: {counts[town]}\n    ref: {id}\n"); break;
                case 1: places.Append(CultureInfo.InvariantCulture, $"  - id: p{i}\n    text: {unique}\n"); break;
                case 2: places.Append(CultureInfo.InvariantCulture, $"  - id: p{i}\n    text: {unique}\n    ref: {towns[(i + 1) % towns.Length].Item2}\n"); break;
                case 3:
                    var at = start + sentence.IndexOf(unique, StringComparison.Ordinal);
                    places.Append(CultureInfo.InvariantCulture, $"  - id: p{i}\n    text: {unique}\n    span: [{at}, {at + unique.Length}]\n    note: mention {i}\n");
                    break;
                default: places.Append(CultureInfo.InvariantCulture, $"  - id: p{i}\n    text: {town}\n    occurrence: {counts[town]}\n"); break;
            }
            people.Append(CultureInfo.InvariantCulture, $"  - id: r{i}\n    text: Rebel{i} Smith\n");
            var date = new DateOnly(2016, 2, 25).AddDays(-(i % 9));
            events.Append(CultureInfo.InvariantCulture, $"  - id: e{i}\n    type: capture\n    text: captured\n    occurrence: {i + 1}\n    date: {date:yyyy-MM-dd}\n    when: On {weekday}\n    places: [p{i}]\n    participants: [r{i}]\n");
            if (i % 4 == 3) events.Append(CultureInfo.InvariantCulture, $"    relativeTo: e{i - 1}\n");
        }
        return (article.ToString(), $"meta:\n  title: Long\n  published: 2016-02-25\n{places}{people}{events}");
    }
}
