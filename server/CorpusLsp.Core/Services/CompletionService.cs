using System.Collections.Immutable;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Services;

public static partial class CompletionService
{
    public const int MaxItems = 50;

    public static IReadOnlyList<CompletionEntry> Complete(CorpusSnapshot snapshot, string path, int offset) => Completion(snapshot, path, offset).Items;

    /// <summary>The items at a position, and whether the list depends on what is typed next (the client must ask again).</summary>
    /// <param name="documentation">
    /// False when the client asks for each item's documentation as it shows it (LSP `completionItem/resolve`): places then
    /// carry <see cref="CompletionEntry.PlaceId"/> and <see cref="CompletionEntry.DocumentationNote"/> instead, and
    /// <see cref="PlaceDocumentation"/> makes the text — the most expensive part of a list of fifty places.
    /// </param>
    public static CompletionResult Completion(CorpusSnapshot snapshot, string path, int offset, CancellationToken cancellationToken = default, bool documentation = true)
    {
        var text = snapshot.TextOf(path);
        if (text is null) return CompletionResult.Empty;
        return snapshot.KindOf(path) switch
        {
            FileKind.Sidecar => CompleteSidecar(snapshot, path, text, offset, cancellationToken, documentation),
            FileKind.CorpusConfig => new(CompleteSchema(YamlContext.At(text, offset), BuiltInSchemas.Corpus.Root), false),
            FileKind.Overlay => new(CompleteSchema(YamlContext.At(text, offset), BuiltInSchemas.Place.Root), false),
            _ => CompletionResult.Empty,
        };
    }

    private static CompletionResult CompleteSidecar(CorpusSnapshot snapshot, string path, SourceText text, int offset, CancellationToken cancellationToken, bool documentation)
    {
        var ctx = YamlContext.At(text, offset);
        var section = ctx.Path.FirstOrDefault();
        var inItem = ctx.Path.Count >= 2 && ctx.Path[1] == "[]";
        // Keys come from the schema alone: they never wait for the sidecar's analysis (hundreds of milliseconds on a long
        // sidecar just edited).
        if (!ctx.InKey && inItem && ctx.Path.Count == 2)
        {
            var analysis = snapshot.Analyze(path);
            var hit = analysis is null ? null : SidecarLocator.At(analysis.Sidecar, offset);
            // A line being typed may not parse yet (`ref: geonames:`): it is left out of the tree, so the item it belongs to
            // is the last one that starts above it.
            var mention = hit?.Mention ?? (analysis is null ? null : analysis.Sidecar.AllMentions
                .Where(m => m.Node.Span.Start <= offset && SectionOf(m) == section).MaxBy(m => m.Node.Span.Start));
            switch (section, ctx.Key)
            {
                case ("places", "text"):
                    return new(PlaceNames(snapshot, ctx, analysis, cancellationToken, documentation), IsIncomplete: true);
                case ("places", "ref"):
                    return new(References(snapshot, ctx, analysis, mention as PlaceMention, cancellationToken, documentation), IsIncomplete: true);
                case ("events", "places"):
                    return new(MentionRefs(ctx, analysis?.Sidecar.Places.Cast<Mention>() ?? []), false);
                case ("events", "participants"):
                    return new(MentionRefs(ctx, analysis is null ? [] : analysis.Sidecar.People.Cast<Mention>().Concat(analysis.Sidecar.Organisations)), false);
                case ("events", "relativeTo"):
                    return new(MentionRefs(ctx, analysis?.Sidecar.Events.Where(e => e.Id is not null).Cast<Mention>() ?? []), false);
                case ("events", "date"):
                    return new(ResolvedDate(ctx, analysis, mention as EventMention), false);
                case ("events", "when"):
                    return new(DateExpressions(ctx, analysis, mention as EventMention, cancellationToken), false);
            }
        }
        return new(CompleteSchema(ctx, BuiltInSchemas.Annotation.Root), false);
    }

    private static string SectionOf(Mention m) => m.Kind switch
    {
        MentionKind.Place => "places", MentionKind.Person => "people", MentionKind.Organisation => "organisations", _ => "events",
    };

    /// <summary>Keys and enum values straight from the JSON Schema, with its descriptions.</summary>
    private static IReadOnlyList<CompletionEntry> CompleteSchema(YamlContext ctx, JsonSchema root)
    {
        var schema = root;
        foreach (var part in ctx.Path)
        {
            var next = part == "[]" ? schema.Resolved.Items : schema.Resolved.Property(part) ?? (schema.Resolved.AdditionalProperties.Schema);
            if (next is null) return [];
            schema = next;
        }
        if (ctx.InKey)
            return schema.Resolved.Properties
                .Where(p => !ctx.Siblings.Contains(p.Name) && p.Name.StartsWith(ctx.Prefix, StringComparison.OrdinalIgnoreCase))
                .Select((p, i) => new CompletionEntry(p.Name, p.Name + ": ", ctx.Replace, CompletionKind.Key, null, p.Schema.Description, $"{i:000}"))
                .ToList();
        var property = ctx.Key is null ? null : schema.Resolved.Property(ctx.Key);
        if (property is null) return [];
        var values = property.Resolved.Enum;
        if (values.IsEmpty) values = property.Resolved.OneOf.SelectMany(o => o.Resolved.Enum).ToImmutableArray();
        return values.Where(v => v.StartsWith(ctx.Prefix, StringComparison.OrdinalIgnoreCase))
            .Select((v, i) => new CompletionEntry(v, v, ctx.Replace, CompletionKind.Value, null, property.Description, $"{i:000}")).ToList();
    }

    private static IReadOnlyList<CompletionEntry> PlaceNames(CorpusSnapshot snapshot, YamlContext ctx, DocumentAnalysis? analysis, CancellationToken cancellationToken,
        bool documentation)
    {
        if (ctx.Prefix.Length == 0) return [];
        var g = snapshot.Gazetteer;
        var results = new List<CompletionEntry>();
        // Words of the article that start with the prefix come first: annotators annotate what is there.
        if (analysis?.Article is { } article)
        {
            var folded = NameFolding.Fold(ctx.Prefix);
            var words = NamesOf(article.Text).Where(w => w.Folded.StartsWith(folded, StringComparison.Ordinal)).Select(w => w.Name).Take(10);
            foreach (var w in words)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (g.Lookup(w) is { Count: > 0 } found)
                    results.Add(new CompletionEntry(w, w, ctx.Replace, CompletionKind.Place, $"in the article · {found.Count} gazetteer match(es)", null, "0" + w, FilterText: ctx.Prefix));
            }
        }
        var rank = 0;
        foreach (var (name, entry) in g.Complete(ctx.Prefix, MaxItems))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(new CompletionEntry(name, name, ctx.Replace, CompletionKind.Place, $"{entry.Id} · {g.Hierarchy(entry)}",
                documentation ? PlaceDocumentation(snapshot, entry, null) : null, $"1{rank++:000}", FilterText: ctx.Prefix) { PlaceId = entry.Id });
        }
        return results.DistinctBy(r => (r.Label, r.Detail)).Take(MaxItems).ToList();
    }

    /// <summary>
    /// `ref:` values for what is typed: nothing or `geonames:`/`overlay:` or an id prefix filters the mention's own
    /// candidates (and finds an id typed in full); a name searches the gazetteer. Every list is ranked in the article
    /// through <see cref="ArticlePlaces.RankIn"/>, best first, and carries the typed text as its filter text, so that
    /// clients which filter and sort again (VS Code, Eglot) keep that order; the list is incomplete: typing more asks again.
    /// </summary>
    private static IReadOnlyList<CompletionEntry> References(CorpusSnapshot snapshot, YamlContext ctx, DocumentAnalysis? analysis, PlaceMention? place,
        CancellationToken cancellationToken, bool documentation)
    {
        var g = snapshot.Gazetteer;
        var query = ctx.Prefix.Trim().TrimEnd('"', '\'');
        var ranked = new List<RankedCandidate>();
        if (place is not null && place.Anchor.Text is { } name)
            // Namesakes (the town of "Khanaser Valley") are not offered: check calls such a link a mismatch.
            ranked.AddRange((analysis?.PlaceOf(place) is { Candidates.Count: > 0 } resolution ? resolution.Candidates : ArticlePlaces.RankIn(g, snapshot.Config, analysis, name))
                .Where(c => c.Match != MatchKind.Namesake));
        var byId = IsIdQuery(query);
        var results = ranked.Where(c => Fits(c.Entry, query, byId)).Select(c => (c.Entry, Why: (RankedCandidate?)c)).ToList();
        if (byId)
        {
            if (g.Find(query) is { } exact) results.Insert(0, (exact, null));
            if (query.StartsWith(OverlayPrefix, StringComparison.OrdinalIgnoreCase))
                results.AddRange(g.OverlayEntries().Where(e => e.Id.StartsWith(query, StringComparison.OrdinalIgnoreCase)).Take(MaxItems).Select(e => (e, (RankedCandidate?)null)));
        }
        else if (query.Length > 0)
        {
            // Each name the prefix completes to, ranked in the article as if the text said it.
            var names = g.Complete(query, 40).Select(n => n.Name).DistinctBy(NameFolding.Fold).Take(8);
            foreach (var completed in names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.AddRange(ArticlePlaces.RankIn(g, snapshot.Config, analysis, completed).Take(6).Select(c => (c.Entry, (RankedCandidate?)c)));
            }
        }
        // Each item's documentation draws the place's hierarchy and hover text: a long list is work worth stopping.
        return results.DistinctBy(r => r.Entry.Id).Take(MaxItems).Select((r, rank) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var note = r.Why is { } c ? $"Score {c.Score:0.00}: {string.Join("; ", c.Reasons)}" : null;
            return new CompletionEntry(ReferenceLabel(g, r.Entry), r.Entry.Id, ctx.Replace, CompletionKind.Reference, g.Hierarchy(r.Entry),
                documentation ? PlaceDocumentation(snapshot, r.Entry, note) : null, $"{rank:000}", FilterText: ctx.Prefix, Preselect: rank == 0)
                { PlaceId = r.Entry.Id, DocumentationNote = note };
        }).ToList();
    }

    private const string GeonamesPrefix = "geonames:";
    private const string OverlayPrefix = "overlay:";

    private static bool IsIdQuery(string query) =>
        query.StartsWith(GeonamesPrefix, StringComparison.OrdinalIgnoreCase) || query.StartsWith(OverlayPrefix, StringComparison.OrdinalIgnoreCase)
        || (query.Length > 0 && query.All(char.IsAsciiDigit))
        || (query.Length > 0 && (GeonamesPrefix.StartsWith(query, StringComparison.OrdinalIgnoreCase) || OverlayPrefix.StartsWith(query, StringComparison.OrdinalIgnoreCase)) && query.Length >= 3 && !char.IsUpper(query[0]));

    /// <summary>Whether an entry answers what is typed: an id prefix (`geonames:1707`, `1707`, `geo`), or the start of one of its names.</summary>
    private static bool Fits(GazetteerEntry e, string query, bool byId)
    {
        if (query.Length == 0) return true;
        if (byId)
            return e.Id.StartsWith(query, StringComparison.OrdinalIgnoreCase)
                || (query.All(char.IsAsciiDigit) && e.Id.AsSpan(e.Id.IndexOf(':') + 1).StartsWith(query, StringComparison.Ordinal));
        var folded = NameFolding.Fold(query);
        return e.AllNames.Any(n => NameFolding.Fold(n).StartsWith(folded, StringComparison.Ordinal));
    }

    /// <summary>What tells places of one name apart, first: name, region, country, kind of place, then the id.</summary>
    public static string ReferenceLabel(Gazetteer.Gazetteer g, GazetteerEntry e)
    {
        var region = e.IsCountry || e.FeatureCode == "ADM1" ? null : g.Admin1Name(e);
        var country = e.IsCountry ? null : g.CountryName(e.CountryCode);
        var where = string.Join(", ", new[] { region, country }.Where(x => !string.IsNullOrEmpty(x)));
        return $"{e.Name}{(where.Length > 0 ? ", " + where : "")} · {ShortKind(e)} · {e.Id}";
    }

    /// <summary>A few words for the kind of place: a label has no room for "seat of a first-order administrative division".</summary>
    private static string ShortKind(GazetteerEntry e) => e.FeatureCode switch
    {
        _ when e.IsCountry => "country",
        "ADM1" => "province",
        "ADM2" => "district",
        "ADM3" or "ADM4" => "subdistrict",
        "PPLC" => "capital",
        "PPLA" => "provincial capital",
        "PPLA2" or "PPLA3" or "PPLA4" => e.Population >= 100_000 ? "city" : "town",
        _ when e.FeatureClass == 'P' => e.Population >= 100_000 ? "city" : e.Population > 0 || e.FeatureCode == "PPL" ? "town" : "village",
        _ => FeatureCodes.Describe(e.FeatureCode),
    };

    /// <summary>A place item's documentation: the place as hover shows it, then the note (why it ranks where it does).</summary>
    public static string PlaceDocumentation(CorpusSnapshot snapshot, GazetteerEntry entry, string? note)
    {
        var sb = new System.Text.StringBuilder();
        HoverService.AppendPlace(sb, snapshot, entry);
        if (note is not null) sb.Append("\n\n").Append(note);
        return sb.ToString();
    }

    /// <summary>The documentation of an item given without it (see <see cref="Completion"/>), or null when the place is gone.</summary>
    public static string? PlaceDocumentation(CorpusSnapshot snapshot, string placeId, string? note) =>
        snapshot.Gazetteer.Find(placeId) is { } entry ? PlaceDocumentation(snapshot, entry, note) : null;

    private static IReadOnlyList<CompletionEntry> MentionRefs(YamlContext ctx, IEnumerable<Mention> mentions) =>
        mentions.Select(m => m.Id ?? m.Anchor.Text).OfType<string>().Distinct()
            .Where(l => l.StartsWith(ctx.Prefix, StringComparison.OrdinalIgnoreCase))
            .Select((l, i) => new CompletionEntry(l, l, ctx.Replace, CompletionKind.Mention, null, null, $"{i:000}")).ToList();

    private static IReadOnlyList<CompletionEntry> ResolvedDate(YamlContext ctx, DocumentAnalysis? analysis, EventMention? e)
    {
        if (analysis is null || e is null || analysis.DateOf(e)?.Normalization?.Value is not { } value) return [];
        var steps = string.Join("\n", analysis.DateOf(e)!.Normalization!.Steps.Select((s, i) => $"{i + 1}. {s}"));
        return [new CompletionEntry(value.Value, YamlEdits.Quote(value.Value), ctx.Replace, CompletionKind.Date, $"what “{e.When!.Text}” means", steps, "000", Preselect: true)];
    }

    private static IReadOnlyList<CompletionEntry> DateExpressions(YamlContext ctx, DocumentAnalysis? analysis, EventMention? e, CancellationToken cancellationToken)
    {
        if (analysis?.Article is not { } article || e is null || analysis.Resolved(e) is not { Spans.Length: > 0 } trigger) return [];
        var sentence = Sentences.Containing(article.Text, trigger.Spans[0].Start);
        // Each candidate explained as the checker will read it once chosen: where it stands, with the event's tense.
        return TemporalTagger.Find(article.Text, sentence)
            .Select((x, i) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new CompletionEntry(x.Text, x.Text, ctx.Replace, CompletionKind.Date, "in the event's sentence",
                    HoverService.DateMarkdown(x.Text, TemporalNormalizer.NormalizeInText(article.Text, x.Span, analysis.Published, tense: e.IsPlanned ? Tense.Future : Tense.Past)), $"{i:000}");
            }).ToList();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, (string Name, string Folded)[]> ArticleNames = new();

    /// <summary>
    /// The article's capitalised words and runs of them, each once, in the order they first occur, with their folded form:
    /// found once per article text, not at each keystroke of a place name (a long article has thousands).
    /// </summary>
    private static (string Name, string Folded)[] NamesOf(string article) => ArticleNames.GetValue(article, a =>
        CapitalizedWords().Matches(a).Select(m => m.Value).Distinct().Select(w => (w, NameFolding.Fold(w))).ToArray());

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{Lu}[\p{L}\p{Mn}’'-]*(?:\s\p{Lu}[\p{L}\p{Mn}’'-]*)*")]
    private static partial System.Text.RegularExpressions.Regex CapitalizedWords();
}
