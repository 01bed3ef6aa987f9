using System.Collections.Immutable;
using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Model;

public static class SidecarReader
{
    /// <param name="validate">False skips the schema check (which changes no field of the model) for passes that read a few fields only.</param>
    public static (Sidecar Sidecar, ImmutableArray<Diagnostic> Diagnostics) Read(string path, SourceText text, bool validate = true)
    {
        var parsed = YamlTree.ParseRecovering(path, text);
        var diagnostics = parsed.Diagnostics.ToBuilder();
        var empty = new Sidecar(path, text, null, null, null, new Meta(null, null, null, null, null, null, null, null, null, null), [], [], [], []);
        if (parsed.Root is null) return (empty, diagnostics.ToImmutable());
        if (validate) diagnostics.AddRange(new SchemaValidator(path).Validate(parsed.Root, BuiltInSchemas.Annotation.Root));
        if (parsed.Root is not YMapping root) return (empty, diagnostics.ToImmutable());

        var metaNode = root["meta"] as YMapping;
        var dateline = metaNode?["dateline"] as YMapping;
        var meta = new Meta(
            Str(metaNode, "title"), Str(metaNode, "source"), Str(metaNode, "url"), Str(metaNode, "language"),
            Str(metaNode, "published"), metaNode?["published"] as YScalar,
            dateline is null ? null : ReadAnchor(dateline), Str(dateline, "place"), Str(dateline, "note"), metaNode);

        var sidecar = empty with
        {
            Root = root,
            ArticleName = Str(root, "article"),
            ArticleNode = root["article"] as YScalar,
            Meta = meta,
            Places = Each(root, "places", static m =>
            {
                var f = Fields.Of(m);
                return new PlaceMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note), Str(f.Ref), f.Ref as YScalar);
            }),
            People = Each(root, "people", static m =>
            {
                var f = Fields.Of(m);
                return new PersonMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note), Str(f.Name), Str(f.Role));
            }),
            Organisations = Each(root, "organisations", static m =>
            {
                var f = Fields.Of(m);
                return new OrganisationMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note), Str(f.Name), Str(f.Kind));
            }),
            Events = Each(root, "events", static m =>
            {
                var f = Fields.Of(m);
                return new EventMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note),
                    Str(f.Type), Str(f.Date), f.Date as YScalar, ReadWhen(f.When), Str(f.Status), Str(f.Key), Str(f.RelativeTo), f.RelativeTo as YScalar,
                    Scalars(f.Places), Scalars(f.Participants));
            }),
        };
        AddDuplicateIds(diagnostics, path, text, sidecar);
        return (sidecar, diagnostics.ToImmutable());
    }

    /// <summary>
    /// The mappings of a top-level list, each read as a mention, in one array of their number: LINQ's filter, projection
    /// and growing copy made three objects and a few arrays per list of every sidecar read (issue 19).
    /// </summary>
    private static ImmutableArray<T> Each<T>(YMapping root, string key, Func<YMapping, T> read)
    {
        if (root[key] is not YSequence seq) return [];
        var items = ImmutableArray.CreateBuilder<T>(seq.Items.Length);
        foreach (var item in seq.Items)
            if (item is YMapping m) items.Add(read(m));
        return items.DrainToImmutable();
    }

    /// <summary>
    /// What pairing and source profiles read of a sidecar (its `article`, its `meta.source` and its places' `ref`s, as
    /// <see cref="Read"/> gives them), taken from the tree alone: `check` reads every sidecar for these before any analysis,
    /// and building the model and its duplicate-id check there was a third of that pass's allocation (issue 19).
    /// </summary>
    public static (string? ArticleName, string? Source, List<string> Refs) ReadFacts(string path, SourceText text)
    {
        var refs = new List<string>();
        // A block-style sidecar is skimmed for these three (a tree of them alone); anything else is parsed as for its analysis.
        if ((BlockYaml.TrySkimFacts(path, text) ?? YamlTree.ParseRecovering(path, text)).Root is not YMapping root) return (null, null, refs);
        foreach (var m in Items(root, "places"))
            if (Str(m, "ref") is { } reference) refs.Add(reference);
        return (Str(root, "article"), Str(root["meta"] as YMapping, "source"), refs);
    }

    /// <summary>References name mentions by id whatever their kind, so an id is used once across places, people, organisations and events.</summary>
    private static void AddDuplicateIds(ImmutableArray<Diagnostic>.Builder diagnostics, string path, SourceText text, Sidecar sidecar)
    {
        // The mentions in the order they stand in the file (no two entries start at one place), sorted by their starts in
        // one array: LINQ's concatenation and sort were most of what this check made.
        var mentions = new Mention[sidecar.Places.Length + sidecar.People.Length + sidecar.Organisations.Length + sidecar.Events.Length];
        var starts = new int[mentions.Length];
        var at = 0;
        foreach (var m in sidecar.AllMentions)
        {
            starts[at] = m.Node.Span.Start;
            mentions[at++] = m;
        }
        Array.Sort(starts, mentions);
        // Sized for every mention: growing it was most of this check's allocation.
        var first = new Dictionary<string, Mention>(mentions.Length, StringComparer.Ordinal);
        foreach (var m in mentions)
        {
            if (m.Id is not { } id || m.Node["id"] is not YScalar node) continue;
            if (!first.TryAdd(id, m))
            {
                var earlier = first[id];
                var line = text.GetLineColumn(earlier.Node.Span.Start).Line + 1;
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateId, path, node.Span,
                    $"Id '{Excerpt.Of(id)}' is already used by the {earlier.Kind.ToString().ToLowerInvariant()} on line {line}; ids name one mention across places, people, organisations and events."));
            }
        }
    }

    private static string? Str(YMapping? m, string key) => Str(m?[key]);

    private static string? Str(YNode? node) => node is YScalar { IsNull: false } s ? s.Value : null;

    /// <summary>
    /// The values of a mention's keys, each the first of its name (as <c>m[key]</c> finds it), gathered in one pass over its
    /// entries: reading a mention looked up to 16 keys, each a search of its entries, ~40% of building the model (issue 19).
    /// </summary>
    private struct Fields
    {
        public YNode? Id, Text, Occurrence, Span, Note, Ref, Name, Role, Kind, Type, Date, When, Status, Key, RelativeTo, Places, Participants;

        public static Fields Of(YMapping m)
        {
            var f = default(Fields);
            foreach (var e in m.Entries)
            {
                var v = e.Value;
                switch (e.Name)
                {
                    case "id": f.Id ??= v; break;
                    case "text": f.Text ??= v; break;
                    case "occurrence": f.Occurrence ??= v; break;
                    case "span": f.Span ??= v; break;
                    case "note": f.Note ??= v; break;
                    case "ref": f.Ref ??= v; break;
                    case "name": f.Name ??= v; break;
                    case "role": f.Role ??= v; break;
                    case "kind": f.Kind ??= v; break;
                    case "type": f.Type ??= v; break;
                    case "date": f.Date ??= v; break;
                    case "when": f.When ??= v; break;
                    case "status": f.Status ??= v; break;
                    case "key": f.Key ??= v; break;
                    case "relativeTo": f.RelativeTo ??= v; break;
                    case "places": f.Places ??= v; break;
                    case "participants": f.Participants ??= v; break;
                }
            }
            return f;
        }
    }

    private static IEnumerable<YMapping> Items(YMapping root, string key) => root[key] is YSequence seq ? seq.Items.OfType<YMapping>() : [];

    private static ImmutableArray<YScalar> Scalars(YNode? node)
    {
        if (node is not YSequence seq) return [];
        var scalars = ImmutableArray.CreateBuilder<YScalar>(seq.Items.Length);
        foreach (var item in seq.Items)
            if (item is YScalar s) scalars.Add(s);
        return scalars.DrainToImmutable();
    }

    private static Anchor? ReadWhen(YNode? node) => node switch
    {
        YScalar { IsNull: false } s => new Anchor(s.Value, s, OccurrenceSpec.Unspecified, null, null, s),
        YMapping m => ReadAnchor(m),
        _ => null,
    };

    private static Anchor ReadAnchor(YMapping m) => ReadAnchor(m, Fields.Of(m));

    /// <summary>The positive numbers of an `occurrence` list, in a loop: LINQ's chain made four objects per list.</summary>
    private static ImmutableArray<int> Occurrences(YSequence seq)
    {
        var numbers = ImmutableArray.CreateBuilder<int>(seq.Items.Length);
        foreach (var item in seq.Items)
            if (item is YScalar x && int.TryParse(x.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) numbers.Add(n);
        return numbers.Count == numbers.Capacity ? numbers.MoveToImmutable() : numbers.ToImmutable();
    }

    private static Anchor ReadAnchor(YMapping m, in Fields f)
    {
        var textNode = f.Text as YScalar;
        var occurrenceNode = f.Occurrence;
        var occurrence = occurrenceNode switch
        {
            YScalar { Value: "all" } => new OccurrenceSpec([], true, occurrenceNode),
            YScalar s when int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => new OccurrenceSpec([n], false, s),
            YSequence seq => new OccurrenceSpec(Occurrences(seq), false, seq),
            _ => OccurrenceSpec.Unspecified,
        };
        (int, int)? span = null;
        if (f.Span is YSequence { Items.Length: 2 } sp && sp.Items[0] is YScalar a && sp.Items[1] is YScalar b
            && int.TryParse(a.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && int.TryParse(b.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var end))
            span = (start, end);
        return new Anchor(textNode is { IsNull: false } ? textNode.Value : null, textNode, occurrence, span, f.Span, m);
    }
}
