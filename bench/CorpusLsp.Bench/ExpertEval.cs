using System.Globalization;
using System.Xml.Linq;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Analysis.Rules;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// The expert checks of issue 18 (CLS050–CLS054) on the development corpora with gold links: how often each fires on the
/// gold annotations (alarms per 1,000 gold annotations; every one is a false alarm unless the gold itself is wrong), and
/// how many planted errors of each kind it catches. LGL and TR-News become sidecars in memory (nothing is written):
/// each gold toponym a place with its GeoNames id, anchored by text and `occurrence` (`all` when every occurrence of the
/// phrase carries the same id). TempEval-3's TLINKs between an event and a DATE timex measure CLS054.
/// </summary>
public static class ExpertEval
{
    private const string Root = "/bench";
    private const int DropSample = 400;

    private sealed record Place(string Text, string? Ref, IReadOnlyList<int> Occurrences, bool All, (int Start, int End)? CodePoints);

    public static int Run(string[] args)
    {
        var gazetteer = GeoData.LoadGazetteer();
        var config = CorpusConfig.Default(Root);
        var rows = new List<string[]>();
        var corpora = GeoData.LoadCorpora();
        foreach (var corpus in corpora.Where(c => c.Name is "LGL" or "TR-News"))
            rows.AddRange(Evaluate(corpus, gazetteer, config));
        foreach (var corpus in corpora)
            rows.Add(Parties(corpus, gazetteer, config));
        rows.AddRange(TempEval());
        Console.WriteLine("\n| corpus | rule | gold annotations | alarms on gold | per 1,000 | planted errors | caught | recall |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows) Console.WriteLine("| " + string.Join(" | ", r) + " |");
        return 0;
    }

    // ------------------------------------------------------------------ LGL, TR-News

    private static IEnumerable<string[]> Evaluate(GoldCorpus corpus, Gazetteer gazetteer, CorpusConfig config)
    {
        var articles = corpus.Articles.Where(a => a.Toponyms.Count > 0).ToList();
        var gold = articles.Sum(a => a.Toponyms.Count);
        DocumentAnalysis Analyze(int i, IEnumerable<Place> places) =>
            AnalyzeOne(gazetteer, config, $"{i:D4}", articles[i].Text, places);

        var grouped = articles.Select((a, i) => Analyze(i, Grouped(a, gazetteer))).ToList();
        var anchoring = grouped.SelectMany(a => a.Diagnostics).Count(d => d.Code is "CLS011" or "CLS012" or "CLS013" or "CLS015" or "CLS016");
        Console.Error.WriteLine($"{corpus.Name}: {articles.Count} articles, {gold} gold toponyms; anchoring problems of the import: {anchoring}");
        var perDoc = grouped.SelectMany(a => a.Diagnostics).GroupBy(d => d.Code).ToDictionary(g => g.Key, g => g.ToList());
        var coverage = CoverageRule.Check(grouped);
        int Alarms(string code) => code == "CLS052" ? coverage.Count : perDoc.GetValueOrDefault(code)?.Count ?? 0;
        if (ShowErrors) foreach (var d in perDoc.Where(p => p.Key is "CLS050" or "CLS051").SelectMany(p => p.Value).Concat(coverage.Take(60)))
            Console.Error.WriteLine($"  {d.Code} {d.Path}: {d.Message}");

        var single = articles.Select((a, i) => Singles(a, gazetteer).ToList()).ToList();
        var (swapPlanted, swapCaught, swapNoCue) = Swaps(articles, single, gazetteer, config);
        var (widenPlanted, widenCaught) = Widenings(articles, single, gazetteer, config);
        var (dropPlanted, dropCaught) = Drops(articles, single, gazetteer, config);

        string[] Row(string code, int planted, int caught, string note = "") => [corpus.Name, $"{code} ({DiagnosticCatalog.Find(code)!.DefaultSeverity.ToString().ToLowerInvariant()})",
            gold.ToString("N0", CultureInfo.InvariantCulture), Alarms(code).ToString(CultureInfo.InvariantCulture), Per1000(Alarms(code), gold),
            planted == 0 ? "—" : planted.ToString(CultureInfo.InvariantCulture) + note, planted == 0 ? "—" : caught.ToString(CultureInfo.InvariantCulture), Percent(caught, planted)];
        yield return Row("CLS050", swapPlanted, swapCaught, $" swaps with a cue ({swapNoCue} more without one)");
        yield return Row("CLS051", widenPlanted, widenCaught, " widened");
        yield return Row("CLS052", dropPlanted, dropCaught, " dropped outside longer names");
        yield return Row("CLS054", 0, 0);
    }

    private static bool ShowErrors => Environment.GetCommandLineArgs().Contains("--errors");

    private static DocumentAnalysis AnalyzeOne(Gazetteer gazetteer, CorpusConfig config, string name, string article, IEnumerable<Place> places)
    {
        var path = $"{Root}/{name}.yaml";
        var (sidecar, read) = SidecarReader.Read(path, new SourceText(Yaml(places)));
        return DocumentAnalyzer.Analyze(sidecar, read, $"{Root}/{name}.txt", new SourceText(article), gazetteer, config, null);
    }

    private static string Yaml(IEnumerable<Place> places)
    {
        var sb = new System.Text.StringBuilder("places:\n");
        foreach (var p in places)
        {
            sb.Append("  - text: ").Append(YamlEdits.Quote(p.Text)).Append('\n');
            if (p.CodePoints is { } cp) sb.Append(CultureInfo.InvariantCulture, $"    span: [{cp.Start}, {cp.End}]\n");
            else if (p.All) sb.Append("    occurrence: all\n");
            else sb.Append("    occurrence: ").Append(p.Occurrences.Count == 1 ? p.Occurrences[0].ToString(CultureInfo.InvariantCulture) : $"[{string.Join(", ", p.Occurrences)}]").Append('\n');
            if (p.Ref is { } r) sb.Append("    ref: ").Append(r).Append('\n');
        }
        return sb.ToString();
    }

    private static string? RefOf(GoldToponym t, Gazetteer g) => t.GeonameId is { } id && g.Find("geonames:" + id) is not null ? "geonames:" + id : null;

    /// <summary>One place per toponym: text + its occurrence number (or its span when the gold offsets are not a whole-word occurrence).</summary>
    private static IEnumerable<Place> Singles(GoldArticle a, Gazetteer g)
    {
        var text = new SourceText(a.Text);
        foreach (var t in a.Toponyms)
        {
            if (t.End > a.Text.Length || t.Start < 0 || t.End <= t.Start) continue;
            var phrase = a.Text[t.Start..t.End];
            var n = Anchoring.Occurrences(a.Text, phrase).IndexOf(new TextSpan(t.Start, t.End)) + 1;
            yield return n > 0 ? new Place(phrase, RefOf(t, g), [n], false, null)
                : new Place(phrase, RefOf(t, g), [], false, (text.CodePointFromOffset(t.Start), text.CodePointFromOffset(t.End)));
        }
    }

    /// <summary>The gold as an annotator writes it: one entry per phrase and link, `occurrence: all` when it takes every occurrence.</summary>
    private static IEnumerable<Place> Grouped(GoldArticle a, Gazetteer g)
    {
        var singles = Singles(a, g).ToList();
        foreach (var p in singles.Where(p => p.CodePoints is not null)) yield return p;
        foreach (var group in singles.Where(p => p.CodePoints is null).GroupBy(p => (p.Text, p.Ref)))
        {
            var numbers = group.SelectMany(p => p.Occurrences).Distinct().Order().ToList();
            var all = numbers.Count == Anchoring.Occurrences(a.Text, group.Key.Text).Count;
            yield return new Place(group.Key.Text, group.Key.Ref, numbers, all && numbers.Count > 1, null);
        }
    }

    /// <summary>
    /// A gold admin unit relinked to the town of that name, or a gold town to the unit, one at a time: caught when CLS050
    /// fires at the planted link. Counted apart: swaps whose context has no cue word, which no text rule can see.
    /// </summary>
    private static (int Planted, int Caught, int NoCue) Swaps(List<GoldArticle> articles, List<List<Place>> single, Gazetteer g, CorpusConfig config)
    {
        int planted = 0, caught = 0, noCue = 0;
        for (var i = 0; i < articles.Count; i++)
            for (var k = 0; k < single[i].Count; k++)
            {
                var p = single[i][k];
                if (p.Ref is null || p.CodePoints is not null || g.Find(p.Ref) is not { } linked) continue;
                var wantsTown = linked.IsAdministrative && !linked.IsCountry;
                if (!wantsTown && linked.FeatureClass != 'P') continue;
                var span = Anchoring.Occurrences(articles[i].Text, p.Text)[p.Occurrences[0] - 1];
                var cue = ExpertCues.FeatureCue(articles[i].Text, span);
                var name = cue?.Name ?? p.Text;
                // "Swap a city for its province": the unit the town lies in, or a town of the unit, with the same name.
                var other = g.Lookup(name).Select(m => m.Entry).FirstOrDefault(e => e.Id != linked.Id
                    && (wantsTown ? e.FeatureClass == 'P' && Within(e, linked) : e.IsAdministrative && !e.IsCountry && Within(linked, e)));
                if (other is null) continue;
                // Only a swap against what the text says is an error a reader can see; a swap the cue agrees with is not planted.
                if (cue is null) { noCue++; continue; }
                if (cue.Value.WantsAdmin != (linked.IsAdministrative)) continue;
                planted++;
                var places = single[i].Select((q, j) => j == k ? q with { Ref = other.Id } : q).ToList();
                var analysis = AnalyzeOne(g, config, $"swap{i}", articles[i].Text, places);
                var refNode = analysis.Sidecar.Places[k].RefNode!.Span;
                if (analysis.Diagnostics.Any(d => d.Code == "CLS050" && d.Span == refNode)) caught++;
            }
        return (planted, caught, noCue);
    }

    private static bool Within(GazetteerEntry place, GazetteerEntry unit) =>
        unit.CountryCode == place.CountryCode && (unit.Admin1.Length == 0 || unit.Admin1 == place.Admin1)
        && (unit.FeatureCode != "ADM2" || unit.Admin2.Length == 0 || unit.Admin2 == place.Admin2);

    /// <summary>
    /// A name inside a gold toponym ("Fulton" in "Fulton County") added with `occurrence: all` and its own best entry: caught
    /// when CLS051 fires at that entry's occurrence.
    /// </summary>
    private static (int Planted, int Caught) Widenings(List<GoldArticle> articles, List<List<Place>> single, Gazetteer g, CorpusConfig config)
    {
        int planted = 0, caught = 0;
        for (var i = 0; i < articles.Count; i++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in single[i].Where(p => p.Ref is not null && p.CodePoints is null && p.Text.Contains(' ')))
            {
                foreach (var inner in p.Text.Split(' ').Where(w => w.Length > 2 && char.IsUpper(w[0]) && w.All(char.IsLetter)))
                {
                    if (!seen.Add(inner) || g.Lookup(inner).Select(m => m.Entry).FirstOrDefault(e => e.Id != p.Ref) is not { } entry) continue;
                    planted++;
                    var places = single[i].Append(new Place(inner, entry.Id, [], true, null)).ToList();
                    var analysis = AnalyzeOne(g, config, $"widen{i}", articles[i].Text, places);
                    var node = analysis.Sidecar.Places[^1].Anchor.Occurrence.Node!.Span;
                    if (analysis.Diagnostics.Any(d => d.Code == "CLS051" && d.Span == node)) caught++;
                }
            }
        }
        return (planted, caught);
    }

    /// <summary>
    /// One gold toponym dropped whose phrase is annotated elsewhere (in its article or another): caught when CLS052 fires at
    /// its place in the article. A deterministic sample of <see cref="DropSample"/> per corpus.
    /// </summary>
    private static (int Planted, int Caught) Drops(List<GoldArticle> articles, List<List<Place>> single, Gazetteer g, CorpusConfig config)
    {
        var analyses = single.Select((s, i) => AnalyzeOne(g, config, $"{i:D4}", articles[i].Text, s)).ToList();
        var count = single.SelectMany(s => s).Where(p => p.CodePoints is null).GroupBy(p => p.Text).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
        var eligible = new List<(int Article, int Index)>();
        for (var i = 0; i < single.Count; i++)
            for (var k = 0; k < single[i].Count; k++)
                if (single[i][k].CodePoints is null && count[single[i][k].Text] > 1) eligible.Add((i, k));
        var step = Math.Max(1, eligible.Count / DropSample);
        int planted = 0, caught = 0, inName = 0, inNameCaught = 0;
        for (var e = 0; e < eligible.Count && planted < DropSample; e += step)
        {
            var (i, k) = eligible[e];
            var dropped = single[i][k];
            var span = Anchoring.Occurrences(articles[i].Text, dropped.Text)[dropped.Occurrences[0] - 1];
            var changed = AnalyzeOne(g, config, $"{i:D4}", articles[i].Text, single[i].Where((_, j) => j != k));
            var list = analyses.Select((a, j) => j == i ? changed : a).ToList();
            var hit = CoverageRule.Check(list, reportIn: a => ReferenceEquals(a, changed)).Any(d => d.Span == span);
            // A toponym inside a longer name ("Minnesota National Guard") is annotated in LGL but is part of an
            // organisation's name by this project's convention (the example annotates no place inside one): counted apart.
            if (CoverageRule.PartOfLongerName(articles[i].Text, span)) { inName++; if (hit) inNameCaught++; continue; }
            planted++;
            if (hit) caught++;
            else if (ShowErrors) Console.Error.WriteLine($"  CLS052 missed: '{dropped.Text}' in …{Context(articles[i].Text, span)}…");
        }
        Console.Error.WriteLine($"  CLS052 drops inside a longer name: {inName}, caught {inNameCaught}");
        return (planted, caught);
    }

    // ------------------------------------------------------------------ CLS053 on countries in sentences

    /// <summary>
    /// CLS053 where it can misfire: every gold toponym that is a country becomes the `places` of an event triggered in its
    /// sentence (the sentence's first word). Most such countries are where something happens, not a party, so the alarms
    /// approximate false alarms (printed, to be read). Recall: the same sentences with a party clause written from the cue
    /// table ("…, in talks brokered by Turkey"), the event's place anchored in the clause; a deterministic sample.
    /// </summary>
    private static string[] Parties(GoldCorpus corpus, Gazetteer g, CorpusConfig config)
    {
        var countries = new List<(int Article, GoldToponym Toponym, string Ref)>();
        for (var i = 0; i < corpus.Articles.Count; i++)
            foreach (var gold in corpus.Articles[i].Toponyms)
                if (Aligned(corpus.Articles[i].Text, gold) is { } t && CountryOf(t, g) is { } id) countries.Add((i, t, id));
        var events = 0;
        var alarms = new List<string>();
        foreach (var article in countries.GroupBy(c => c.Article))
        {
            var text = corpus.Articles[article.Key].Text;
            var places = new List<(Place Place, TextSpan Trigger)>();
            foreach (var (_, t, id) in article)
                if (PartyEvent(text, new TextSpan(t.Start, t.End), id) is { } e) places.Add(e);
            events += places.Count;
            var analysis = AnalyzeEvents(g, config, $"party{article.Key}", text, places);
            for (var k = 0; k < places.Count; k++)
                if (analysis.Diagnostics.Any(d => d.Code == "CLS053" && d.Span == analysis.Sidecar.Events[k].Places[0].Span))
                    alarms.Add($"…{Context(text, Sentences.Containing(text, places[k].Trigger.Start))}…");
        }
        Console.Error.WriteLine($"{corpus.Name}: CLS053 on {events} events whose `places` is a gold country: {alarms.Count} alarms");
        foreach (var a in alarms) Console.Error.WriteLine("  CLS053 " + a);

        // Recall: a party clause after the country's sentence, one template after another, over a sample of the sentences.
        var names = countries.Select(c => c.Toponym.Phrase).Distinct(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, countries.Count / DropSample);
        int planted = 0, caught = 0;
        for (var c = 0; c < countries.Count && planted < DropSample; c += step)
        {
            var (i, t, id) = countries[c];
            var text = corpus.Articles[i].Text;
            var other = names.Skip(c % names.Count).Concat(names).FirstOrDefault(n => !n.Contains(t.Phrase, StringComparison.Ordinal) && !t.Phrase.Contains(n, StringComparison.Ordinal)) ?? "Canada";
            var sentence = Sentences.Containing(text, t.Start);
            var end = sentence.End;
            while (end > sentence.Start && char.IsWhiteSpace(text[end - 1])) end--;
            if (end > sentence.Start && text[end - 1] is '.' or '!' or '?') end--;
            var template = PartyTemplates[planted % PartyTemplates.Length];
            var clause = ", " + template.Replace("{C2}", other, StringComparison.Ordinal).Replace("{C}", t.Phrase, StringComparison.Ordinal);
            var at = end + 2 + template.IndexOf("{C}", StringComparison.Ordinal);
            var changed = text[..end] + clause + text[end..];
            if (PartyEvent(changed, new TextSpan(at, at + t.Phrase.Length), id, sentence.Start) is not { } e) continue;
            planted++;
            var analysis = AnalyzeEvents(g, config, $"plant{c}", changed, [e]);
            if (analysis.Diagnostics.Any(d => d.Code == "CLS053")) caught++;
            else if (ShowErrors) Console.Error.WriteLine($"  CLS053 missed: …{Context(changed, Sentences.Containing(changed, at))}…");
        }
        var severity = DiagnosticCatalog.Find("CLS053")!.DefaultSeverity.ToString().ToLowerInvariant();
        return [corpus.Name, $"CLS053 ({severity})", events.ToString("N0", CultureInfo.InvariantCulture) + " country-in-places events", alarms.Count.ToString(CultureInfo.InvariantCulture),
            Per1000(alarms.Count, events), planted.ToString(CultureInfo.InvariantCulture) + " party clauses", caught.ToString(CultureInfo.InvariantCulture), Percent(caught, planted)];
    }

    /// <summary>Party clauses written for this measurement, one per cue of expert-cues.json; {C} is the planted country, {C2} another.</summary>
    private static readonly string[] PartyTemplates =
    [
        "under a deal worked out between {C} and {C2} last week",
        "in talks brokered by {C} earlier this month",
        "after a truce mediated by {C} and {C2} took hold",
        "under an accord negotiated by {C} in the spring",
        "according to a statement signed by {C} and {C2} on Monday",
        "in line with a plan agreed by {C} last year",
        "after a {C}-brokered ceasefire collapsed",
        "in a settlement engineered by {C} and its allies",
        "under a framework worked out by {C} officials",
        "after a {C}-mediated exchange of prisoners",
    ];

    /// <summary>
    /// The toponym with offsets where its phrase is: GeoVirus's offsets are one character off (start − 1 is where the
    /// name begins), so the phrase is looked for a few characters either way; null when it is not there.
    /// </summary>
    private static GoldToponym? Aligned(string text, GoldToponym t)
    {
        foreach (var shift in new[] { 0, -1, 1, -2, 2 })
        {
            var start = t.Start + shift;
            if (start >= 0 && start + t.Phrase.Length <= text.Length && t.Phrase.Length > 0 && string.CompareOrdinal(text, start, t.Phrase, 0, t.Phrase.Length) == 0)
                return t with { Start = start, End = start + t.Phrase.Length };
        }
        return null;
    }

    /// <summary>The gold toponym's country entry: by GeoNames id (LGL, TR-News), or by the name of its Wikipedia page (GeoVirus).</summary>
    private static string? CountryOf(GoldToponym t, Gazetteer g)
    {
        if (t.GeonameId is { } id) return g.Find("geonames:" + id) is { IsCountry: true } e ? e.Id : null;
        return g.Lookup(t.Phrase).Select(m => m.Entry).FirstOrDefault(e => e.IsCountry && t.Page is { Length: > 0 } page && NameFolding.Fold(page) == NameFolding.Fold(e.Name))?.Id;
    }

    /// <summary>The country as a place anchored at <paramref name="span"/>, and its sentence's first word as an event trigger.</summary>
    private static (Place Place, TextSpan Trigger)? PartyEvent(string text, TextSpan span, string id, int? sentenceStart = null)
    {
        var n = Anchoring.Occurrences(text, text[span.Start..span.End]).IndexOf(span) + 1;
        if (n == 0) return null;
        var start = sentenceStart ?? Sentences.Containing(text, span.Start).Start;
        while (start < span.Start && !char.IsLetter(text[start])) start++;
        var end = start;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        return end == start ? null : (new Place(text[span.Start..span.End], id, [n], false, null), new TextSpan(start, end));
    }

    private static DocumentAnalysis AnalyzeEvents(Gazetteer gazetteer, CorpusConfig config, string name, string article, IReadOnlyList<(Place Place, TextSpan Trigger)> events)
    {
        var text = new SourceText(article);
        var yaml = new System.Text.StringBuilder("places:\n");
        for (var k = 0; k < events.Count; k++)
        {
            var p = events[k].Place;
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: c{k}\n    text: {YamlEdits.Quote(p.Text)}\n    occurrence: {p.Occurrences[0]}\n    ref: {p.Ref}\n");
        }
        yaml.Append("events:\n");
        for (var k = 0; k < events.Count; k++)
        {
            var t = events[k].Trigger;
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: e{k}\n    type: event\n    text: {YamlEdits.Quote(article[t.Start..t.End])}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    span: [{text.CodePointFromOffset(t.Start)}, {text.CodePointFromOffset(t.End)}]\n    places: [c{k}]\n");
        }
        var path = $"{Root}/{name}.yaml";
        var (sidecar, read) = SidecarReader.Read(path, new SourceText(yaml.ToString()));
        return DocumentAnalyzer.Analyze(sidecar, read, $"{Root}/{name}.txt", text, gazetteer, config, null);
    }

    // ------------------------------------------------------------------ TempEval-3

    /// <summary>
    /// CLS054 on every TLINK between an event and a DATE timex of TempEval-3 (TBAQ-cleaned): an alarm is false unless the
    /// gold relation makes the date the end of the event (ENDED_BY, ENDS) or a time it holds before (BEFORE, IBEFORE); recall
    /// is over the ENDED_BY links.
    /// </summary>
    private static IEnumerable<string[]> TempEval()
    {
        var root = Path.Combine(Repo.Shared, "data", "tempeval3", "TBAQ-cleaned");
        int links = 0, alarms = 0, falseAlarms = 0, endedBy = 0, endedByCaught = 0;
        foreach (var file in new[] { "TimeBank", "AQUAINT" }.SelectMany(set => Directory.GetFiles(Path.Combine(root, set), "*.tml")).Order(StringComparer.Ordinal))
        {
            var xml = File.ReadAllText(file);
            if (TimeMlImporter.Parse(xml, out _) is not { } doc) continue;
            var dates = doc.Timexes.Where(t => t.Type == "DATE").ToDictionary(t => t.Id, StringComparer.Ordinal);
            foreach (var link in XDocument.Parse(xml).Descendants("TLINK"))
            {
                var (time, relation) = link.Attribute("eventInstanceID") is not null && link.Attribute("relatedToTime") is { } t
                    ? (t.Value, link.Attribute("relType")!.Value)
                    : link.Attribute("timeID") is { } t2 && link.Attribute("relatedToEventInstance") is not null ? (t2.Value, Inverse(link.Attribute("relType")!.Value)) : (null, "");
                if (time is null || !dates.TryGetValue(time, out var timex)) continue;
                links++;
                var fires = ExpertCues.PeriodEndCue(doc.Text, new TextSpan(timex.Start, timex.End), timex.Text) is not null;
                if (relation == "ENDED_BY") { endedBy++; if (fires) endedByCaught++; }
                if (!fires) continue;
                alarms++;
                if (relation is ("ENDED_BY" or "ENDS" or "BEFORE" or "IBEFORE")) continue;
                falseAlarms++;
                if (ShowErrors) Console.Error.WriteLine($"  CLS054 on {relation}: …{Context(doc.Text, new TextSpan(timex.Start, timex.End))}…");
            }
        }
        Console.Error.WriteLine($"TempEval-3: {links} event–DATE TLINKs; CLS054 fires on {alarms}, {falseAlarms} of them against the gold relation");
        yield return ["TempEval-3", "CLS054 (warning)", links.ToString("N0", CultureInfo.InvariantCulture), falseAlarms.ToString(CultureInfo.InvariantCulture),
            Per1000(falseAlarms, links), endedBy.ToString(CultureInfo.InvariantCulture) + " ENDED_BY links", endedByCaught.ToString(CultureInfo.InvariantCulture), Percent(endedByCaught, endedBy)];
    }

    private static string Inverse(string relation) => relation switch
    {
        "BEFORE" => "AFTER", "AFTER" => "BEFORE", "IBEFORE" => "IAFTER", "IAFTER" => "IBEFORE", "INCLUDES" => "IS_INCLUDED", "IS_INCLUDED" => "INCLUDES",
        "BEGINS" => "BEGUN_BY", "BEGUN_BY" => "BEGINS", "ENDS" => "ENDED_BY", "ENDED_BY" => "ENDS", _ => relation,
    };

    private static string Context(string text, TextSpan span) =>
        text[Math.Max(0, span.Start - 40)..Math.Min(text.Length, span.End + 30)].ReplaceLineEndings(" ");

    private static string Per1000(int n, int of) => of == 0 ? "—" : (1000.0 * n / of).ToString("0.0", CultureInfo.InvariantCulture);
    private static string Percent(int n, int of) => of == 0 ? "—" : (100.0 * n / of).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
