using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

/// <summary>Checks one sidecar against its article, the gazetteer and the calendar. Pure: same inputs, same result.</summary>
public static class DocumentAnalyzer
{
    /// <param name="previous">
    /// An earlier analysis of the same sidecar (before an edit): what it computed for entries whose lines are unchanged is
    /// reused where the inputs it depends on are unchanged too, so an edit costs the entries it touches. The result is
    /// the same as without it.
    /// </param>
    public static DocumentAnalysis Analyze(Sidecar sidecar, ImmutableArray<Diagnostic> readDiagnostics, string? articlePath, SourceText? article,
        GazetteerIndex gazetteer, CorpusConfig config, string? overlayPath, SourceProfile? source = null, DocumentAnalysis? previous = null) =>
        Analyze(sidecar, readDiagnostics, articlePath, article, gazetteer, config, overlayPath, source, previous?.Memo);

    /// <summary>The analysis, reusing what <paramref name="previous"/> (an earlier analysis's memo) computed.</summary>
    internal static DocumentAnalysis Analyze(Sidecar sidecar, ImmutableArray<Diagnostic> readDiagnostics, string? articlePath, SourceText? article,
        GazetteerIndex gazetteer, CorpusConfig config, string? overlayPath, SourceProfile? source, AnalysisMemo? previous, bool keepEntries = true)
    {
        source ??= SourceProfile.None;
        var diagnostics = new List<Diagnostic>(readDiagnostics);
        var path = sidecar.Path;
        var memo = new AnalysisMemo { Path = path, Article = article, Gazetteer = gazetteer, OverlayPath = overlayPath, Config = config, SourceFingerprint = source.Fingerprint,
            Drifted = AnalysisMemo.DriftedFor(previous, path, article), KeepsEntries = keepEntries };
        var count = sidecar.Places.Length + sidecar.People.Length + sidecar.Organisations.Length + sidecar.Events.Length;
        if (keepEntries && previous is null) memo.SizeFor(sidecar, count);
        else if (keepEntries) memo.SizeLike(previous);
        var entries = new Entries(sidecar.Text, new AnalysisMemo.Lender(previous, memo), count);
        var mentions = ImmutableArray.CreateBuilder<ResolvedMention>(article is null ? 0 : count);

        if (article is not null)
        {
            foreach (var m in AllMentions(sidecar))
                mentions.Add(new ResolvedMention(m, entries.Compute(m, static x => x.Anchors, entries.Lender.ArticleUnchanged, diagnostics, (m, article, path),
                    static (k, _) => k, static (d, s) => Anchoring.Resolve(s.m.Anchor, s.article, s.path, Describe(s.m), d))));
        }
        var resolved = mentions.DrainToImmutable();
        var sorted = SortedMentionSpans.Of(resolved);
        if (article is not null) CheckOverlaps(resolved, sorted, path, diagnostics);

        var published = ParseDate(sidecar.Meta.Published, sidecar.Meta.PublishedNode, "meta.published", path, diagnostics);
        var places = CheckPlaces(sidecar, resolved, article, gazetteer, config, overlayPath, source, diagnostics, entries);
        CheckEventReferences(sidecar, diagnostics);
        var dates = CheckDates(sidecar, resolved, article, published, diagnostics, entries);
        if (article is not null) CheckDateline(sidecar, article, published, diagnostics);

        var analysis = new DocumentAnalysis(sidecar, articlePath, article, published, resolved, places, dates, [], source) { Memo = memo, SortedSpans = sorted };
        Rules.ExpertRules.AddTo(diagnostics, analysis, gazetteer, config);
        return analysis with { Diagnostics = config.ApplyAll(diagnostics) };
    }

    /// <summary>The sidecar's entries as cache keys (each found once), and the memo results are lent from and kept in.</summary>
    private sealed class Entries(SourceText text, AnalysisMemo.Lender lender, int mentions)
    {
        private readonly Dictionary<Mention, (EntryKey? Key, int Start, int End)> _keys = new(lender.UsesKeys ? mentions : 0, MentionIdentity.Instance);

        // The line of the entry found last: the entries are asked for in the sidecar's order.
        private int _near = -1;

        public AnalysisMemo.Lender Lender => lender;

        public (EntryKey? Key, int Start, int End) Of(Mention m)
        {
            if (!_keys.TryGetValue(m, out var found))
                _keys[m] = found = (EntryKey.Of(text, m, ref _near, out var start, out var end), start, end);
            return found;
        }

        /// <summary>
        /// A result of one entry, reused when the entry and the inputs in <paramref name="key"/> are unchanged. What the key
        /// and the computation read comes in <paramref name="state"/>, so that static lambdas serve every entry: closures
        /// made per entry were ~0.6 MB of a 2,000-mention sidecar's edit (issue 19).
        /// </summary>
        public T Compute<TKey, T, TState>(Mention m, Func<AnalysisMemo, Dictionary<TKey, Stored<T>>> table, bool reusable, List<Diagnostic> diagnostics,
            TState state, Func<EntryKey, TState, TKey> key, Func<List<Diagnostic>, TState, T> compute) where TKey : struct
        {
            // Without a memo to lend or keep results, the entry's lines are not found and hashed.
            if (!lender.UsesKeys) return compute(diagnostics, state);
            var (entry, start, end) = Of(m);
            return lender.Entry(table, reusable, entry is { } e ? key(e, state) : (TKey?)null, start, end, diagnostics, state, compute);
        }
    }

    /// <summary>The sidecar's mentions in its order, read from its arrays (<see cref="Sidecar.AllMentions"/> chains four iterators).</summary>
    private static IEnumerable<Mention> AllMentions(Sidecar sidecar)
    {
        foreach (var m in sidecar.Places) yield return m;
        foreach (var m in sidecar.People) yield return m;
        foreach (var m in sidecar.Organisations) yield return m;
        foreach (var m in sidecar.Events) yield return m;
    }

    private static string Describe(Mention m) => m.Kind switch
    {
        MentionKind.Place => "place", MentionKind.Person => "person", MentionKind.Organisation => "organisation", MentionKind.Event => "event trigger", _ => "mention",
    };

    private static void CheckOverlaps(ImmutableArray<ResolvedMention> mentions, SortedMentionSpans sorted, string path, List<Diagnostic> diagnostics)
    {
        // The spans by start, the longer first at one start, then in mention order: the sorted spans (by start, then in
        // mention order) with each run of one start ordered by end, in place (runs are short). Sorted apart, with keys or a
        // comparer, this check's own sort was ~15 K instructions a pair (issue 19).
        var spans = sorted.Spans;
        var order = new int[spans.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var at = k;
            while (at > 0 && spans[order[at - 1]].Start == spans[k].Start && spans[order[at - 1]].End < spans[k].End)
            {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = k;
        }
        HashSet<Mention>? reported = null;
        for (var i = 0; i < order.Length; i++)
            for (var j = i + 1; j < order.Length && spans[order[j]].Start < spans[order[i]].End; j++)
            {
                var (aSpan, bSpan) = (spans[order[i]], spans[order[j]]);
                var (a, b) = (mentions[sorted.Mentions[order[i]]].Mention, mentions[sorted.Mentions[order[j]]].Mention);
                if (aSpan == bSpan && a.Kind == b.Kind && !ReferenceEquals(a, b))
                {
                    if ((reported ??= new(MentionIdentity.Instance)).Add(b))
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateMention, path, b.Anchor.TextNode?.Span ?? b.Node.Span,
                            $"'{Anchoring.Shorten(b.Anchor.Text ?? "")}' is annotated twice as a {Describe(b)}; remove one entry."));
                }
                else if (!aSpan.Contains(bSpan) && !bSpan.Contains(aSpan) && (reported ??= new(MentionIdentity.Instance)).Add(b))
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CrossingMentions, path, b.Anchor.TextNode?.Span ?? b.Node.Span,
                        $"'{Anchoring.Shorten(b.Anchor.Text ?? "")}' overlaps '{Anchoring.Shorten(a.Anchor.Text ?? "")}' without nesting; mentions may nest but not cross."));
            }
    }

    private static DateOnly? ParseDate(string? value, YScalar? node, string what, string path, List<Diagnostic> diagnostics)
    {
        if (value is null || node is null) return null;
        var t = Timex.ParseIso(value);
        if (t is null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidDate, path, node.Span, $"'{value}' ({what}) is not a valid date; write YYYY-MM-DD (or YYYY-MM, YYYY, YYYY-Wnn)."));
            return null;
        }
        return t.Granularity == Granularity.Day ? t.Start : null;
    }

    // ---------------------------------------------------------------- places

    private static ImmutableArray<PlaceResolution> CheckPlaces(Sidecar sidecar, ImmutableArray<ResolvedMention> mentions, SourceText? article,
        GazetteerIndex gazetteer, CorpusConfig config, string? overlayPath, SourceProfile source, List<Diagnostic> diagnostics, Entries entries)
    {
        var count = sidecar.Places.Length;
        var linked = new GazetteerEntry?[count];
        var names = new string?[count];
        var firstSpans = new TextSpan?[count];
        var articleMentions = new ArticleMention[count];
        // Without a memo to keep the links in (every pair of a `check`), each link and whether it matches its name come
        // from one lookup of the gazetteer (Gazetteer.Linked).
        var checking = !entries.Lender.UsesKeys;
        var known = checking ? new bool[count] : null;
        for (var i = 0; i < count; i++)
        {
            var place = sidecar.Places[i];
            // The mentions come in the sidecar's order, places first (none without an article): a table of every mention's
            // spans to find the places' was ~4 KB of each pair's analysis (issue 19).
            firstSpans[i] = i < mentions.Length && ReferenceEquals(mentions[i].Mention, place) ? mentions[i].Spans.FirstOrDefault() : null;
            names[i] = place.Anchor.Text ?? (article is not null && firstSpans[i] is { IsEmpty: false } fs0 ? article.Slice(fs0) : null);
            if (place.Ref is null) linked[i] = null;
            else if (!checking) linked[i] = entries.Lender.Link(place.Ref);
            else (linked[i], known![i]) = gazetteer.Linked(place.Ref, names[i] ?? "");
            articleMentions[i] = new ArticleMention(names[i] ?? "", firstSpans[i]?.Start ?? -1, firstSpans[i]?.End ?? -1, linked[i]);
        }
        var (resolved, settled) = ResolveJointly(gazetteer, article, articleMentions, new ArticleSetting(config.FocusCountrySet, source), entries.Lender, known);

        var results = ImmutableArray.CreateBuilder<PlaceResolution>(count);
        for (var i = 0; i < count; i++)
        {
            var place = sidecar.Places[i];
            var name = names[i];
            var candidates = resolved[i].Candidates;
            // A mention missing from the article is already an error; judging its name would only add noise.
            var anchored = article is null || firstSpans[i] is { IsEmpty: false };
            var entry = linked[i];
            // Whether the link matches the name, as the joint resolution found it (a second question to the gazetteer was
            // ~350 instructions a place); null when it was not asked.
            var matches = settled is null || name is not { Length: > 0 } ? (bool?)null : settled[i];
            // Nothing kept (a `check`): the place is checked here, not through the memo's state, copied at each of its calls.
            if (checking) CheckPlace(sidecar, place, entry, name, anchored, candidates, gazetteer, overlayPath, diagnostics, matches);
            else entries.Compute(place, static x => x.Places, entries.Lender.PlacesReusable, diagnostics, (sidecar, place, entry, name, anchored, candidates, gazetteer, overlayPath, matches),
                static (k, s) => new AnalysisMemo.PlaceKey(k, s.name, s.anchored, CandidateIds(s.candidates)),
                static (d, s) => CheckPlace(s.sidecar, s.place, s.entry, s.name, s.anchored, s.candidates, s.gazetteer, s.overlayPath, d, s.matches));
            results.Add(new PlaceResolution(place, place.Ref is not null ? entry : name is not null && anchored && candidates.Count == 1 && candidates[0].Match != MatchKind.Namesake ? candidates[0].Entry : null, candidates));
        }
        return results.MoveToImmutable();
    }

    /// <summary>
    /// One joint resolution of the article's places, as hover, `place` and the evaluation see it. A valid link whose
    /// names match needs no ranking (the common case in a finished sidecar: thousands of them). The previous analysis's
    /// is reused for the very same names, positions and links. With the resolution, which links match their names (null
    /// when the previous one was reused).
    /// </summary>
    /// <param name="known">Which links match their names, when found with the links (no previous analysis to reuse).</param>
    private static (IReadOnlyList<MentionResolution> Resolved, bool[]? Settled) ResolveJointly(GazetteerIndex gazetteer, SourceText? article, ArticleMention[] mentions,
        ArticleSetting setting, AnalysisMemo.Lender lender, bool[]? known)
    {
        bool[]? settled = null;
        var resolved = lender.JointReusable && lender.Previous!.JointInput is { } before && before.Count == mentions.Length
            && before.Zip(mentions).All(p => p.First.Text == p.Second.Text && p.First.Start == p.Second.Start && p.First.End == p.Second.End && p.First.Linked?.Id == p.Second.Linked?.Id)
                ? lender.Previous.JointOutput!
                : ArticleResolver.ResolveSettled(gazetteer, article?.Text, mentions, settled = known ?? ArticleResolver.Settled(gazetteer, mentions), setting);
        lender.Next.JointInput = mentions;
        lender.Next.JointOutput = resolved;
        return (resolved, settled);
    }

    /// <summary>The candidates' ids as one key part; none (a matching link is not ranked) makes no string.</summary>
    private static string CandidateIds(IReadOnlyList<RankedCandidate> candidates) =>
        candidates.Count == 0 ? "" : string.Join('\n', candidates.Select(c => c.Entry.Id));

    /// <summary>The diagnostics of one place: a link that is unknown or names another place, or an unlinked name.</summary>
    /// <param name="matches">Whether the link matches the name, when known already.</param>
    private static bool CheckPlace(Sidecar sidecar, PlaceMention place, GazetteerEntry? entry, string? name, bool anchored, IReadOnlyList<RankedCandidate> candidates,
        GazetteerIndex gazetteer, string? overlayPath, List<Diagnostic> diagnostics, bool? matches)
    {
        // The places that need no diagnostic leave here, before the closure the fixes below capture is made (one per place).
        var mismatch = place.Ref is not null && entry is not null && anchored && name is not null && !(matches ?? gazetteer.Matches(entry, name));
        if (place.Ref is not null ? entry is not null && !mismatch : name is null || !anchored) return true;
        return ReportPlace(sidecar, place, entry, name, mismatch, candidates, gazetteer, overlayPath, diagnostics);
    }

    private static bool ReportPlace(Sidecar sidecar, PlaceMention place, GazetteerEntry? entry, string? name, bool mismatch, IReadOnlyList<RankedCandidate> candidates,
        GazetteerIndex gazetteer, string? overlayPath, List<Diagnostic> diagnostics)
    {
        var path = sidecar.Path;
        var anchorSpan = place.Anchor.TextNode?.Span ?? place.Node.Span;
        // A namesake (Neches of "Neches River") is where the feature probably lies, never a link for it: it is named,
        // but not offered as a fix, and a link to it stays a mismatch (CLS024).
        var namesakes = candidates.Count > 0 && candidates[0].Match == MatchKind.Namesake ? candidates : [];
        if (namesakes.Count > 0) candidates = [];
        if (place.Ref is { } reference)
        {
            if (entry is null)
            {
                var fixes = candidates.Take(5).Select(c => new Fix($"Link to {Label(gazetteer, c.Entry)}", [new TextEdit(path, place.RefNode!.Span, c.Entry.Id)])).ToArray();
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownPlaceRef, path, place.RefNode!.Span,
                    $"'{reference}' is not in the gazetteer ({gazetteer.Count:N0} entries loaded)." + (candidates.Count > 0 ? $" '{name}' matches {Label(gazetteer, candidates[0].Entry)}." : ""), fixes));
            }
            else if (mismatch)
            {
                var fixes = candidates.Take(5).Select(c => new Fix($"Link to {Label(gazetteer, c.Entry)}", [new TextEdit(path, place.RefNode!.Span, c.Entry.Id)])).ToArray();
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.RefNameMismatch, path, place.RefNode!.Span,
                    $"'{name}' is none of the names of {Label(gazetteer, entry)}." + (candidates.Count > 0 ? $" Did you mean {Label(gazetteer, candidates[0].Entry)}?"
                        : namesakes.Count > 0 ? $" {NamesakeSentence(gazetteer, name!, namesakes)} Link an entry of the feature itself (add it to the overlay)." : " Check the reference."), fixes));
            }
            return true;
        }

        if (name is null) return true;
        if (candidates.Count == 0)
        {
            var suggestions = gazetteer.Suggest(name);
            var fixes = new List<Fix>();
            fixes.AddRange(suggestions.Take(3).Select(s => new Fix($"Link to {Label(gazetteer, s.Entry)} (spelt '{s.Name}')", [YamlEdits.AddKey(path, sidecar.Text, place.Node, "ref", s.Entry.Id)])));
            if (overlayPath is not null) fixes.Add(OverlayFix(overlayPath, name, place, sidecar, path, namesakes.Count > 0 ? namesakes[0].Entry : null));
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PlaceNotInGazetteer, path, anchorSpan,
                $"'{name}' is not in the gazetteer." + (namesakes.Count > 0 ? " " + NamesakeSentence(gazetteer, name, namesakes) : "")
                + (suggestions.Count > 0 ? $" Closest names: {string.Join(", ", suggestions.Take(3).Select(s => $"{s.Name} ({s.Entry.Id})"))}." : "")
                + " Add it to the overlay if it is a real place.", fixes.ToArray()));
        }
        else if (candidates.Count == 1)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PlaceUnlinked, path, anchorSpan,
                $"'{name}' is not linked; it resolves to {Label(gazetteer, candidates[0].Entry)}.",
                new Fix($"Link to {Label(gazetteer, candidates[0].Entry)}", [YamlEdits.AddKey(path, sidecar.Text, place.Node, "ref", candidates[0].Entry.Id)], IsPreferred: true)));
        else
        {
            var fixes = candidates.Take(5).Select((c, k) => new Fix($"Link to {Label(gazetteer, c.Entry)}", [YamlEdits.AddKey(path, sidecar.Text, place.Node, "ref", c.Entry.Id)], IsPreferred: k == 0)).ToArray();
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PlaceAmbiguous, path, anchorSpan,
                $"'{name}' matches {candidates.Count} gazetteer entries; add `ref`. Best first: {string.Join("; ", candidates.Take(3).Select(c => Label(gazetteer, c.Entry)))}.", fixes));
        }
        return true;
    }

    /// <summary>
    /// Distinct locations of the other linked places, computed once per sidecar: a long sidecar links the same few
    /// places many times. A place's own entry counts only when another mention links it too.
    /// </summary>
    public static string Label(GazetteerIndex gazetteer, GazetteerEntry e)
    {
        var where = gazetteer.Hierarchy(e);
        return $"{e.Name} ({e.Id}{(where.Length > 0 && !e.IsCountry ? ", " + where : "")})";
    }

    /// <summary>"It names a river; Neches (…) is only its namesake." with up to three namesakes, best first.</summary>
    private static string NamesakeSentence(GazetteerIndex gazetteer, string name, IReadOnlyList<RankedCandidate> namesakes) =>
        $"It names a {FeatureWords.Split(NameFolding.Fold(name))?.Kind ?? "feature"}; {string.Join(", ", namesakes.Take(3).Select(c => Label(gazetteer, c.Entry)))} only share{(namesakes.Count == 1 ? "s" : "")} its name.";

    /// <summary>The overlay entry for a missing place; a namesake's coordinates (the town on the river) are a start to correct.</summary>
    private static Fix OverlayFix(string overlayPath, string name, PlaceMention place, Sidecar sidecar, string path, GazetteerEntry? near = null)
    {
        var id = new string(NameFolding.Fold(name).Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        var at = near is null ? "lat: 0.0  # set the coordinates\n    lon: 0.0\n    country: XX"
            : FormattableString.Invariant($"lat: {near.Latitude}  # where its namesake {near.Name} ({near.Id}) is: correct them\n    lon: {near.Longitude}\n    country: {near.CountryCode}");
        var entry = $"\n  - id: {id}\n    name: {YamlEdits.Quote(name)}\n    type: PPL\n    {at}\n";
        // The overlay edit appends at the end; LSP clients create the file when needed.
        return new Fix($"Add '{name}' to the overlay and link it", [
            new TextEdit(overlayPath, new TextSpan(int.MaxValue, int.MaxValue), entry),
            YamlEdits.AddKey(path, sidecar.Text, place.Node, "ref", $"overlay:{id}"),
        ]);
    }

    // ---------------------------------------------------------------- events

    private static void CheckEventReferences(Sidecar sidecar, List<Diagnostic> diagnostics)
    {
        // Without events nothing refers to a mention: the tables of every mention's names are not made.
        if (sidecar.Events.IsEmpty) return;
        // A short sidecar's few names are searched in place; tables of them (sized up front, two names per mention) only
        // for a long one: for tens of mentions they were most of this check's cost and ~1.7 KB of each pair (issue 19).
        HashSet<string>? placeNames = null, actorNames = null, eventIds = null;
        if (sidecar.Places.Length + sidecar.People.Length + sidecar.Organisations.Length + sidecar.Events.Length > SearchedInPlace)
        {
            placeNames = NamesOf(sidecar.Places, ImmutableArray<PlaceMention>.Empty);
            actorNames = NamesOf(sidecar.People, sidecar.Organisations);
            eventIds = new HashSet<string>(sidecar.Events.Length, StringComparer.Ordinal);
            foreach (var e in sidecar.Events)
                if (e.Id is { } id) eventIds.Add(id);
        }
        foreach (var e in sidecar.Events)
        {
            foreach (var p in e.Places)
                if (!(placeNames?.Contains(p.Value) ?? Names(sidecar.Places, p.Value)))
                    diagnostics.Add(UnknownReference(sidecar.Path, p, "the id or text of a place", placeNames ?? NamesOf(sidecar.Places, ImmutableArray<PlaceMention>.Empty)));
            foreach (var p in e.Participants)
                if (!(actorNames?.Contains(p.Value) ?? (Names(sidecar.People, p.Value) || Names(sidecar.Organisations, p.Value))))
                    diagnostics.Add(UnknownReference(sidecar.Path, p, "the id or text of a person or organisation", actorNames ?? NamesOf(sidecar.People, sidecar.Organisations)));
            if (e.RelativeTo is { } r && !(eventIds?.Contains(r) ?? HasId(sidecar.Events, r)))
                diagnostics.Add(UnknownReference(sidecar.Path, e.RelativeToNode!, "the id of an event", eventIds ?? [.. sidecar.Events.Select(x => x.Id).OfType<string>()]));
        }
    }

    /// <summary>How many mentions a sidecar may have for event references to be checked without tables of the names.</summary>
    private const int SearchedInPlace = 64;

    /// <summary>Whether a mention is named so: by its id or its text (the names an event may refer to it by).</summary>
    private static bool Names<T>(ImmutableArray<T> mentions, string name) where T : Mention
    {
        foreach (var m in mentions)
            if (m.Id == name || m.Anchor.Text == name) return true;
        return false;
    }

    private static bool HasId(ImmutableArray<EventMention> events, string id)
    {
        foreach (var e in events)
            if (e.Id == id) return true;
        return false;
    }

    /// <summary>The ids and texts of the mentions of two kinds (the names an event may refer to them by).</summary>
    private static HashSet<string> NamesOf<T, TOther>(ImmutableArray<T> mentions, ImmutableArray<TOther> others) where T : Mention where TOther : Mention
    {
        var names = new HashSet<string>((mentions.Length + others.Length) * 2, StringComparer.Ordinal);
        foreach (var m in mentions) AddNames(names, m);
        foreach (var m in others) AddNames(names, m);
        return names;
    }

    /// <summary>A mention's id, then its text (the names an event may refer to it by).</summary>
    private static void AddNames(HashSet<string> names, Mention m)
    {
        if (m.Id is { } id) names.Add(id);
        if (m.Anchor.Text is { } text) names.Add(text);
    }

    /// <summary>A reference to no mention of the sidecar; "did you mean" comes with the fix that writes it.</summary>
    private static Diagnostic UnknownReference(string path, YScalar node, string what, IEnumerable<string> known)
    {
        var closest = Fuzzy.Closest(node.Value, known);
        var fixes = closest is null ? [] : new[] { new Fix($"Change to '{closest}'", [new TextEdit(path, node.Span, YamlEdits.Quote(closest))], IsPreferred: true) };
        return Diagnostic.Create(DiagnosticCatalog.UnknownMentionReference, path, node.Span,
            $"'{node.Value}' is not {what} of this sidecar." + (closest is not null ? $" Did you mean '{closest}'?" : ""), fixes);
    }

    private static ImmutableArray<DateResolution> CheckDates(Sidecar sidecar, ImmutableArray<ResolvedMention> mentions, SourceText? article,
        DateOnly? published, List<Diagnostic> diagnostics, Entries entries)
    {
        var path = sidecar.Path;
        var events = sidecar.Events;
        // By the events' index: tables keyed by each event (and the resolved mentions' table behind the triggers) were
        // ~10% of these checks (issue 19).
        var annotated = new Timex?[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (e.Date is null || e.DateNode is null) continue;
            annotated[i] = Timex.ParseIso(e.Date);
            if (annotated[i] is null)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidDate, path, e.DateNode.Span, $"'{e.Date}' is not a valid date; write YYYY-MM-DD (or YYYY-MM, YYYY, YYYY-Wnn)."));
        }

        var triggerAt = TriggerSpans(sidecar, mentions);
        var references = new EventReferences(events, triggerAt, annotated);
        var results = ImmutableArray.CreateBuilder<DateResolution>(events.Length);
        var dated = new List<DateOnly>();
        // Which of two events is out of line is known only once both are read: an event whose own expression also
        // disagrees with its date is the one to blame when another counts from it.
        Timex?[]? ownReading = null;
        List<StatedOrder>? counted = null;

        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            var date = annotated[i];
            if (date?.Start is { } d) dated.Add(d);
            if (date is not null && published is { } p && !e.IsPlanned && date.Start > p)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.EventAfterPublication, path, e.DateNode!.Span,
                    $"The {e.Type ?? "event"} is dated {date.Value}, after publication ({p:yyyy-MM-dd}). Correct the date, or mark an announced event `status: planned`."));

            if (e.When is not { } when || when.Text is null)
            {
                results.Add(new DateResolution(e, date, null, null, null));
                continue;
            }

            // Reference date for "two days earlier": the event named by relativeTo, else the nearest dated event before it in the text.
            DateOnly? reference = null;
            Timex? previousDate = null;
            var referenceEvent = -1;
            if (e.RelativeTo is { } rel && references.ById(rel) is var relEvent and >= 0 && annotated[relEvent]?.Start is { } rd)
            { reference = rd; referenceEvent = relEvent; }
            else if (triggerAt[i] is { } t)
            {
                var previous = references.LastBefore(t.Start, dayOnly: true);
                if (previous >= 0) { reference = annotated[previous]!.Start; referenceEvent = previous; }
                // "That year", "the following month": the last dated event before it in the text, at any precision.
                previousDate = references.LastBefore(t.Start, dayOnly: false) is var before and >= 0 ? annotated[before] : null;
            }

            var tense = e.IsPlanned ? Tense.Future : Tense.Past;
            var trigger = triggerAt[i];
            var (whenSpan, normalization) = entries.Compute(e, static x => x.Whens, entries.Lender.ArticleUnchanged, diagnostics,
                (e, when, trigger, article, path, published, tense, date, reference, previousDate),
                static (k, s) => new AnalysisMemo.WhenKey(k, s.trigger, s.published, s.reference, s.previousDate, s.date), static (d, s) =>
                {
                    var located = s.article is null ? null : LocateWhen(s.e, s.when, s.trigger, s.article, s.path, d, s.published, s.tense, s.date);
                    // Where the expression stands in the article, the words after it count too ("October next year").
                    var normalized = s.article is not null && located is { } ws && string.Equals(s.article.Slice(ws), s.when.Text, StringComparison.Ordinal)
                        ? TemporalNormalizer.NormalizeInTextExplainedLater(s.article, ws, s.published, s.previousDate, s.tense, s.reference)
                        : TemporalNormalizer.NormalizeExplainedLater(s.when.Text!, s.published, s.tense, s.reference, s.previousDate);
                    return (located, normalized);
                });
            results.Add(new DateResolution(e, date, whenSpan, normalization, reference));
            var whenNode = when.TextNode?.Span ?? when.Node.Span;

            if (normalization.Value is null)
            {
                if (normalization.IsRelative && published is null)
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.RelativeWithoutPublished, path, whenNode,
                        $"'{when.Text}' is relative; add `meta.published` so it can be resolved."));
                else if (!normalization.IsRelative)
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnparsedDateExpression, path, whenNode,
                        $"'{when.Text}' could not be normalized, so the date is not checked against it."));
                if (normalization.NamedWeekday is { } wd0 && date is { Granularity: Granularity.Day, Start: { } dd0 } && dd0.DayOfWeek != wd0)
                    diagnostics.Add(WeekdayMismatch(path, whenNode, e, when.Text, wd0, dd0, null));
                continue;
            }
            if (date is null || normalization.Value.Granularity is Granularity.Duration or Granularity.Reference) continue;

            var consistent = Overlaps(date, normalization.Value) || normalization.AlsoAcceptable.Any(a => date.Covers(a));
            if (consistent) continue;
            var fix = new Fix($"Change the date to {normalization.Value.Value}", [new TextEdit(path, e.DateNode!.Span, YamlEdits.Quote(normalization.Value.Value))], IsPreferred: true);
            if (normalization.IsAnchoredToPrevious && referenceEvent >= 0 && !(normalization.NamedWeekday is { } nw && date.Granularity == Granularity.Day && date.Start!.Value.DayOfWeek != nw))
            {
                (counted ??= []).Add(new StatedOrder(e, events[referenceEvent], referenceEvent, when.Text, whenNode, normalization.Value, date, reference!.Value, fix));
                continue;
            }
            (ownReading ??= new Timex?[events.Length])[i] = normalization.Value;
            if (normalization.NamedWeekday is { } wd && date.Granularity == Granularity.Day && date.Start!.Value.DayOfWeek != wd)
                diagnostics.Add(WeekdayMismatch(path, whenNode, e, when.Text, wd, date.Start.Value, fix));
            else
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DateDiffersFromExpression, path, whenNode,
                    $"'{when.Text}' resolves to {normalization.Value.Value} against publication ({published:yyyy-MM-dd}); the event is dated {date.Value}.", fix));
        }
        if (counted is not null)
            foreach (var order in counted) diagnostics.Add(StatedOrderDiagnostic(path, order, ownReading?[order.ReferenceIndex]));

        if (published is { } pub && dated.Count > 0 && dated.All(x => Math.Abs(x.DayNumber - pub.DayNumber) > 366) && sidecar.Meta.PublishedNode is { } pn)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PublishedFarFromEvents, path, pn.Span,
                $"Publication ({pub:yyyy-MM-dd}) is more than a year from every dated event ({dated.Min():yyyy-MM-dd} to {dated.Max():yyyy-MM-dd}); is it a crawl date?"));
        return results.ToImmutable();
    }

    /// <summary>
    /// Each event's first trigger span, by the event's index. The mentions are resolved in the sidecar's order, events
    /// last, so an event's is found at its place (a table of the events' resolutions was made for this per pair: issue 19).
    /// </summary>
    private static TextSpan?[] TriggerSpans(Sidecar sidecar, ImmutableArray<ResolvedMention> mentions)
    {
        var events = sidecar.Events;
        var triggers = new TextSpan?[events.Length];
        var first = sidecar.Places.Length + sidecar.People.Length + sidecar.Organisations.Length;
        for (var i = 0; i < events.Length && first + i < mentions.Length; i++)
            if (mentions[first + i] is { Spans.Length: > 0 } r && ReferenceEquals(r.Mention, events[i])) triggers[i] = r.Spans[0];
        return triggers;
    }

    /// <summary>
    /// What an event's date counts from, found in constant or logarithmic time, so that a chain of 10,000 `relativeTo`
    /// events is checked in linear time: the event with an id (the first, as `relativeTo` means it), and the last dated
    /// event whose trigger stands before a position (of those at the same place, the first in the sidecar). Events are
    /// named by their index in the sidecar; −1 is none.
    /// </summary>
    private sealed class EventReferences
    {
        private readonly ImmutableArray<EventMention> _events;
        private readonly Dictionary<string, int>? _byId;
        private readonly int[] _starts;
        private readonly int[] _lastDay;
        private readonly int[] _lastDated;

        public EventReferences(ImmutableArray<EventMention> events, TextSpan?[] triggerAt, Timex?[] annotated)
        {
            _events = events;
            // A few events' ids are searched in place (see ById); a table of them only for many (its hashing was most of this table's cost).
            if (events.Length > SearchedInPlace)
            {
                _byId = new Dictionary<string, int>(events.Length, StringComparer.Ordinal);
                for (var i = 0; i < events.Length; i++) if (events[i].Id is { } id) _byId.TryAdd(id, i);
            }
            // By trigger start; at one start, later sidecar entries first, so that the last one before a position is the first entry.
            // Sorted by one key each, start then the index reversed (LINQ's ordering was half of this table's cost, issue 19).
            var count = 0;
            foreach (var t in triggerAt) if (t is not null) count++;
            var order = new long[count];
            var at = 0;
            for (var i = 0; i < events.Length; i++)
                if (triggerAt[i] is { } trigger) order[at++] = ((long)trigger.Start << 32) | (uint)(int.MaxValue - i);
            Array.Sort(order);
            _starts = new int[count];
            _lastDay = new int[count];
            _lastDated = new int[count];
            for (var i = 0; i < count; i++)
            {
                _starts[i] = (int)(order[i] >> 32);
                var index = int.MaxValue - (int)(uint)order[i];
                var date = annotated[index];
                _lastDay[i] = date?.Granularity == Granularity.Day ? index : i > 0 ? _lastDay[i - 1] : -1;
                _lastDated[i] = date is not null ? index : i > 0 ? _lastDated[i - 1] : -1;
            }
        }

        /// <summary>The first event with the id, −1 when none.</summary>
        public int ById(string id)
        {
            if (_byId is not null) return _byId.GetValueOrDefault(id, -1);
            for (var i = 0; i < _events.Length; i++)
                if (_events[i].Id == id) return i;
            return -1;
        }

        /// <summary>The last event (by trigger position) whose trigger starts before <paramref name="position"/>, dated to the day or at all.</summary>
        public int LastBefore(int position, bool dayOnly)
        {
            // The number of triggers starting before the position.
            int lo = 0, hi = _starts.Length;
            while (lo < hi) { var mid = (lo + hi) / 2; if (_starts[mid] < position) lo = mid + 1; else hi = mid; }
            return lo == 0 ? -1 : (dayOnly ? _lastDay : _lastDated)[lo - 1];
        }
    }

    /// <summary>An event whose `when` counts from another ("two days earlier") and whose date disagrees with that count.</summary>
    private sealed record StatedOrder(EventMention Event, EventMention Reference, int ReferenceIndex, string When, TextSpan WhenNode, Timex Expected, Timex Date, DateOnly ReferenceDate, Fix Fix);

    /// <summary>
    /// CLS039 blames the event out of line. When the event counted from disagrees with its own expression as well, it is
    /// that one: the diagnostic and the fix go to its date (the date the count implies); otherwise the counting event's.
    /// </summary>
    private static Diagnostic StatedOrderDiagnostic(string path, StatedOrder o, Timex? referenceOwnReading)
    {
        if (referenceOwnReading is not null && o.Reference.DateNode is { } referenceDate
            && o.Date is { Granularity: Granularity.Day, Start: { } dated } && o.Expected is { Granularity: Granularity.Day, Start: { } expected })
        {
            var implied = DateOnly.FromDayNumber(dated.DayNumber - (expected.DayNumber - o.ReferenceDate.DayNumber));
            var value = implied.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var agrees = referenceOwnReading.Granularity == Granularity.Day && referenceOwnReading.Start == implied;
            return Diagnostic.Create(DiagnosticCatalog.StatedOrderContradicted, path, referenceDate.Span,
                $"'{EventLabel(o.Event)}' (dated {o.Date.Value}) is '{o.When}' counting from this event, which puts this one on {value}; it is dated {o.ReferenceDate:yyyy-MM-dd}"
                + (o.Reference.When?.Text is { } own ? $", and its own '{own}' gives {referenceOwnReading.Value}." : "."),
                new Fix($"Change the date to {value}", [new TextEdit(path, referenceDate.Span, YamlEdits.Quote(value))], IsPreferred: agrees));
        }
        return Diagnostic.Create(DiagnosticCatalog.StatedOrderContradicted, path, o.WhenNode,
            $"The text says '{o.When}' counting from {o.ReferenceDate:yyyy-MM-dd}, which gives {o.Expected.Value}; the event is dated {o.Date.Value}.", o.Fix);
    }

    private static string EventLabel(EventMention e) => e.Id ?? e.Anchor.Text ?? e.Type ?? "event";

    private static Diagnostic WeekdayMismatch(string path, TextSpan at, EventMention e, string expression, DayOfWeek named, DateOnly date, Fix? fix) =>
        Diagnostic.Create(DiagnosticCatalog.WeekdayMismatch, path, at,
            $"The text says '{expression}', but {date:yyyy-MM-dd} is a {date.DayOfWeek}, not a {named}.", fix is null ? [] : [fix]);

    private static bool Overlaps(Timex a, Timex b) => a.Start <= b.End && b.Start <= a.End;

    /// <summary>
    /// Finds the `when` expression: by explicit occurrence or span; otherwise in the trigger's sentence. When it is not
    /// there, the sentence's own date expressions are checked against the annotated date, since they are what the text says.
    /// </summary>
    private static TextSpan? LocateWhen(EventMention e, Anchor when, TextSpan? trigger, SourceText article, string path, List<Diagnostic> diagnostics,
        DateOnly? published, Tense tense, Timex? date)
    {
        if (!when.Occurrence.IsUnspecified || when.CodePointSpan is not null)
            return Anchoring.Resolve(when, article, path, "date expression", diagnostics).FirstOrDefault() is var s && !s.IsEmpty ? s : null;
        var whenNode = when.TextNode?.Span ?? when.Node.Span;
        if (trigger is not { } t)
        {
            var anywhere = Anchoring.Occurrences(article.Text, when.Text!);
            if (anywhere.Count == 0)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.AnchorNotFound, path, whenNode, $"'{when.Text}' (date expression) does not occur in the article."));
            return anywhere.Count > 0 ? anywhere[0] : null;
        }
        var sentence = Sentences.Containing(article.Text, t.Start);
        var inSentence = OccurrencesIn(article.Text, when.Text!, sentence);
        if (inSentence.Count > 0) return Nearest(inSentence, t.Start);
        // Only when the sentence lacks it is the whole article searched: "a day later" may occur 10,000 times.
        var everywhere = Anchoring.Occurrences(article.Text, when.Text!);

        var said = TemporalTagger.Find(article.Text, sentence);
        foreach (var expr in said)
        {
            var n = TemporalNormalizer.NormalizeExplainedLater(expr.Text, published, tense);
            if (n.NamedWeekday is { } wd && date is { Granularity: Granularity.Day, Start: { } d } && d.DayOfWeek != wd && !n.Accepts(d))
            {
                var fix = n.Value is null ? null : new Fix($"Change the date to {n.Value.Value}", [new TextEdit(path, e.DateNode!.Span, YamlEdits.Quote(n.Value.Value))], IsPreferred: true);
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.WeekdayMismatch, path, whenNode,
                    $"The event's sentence says '{expr.Text}', but {d:yyyy-MM-dd} is a {d.DayOfWeek}; '{when.Text}' is not in that sentence.", fix is null ? [] : [fix]));
                return expr.Span;
            }
        }
        if (everywhere.Count == 0)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.AnchorNotFound, path, whenNode,
                $"'{when.Text}' (date expression) does not occur in the article." + (said.Count > 0 ? $" The event's sentence says '{said[0].Text}'." : "")));
        else
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DateAnchorNotInSentence, path, whenNode,
                $"'{when.Text}' is not in the sentence of '{Anchoring.Shorten(article.Slice(t))}'" + (said.Count > 0 ? $", which says '{said[0].Text}'." : ".") + " Anchor it with `occurrence`."));
        return everywhere.Count == 0 ? null : Nearest(everywhere, t.Start);
    }

    /// <summary>The first of the spans whose start is nearest <paramref name="position"/> (a loop: MinBy's closure and boxed enumerator were made per event).</summary>
    private static TextSpan Nearest(List<TextSpan> spans, int position)
    {
        var best = spans[0];
        for (var i = 1; i < spans.Count; i++)
            if (Math.Abs(spans[i].Start - position) < Math.Abs(best.Start - position)) best = spans[i];
        return best;
    }

    /// <summary>
    /// Whole-word occurrences within one sentence, found by searching the sentence alone (not through the article's word
    /// index, whose list for a common first word such as "a" is as long as the article).
    /// </summary>
    private static List<TextSpan> OccurrencesIn(string article, string text, TextSpan sentence)
    {
        // In place: a copy of the sentence was made for each `when` (issue 19). A match at the sentence's edge is a whole word
        // only if the article's neighbouring characters say so.
        return Anchoring.OccurrencesWithin(article, text, sentence);
    }

    // ---------------------------------------------------------------- date line

    private static void CheckDateline(Sidecar sidecar, SourceText article, DateOnly? published, List<Diagnostic> diagnostics)
    {
        if (sidecar.Meta.Dateline is not { Text: { } text } dateline) return;
        var path = sidecar.Path;
        Anchoring.Resolve(dateline, article, path, "date line", diagnostics);
        var node = dateline.TextNode?.Span ?? dateline.Node.Span;
        var n = TemporalNormalizer.NormalizeExplainedLater(text, null, Tense.Past);
        if (n.Value is not { Granularity: Granularity.Day, Start: { } printed })
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnparsedDateExpression, path, node, $"The date line '{text}' could not be read as a date."));
            return;
        }
        if (n.NamedWeekday is { } wd && wd != printed.DayOfWeek)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DatelineSelfInconsistent, path, node,
                $"The date line says {wd}, but {printed:yyyy-MM-dd} is a {printed.DayOfWeek}."));
        // A day apart is a time zone (Xinhua's Beijing date against a New York DCT), not an error.
        if (published is { } p && Math.Abs(p.DayNumber - printed.DayNumber) > 1)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DatelineVsPublished, path, node,
                $"The date line says {printed:yyyy-MM-dd}, `published` says {p:yyyy-MM-dd}." +
                (sidecar.Meta.DatelineNote is { } note ? $" Noted: {note}" : " If the date line is wrong (a crawl date), say so in `meta.dateline.note`.")));
    }
}
