using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Bench;

/// <summary>
/// Value accuracy on DATE timexes given gold extent and DCT, by kind of expression; the prose tagger's extraction and
/// end-to-end values; and the weekday (CLS031) and date-line (CLS033) rules run by the real checker. By default on
/// TempEval-3 TBAQ-cleaned, dev and test reported apart (the frozen split in bench/timex-test-split.txt), then the
/// genre set (tests/corpora/temporal-genre); `--dir FOLDER` evaluates any folder of TimeML files as one set. `--errors`
/// lists the misses of the dev split and the genre set, never those of the test split.
/// </summary>
public static class TimexEval
{
    private sealed record Doc(string Set, string File, TimeMlDocument Tml);
    private sealed record Row(string Set, string Kind, bool Correct, string Text, string Gold, string? Got, string Doc, string Context);

    private static string? RowsFile;

    public static int Run(string[] args)
    {
        RowsFile = Option(args, "--rows");
        if (RowsFile is not null) File.WriteAllText(RowsFile, "");
        var verbose = args.Contains("--errors");
        var withContext = args.Contains("--context");
        // --doc NAME: every DATE timex of one document in reading order, and the dates the tagger found between them.
        var traced = Option(args, "--doc");
        if (Option(args, "--dir") is { } dir)
        {
            var docs = Load(dir, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))), null);
            Console.WriteLine($"## {dir}: {docs.Count} TimeML documents, one set\n");
            var rows = Values(docs, traced, verbose, withContext, args.Contains("--durations"));
            Extraction(docs, verbose);
            PrintAccuracy(rows);
            return 0;
        }
        var root = Path.Combine(Repo.Shared, "data", "tempeval3", "TBAQ-cleaned");
        var test = File.ReadAllLines(Path.Combine(Repo.Root, "bench", "timex-test-split.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var all = Load(root, "dev", test);
        Console.WriteLine($"## TempEval-3 TBAQ-cleaned, DATE timexes, value accuracy given gold extent and DCT\n\n" +
            $"Split (bench/timex-test-split.txt): dev {all.Count(d => d.Set == "dev")} documents, test {all.Count(d => d.Set == "test")}.\n");
        var allRows = Values(all, traced, verbose, withContext, durations: false);
        if (args.Contains("--prefs")) Preferences(all.Where(d => d.Set == "dev").ToList());
        foreach (var set in new[] { "dev", "test" })
        {
            Console.WriteLine($"\n### Prose tagger, {set} split");
            // Errors of the test split are never listed: rules are made from the dev split's.
            Extraction(all.Where(d => d.Set == set).ToList(), verbose && set != "test");
        }
        WeekdayRule(all);
        var genre = Path.Combine(Repo.Root, "tests", "corpora", "temporal-genre");
        Console.WriteLine("\n## Genre set (tests/corpora/temporal-genre, written for this project; DATE and DURATION)\n");
        var genreRows = Values(Load(genre, "genre", null), traced, verbose, withContext, durations: true);
        Console.WriteLine($"\nGenre set: {Line(genreRows)}");
        Console.WriteLine($"Dev split (tuned on): {Line(allRows.Where(r => r.Set == "dev").ToList())}");
        Console.WriteLine("Beside (../shared/data/README.md, TempEval-3 platinum test set): HeidelTime-t ≈ 86% and SUTime ≈ 75% value accuracy on the " +
            "timexes they find; annotators agree on 88% of values. Test split:");
        PrintAccuracy(allRows.Where(r => r.Set == "test").ToList());
        return 0;
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static string Line(IReadOnlyCollection<Row> rows) =>
        $"{rows.Count(r => r.Correct)}/{rows.Count} ({(rows.Count == 0 ? 0 : 100.0 * rows.Count(r => r.Correct) / rows.Count):0.0}%)";

    private static void PrintAccuracy(IReadOnlyCollection<Row> rows) => Console.WriteLine($"value accuracy: {Line(rows)}");

    /// <summary>Every .tml below <paramref name="folder"/>, in path order; in <paramref name="test"/> (paths relative to the folder) set "test".</summary>
    private static List<Doc> Load(string folder, string set, HashSet<string>? test) =>
        Directory.GetFiles(folder, "*.tml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(file => (file, doc: TimeMlImporter.Parse(File.ReadAllText(file), out _)))
            .Where(x => x.doc is not null)
            .Select(x => new Doc(test?.Contains(Path.GetRelativePath(folder, x.file).Replace('\\', '/')) == true ? "test" : set, x.file, x.doc!))
            .ToList();

    /// <param name="durations">Also DURATION timexes ("over the past five months"), not only DATE ones.</param>
    private static List<Row> Values(List<Doc> docs, string? traced, bool verbose, bool withContext, bool durations)
    {
        var trace = new List<string>();
        var rows = new List<Row>();
        foreach (var (set, file, doc) in docs)
        {
            var dct = doc.Published;
            // The product's path: each expression read in its sentence, anchored to the last date before it. As hover
            // reads them, the dates before it are every one the prose tagger finds, with the gold DATE extents in their place.
            var dates = durations ? doc.Timexes.Where(t => t.Type is "DATE" or "DURATION").ToList() : doc.Dates.ToList();
            var gold = dates.Select(t => new CorpusLsp.Core.Text.TextSpan(t.Start, t.End)).ToList();
            var found = TemporalTagger.Find(doc.Text).Select(e => e.Span).Where(s => !gold.Any(g => g.Start < s.End && s.Start < g.End));
            var spans = gold.Concat(found).OrderBy(s => s.Start).ToList();
            var normalized = TemporalNormalizer.NormalizeInText(doc.Text, spans, dct);
            if (traced is not null && set != "test" && Path.GetFileName(file).StartsWith(traced, StringComparison.Ordinal))
                trace.AddRange(spans.Zip(normalized).Where(x => !gold.Contains(x.First))
                    .Select(x => $"  context: tagger found '{doc.Text[x.First.Start..x.First.End]}' at {x.First.Start}, read as {x.Second.Value?.Value ?? "-"}"));
            foreach (var t in dates)
            {
                var got = normalized[spans.IndexOf(new CorpusLsp.Core.Text.TextSpan(t.Start, t.End))].Value?.Value;
                var context = doc.Text[Math.Max(0, t.Start - 90)..Math.Min(doc.Text.Length, t.End + 40)].ReplaceLineEndings(" ");
                rows.Add(new Row(set, Kind(t.Text), SameValue(got, t.Value), t.Text, t.Value, got, $"{Path.GetFileName(file)} (DCT {dct:yyyy-MM-dd ddd})", context));
            }
        }
        Console.WriteLine("| set | kind | n | correct | accuracy |\n|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => (r.Set, r.Kind)).OrderBy(g => g.Key.Set).ThenByDescending(g => g.Count()))
            Console.WriteLine($"| {g.Key.Set} | {g.Key.Kind} | {g.Count()} | {g.Count(r => r.Correct)} | {100.0 * g.Count(r => r.Correct) / g.Count():0.0}% |");
        foreach (var g in rows.GroupBy(r => r.Set))
            Console.WriteLine($"| **{g.Key}** | all | {g.Count()} | {g.Count(r => r.Correct)} | **{100.0 * g.Count(r => r.Correct) / g.Count():0.0}%** |");
        foreach (var line in trace) Console.WriteLine(line);
        if (traced is not null)
            foreach (var r in rows.Where(r => r.Set != "test" && r.Doc.StartsWith(traced, StringComparison.Ordinal)))
                Console.WriteLine($"  {(r.Correct ? "ok  " : "MISS")} '{r.Text}' gold {r.Gold} got {r.Got ?? "-"}");
        // --rows FILE: every dev (and genre) row, right or wrong, as tab-separated values, to compare two builds rule by rule.
        if (RowsFile is { } rowsFile)
            File.AppendAllLines(rowsFile, rows.Where(r => r.Set != "test").Select(r => string.Join('\t', r.Set, r.Doc.Split(' ')[0], r.Kind, r.Correct ? "ok" : "MISS", r.Text, r.Gold, r.Got ?? "-")));
        if (verbose)
            foreach (var r in rows.Where(r => !r.Correct && r.Set != "test").Take(400))
                Console.WriteLine($"  MISS [{r.Set}] {r.Doc} '{r.Text}' gold {r.Gold} got {r.Got ?? "-"}" + (withContext ? $"\n      …{r.Context}…" : ""));
        return rows;
    }

    /// <summary>
    /// `--prefs`: how the dev split's gold values of underspecified expressions (a bare weekday, a month, a month and day
    /// without a year) lie against publication, by the tense the clause is guessed to have: the counts a resolver's
    /// choice of direction is judged by. Dev documents only.
    /// </summary>
    private static void Preferences(List<Doc> docs)
    {
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (_, _, doc) in docs)
        {
            var gold = doc.Dates.Select(t => new CorpusLsp.Core.Text.TextSpan(t.Start, t.End)).ToList();
            var found = TemporalTagger.Find(doc.Text).Select(e => e.Span).Where(s => !gold.Any(g => g.Start < s.End && s.Start < g.End));
            var spans = gold.Concat(found).OrderBy(s => s.Start).ToList();
            var normalized = TemporalNormalizer.NormalizeInText(doc.Text, spans, doc.Published);
            foreach (var t in doc.Dates)
            {
                if (doc.Published is not { } p || Underspecified(t.Text) is not { } kind || Timex.ParseIso(t.Value) is not { Start: { } s, End: { } e }) continue;
                var span = new CorpusLsp.Core.Text.TextSpan(t.Start, t.End);
                var tense = TenseGuesser.Guess(doc.Text, span);
                var side = e < p ? 0 : s > p ? 2 : 1;
                var key = $"{kind} | {tense}";
                if (!counts.TryGetValue(key, out var c)) counts[key] = c = new int[6];
                c[side]++;
                if (SameValue(normalized[spans.IndexOf(span)].Value?.Value, t.Value)) c[3 + side]++;
            }
        }
        Console.WriteLine("\n| dev: expression | guessed tense | gold before publication (right) | covering it (right) | after (right) |\n|---|---|---|---|---|");
        foreach (var (key, c) in counts) Console.WriteLine($"| {key} | {c[0]} ({c[3]}) | {c[1]} ({c[4]}) | {c[2]} ({c[5]}) |");
    }

    private static string? Underspecified(string text)
    {
        var t = text.ToLowerInvariant().Trim();
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"\d{4}|'\d\d")) return null;
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^(on |early |late |by )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")) return "bare weekday";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^(early |late |mid-?)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$")) return "month";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?$")) return "month day";
        return null;
    }

    /// <summary>The weekday rule, through import and the real checker, over all 256 documents (TimeBank and AQUAINT).</summary>
    private static void WeekdayRule(List<Doc> docs)
    {
        var fs = new InMemoryFileSystem();
        const string corpusRoot = "/timeml";
        foreach (var (_, file, doc) in docs)
        {
            var name = $"{Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileNameWithoutExtension(file)}";
            fs.Add($"{corpusRoot}/{name}.txt", doc.Text).Add($"{corpusRoot}/{name}.yaml", TimeMlImporter.ToSidecar(doc, Path.GetFileNameWithoutExtension(file) + ".txt"));
        }
        var snapshot = CorpusSnapshot.Load(corpusRoot, fs);
        var diagnostics = snapshot.AllDiagnostics();
        var weekday = diagnostics.Where(d => d.Code == "CLS031").ToList();
        Console.WriteLine($"\n## Weekday rule (CLS031) over {snapshot.Sidecars.Count()} imported documents (TimeBank and AQUAINT): {weekday.Count} finding(s)\n");
        foreach (var d in weekday)
        {
            var (line, col) = snapshot.TextOf(d.Path)!.GetLineColumn(d.Span.Start);
            Console.WriteLine($"- {PathUtil.Relative(corpusRoot, d.Path)}:{line + 1}:{col + 1}: {d.Message}");
        }
        // The header's own date (EXTRAINFO, imported as the date line) against the DCT.
        var dateline = diagnostics.Where(d => d.Code == "CLS033").ToList();
        Console.WriteLine($"\n## Date line vs DCT (CLS033): {dateline.Count} finding(s) in {docs.Count(d => d.Tml.Dateline is not null)} documents whose header dates the story\n");
        foreach (var d in dateline) Console.WriteLine($"- {PathUtil.Relative(corpusRoot, d.Path)}: {d.Message.Split(" If ")[0]}");
    }

    /// <summary>
    /// How much of the gold the prose tagger (hover on free article text) finds: DATE timexes found with the exact extent
    /// (strict) or overlapping (relaxed); a found span is correct when it overlaps any gold timex (DATE, TIME, DURATION, SET).
    /// </summary>
    private static void Extraction(List<Doc> docs, bool verbose)
    {
        int gold = 0, strict = 0, relaxed = 0, found = 0, correct = 0, valued = 0;
        var missed = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // Per rule of the tagger: spans, spans on a gold timex, and the documents of those (a rule must reach 90% on dev).
        var byRule = new Dictionary<string, (int Spans, int Correct, HashSet<string> Docs)>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var (_, file, doc) in docs)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var tagged = TemporalTagger.Find(doc.Text);
            found += tagged.Count;
            // End to end, as hover shows it: the tagger's spans normalized in their text; a gold DATE found by an
            // overlapping span counts as valued right when that span's value is the gold value.
            var values = TemporalNormalizer.NormalizeInText(doc.Text, tagged.Select(t => t.Span), doc.Published);
            valued += doc.Dates.Count(g => tagged.Zip(values).Any(x => g.Start < x.First.Span.End && x.First.Span.Start < g.End && SameValue(x.Second.Value?.Value, g.Value)));
            if (verbose)
                foreach (var g in doc.Dates)
                {
                    var over = tagged.Zip(values).Where(x => g.Start < x.First.Span.End && x.First.Span.Start < g.End).ToList();
                    if (over.Count > 0 && !over.Any(x => SameValue(x.Second.Value?.Value, g.Value)))
                        lines.Add($"  VALUE '{g.Text}' gold {g.Value}, tagger {string.Join(", ", over.Select(x => $"'{x.First.Text}' {x.Second.Value?.Value ?? "-"}"))} {name}");
                }
            foreach (var t in tagged)
            {
                var onGold = doc.Timexes.Any(g => g.Start < t.Span.End && t.Span.Start < g.End);
                if (onGold) correct++;
                var (spans, ok, inDocs) = byRule.TryGetValue(t.Rule, out var v) ? v : (0, 0, new HashSet<string>(StringComparer.Ordinal));
                if (onGold) inDocs.Add(name);
                byRule[t.Rule] = (spans + 1, ok + (onGold ? 1 : 0), inDocs);
                if (verbose && !onGold) lines.Add($"  NO TIMEX '{t.Text}' ({t.Rule}) {name}: …{Around(doc.Text, t.Span.Start, t.Span.End)}…");
            }
            foreach (var g in doc.Dates)
            {
                gold++;
                if (tagged.Any(t => t.Span.Start == g.Start && t.Span.End == g.End)) strict++;
                if (tagged.Any(t => g.Start < t.Span.End && t.Span.Start < g.End)) relaxed++;
                else
                {
                    missed[Kind(g.Text)] = missed.GetValueOrDefault(Kind(g.Text)) + 1;
                    if (verbose) lines.Add($"  NOT FOUND '{g.Text}' ({g.Value}) {name}: …{Around(doc.Text, g.Start, g.End)}…");
                }
            }
        }
        foreach (var line in lines.Order(StringComparer.Ordinal)) Console.WriteLine(line);
        double p = (double)correct / found, r = (double)relaxed / gold;
        Console.WriteLine($"\n## Prose tagger (TemporalTagger) on the same DATE timexes\n");
        Console.WriteLine("| gold DATE | found strict | found relaxed | tagged spans | overlapping a gold timex | relaxed P / R / F1 |\n|---|---|---|---|---|---|");
        Console.WriteLine($"| {gold} | {strict} ({100.0 * strict / gold:0.0}%) | {relaxed} ({100.0 * r:0.0}%) | {found} | {correct} | {100 * p:0.0} / {100 * r:0.0} / {200 * p * r / (p + r):0.0} |");
        Console.WriteLine($"\nNot found, by kind: {string.Join(", ", missed.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {m.Value}"))}");
        if (verbose)
        {
            // A prose rule stays on only at 90% precision on the dev split, supported by two documents or more.
            Console.WriteLine("\n| tagger rule | spans | on a gold timex | precision | documents |\n|---|---|---|---|---|");
            foreach (var (rule, (spans, ok, inDocs)) in byRule.OrderByDescending(x => x.Value.Spans))
                Console.WriteLine($"| {rule} | {spans} | {ok} | {100.0 * ok / spans:0.0}%{(100.0 * ok / spans < 90 ? " ✗" : "")} | {inDocs.Count} |");
        }
        var accuracy = (double)valued / relaxed;
        Console.WriteLine($"\nEnd to end (tagger spans, normalized in their text): value accuracy on found DATE timexes {100 * accuracy:0.0}% ({valued}/{relaxed}); " +
            $"value F1 = relaxed F1 × value accuracy = {200 * p * r / (p + r) * accuracy:0.0}. TempEval-3 Task A (platinum test set, all timex types): " +
            "HeidelTime-t value F1 77.61, SUTime 67.38; inter-annotator agreement on values 0.88.");
    }

    private static string Around(string text, int start, int end) =>
        (text[Math.Max(0, start - 50)..start] + "[" + text[start..end] + "]" + text[end..Math.Min(text.Length, end + 30)]).ReplaceLineEndings(" ");

    /// <summary>
    /// TIMEX3 values compared as values: "2000-W7" in a few gold files and "2000-W07" name the same ISO week. Nothing else
    /// is equated (not "198X" with "198", nor "1949-XX" with "1949": they differ in granularity).
    /// </summary>
    private static bool SameValue(string? got, string gold) =>
        got is not null && string.Equals(PadWeek(got), PadWeek(gold), StringComparison.Ordinal);

    private static string PadWeek(string value) => System.Text.RegularExpressions.Regex.Replace(value, @"^(\d{4})-W(\d)(?!\d)", "$1-W0$2");

    private static string Kind(string text)
    {
        var t = text.ToLowerInvariant();
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")) return "weekday";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^(today|yesterday|tomorrow|tonight|now|currently|the present)")) return "deictic";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"\b(ago|earlier|later|before|after)\b")) return "offset";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"\b(last|this|next|past|coming|previous)\b")) return "relative unit";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"\b(19|20)\d\d\b") || System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{8}$")) return "absolute";
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")) return "month/day";
        return "other";
    }
}
