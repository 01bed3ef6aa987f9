using System.Collections.Immutable;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Import.Brat;

/// <summary>Where a brat annotation type goes in a sidecar.</summary>
public enum BratCategory { Place, Person, Organisation, Event, Date, Ignore }

/// <summary>
/// Maps brat types to sidecar sections: the user's map (<c>--types</c>), then the defaults (brat-types.yaml), then
/// the type's parents in annotation.conf, then the conf's [events] section.
/// </summary>
public sealed class BratTypeMap
{
    private static readonly ImmutableArray<(string Key, BratCategory Category)> Sections =
    [
        ("places", BratCategory.Place), ("people", BratCategory.Person), ("organisations", BratCategory.Organisation),
        ("events", BratCategory.Event), ("dates", BratCategory.Date), ("ignore", BratCategory.Ignore),
    ];

    private readonly Dictionary<string, BratCategory> _types;
    private readonly BratConf _conf;

    private BratTypeMap(Dictionary<string, BratCategory> types, BratConf conf) { _types = types; _conf = conf; }

    public static BratTypeMap Default { get; } = new(ReadEmbedded(), BratConf.Empty);

    /// <summary>The defaults overridden by a user's map file; errors are "line:column: message".</summary>
    public static BratTypeMap Create(string? userMapYaml, string? annotationConf, List<string> errors)
    {
        var types = new Dictionary<string, BratCategory>(ReadEmbedded(), StringComparer.OrdinalIgnoreCase);
        if (userMapYaml is not null)
            foreach (var (type, category) in Read(userMapYaml, errors)) types[type] = category;
        return new BratTypeMap(types, annotationConf is null ? BratConf.Empty : BratConf.Parse(annotationConf));
    }

    public BratCategory? CategoryOf(string type)
    {
        for (var t = type; t is not null; t = _conf.ParentOf(t))
            if (_types.TryGetValue(t, out var c)) return c;
        return _conf.IsEvent(type) ? BratCategory.Event : null;
    }

    private static Dictionary<string, BratCategory> ReadEmbedded()
    {
        using var stream = typeof(BratTypeMap).Assembly.GetManifestResourceStream("CorpusLsp.Core.Import.Brat.brat-types.yaml")!;
        using var reader = new StreamReader(stream);
        var errors = new List<string>();
        var map = new Dictionary<string, BratCategory>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, category) in Read(reader.ReadToEnd(), errors)) map[type] = category;
        return errors.Count == 0 ? map : throw new InvalidDataException("brat-types.yaml: " + string.Join("; ", errors));
    }

    private static IEnumerable<(string Type, BratCategory Category)> Read(string yaml, List<string> errors)
    {
        var text = new SourceText(yaml);
        var parsed = YamlTree.Parse("types", text);
        string At(TextSpan span) { var (l, c) = text.GetLineColumn(span.Start); return $"{l + 1}:{c + 1}"; }
        foreach (var d in parsed.Diagnostics) errors.Add($"{At(d.Span)}: {d.Message}");
        if (parsed.Root is not YMapping root)
        {
            if (parsed.Diagnostics.IsEmpty) errors.Add("1:1: expected a mapping such as 'places: [Location, GPE]'");
            yield break;
        }
        foreach (var entry in root.Entries)
        {
            var section = Sections.FirstOrDefault(s => s.Key == entry.Key.Value);
            if (section.Key is null)
            {
                errors.Add($"{At(entry.Key.Span)}: unknown key '{entry.Key.Value}'; the keys are {string.Join(", ", Sections.Select(s => s.Key))}");
                continue;
            }
            if (entry.Value is not YSequence list) { errors.Add($"{At(entry.Value.Span)}: '{entry.Key.Value}' takes a list of type names"); continue; }
            foreach (var item in list.Items)
            {
                if (item is YScalar { Value.Length: > 0 } s) yield return (s.Value, section.Category);
                else errors.Add($"{At(item.Span)}: a type name must be a plain word");
            }
        }
    }
}

/// <summary>
/// What the importer needs from brat's annotation.conf: the type hierarchy of [entities] and [events] (a type indented
/// below another is its child) and which types are events.
/// </summary>
public sealed class BratConf
{
    private readonly Dictionary<string, string> _parents;
    private readonly HashSet<string> _events;

    private BratConf(Dictionary<string, string> parents, HashSet<string> events) { _parents = parents; _events = events; }

    public static BratConf Empty { get; } = new(new(), new());

    public string? ParentOf(string type) => _parents.GetValueOrDefault(type);

    public bool IsEvent(string type) => _events.Contains(type);

    public static BratConf Parse(string conf)
    {
        var parents = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var events = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? section = null;
        var stack = new List<string>();
        foreach (var raw in conf.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            if (line.StartsWith('[')) { section = line.Trim().Trim('[', ']').ToLowerInvariant(); stack.Clear(); continue; }
            if (section is not ("entities" or "events")) continue;
            var depth = line.Length - line.TrimStart('\t').Length;
            // "!Type" is an abstract type that only groups others; the first field is the name, the rest its arguments.
            var name = line.Trim().Split('\t', ' ')[0].TrimStart('!');
            if (name.Length == 0) continue;
            if (depth > stack.Count) depth = stack.Count;
            stack.RemoveRange(depth, stack.Count - depth);
            if (depth > 0) parents[name] = stack[depth - 1];
            stack.Add(name);
            if (section == "events") events.Add(name);
        }
        return new BratConf(parents, events);
    }
}
