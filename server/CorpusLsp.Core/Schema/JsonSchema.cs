using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CorpusLsp.Core.Schema;

/// <summary>
/// The subset of JSON Schema (2020-12) our schema files use: type, properties, required,
/// additionalProperties, items, enum, pattern, minimum/maximum, minItems/maxItems, oneOf/anyOf, $ref
/// to local pointers, description. The same files feed Red Hat's YAML extension, so what they say
/// is what both tools enforce.
/// </summary>
public sealed class JsonSchema
{
    private readonly JsonElement _element;
    private readonly JsonSchemaDocument _document;
    private JsonSchema? _resolved;

    internal JsonSchema(JsonSchemaDocument document, JsonElement element)
    {
        _document = document;
        _element = element;
    }

    /// <summary>Follows $ref; descriptions on the referring node win over the target's.</summary>
    public JsonSchema Resolved
    {
        get
        {
            if (_resolved is not null) return _resolved;
            var current = this;
            for (var guard = 0; guard < 16 && current._element.TryGetProperty("$ref", out var r); guard++)
                current = _document.ResolvePointer(r.GetString()!);
            return _resolved = current;
        }
    }

    private JsonElement? Get(string name) => Resolved._element.ValueKind == JsonValueKind.Object && Resolved._element.TryGetProperty(name, out var v) ? v : null;

    public string? Description =>
        _element.ValueKind == JsonValueKind.Object && _element.TryGetProperty("description", out var d) ? d.GetString() : Get("description")?.GetString();

    public ImmutableArray<string> Types => Get("type") switch
    {
        { ValueKind: JsonValueKind.String } t => [t.GetString()!],
        { ValueKind: JsonValueKind.Array } t => t.EnumerateArray().Select(x => x.GetString()!).ToImmutableArray(),
        _ => [],
    };

    public IEnumerable<(string Name, JsonSchema Schema)> Properties =>
        Get("properties") is { ValueKind: JsonValueKind.Object } p
            ? p.EnumerateObject().Select(x => (x.Name, new JsonSchema(_document, x.Value)))
            : [];

    private readonly Dictionary<string, JsonSchema?> _properties = new(StringComparer.Ordinal);

    public JsonSchema? Property(string name)
    {
        lock (_properties)
        {
            if (_properties.TryGetValue(name, out var cached)) return cached;
            var found = Get("properties") is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) ? _document.Intern(v) : null;
            _properties[name] = found;
            return found;
        }
    }

    public ImmutableArray<string> Required => Get("required") is { ValueKind: JsonValueKind.Array } r
        ? r.EnumerateArray().Select(x => x.GetString()!).ToImmutableArray() : [];

    /// <summary>null: any key allowed; false: none; a schema: extra keys validated against it.</summary>
    public (bool Allowed, JsonSchema? Schema) AdditionalProperties => Get("additionalProperties") switch
    {
        { ValueKind: JsonValueKind.False } => (false, null),
        { ValueKind: JsonValueKind.Object } s => (true, new JsonSchema(_document, s)),
        _ => (true, null),
    };

    public JsonSchema? Items => Get("items") is { ValueKind: JsonValueKind.Object } i ? _document.Intern(i) : null;

    public ImmutableArray<string> Enum => Get("enum") is { ValueKind: JsonValueKind.Array } e
        ? e.EnumerateArray().Select(x => x.ToString()).ToImmutableArray() : [];

    public Regex? Pattern => Get("pattern")?.GetString() is { } p ? _document.Regex(p) : null;
    public double? Minimum => Get("minimum")?.GetDouble();
    public double? Maximum => Get("maximum")?.GetDouble();
    public int? MinItems => Get("minItems")?.GetInt32();
    public int? MaxItems => Get("maxItems")?.GetInt32();

    public ImmutableArray<JsonSchema> OneOf => Alternatives("oneOf");
    public ImmutableArray<JsonSchema> AnyOf => Alternatives("anyOf");

    private ImmutableArray<JsonSchema> Alternatives(string keyword) => Get(keyword) is { ValueKind: JsonValueKind.Array } a
        ? a.EnumerateArray().Select(_document.Intern).ToImmutableArray() : [];
}

public sealed class JsonSchemaDocument
{
    private readonly JsonDocument _json;
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);

    private JsonSchemaDocument(JsonDocument json)
    {
        _json = json;
        Root = new JsonSchema(this, json.RootElement);
    }

    public JsonSchema Root { get; }

    public static JsonSchemaDocument Parse(string json) => new(JsonDocument.Parse(json));

    private readonly Dictionary<string, JsonSchema> _interned = new(StringComparer.Ordinal);

    /// <summary>One <see cref="JsonSchema"/> per schema location, so that resolved $refs and property lookups are computed once.</summary>
    internal JsonSchema Intern(JsonElement element)
    {
        var key = element.GetRawText();
        lock (_interned)
        {
            if (!_interned.TryGetValue(key, out var schema)) _interned[key] = schema = new JsonSchema(this, element);
            return schema;
        }
    }

    internal JsonSchema ResolvePointer(string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal)) throw new InvalidOperationException($"Only local $ref is supported: {pointer}");
        var element = _json.RootElement;
        foreach (var part in pointer[2..].Split('/'))
            element = element.GetProperty(part.Replace("~1", "/").Replace("~0", "~"));
        return Intern(element);
    }

    /// <summary>
    /// Linear-time matching where the pattern allows it, so no input is slow and no timeout fires on a busy machine (a
    /// 100 ms timeout did, under load, on a date pattern); lookarounds and back-references keep backtracking, bounded.
    /// </summary>
    private static Regex Compile(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking); }
        catch (NotSupportedException) { return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
    }

    internal Regex Regex(string pattern)
    {
        lock (_regexes)
        {
            if (!_regexes.TryGetValue(pattern, out var regex))
                _regexes[pattern] = regex = Compile(pattern);
            return regex;
        }
    }
}

/// <summary>The schema files shipped with the product, embedded so that Core needs no file IO.</summary>
public static class BuiltInSchemas
{
    public static readonly JsonSchemaDocument Annotation = Load("annotation.schema.json");
    public static readonly JsonSchemaDocument Corpus = Load("corpus.schema.json");
    public static readonly JsonSchemaDocument Place = Load("place.schema.json");

    private static JsonSchemaDocument Load(string name)
    {
        using var stream = typeof(BuiltInSchemas).Assembly.GetManifestResourceStream($"CorpusLsp.Core.Schema.{name}")
            ?? throw new InvalidOperationException($"Embedded schema {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return JsonSchemaDocument.Parse(reader.ReadToEnd());
    }
}
