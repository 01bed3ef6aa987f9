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

    public static IReadOnlyList<CompletionEntry> Complete(CorpusSnapshot snapshot, string path, int offset)
    {
        var text = snapshot.TextOf(path);
        if (text is null) return [];
        return snapshot.KindOf(path) switch
        {
            FileKind.Sidecar => CompleteSidecar(snapshot, path, text, offset),
            FileKind.CorpusConfig => CompleteSchema(YamlContext.At(text, offset), BuiltInSchemas.Corpus.Root),
            FileKind.Overlay => CompleteSchema(YamlContext.At(text, offset), BuiltInSchemas.Place.Root),
            _ => [],
        };
    }

    private static IReadOnlyList<CompletionEntry> CompleteSidecar(CorpusSnapshot snapshot, string path, SourceText text, int offset)
    {
        var ctx = YamlContext.At(text, offset);
        var analysis = snapshot.Analyze(path);
        var section = ctx.Path.FirstOrDefault();
        var inItem = ctx.Path.Count >= 2 && ctx.Path[1] == "[]";
        var hit = analysis is null ? null : SidecarLocator.At(analysis.Sidecar, offset);

        if (!ctx.InKey && inItem && ctx.Path.Count == 2)
        {
            switch (section, ctx.Key)
            {
                case ("places", "text"):
                    return PlaceNames(snapshot, ctx, analysis);
                case ("places", "ref"):
                    return References(snapshot, ctx, analysis, hit?.Mention as PlaceMention);
                case ("events", "places"):
                    return MentionRefs(ctx, analysis?.Sidecar.Places.Cast<Mention>() ?? []);
                case ("events", "participants"):
                    return MentionRefs(ctx, analysis is null ? [] : analysis.Sidecar.People.Cast<Mention>().Concat(analysis.Sidecar.Organisations));
                case ("events", "relativeTo"):
                    return MentionRefs(ctx, analysis?.Sidecar.Events.Where(e => e.Id is not null).Cast<Mention>() ?? []);
                case ("events", "date"):
                    return ResolvedDate(ctx, analysis, hit?.Mention as EventMention);
                case ("events", "when"):
                    return DateExpressions(ctx, analysis, hit?.Mention as EventMention);
            }
        }
        return CompleteSchema(ctx, BuiltInSchemas.Annotation.Root);
    }

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

    private static IReadOnlyList<CompletionEntry> PlaceNames(CorpusSnapshot snapshot, YamlContext ctx, DocumentAnalysis? analysis)
    {
        if (ctx.Prefix.Length == 0) return [];
        var g = snapshot.Gazetteer;
        var results = new List<CompletionEntry>();
        // Words of the article that start with the prefix come first: annotators annotate what is there.
        if (analysis?.Article is { } article)
        {
            var folded = NameFolding.Fold(ctx.Prefix);
            var words = CapitalizedWords().Matches(article.Text)
                .Select(m => m.Value).Where(w => NameFolding.Fold(w).StartsWith(folded, StringComparison.Ordinal)).Distinct().Take(10);
            foreach (var w in words)
                if (g.Lookup(w) is { Count: > 0 } found)
                    results.Add(new CompletionEntry(w, w, ctx.Replace, CompletionKind.Place, $"in the article · {found.Count} gazetteer match(es)", null, "0" + w, FilterText: ctx.Prefix));
        }
        var rank = 0;
        foreach (var (name, entry) in g.Complete(ctx.Prefix, MaxItems))
            results.Add(new CompletionEntry(name, name, ctx.Replace, CompletionKind.Place, $"{entry.Id} · {g.Hierarchy(entry)}", Doc(snapshot, entry), $"1{rank++:000}", FilterText: ctx.Prefix));
        return results.DistinctBy(r => (r.Label, r.Detail)).Take(MaxItems).ToList();
    }

    private static IReadOnlyList<CompletionEntry> References(CorpusSnapshot snapshot, YamlContext ctx, DocumentAnalysis? analysis, PlaceMention? place)
    {
        var g = snapshot.Gazetteer;
        var results = new List<CompletionEntry>();
        var rank = 0;
        // The mention's own candidates, ranked with the article as context.
        if (analysis is not null && place is not null && analysis.PlaceOf(place) is { } resolution)
            foreach (var c in (resolution.Candidates.Count > 0 || place.Anchor.Text is null ? resolution.Candidates : ArticlePlaces.RankIn(g, snapshot.Config, analysis, place.Anchor.Text)).Take(10))
                results.Add(new CompletionEntry($"{c.Entry.Name} ({c.Entry.Id})", c.Entry.Id, ctx.Replace, CompletionKind.Reference,
                    g.Hierarchy(c.Entry), Doc(snapshot, c.Entry) + $"\n\nScore {c.Score:0.00}: {string.Join("; ", c.Reasons)}", $"0{rank++:000}",
                    FilterText: c.Entry.Id + " " + c.Entry.Name, Preselect: rank == 1));
        // Typing a name after `ref:` searches the gazetteer by name; typing an id filters ids.
        var prefix = ctx.Prefix;
        if (prefix.Length > 0 && !prefix.StartsWith("geonames:", StringComparison.Ordinal) && !prefix.StartsWith("overlay:", StringComparison.Ordinal))
            foreach (var (name, entry) in g.Complete(prefix, 20))
                results.Add(new CompletionEntry($"{name} ({entry.Id})", entry.Id, ctx.Replace, CompletionKind.Reference, g.Hierarchy(entry), Doc(snapshot, entry), $"1{rank++:000}", FilterText: prefix));
        return results.DistinctBy(r => r.InsertText).ToList();
    }

    private static string Doc(CorpusSnapshot snapshot, GazetteerEntry entry)
    {
        var sb = new System.Text.StringBuilder();
        HoverService.AppendPlace(sb, snapshot, entry);
        return sb.ToString();
    }

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

    private static IReadOnlyList<CompletionEntry> DateExpressions(YamlContext ctx, DocumentAnalysis? analysis, EventMention? e)
    {
        if (analysis?.Article is not { } article || e is null || analysis.Resolved(e) is not { Spans.Length: > 0 } trigger) return [];
        var sentence = Sentences.Containing(article.Text, trigger.Spans[0].Start);
        // Each candidate explained as the checker will read it once chosen: where it stands, with the event's tense.
        return TemporalTagger.Find(article.Text, sentence)
            .Select((x, i) => new CompletionEntry(x.Text, x.Text, ctx.Replace, CompletionKind.Date, "in the event's sentence",
                HoverService.DateMarkdown(x.Text, TemporalNormalizer.NormalizeInText(article.Text, x.Span, analysis.Published, tense: e.IsPlanned ? Tense.Future : Tense.Past)), $"{i:000}")).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{Lu}[\p{L}\p{Mn}’'-]*(?:\s\p{Lu}[\p{L}\p{Mn}’'-]*)*")]
    private static partial System.Text.RegularExpressions.Regex CapitalizedWords();
}
