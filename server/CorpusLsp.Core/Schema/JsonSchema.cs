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
    /// <remarks>Asked at every node validated: the known answer is returned without a call where it can be.</remarks>
    public JsonSchema Resolved => _resolved ?? Resolve();

    private JsonSchema Resolve()
    {
        var current = this;
        for (var guard = 0; guard < 16 && current._element.TryGetProperty("$ref", out var r); guard++)
            current = _document.ResolvePointer(r.GetString()!);
        return _resolved = current;
    }

    private JsonElement? Get(string name) => Resolved._element.ValueKind == JsonValueKind.Object && Resolved._element.TryGetProperty(name, out var v) ? v : null;

    // Every keyword is read from the JSON once per schema node: the validator asks for them at every node of every sidecar.
    private Keywords? _keywords;

    /// <summary>The keywords themselves: the validator reads them from here, once per node, not through a getter each.</summary>
    /// <remarks>The known answer without a call (the making is a method of its own, so the getter is inlined): asked at
    /// every node validated, the getter's call was ~4 K instructions of each sidecar read (issue 19).</remarks>
    internal Keywords K => _keywords ?? MakeKeywords();

    private Keywords MakeKeywords() => _keywords = new Keywords(this);

    public string? Description => K.Description;

    public ImmutableArray<string> Types => K.Types;

    public IEnumerable<(string Name, JsonSchema Schema)> Properties => K.Properties;

    /// <summary>The names of <see cref="Properties"/>, in the schema's order.</summary>
    public IReadOnlyList<string> PropertyNames => K.PropertyNames;

    public JsonSchema? Property(string name) => K.Property(name);

    public ImmutableArray<string> Required => K.Required;

    /// <summary>null: any key allowed; false: none; a schema: extra keys validated against it.</summary>
    public (bool Allowed, JsonSchema? Schema) AdditionalProperties => K.AdditionalProperties;

    public JsonSchema? Items => K.Items;

    public ImmutableArray<string> Enum => K.Enum;

    public Regex? Pattern => K.Pattern?.Regex;

    /// <summary>The `pattern` with the answers it gave (see <see cref="SchemaPattern"/>).</summary>
    internal SchemaPattern? MatchedPattern => K.Pattern;
    public double? Minimum => K.Minimum;
    public double? Maximum => K.Maximum;
    public int? MinItems => K.MinItems;
    public int? MaxItems => K.MaxItems;

    public ImmutableArray<JsonSchema> OneOf => K.OneOf;
    public ImmutableArray<JsonSchema> AnyOf => K.AnyOf;

    private ImmutableArray<JsonSchema> Alternatives(string keyword) => Get(keyword) is { ValueKind: JsonValueKind.Array } a
        ? a.EnumerateArray().Select(_document.Intern).ToImmutableArray() : [];

    /// <summary>The keywords of one schema node, read once (immutable, so a race only computes them twice).</summary>
    internal sealed class Keywords
    {
        public Keywords(JsonSchema schema)
        {
            var element = schema._element;
            Description = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("description", out var d) ? d.GetString() : schema.Get("description")?.GetString();
            Types = schema.Get("type") switch
            {
                { ValueKind: JsonValueKind.String } t => [t.GetString()!],
                { ValueKind: JsonValueKind.Array } t => t.EnumerateArray().Select(x => x.GetString()!).ToImmutableArray(),
                _ => [],
            };
            foreach (var type in Types) TypeKinds |= SchemaKinds.Of(type);
            Properties = schema.Get("properties") is { ValueKind: JsonValueKind.Object } p
                ? p.EnumerateObject().Select(x => (x.Name, new JsonSchema(schema._document, x.Value))).ToList()
                : [];
            PropertyNames = Properties.Select(x => x.Name).ToList();
            var byName = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
            if (schema.Get("properties") is { ValueKind: JsonValueKind.Object } props)
                foreach (var x in props.EnumerateObject()) byName.TryAdd(x.Name, schema._document.Intern(x.Value));
            PropertyByName = byName;
            PropertyByIdentity = [.. byName.Select(p => (Yaml.BlockYaml.SidecarKey(p.Key) ?? p.Key, p.Value))];
            PropertySchemas = [.. PropertyByIdentity.Select(p => p.Schema)];
            IdentityNames = [.. PropertyByIdentity.Select(p => p.Name)];
            IndexByName = IdentityNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
            Required = schema.Get("required") is { ValueKind: JsonValueKind.Array } r ? r.EnumerateArray().Select(x => x.GetString()!).ToImmutableArray() : [];
            AdditionalProperties = schema.Get("additionalProperties") switch
            {
                { ValueKind: JsonValueKind.False } => (false, null),
                { ValueKind: JsonValueKind.Object } s => (true, new JsonSchema(schema._document, s)),
                _ => (true, null),
            };
            Items = schema.Get("items") is { ValueKind: JsonValueKind.Object } i ? schema._document.Intern(i) : null;
            Enum = schema.Get("enum") is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray().Select(x => x.ToString()).ToImmutableArray() : [];
            Pattern = schema.Get("pattern")?.GetString() is { } pattern ? schema._document.Pattern(pattern) : null;
            Minimum = schema.Get("minimum")?.GetDouble();
            Maximum = schema.Get("maximum")?.GetDouble();
            MinItems = schema.Get("minItems")?.GetInt32();
            MaxItems = schema.Get("maxItems")?.GetInt32();
            ChecksScalar = !Enum.IsEmpty || Pattern is not null || Minimum is not null || Maximum is not null;
            OnlyShippedPattern = Enum.IsEmpty && Minimum is null && Maximum is null && Pattern is { } only ? only.Shipped : ShippedPatterns.Kind.None;
            EnumByLength = ByLength(Enum);
            OneOf = schema.Alternatives("oneOf");
            AnyOf = schema.Alternatives("anyOf");
            PassesText = OneOf.IsEmpty && !ChecksScalar && (Types.IsEmpty || (TypeKinds & SchemaKinds.Kind.String) != 0);
            RequiredMask = MaskOf(Required);
        }

        /// <summary>The properties' schemas, in the order of <see cref="PropertyByIdentity"/>.</summary>
        public JsonSchema[] PropertySchemas { get; }

        /// <summary>The names of <see cref="PropertySchemas"/>, each the sidecar key's own string where it is one (<see cref="PropertyByIdentity"/>).</summary>
        public string[] IdentityNames { get; }

        private Dictionary<string, int> IndexByName { get; }

        /// <summary>The most properties whose keys are seen as bits of a mask (<see cref="RequiredMask"/>, <see cref="AnyOfMasks"/>).</summary>
        public const int MaskedProperties = 64;

        /// <summary>The index in <see cref="PropertySchemas"/> of the property of that name (ordinal), or -1.</summary>
        public int IndexOf(string name) => IndexByName.GetValueOrDefault(name, -1);

        /// <summary>The <see cref="Required"/> keys as bits of their properties' indexes; null when one is no property (checked by name then).</summary>
        public ulong? RequiredMask { get; }

        private ulong?[]? _anyOfMasks;

        /// <summary>
        /// The required keys of each <see cref="AnyOf"/> alternative as bits of their properties' indexes (null for an alternative
        /// that asks for a key that is no property). Made when first asked: an alternative may refer back to this schema,
        /// whose keywords are being made here.
        /// </summary>
        public ulong?[] AnyOfMasks => _anyOfMasks ??= [.. AnyOf.Select(a => MaskOf(a.Resolved.Required))];

        private ulong? MaskOf(ImmutableArray<string> names)
        {
            if (IdentityNames.Length > MaskedProperties) return null;
            var mask = 0UL;
            foreach (var name in names)
            {
                if (IndexOf(name) is var i and >= 0) mask |= 1UL << i;
                else return null;
            }
            return mask;
        }

        public string? Description { get; }
        public ImmutableArray<string> Types { get; }

        /// <summary>The <see cref="Types"/> as one mask: a node fits when it has one of them (<see cref="SchemaValidator.KindsOf"/>).</summary>
        public SchemaKinds.Kind TypeKinds { get; }
        public IReadOnlyList<(string Name, JsonSchema Schema)> Properties { get; }
        public IReadOnlyList<string> PropertyNames { get; }
        public Dictionary<string, JsonSchema> PropertyByName { get; }

        /// <summary>The properties by name, each name the sidecar key's own string where it is one.</summary>
        public (string Name, JsonSchema Schema)[] PropertyByIdentity { get; }

        public JsonSchema? Property(string name)
        {
            // A sidecar's keys are read as the schema's own name strings (BlockYaml.SidecarKey): found by reference first.
            foreach (var (known, schema) in PropertyByIdentity)
                if (ReferenceEquals(known, name)) return schema;
            return PropertyByName.GetValueOrDefault(name);
        }
        public ImmutableArray<string> Required { get; }
        public (bool Allowed, JsonSchema? Schema) AdditionalProperties { get; }
        public JsonSchema? Items { get; }
        public ImmutableArray<string> Enum { get; }

        /// <summary>The <see cref="Enum"/> values by their length (null for a length none has).</summary>
        private string[]?[] EnumByLength { get; }

        /// <summary>
        /// Whether <see cref="Enum"/> holds the value (ordinal): only the values of its length are compared. The list's
        /// <c>Contains</c> compared through the default comparer with each value in turn, ~280 instructions an event type or
        /// organisation kind of every sidecar (issue 19).
        /// </summary>
        public bool EnumContains(string value)
        {
            var byLength = EnumByLength;
            if ((uint)value.Length >= (uint)byLength.Length || byLength[value.Length] is not { } candidates) return false;
            foreach (var candidate in candidates)
                if (string.Equals(candidate, value)) return true;
            return false;
        }

        private static string[]?[] ByLength(ImmutableArray<string> values)
        {
            if (values.IsEmpty) return [];
            var byLength = new string[]?[values.Max(v => v.Length) + 1];
            foreach (var group in values.GroupBy(v => v.Length)) byLength[group.Key] = [.. group];
            return byLength;
        }
        public SchemaPattern? Pattern { get; }
        public double? Minimum { get; }
        public double? Maximum { get; }
        public int? MinItems { get; }
        public int? MaxItems { get; }

        /// <summary>The shipped pattern that is all a scalar has to pass (an id, a link, a date), if so: matched without the other checks' reads.</summary>
        public ShippedPatterns.Kind OnlyShippedPattern { get; }

        /// <summary>Whether a scalar of a fitting type has more to pass (enum, pattern, bounds): most have nothing.</summary>
        public bool ChecksScalar { get; }

        /// <summary>Whether any text passes: no alternatives, no enum, pattern or bounds, and text among the types (or no types).</summary>
        public bool PassesText { get; }
        public ImmutableArray<JsonSchema> OneOf { get; }
        public ImmutableArray<JsonSchema> AnyOf { get; }

        /// <summary>Per set of kinds a node can be of (<see cref="SchemaKinds.Kind"/>, 7 bits), the one alternative of <see cref="OneOf"/>
        /// it fits, or null where none or several do. Made when first asked: an alternative may refer back to this schema.</summary>
        private JsonSchema?[]? _fittingAlternative;

        public JsonSchema? FittingAlternative(SchemaKinds.Kind kinds) => (_fittingAlternative ??= FittingAlternatives())[(int)kinds & SchemaKinds.AllKinds];

        private JsonSchema?[] FittingAlternatives()
        {
            var byKinds = new JsonSchema?[SchemaKinds.AllKinds + 1];
            for (var kinds = 0; kinds <= SchemaKinds.AllKinds; kinds++)
            {
                var fitting = OneOf.Where(a => a.Resolved.K.Types.IsEmpty || ((int)a.Resolved.K.TypeKinds & kinds) != 0).Take(2).ToList();
                byKinds[kinds] = fitting.Count == 1 ? fitting[0] : null;
            }
            return byKinds;
        }
    }
}

public sealed class JsonSchemaDocument
{
    private readonly JsonDocument _json;
    private readonly Dictionary<string, SchemaPattern> _patterns = new(StringComparer.Ordinal);

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

    internal SchemaPattern Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var known))
                _patterns[pattern] = known = ShippedPatterns.KindOf(pattern) is var shipped and not ShippedPatterns.Kind.None
                    ? new SchemaPattern(ShippedPatterns.RegexOf(pattern)!, shipped) : new SchemaPattern(Compile(pattern));
            return known;
        }
    }
}

/// <summary>
/// The patterns of the shipped schema files, matched by code: building each as a linear-time regex at startup was ~10 M
/// instructions of every `check`, and a regex match (~1,000 instructions, even generated) or a look-up in
/// <see cref="SchemaPattern"/>'s memo (~200, a hash of the value) cost more than a loop over an id, a link or a date
/// (issue 19). Each answers as the regex does: `$` also matches before one final line feed, and `\d` is any Unicode decimal
/// digit (<see cref="char.IsDigit(char)"/>); ShippedPatternTests compare them with the regexes.
/// </summary>
internal static partial class ShippedPatterns
{
    /// <summary>Which shipped pattern a pattern is, if it is one.</summary>
    public enum Kind : byte { None, Id, Ref, IsoDate, Country }

    public static Kind KindOf(string pattern) => pattern switch
    {
        IdPattern => Kind.Id,
        RefPattern => Kind.Ref,
        IsoDatePattern => Kind.IsoDate,
        CountryPattern => Kind.Country,
        _ => Kind.None,
    };

    /// <summary>Whether the value matches that shipped pattern (called without a delegate: every id, link and date of a sidecar is matched).</summary>
    public static bool Matches(Kind kind, string v) => kind switch
    {
        Kind.Id => IsId(Body(v)),
        Kind.Ref => IsRef(Body(v)),
        Kind.IsoDate => IsIsoDate(Body(v)),
        Kind.Country => Body(v) is [>= 'A' and <= 'Z', >= 'A' and <= 'Z'],
        _ => false,
    };

    public const string IdPattern = "^[A-Za-z0-9_.-]+$";
    public const string RefPattern = @"^(geonames:\d+|overlay:[A-Za-z0-9_.-]+)$";
    public const string IsoDatePattern = @"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$";
    public const string CountryPattern = "^[A-Z]{2}$";

    /// <summary>What `^…$` must match in full: the value without one final line feed.</summary>
    private static ReadOnlySpan<char> Body(string v) => v.Length > 0 && v[^1] == '\n' ? v.AsSpan(0, v.Length - 1) : v;

    /// <summary>`[A-Za-z0-9_.-]+`, a character at a time through a table: every mention's id is matched (issue 19).</summary>
    private static bool IsId(ReadOnlySpan<char> v)
    {
        if (v.IsEmpty) return false;
        var idChars = IdChars;
        foreach (var c in v)
            if (c >= idChars.Length || idChars[c] == 0) return false;
        return true;
    }

    /// <summary>Per ASCII character, 1 for a letter, a digit, `_`, `.` or `-`.</summary>
    private static ReadOnlySpan<byte> IdChars =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    private static bool IsRef(ReadOnlySpan<char> v) =>
        v.StartsWith("geonames:", StringComparison.Ordinal) ? Digits(v[9..])
        : v.StartsWith("overlay:", StringComparison.Ordinal) && IsId(v[8..]);

    private static bool IsIsoDate(ReadOnlySpan<char> v) => v.Length switch
    {
        4 => Digits(v),
        7 => Digits(v[..4]) && v[4] == '-' && Digits(v[5..]),
        8 => Digits(v[..4]) && v[4] == '-' && v[5] == 'W' && Digits(v[6..]),
        10 => Digits(v[..4]) && v[4] == '-' && Digits(v[5..7]) && v[7] == '-' && Digits(v[8..]),
        _ => false,
    };

    /// <summary>Whether <paramref name="v"/> is one or more decimal digits.</summary>
    private static bool Digits(ReadOnlySpan<char> v)
    {
        if (v.IsEmpty) return false;
        foreach (var c in v)
            if (!char.IsDigit(c)) return false;
        return true;
    }

    [GeneratedRegex(IdPattern, RegexOptions.CultureInvariant)]
    internal static partial Regex Id();

    [GeneratedRegex(RefPattern, RegexOptions.CultureInvariant)]
    internal static partial Regex Ref();

    [GeneratedRegex(IsoDatePattern, RegexOptions.CultureInvariant)]
    internal static partial Regex IsoDate();

    [GeneratedRegex(CountryPattern, RegexOptions.CultureInvariant)]
    internal static partial Regex Country();

    /// <summary>The regex of a shipped pattern, for <see cref="JsonSchema.Pattern"/> (made at build time, not at startup).</summary>
    public static Regex? RegexOf(string pattern) => pattern switch
    {
        IdPattern => Id(),
        RefPattern => Ref(),
        IsoDatePattern => IsoDate(),
        CountryPattern => Country(),
        _ => null,
    };
}

/// <summary>
/// A schema's `pattern` and the answers it gave, up to <see cref="MemoLimit"/> values: the sidecars of a corpus repeat the
/// same links, dates and ids, and matching each again was ~2% of a `check` (issue 19). An answer cut short by the timeout
/// of a backtracking pattern is not kept, nor one about a value longer than <see cref="MemoLength"/>: the table lives as
/// long as the schema, and a long note kept there would stay for the whole session.
/// </summary>
/// <param name="shipped">Which shipped pattern it is, matched by code, which costs less than a look-up (<see cref="ShippedPatterns"/>).</param>
internal sealed class SchemaPattern(Regex regex, ShippedPatterns.Kind shipped = ShippedPatterns.Kind.None)
{
    /// <summary>Which shipped pattern this is (<see cref="ShippedPatterns.Kind.None"/> for a regex).</summary>
    public ShippedPatterns.Kind Shipped => shipped;

    public const int MemoLimit = 1 << 14;
    public const int MemoLength = 256;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _answers = new(StringComparer.Ordinal);
    private int _kept;

    public Regex Regex => regex;

    /// <summary>Whether the value matches; null when the pattern ran out of time (which decides nothing).</summary>
    public bool? Matches(string value)
    {
        if (shipped != ShippedPatterns.Kind.None) return ShippedPatterns.Matches(shipped, value);
        if (value.Length <= MemoLength && _answers.TryGetValue(value, out var known)) return known;
        bool matches;
        try { matches = regex.IsMatch(value); }
        catch (RegexMatchTimeoutException) { return null; }
        // Counted beside the table (its Count takes every lock).
        if (value.Length <= MemoLength && Volatile.Read(ref _kept) < MemoLimit && _answers.TryAdd(value, matches)) Interlocked.Increment(ref _kept);
        return matches;
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
