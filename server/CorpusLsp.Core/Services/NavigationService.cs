using System.Collections.Immutable;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Services;

/// <summary>Definition, references, symbols, semantic tokens, inlay hints and code fixes.</summary>
public static partial class NavigationService
{
    public static IReadOnlyList<NavigationTarget> Definition(CorpusSnapshot snapshot, string path, int offset)
    {
        switch (snapshot.KindOf(path))
        {
            case FileKind.Sidecar when snapshot.Analyze(path) is { } a:
                var hit = SidecarLocator.At(a.Sidecar, offset);
                if (hit.Mention is null) return [];
                if (hit.Mention is PlaceMention { Ref: not null } p && hit.Entry?.Key.Value == "ref")
                    return a.PlaceOf(p)?.Entry is { } e && !BuiltInGazetteer.Holds(e) ? [EntryLocation(snapshot, e)] : []; // built-in rows are in no file
                if (hit.Mention is EventMention && hit.Entry?.Key.Value is "places" or "participants" or "relativeTo")
                {
                    var name = (hit.Item as YScalar ?? hit.Entry?.Value as YScalar)?.Value;
                    var target = a.Sidecar.AllMentions.FirstOrDefault(m => (m.Id ?? m.Anchor.Text) == name || m.Anchor.Text == name);
                    return target is null ? [] : [new NavigationTarget(path, target.Anchor.TextNode?.Span ?? target.Node.Span)];
                }
                if (hit.Mention is EventMention ev && hit.Entry?.Key.Value == "when" && a.DateOf(ev)?.WhenSpan is { } ws && a.ArticlePath is { } ap)
                    return [new NavigationTarget(ap, ws)];
                return a.ArticlePath is { } articlePath && a.Resolved(hit.Mention) is { } r ? r.Spans.Select(s => new NavigationTarget(articlePath, s)).ToList() : [];
            case FileKind.Article:
                var sidecar = snapshot.SidecarOf(path);
                if (sidecar is null || snapshot.Analyze(sidecar) is not { } analysis) return [];
                return analysis.At(offset).Take(1).Select(m => new NavigationTarget(sidecar, m.Mention.Anchor.TextNode?.Span ?? m.Mention.Node.Span)).ToList();
            default:
                return [];
        }
    }

    /// <summary>Where an entry is defined: its overlay item, or its row in the GeoNames file.</summary>
    public static NavigationTarget EntryLocation(CorpusSnapshot snapshot, GazetteerEntry e)
    {
        // Core knows the file and line of every entry; a GeoNames dump is not held as text.
        return new NavigationTarget(e.Source, default, Line: Math.Max(1, e.SourceLine));
    }

    /// <summary>Every mention, in every article and sidecar, linked to the same gazetteer entry (or with the same label).</summary>
    public static IReadOnlyList<NavigationTarget> References(CorpusSnapshot snapshot, string path, int offset, CancellationToken cancellationToken = default)
    {
        Mention? mention = null;
        DocumentAnalysis? analysis = null;
        if (snapshot.KindOf(path) == FileKind.Sidecar) { analysis = snapshot.Analyze(path); mention = analysis is null ? null : SidecarLocator.At(analysis.Sidecar, offset).Mention; }
        else if (snapshot.SidecarOf(path) is { } sc) { analysis = snapshot.Analyze(sc); mention = analysis?.At(offset).FirstOrDefault()?.Mention; }
        if (analysis is null || mention is null) return [];
        var entryId = mention is PlaceMention p ? analysis.PlaceOf(p)?.Entry?.Id : null;
        var results = new List<NavigationTarget>();
        // From each pair's facts: a corpus of 10,000 pairs keeps whole only the open documents' analyses.
        foreach (var (sidecar, article, mentions) in snapshot.MentionFacts(cancellationToken))
            foreach (var r in mentions)
            {
                if (r.Spans is not { } spans) continue;
                var same = entryId is not null
                    ? r.Kind == MentionKind.Place && r.EntryId == entryId
                    : r.Kind == mention.Kind && (r.Text == mention.Anchor.Text || (r.Id is not null && r.Id == mention.Id && sidecar == analysis.Sidecar.Path));
                if (!same) continue;
                results.Add(new NavigationTarget(sidecar, r.At));
                if (article is not null) results.AddRange(spans.Select(s => new NavigationTarget(article, s)));
            }
        return results;
    }

    public static IReadOnlyList<SymbolEntry> DocumentSymbols(CorpusSnapshot snapshot, string path)
    {
        if (snapshot.KindOf(path) != FileKind.Sidecar || snapshot.Analyze(path) is not { Sidecar.Root: { } root } a) return [];
        var sections = new List<SymbolEntry>();
        foreach (var entry in root.Entries)
        {
            var kind = entry.Key.Value switch { "places" => SymbolKindCore.Place, "people" => SymbolKindCore.Person, "organisations" => SymbolKindCore.Organisation, "events" => SymbolKindCore.Event, _ => SymbolKindCore.Meta };
            var children = a.Sidecar.AllMentions.Where(m => entry.Value.Span.Contains(m.Node.Span)).Select(m => new SymbolEntry(
                m.Kind == MentionKind.Event ? $"{((EventMention)m).Type ?? "event"}: {m.Anchor.Text ?? m.Label}" : m.Anchor.Text ?? m.Label,
                m switch { PlaceMention pm => pm.Ref ?? "unlinked", EventMention em => em.Date, PersonMention pe => pe.Role, OrganisationMention o => o.OrgKind, _ => null },
                kind, m.Node.Span, m.Anchor.TextNode?.Span ?? m.Node.Span, [])).ToImmutableArray();
            sections.Add(new SymbolEntry(entry.Key.Value, children.IsEmpty ? null : $"{children.Length}", SymbolKindCore.Section,
                new TextSpan(entry.Key.Span.Start, Math.Max(entry.Key.Span.End, entry.Value.Span.End)), entry.Key.Span, children));
        }
        return sections;
    }

    public static IReadOnlyList<WorkspaceSymbolEntry> WorkspaceSymbols(CorpusSnapshot snapshot, string query, int limit = 200, CancellationToken cancellationToken = default)
    {
        var folded = NameFolding.Fold(query);
        var results = new List<WorkspaceSymbolEntry>();
        foreach (var (sidecar, _, mentions) in snapshot.MentionFacts(cancellationToken))
            foreach (var m in mentions)
            {
                var name = m.Text ?? m.Label;
                if (folded.Length > 0 && !NameFolding.Fold(name).Contains(folded, StringComparison.Ordinal) && !(m.Id is { } id && id.Contains(query, StringComparison.OrdinalIgnoreCase))) continue;
                var kind = m.Kind switch { MentionKind.Place => SymbolKindCore.Place, MentionKind.Person => SymbolKindCore.Person, MentionKind.Organisation => SymbolKindCore.Organisation, _ => SymbolKindCore.Event };
                results.Add(new WorkspaceSymbolEntry(name, kind, sidecar, m.At, PathUtil.FileName(sidecar)));
                if (results.Count >= limit) return results;
            }
        return results;
    }

    public static IReadOnlyList<SemanticToken> SemanticTokens(CorpusSnapshot snapshot, string articlePath, CancellationToken cancellationToken = default)
    {
        var sidecar = snapshot.SidecarOf(articlePath);
        if (sidecar is null || snapshot.Analyze(sidecar) is not { } a) return [];
        var tokens = new List<SemanticToken>();
        foreach (var r in a.Mentions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = r.Mention.Kind switch { MentionKind.Place => TokenKind.Place, MentionKind.Person => TokenKind.Person, MentionKind.Organisation => TokenKind.Organisation, _ => TokenKind.Event };
            var unresolved = r.Mention is PlaceMention p && a.PlaceOf(p)?.Entry is null;
            tokens.AddRange(r.Spans.Select(s => new SemanticToken(s, kind, unresolved)));
        }
        foreach (var d in a.Dates.Where(d => d.WhenSpan is not null)) tokens.Add(new SemanticToken(d.WhenSpan!.Value, TokenKind.Date, false));
        // Tokens may not overlap: keep the outermost, earliest first.
        var ordered = tokens.OrderBy(t => t.Span.Start).ThenByDescending(t => t.Span.Length).ToList();
        var result = new List<SemanticToken>();
        var end = -1;
        foreach (var t in ordered) { if (t.Span.Start >= end) { result.Add(t); end = t.Span.End; } }
        return result;
    }

    /// <summary>Resolved dates after date expressions; a hint on capitalized names the gazetteer knows that nothing annotates.</summary>
    public static IReadOnlyList<InlayHintEntry> InlayHints(CorpusSnapshot snapshot, string articlePath, TextSpan range, CancellationToken cancellationToken = default)
    {
        var text = snapshot.TextOf(articlePath);
        if (text is null) return [];
        var sidecar = snapshot.SidecarOf(articlePath);
        var a = sidecar is null ? null : snapshot.Analyze(sidecar);
        var hints = new List<InlayHintEntry>();
        // What the range costs, not the article: of a huge article, the window a reader holds around the range (whole for
        // any usual one), read as hover reads it.
        var (from, to) = HoverService.ReadingWindow(text.Text, range.Start, range.End);
        var window = from == 0 && to == text.Length ? text.Text : text.Text[from..to];
        var local = new TextSpan(Math.Clamp(range.Start, from, to) - from, Math.Clamp(range.End, from, to) - from);
        // Read in their text, as hover reads them: the dates before the range anchor the ones in it ("a year earlier"
        // after "the fourth quarter"), and the words around each give its year and tense ("October this year").
        foreach (var (e, n) in TemporalNormalizer.ReadTaggedDates(window, local.End, a?.Published, cancellationToken))
        {
            if (e.Span.End <= local.Start || n.Value is not { } v || !n.IsRelative) continue;
            var label = v.Granularity == Granularity.Day ? $"{v.Value} {v.Start!.Value.DayOfWeek.ToString()[..3]}" : v.Value;
            hints.Add(new InlayHintEntry(e.Span.End + from, label, string.Join("\n", n.Steps), IsDate: true));
        }
        if (a is not null)
        {
            var covered = a.MentionSpansOverlapping(from, to).Select(s => new TextSpan(Math.Max(s.Start, from) - from, Math.Min(s.End, to) - from)).ToList();
            foreach (var place in UnannotatedPlaces.Find(snapshot.Gazetteer, window, local, covered, cancellationToken))
                hints.Add(new InlayHintEntry(place.Span.End + from, "place?", $"'{place.Name}' matches {place.Matches} gazetteer entr{(place.Matches == 1 ? "y" : "ies")} but is not annotated; select it and run “Annotate selection as place”.", IsDate: false));
        }
        return hints.OrderBy(h => h.Offset).ToList();
    }

    /// <summary>Fixes of diagnostics overlapping a range, plus "annotate selection" in articles.</summary>
    public static IReadOnlyList<CodeFix> CodeFixes(CorpusSnapshot snapshot, string path, TextSpan range, CancellationToken cancellationToken = default)
    {
        bool Near(TextSpan span) => span.Overlaps(range) || span.ContainsOrTouches(range.Start) || range.Contains(span);
        // A fix is offered where the diagnostic is, and where it edits: the date fix of "on Thursday" on the `date:` value too.
        // Deferred fixes of other files are not made to be looked at (CLS052's in a 10 MB article: tens of thousands).
        var fixes = snapshot.DiagnosticsFor(path)
            .SelectMany(d => { cancellationToken.ThrowIfCancellationRequested(); return d.Fixes; }, (d, f) => (d, f))
            .Where(x => Near(x.d.Span) || x.f.MayEdit(path) && x.f.Edits.Any(e => e.Path == path && !e.Span.IsEmpty && Near(e.Span)))
            .Select(x => new CodeFix(x.f, x.d, "quickfix")).ToList();
        if (snapshot.KindOf(path) == FileKind.Article && !range.IsEmpty)
            foreach (var kind in new[] { MentionKind.Place, MentionKind.Person, MentionKind.Organisation, MentionKind.Event })
            {
                // Annotating a place ranks the gazetteer's candidates for the selection.
                cancellationToken.ThrowIfCancellationRequested();
                if (Annotate(snapshot, path, range, kind) is { } fix) fixes.Add(new CodeFix(fix, null, "refactor"));
            }
        return fixes;
    }

    /// <summary>Creates the sidecar entry for a selection of the article: text, occurrence, and for places the best reference.</summary>
    public static Fix? Annotate(CorpusSnapshot snapshot, string articlePath, TextSpan selection, MentionKind kind)
    {
        var text = snapshot.TextOf(articlePath);
        if (text is null || selection.IsEmpty) return null;
        var selected = text.Slice(selection).Trim();
        if (selected.Length == 0 || selected.Contains('\n')) return null;
        var start = selection.Start + text.Slice(selection).IndexOf(selected, StringComparison.Ordinal);
        var occurrences = Anchoring.Occurrences(text.Text, selected);
        var index = occurrences.FindIndex(o => o.Start == start);
        if (index < 0) return null;
        var sidecarPath = snapshot.SidecarOf(articlePath) ?? PathUtil.WithoutExtension(articlePath) + ".yaml";
        var sidecarText = snapshot.TextOf(sidecarPath) ?? new SourceText("");
        var root = snapshot.Analyze(sidecarPath)?.Sidecar.Root;
        var item = new List<(string, string)> { ("text", YamlEdits.Quote(selected)) };
        if (occurrences.Count > 1) item.Add(("occurrence", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var section = kind switch { MentionKind.Place => "places", MentionKind.Person => "people", MentionKind.Organisation => "organisations", _ => "events" };
        // A namesake (Khanāşir of "Khanaser Valley") is no link for the feature: check would call it a mismatch.
        if (kind == MentionKind.Place && ArticlePlaces.RankIn(snapshot.Gazetteer, snapshot.Config, snapshot.Analyze(sidecarPath), selected).FirstOrDefault() is { Match: not MatchKind.Namesake } best)
            item.Add(("ref", best.Entry.Id));
        if (kind == MentionKind.Event) item.Insert(0, ("type", "other"));
        var edit = YamlEdits.AppendItem(sidecarPath, sidecarText, root, section, item);
        return new Fix($"Annotate '{Anchoring.Shorten(selected)}' as {kind.ToString().ToLowerInvariant()}", [edit]);
    }

}
