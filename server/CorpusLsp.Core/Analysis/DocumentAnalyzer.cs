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
        var mentions = ImmutableArray.CreateBuilder<ResolvedMention>();
        var memo = new AnalysisMemo { Path = path, Article = article, Gazetteer = gazetteer, OverlayPath = overlayPath, Config = config, SourceFingerprint = source.Fingerprint,
            Drifted = AnalysisMemo.DriftedFor(previous, path, article), KeepsEntries = keepEntries };
        var count = sidecar.Places.Length + sidecar.People.Length + sidecar.Organisations.Length + sidecar.Events.Length;
        if (keepEntries && previous is null) memo.SizeFor(sidecar, count);
        else if (keepEntries) memo.SizeLike(previous);
        var entries = new Entries(sidecar.Text, new AnalysisMemo.Lender(previous, memo), count);

        if (article is not null)
        {
            foreach (var m in sidecar.AllMentions)
                mentions.Add(new ResolvedMention(m, entries.Compute(m, static x => x.Anchors, entries.Lender.ArticleUnchanged, diagnostics, (m, article, path),
                    static (k, _) => k, static (d, s) => Anchoring.Resolve(s.m.Anchor, s.article, s.path, Describe(s.m), d))));
            CheckOverlaps(mentions, path, diagnostics);
        }

        var published = ParseDate(sidecar.Meta.Published, sidecar.Meta.PublishedNode, "meta.published", path, diagnostics);
        var places = CheckPlaces(sidecar, mentions, article, gazetteer, config, overlayPath, source, diagnostics, entries);
        CheckEventReferences(sidecar, diagnostics);
        var dates = CheckDates(sidecar, mentions, article, published, diagnostics, entries);
        if (article is not null) CheckDateline(sidecar, article, published, diagnostics);

        var analysis = new DocumentAnalysis(sidecar, articlePath, article, published, mentions.ToImmutable(), places, dates, [], source) { Memo = memo };
        diagnostics.AddRange(Rules.ExpertRules.Check(analysis, gazetteer, config));
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

    private static string Describe(Mention m) => m.Kind switch
    {
        MentionKind.Place => "place", MentionKind.Person => "person", MentionKind.Organisation => "organisation", MentionKind.Event => "event trigger", _ => "mention",
    };

    private static void CheckOverlaps(ImmutableArray<ResolvedMention>.Builder mentions, string path, List<Diagnostic> diagnostics)
    {
        // The spans of the mentions, by start, the longer first at one start, then in mention order: one key a span holds
        // that order in its bits, sorted without a comparer (LINQ's ordered SelectMany rented pooled buffers, 13% of a
        // 10,000-pair `check` once; a comparer over the entries, delegate or struct, was ~450 instructions a span; issue 19).
        var count = 0;
        for (var k = 0; k < mentions.Count; k++)
            if (mentions[k].Mention.Kind != MentionKind.Event) count += mentions[k].Spans.Length;
        var found = new (Mention Mention, TextSpan Span)[count];
        var order = new Int128[count];
        var at = 0;
        for (var k = 0; k < mentions.Count; k++)
        {
            if (mentions[k].Mention.Kind == MentionKind.Event) continue;
            foreach (var s in mentions[k].Spans)
            {
                order[at] = ((Int128)(((long)s.Start << 32) | (uint)(int.MaxValue - s.End)) << 64) | (uint)at;
                found[at++] = (mentions[k].Mention, s);
            }
        }
        Array.Sort(order);
        var spans = new (Mention Mention, TextSpan Span)[count];
        for (var k = 0; k < count; k++) spans[k] = found[(int)(uint)order[k]];
        var reported = new HashSet<Mention>(MentionIdentity.Instance);
        for (var i = 0; i < spans.Length; i++)
            for (var j = i + 1; j < spans.Length && spans[j].Span.Start < spans[i].Span.End; j++)
            {
                var (a, b) = (spans[i], spans[j]);
                if (a.Span == b.Span && a.Mention.Kind == b.Mention.Kind && !ReferenceEquals(a.Mention, b.Mention))
                {
                    if (reported.Add(b.Mention))
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateMention, path, b.Mention.Anchor.TextNode?.Span ?? b.Mention.Node.Span,
                            $"'{Anchoring.Shorten(b.Mention.Anchor.Text ?? "")}' is annotated twice as a {Describe(b.Mention)}; remove one entry."));
                }
                else if (!a.Span.Contains(b.Span) && !b.Span.Contains(a.Span) && reported.Add(b.Mention))
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CrossingMentions, path, b.Mention.Anchor.TextNode?.Span ?? b.Mention.Node.Span,
                        $"'{Anchoring.Shorten(b.Mention.Anchor.Text ?? "")}' overlaps '{Anchoring.Shorten(a.Mention.Anchor.Text ?? "")}' without nesting; mentions may nest but not cross."));
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

    private static ImmutableArray<PlaceResolution> CheckPlaces(Sidecar sidecar, IReadOnlyList<ResolvedMention> mentions, SourceText? article,
        GazetteerIndex gazetteer, CorpusConfig config, string? overlayPath, SourceProfile source, List<Diagnostic> diagnostics, Entries entries)
    {
        var linked = sidecar.Places.Select(p => p.Ref is null ? null : entries.Lender.Link(p.Ref)).ToList();
        var results = ImmutableArray.CreateBuilder<PlaceResolution>();
        var names = new string?[sidecar.Places.Length];
        var firstSpans = new TextSpan?[sidecar.Places.Length];
        var articleMentions = new List<ArticleMention>(sidecar.Places.Length);
        for (var i = 0; i < sidecar.Places.Length; i++)
        {
            var place = sidecar.Places[i];
            // The mentions come in the sidecar's order, places first (none without an article): a table of every mention's
            // spans to find the places' was ~4 KB of each pair's analysis (issue 19).
            firstSpans[i] = i < mentions.Count && ReferenceEquals(mentions[i].Mention, place) ? mentions[i].Spans.FirstOrDefault() : null;
            names[i] = place.Anchor.Text ?? (article is not null && firstSpans[i] is { IsEmpty: false } fs0 ? article.Slice(fs0) : null);
            articleMentions.Add(new ArticleMention(names[i] ?? "", firstSpans[i]?.Start ?? -1, firstSpans[i]?.End ?? -1, linked[i]));
        }
        var resolved = ResolveJointly(gazetteer, article, articleMentions, new ArticleSetting(config.FocusCountries.ToHashSet(StringComparer.Ordinal), source), entries.Lender);

        for (var i = 0; i < sidecar.Places.Length; i++)
        {
            var place = sidecar.Places[i];
            var name = names[i];
            var candidates = resolved[i].Candidates;
            // A mention missing from the article is already an error; judging its name would only add noise.
            var anchored = article is null || firstSpans[i] is { IsEmpty: false };
            var entry = linked[i];
            entries.Compute(place, static x => x.Places, entries.Lender.PlacesReusable, diagnostics, (sidecar, place, entry, name, anchored, candidates, gazetteer, overlayPath),
                static (k, s) => new AnalysisMemo.PlaceKey(k, s.name, s.anchored, CandidateIds(s.candidates)),
                static (d, s) => CheckPlace(s.sidecar, s.place, s.entry, s.name, s.anchored, s.candidates, s.gazetteer, s.overlayPath, d));
            results.Add(new PlaceResolution(place, place.Ref is not null ? entry : name is not null && anchored && candidates.Count == 1 && candidates[0].Match != MatchKind.Namesake ? candidates[0].Entry : null, candidates));
        }
        return results.ToImmutable();
    }

    /// <summary>
    /// One joint resolution of the article's places, as hover, `place` and the evaluation see it. A valid link whose
    /// names match needs no ranking (the common case in a finished sidecar: thousands of them). The previous analysis's
    /// is reused for the very same names, positions and links.
    /// </summary>
    private static IReadOnlyList<MentionResolution> ResolveJointly(GazetteerIndex gazetteer, SourceText? article, List<ArticleMention> mentions, ArticleSetting setting,
        AnalysisMemo.Lender lender)
    {
        var resolved = lender.JointReusable && lender.Previous!.JointInput is { } before && before.Count == mentions.Count
            && before.Zip(mentions).All(p => p.First.Text == p.Second.Text && p.First.Start == p.Second.Start && p.First.End == p.Second.End && p.First.Linked?.Id == p.Second.Linked?.Id)
                ? lender.Previous.JointOutput!
                : ArticleResolver.Resolve(gazetteer, article?.Text, mentions, setting);
        lender.Next.JointInput = mentions;
        lender.Next.JointOutput = resolved;
        return resolved;
    }

    /// <summary>The candidates' ids as one key part; none (a matching link is not ranked) makes no string.</summary>
    private static string CandidateIds(IReadOnlyList<RankedCandidate> candidates) =>
        candidates.Count == 0 ? "" : string.Join('\n', candidates.Select(c => c.Entry.Id));

    /// <summary>The diagnostics of one place: a link that is unknown or names another place, or an unlinked name.</summary>
    private static bool CheckPlace(Sidecar sidecar, PlaceMention place, GazetteerEntry? entry, string? name, bool anchored, IReadOnlyList<RankedCandidate> candidates,
        GazetteerIndex gazetteer, string? overlayPath, List<Diagnostic> diagnostics)
    {
        // The places that need no diagnostic leave here, before the closure the fixes below capture is made (one per place).
        var mismatch = place.Ref is not null && entry is not null && anchored && name is not null && !gazetteer.Matches(entry, name);
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
        // Loops and tables sized up front: arrays of two names per mention and LINQ over them were most of this check's cost.
        var placeNames = new HashSet<string>(sidecar.Places.Length * 2, StringComparer.Ordinal);
        foreach (var p in sidecar.Places) AddNames(placeNames, p);
        var actorNames = new HashSet<string>((sidecar.People.Length + sidecar.Organisations.Length) * 2, StringComparer.Ordinal);
        foreach (var p in sidecar.People) AddNames(actorNames, p);
        foreach (var o in sidecar.Organisations) AddNames(actorNames, o);
        var eventIds = new HashSet<string>(sidecar.Events.Length, StringComparer.Ordinal);
        foreach (var e in sidecar.Events)
            if (e.Id is { } id) eventIds.Add(id);
        foreach (var e in sidecar.Events)
        {
            foreach (var p in e.Places)
                if (!placeNames.Contains(p.Value)) diagnostics.Add(UnknownReference(sidecar.Path, p, "the id or text of a place", placeNames));
            foreach (var p in e.Participants)
                if (!actorNames.Contains(p.Value)) diagnostics.Add(UnknownReference(sidecar.Path, p, "the id or text of a person or organisation", actorNames));
            if (e.RelativeTo is { } r && !eventIds.Contains(r))
                diagnostics.Add(UnknownReference(sidecar.Path, e.RelativeToNode!, "the id of an event", eventIds));
        }
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

    private static ImmutableArray<DateResolution> CheckDates(Sidecar sidecar, IReadOnlyList<ResolvedMention> mentions, SourceText? article,
        DateOnly? published, List<Diagnostic> diagnostics, Entries entries)
    {
        var path = sidecar.Path;
        var annotated = new Dictionary<EventMention, Timex?>(MentionIdentity.Instance);
        foreach (var ev in sidecar.Events) annotated[ev] = ev.Date is null || ev.DateNode is null ? null : Timex.ParseIso(ev.Date);
        foreach (var e in sidecar.Events)
            if (e.Date is not null && e.DateNode is not null && annotated[e] is null)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.InvalidDate, path, e.DateNode.Span, $"'{e.Date}' is not a valid date; write YYYY-MM-DD (or YYYY-MM, YYYY, YYYY-Wnn)."));

        var triggerAt = TriggerSpans(sidecar, mentions);
        var references = new EventReferences(sidecar, triggerAt, annotated);
        var results = ImmutableArray.CreateBuilder<DateResolution>();
        var dated = new List<DateOnly>();
        // Which of two events is out of line is known only once both are read: an event whose own expression also
        // disagrees with its date is the one to blame when another counts from it.
        var ownReading = new Dictionary<EventMention, Timex>(MentionIdentity.Instance);
        var counted = new List<StatedOrder>();

        foreach (var e in sidecar.Events)
        {
            var date = annotated[e];
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
            EventMention? referenceEvent = null;
            if (e.RelativeTo is { } rel && references.ById(rel) is { } relEvent && annotated[relEvent]?.Start is { } rd)
            { reference = rd; referenceEvent = relEvent; }
            else if (triggerAt[e] is { } t)
            {
                var previous = references.LastBefore(t.Start, dayOnly: true);
                if (previous is not null) { reference = annotated[previous]!.Start; referenceEvent = previous; }
                // "That year", "the following month": the last dated event before it in the text, at any precision.
                previousDate = references.LastBefore(t.Start, dayOnly: false) is { } before ? annotated[before] : null;
            }

            var tense = e.IsPlanned ? Tense.Future : Tense.Past;
            var trigger = triggerAt[e];
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
            if (normalization.IsAnchoredToPrevious && referenceEvent is not null && !(normalization.NamedWeekday is { } nw && date.Granularity == Granularity.Day && date.Start!.Value.DayOfWeek != nw))
            {
                counted.Add(new StatedOrder(e, referenceEvent, when.Text, whenNode, normalization.Value, date, reference!.Value, fix));
                continue;
            }
            ownReading[e] = normalization.Value;
            if (normalization.NamedWeekday is { } wd && date.Granularity == Granularity.Day && date.Start!.Value.DayOfWeek != wd)
                diagnostics.Add(WeekdayMismatch(path, whenNode, e, when.Text, wd, date.Start.Value, fix));
            else
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DateDiffersFromExpression, path, whenNode,
                    $"'{when.Text}' resolves to {normalization.Value.Value} against publication ({published:yyyy-MM-dd}); the event is dated {date.Value}.", fix));
        }
        foreach (var order in counted) diagnostics.Add(StatedOrderDiagnostic(path, order, ownReading.GetValueOrDefault(order.Reference)));

        if (published is { } pub && dated.Count > 0 && dated.All(x => Math.Abs(x.DayNumber - pub.DayNumber) > 366) && sidecar.Meta.PublishedNode is { } pn)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PublishedFarFromEvents, path, pn.Span,
                $"Publication ({pub:yyyy-MM-dd}) is more than a year from every dated event ({dated.Min():yyyy-MM-dd} to {dated.Max():yyyy-MM-dd}); is it a crawl date?"));
        return results.ToImmutable();
    }

    /// <summary>Each event's first trigger span, looked up once: a sidecar may hold thousands of events.</summary>
    private static Dictionary<EventMention, TextSpan?> TriggerSpans(Sidecar sidecar, IReadOnlyList<ResolvedMention> mentions)
    {
        // Only the events' own: a sidecar of 2,000 places and no events made a table of every mention per edit.
        var resolved = new Dictionary<Mention, ResolvedMention>(MentionIdentity.Instance);
        foreach (var m in mentions)
            if (m.Mention is EventMention) resolved.TryAdd(m.Mention, m);
        var triggerAt = new Dictionary<EventMention, TextSpan?>(MentionIdentity.Instance);
        foreach (var ev in sidecar.Events) triggerAt[ev] = resolved.TryGetValue(ev, out var r) && r.Spans.Length > 0 ? r.Spans[0] : null;
        return triggerAt;
    }

    /// <summary>
    /// What an event's date counts from, found in constant or logarithmic time, so that a chain of 10,000 `relativeTo`
    /// events is checked in linear time: the event with an id (the first, as `relativeTo` means it), and the last dated
    /// event whose trigger stands before a position (of those at the same place, the first in the sidecar).
    /// </summary>
    private sealed class EventReferences
    {
        private readonly Dictionary<string, EventMention> _byId = new(StringComparer.Ordinal);
        private readonly int[] _starts;
        private readonly EventMention?[] _lastDay;
        private readonly EventMention?[] _lastDated;

        public EventReferences(Sidecar sidecar, Dictionary<EventMention, TextSpan?> triggerAt, Dictionary<EventMention, Timex?> annotated)
        {
            foreach (var e in sidecar.Events) if (e.Id is { } id) _byId.TryAdd(id, e);
            // By trigger start; at one start, later sidecar entries first, so that the last one before a position is the first entry.
            // Sorted by one key each, start then the index reversed (LINQ's ordering was half of this table's cost, issue 19).
            var count = 0;
            foreach (var e in sidecar.Events) if (triggerAt[e] is not null) count++;
            var order = new long[count];
            var placed = new EventMention[count];
            var at = 0;
            for (var i = 0; i < sidecar.Events.Length; i++)
                if (triggerAt[sidecar.Events[i]] is { } trigger)
                {
                    order[at] = ((long)trigger.Start << 32) | (uint)(int.MaxValue - i);
                    placed[at++] = sidecar.Events[i];
                }
            Array.Sort(order, placed);
            _starts = new int[count];
            _lastDay = new EventMention?[count];
            _lastDated = new EventMention?[count];
            for (var i = 0; i < count; i++)
            {
                _starts[i] = (int)(order[i] >> 32);
                var date = annotated[placed[i]];
                _lastDay[i] = date?.Granularity == Granularity.Day ? placed[i] : i > 0 ? _lastDay[i - 1] : null;
                _lastDated[i] = date is not null ? placed[i] : i > 0 ? _lastDated[i - 1] : null;
            }
        }

        public EventMention? ById(string id) => _byId.GetValueOrDefault(id);

        /// <summary>The last event (by trigger position) whose trigger starts before <paramref name="position"/>, dated to the day or at all.</summary>
        public EventMention? LastBefore(int position, bool dayOnly)
        {
            // The number of triggers starting before the position.
            int lo = 0, hi = _starts.Length;
            while (lo < hi) { var mid = (lo + hi) / 2; if (_starts[mid] < position) lo = mid + 1; else hi = mid; }
            return lo == 0 ? null : (dayOnly ? _lastDay : _lastDated)[lo - 1];
        }
    }

    /// <summary>An event whose `when` counts from another ("two days earlier") and whose date disagrees with that count.</summary>
    private sealed record StatedOrder(EventMention Event, EventMention Reference, string When, TextSpan WhenNode, Timex Expected, Timex Date, DateOnly ReferenceDate, Fix Fix);

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
        if (inSentence.Count > 0) return inSentence.MinBy(x => Math.Abs(x.Start - t.Start));
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
        return everywhere.Count == 0 ? null : everywhere.MinBy(x => Math.Abs(x.Start - t.Start));
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
