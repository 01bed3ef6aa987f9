using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Schema;

/// <summary>Validates a positioned YAML tree against a <see cref="JsonSchema"/>; every finding is positioned.</summary>
public sealed partial class SchemaValidator(string path, Func<JsonSchema, YEntry, ImmutableArray<Diagnostic>.Builder, bool>? extraKey = null)
{
    public ImmutableArray<Diagnostic> Validate(YNode node, JsonSchema schema)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        Validate(node, schema, diagnostics);
        return diagnostics.ToImmutable();
    }

    /// <summary>Adds the findings to <paramref name="diagnostics"/> (a sidecar's read adds them to the parse's, without a list of their own).</summary>
    public void Validate(YNode node, JsonSchema schema, ImmutableArray<Diagnostic>.Builder diagnostics) =>
        Validate(node, KindsOf(node), schema, diagnostics);

    /// <param name="kinds">The node's <see cref="KindsOf"/>, decided once per node: its scalar's core type was resolved again
    /// for every type and alternative it was matched with, and the keywords read through a getter each (issue 19).</param>
    private void Validate(YNode node, SchemaKinds.Kind kinds, JsonSchema schema, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var s = schema.Resolved;
        var k = s.K;
        var oneOf = k.OneOf;
        if (!oneOf.IsEmpty)
        {
            // Pick the alternative whose type fits the node: its errors are the helpful ones.
            // Usually one alternative fits: its errors then go straight to the caller's list, without a list of the fitting
            // ones and a builder per attempt (issue 19: every `occurrence` of a sidecar has a oneOf). Which one, if only one,
            // is known for each kind of node (the alternatives' types were matched in turn, ~60 instructions an occurrence).
            if (k.FittingAlternative(kinds) is { } only)
            {
                Validate(node, kinds, only, diagnostics);
                return;
            }
            JsonSchema? single = null;
            List<JsonSchema>? fitting = null;
            foreach (var alt in oneOf)
            {
                var altKeywords = alt.Resolved.K;
                if (!altKeywords.Types.IsEmpty && (altKeywords.TypeKinds & kinds) == 0) continue;
                if (single is null) single = alt;
                else (fitting ??= [single]).Add(alt);
            }
            if (single is null)
            {
                var expected = string.Join(" or ", oneOf.SelectMany(a => a.Resolved.Types).Distinct());
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, node.Span, $"Expected {expected}. {schema.Description}".TrimEnd()));
                return;
            }
            if (fitting is null)
            {
                Validate(node, kinds, single, diagnostics);
                return;
            }
            ImmutableArray<Diagnostic>.Builder? best = null;
            foreach (var alt in fitting)
            {
                var attempt = ImmutableArray.CreateBuilder<Diagnostic>();
                Validate(node, kinds, alt, attempt);
                if (best is null || attempt.Count < best.Count) best = attempt;
                if (attempt.Count == 0) break;
            }
            diagnostics.AddRange(best!);
            return;
        }

        if (!k.Types.IsEmpty && (k.TypeKinds & kinds) == 0)
        {
            diagnostics.Add(TypeMismatch(node, k.Types));
            return;
        }

        switch (node)
        {
            case YMapping map: ValidateMapping(map, s, k, diagnostics); break;
            case YSequence seq: ValidateSequence(seq, k, diagnostics); break;
            case YScalar scalar when k.ChecksScalar && !PassesScalar(scalar, kinds, k): ValidateScalar(scalar, kinds, s, k, diagnostics); break;
        }
    }

    private void ValidateMapping(YMapping map, JsonSchema s, JsonSchema.Keywords k, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var (allowed, additional) = k.AdditionalProperties;
        var properties = k.PropertySchemas;
        var names = k.IdentityNames;
        // The keys seen, as bits of their properties' indexes: they answer for the required keys (a scan of the entries each).
        var seen = 0UL;
        // A sidecar's keys come in the schema's order, mostly, and are the schema's own strings (BlockYaml.SidecarKey): the
        // next key is looked for from after the last one found, by reference, each found with a compare or two (a scan of
        // the names from the first was ~35 instructions a key, 160 keys a sidecar; issue 19); another string, by name.
        var next = 0;
        // By reference: an entry copied out of the array was ~8 instructions of each key.
        foreach (ref readonly var entry in map.Entries.AsSpan())
        {
            var i = -1;
            // The key itself is compared (IsNamed): reading its name first tested what it holds, at every key.
            for (var (j, left) = (next, names.Length); left > 0; left--)
            {
                if ((uint)j >= (uint)names.Length) j = 0;
                if (entry.IsNamed(names[j])) { i = j; break; }
                j++;
            }
            if (i < 0) i = k.IndexOf(entry.Name);
            if (i >= 0)
            {
                seen |= 1UL << i;
                next = i + 1;
                ValidateValue(entry.Value, properties[i], diagnostics);
                continue;
            }
            if (extraKey?.Invoke(s, entry, diagnostics) == true) continue;
            if (additional is not null) { ValidateValue(entry.Value, additional, diagnostics); continue; }
            if (allowed) continue;
            UnknownKey(entry, k, diagnostics);
        }
        // The keys seen as bits answer for the required ones (a scan of the entries each); a key no property names is looked for.
        if (k.RequiredMask is not { } required || (seen & required) != required) CheckRequired(map, k, diagnostics);
        var anyOf = k.AnyOf;
        if (!anyOf.IsEmpty && !AnyHasAll(seen, map, k, anyOf)) MissingAny(map, anyOf, diagnostics);
    }

    /// <summary>Whether the keys seen (<paramref name="seen"/>, bits of the properties) hold all the required keys of one alternative.</summary>
    private static bool AnyHasAll(ulong seen, YMapping map, JsonSchema.Keywords k, ImmutableArray<JsonSchema> anyOf)
    {
        var masks = k.AnyOfMasks;
        foreach (var mask in masks)
        {
            if (mask is null) return AnyHasAllRequired(map, anyOf);
            if ((seen & mask.Value) == mask.Value) return true;
        }
        return false;
    }

    private void UnknownKey(YEntry entry, JsonSchema.Keywords k, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var known = k.PropertyNames;
        var suggestion = Fuzzy.Closest(entry.Key.Value, known);
        var hint = suggestion is not null ? $" Did you mean '{suggestion}'?" : $" Known keys: {string.Join(", ", known)}.";
        var fixes = suggestion is null ? [] : new[] { new Fix($"Rename to '{suggestion}'", [new TextEdit(path, entry.Key.Span, suggestion)], IsPreferred: true) };
        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownKey, path, entry.Key.Span, $"Unknown key '{Excerpt.Of(entry.Key.Value)}'.{hint}", fixes));
    }

    private void CheckRequired(YMapping map, JsonSchema.Keywords k, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        foreach (var required in k.Required)
            if (map[required] is null)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MissingKey, path, FirstLine(map), $"Missing required key '{required}'."));
    }

    private void MissingAny(YMapping map, ImmutableArray<JsonSchema> anyOf, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var options = string.Join(" or ", anyOf.Select(a => string.Join(" and ", a.Resolved.Required.Select(r => $"'{r}'"))));
        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MissingKey, path, FirstLine(map), $"Add {options}."));
    }

    /// <summary>
    /// <see cref="Validate(YNode, JsonSchema, ImmutableArray{Diagnostic}.Builder)"/>, but a text where the schema asks for
    /// any text (most of a sidecar's values: texts, notes, names, roles) passes at once: the general walk of each such value
    /// was ~250 instructions (issue 19).
    /// </summary>
    /// <remarks>A mapping where the schema has no alternatives goes to <see cref="ValidateMapping"/> at once (every mention of a
    /// sidecar is one): through <see cref="Validate(YNode, JsonSchema, ImmutableArray{Diagnostic}.Builder)"/> it was two more
    /// calls, a switch on its kind and the schema's keywords read again (issue 19).</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void ValidateValue(YNode node, JsonSchema schema, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var s = schema.Resolved;
        var k = s.K;
        if (!k.OneOf.IsEmpty)
        {
            Validate(node, node is YScalar one ? ScalarKinds(one) : KindsOf(node), schema, diagnostics);
            return;
        }
        if (node is YScalar scalar)
        {
            // What Validate does with a scalar where there are no alternatives, without its calls (most values are scalars).
            var kinds = ScalarKinds(scalar);
            if (k.PassesText && (kinds & SchemaKinds.Kind.String) != 0) return;
            if (!k.Types.IsEmpty && (k.TypeKinds & kinds) == 0) diagnostics.Add(TypeMismatch(node, k.Types));
            else if (k.ChecksScalar && !PassesScalar(scalar, kinds, k)) ValidateScalar(scalar, kinds, s, k, diagnostics);
            return;
        }
        if (node is YMapping map && (k.Types.IsEmpty || (k.TypeKinds & SchemaKinds.Kind.Object) != 0))
        {
            ValidateMapping(map, s, k, diagnostics);
            return;
        }
        Validate(node, schema, diagnostics);
    }

    /// <summary>
    /// Whether a scalar of a fitting type passes the enum, a shipped pattern and the bounds, as <see cref="ValidateScalar"/>
    /// decides (false where a pattern is a regex, matched there once): its frame, made for its messages, was ~60
    /// instructions of each id, link, date and kind of a sidecar (issue 19).
    /// </summary>
    private static bool PassesScalar(YScalar scalar, SchemaKinds.Kind kinds, JsonSchema.Keywords s)
    {
        var value = scalar.Value;
        if (s.OnlyShippedPattern is not ShippedPatterns.Kind.None and var only) return ShippedPatterns.Matches(only, value);
        if (!s.Enum.IsEmpty && !s.EnumContains(value)) return false;
        if (s.Pattern is { } pattern && (pattern.Shipped == ShippedPatterns.Kind.None || !ShippedPatterns.Matches(pattern.Shipped, value))) return false;
        if ((s.Minimum is not null || s.Maximum is not null) && (kinds & SchemaKinds.Kind.Number) != 0 && Number(scalar) is { } number)
            return !(number < s.Minimum || number > s.Maximum);
        return true;
    }

    /// <summary>Loops rather than lambdas over <paramref name="map"/>, which made a closure for every mapping validated.</summary>
    private static bool AnyHasAllRequired(YMapping map, ImmutableArray<JsonSchema> alternatives)
    {
        foreach (var alt in alternatives)
        {
            var all = true;
            foreach (var r in alt.Resolved.Required) all &= map[r] is not null;
            if (all) return true;
        }
        return false;
    }

    /// <summary>Reporting on a whole mapping would underline a block; the first key is where the eye goes.</summary>
    private static TextSpan FirstLine(YMapping map) => map.Entries.Length > 0 ? map.Entries[0].Key.Span : map.Span;

    private void ValidateSequence(YSequence seq, JsonSchema.Keywords s, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        if (s.MinItems is { } min && seq.Items.Length < min)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, seq.Span, $"Expected at least {min} items, found {seq.Items.Length}."));
        if (s.MaxItems is { } max && seq.Items.Length > max)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, seq.Span, $"Expected at most {max} items, found {seq.Items.Length}."));
        if (s.Items is { } items)
            foreach (var item in seq.Items) ValidateValue(item, items, diagnostics);
    }

    /// <summary>A backtracking pattern that runs out of time decides nothing: no diagnostic rather than a false one.</summary>
    private static bool Matches(SchemaPattern pattern, string value) => pattern.Matches(value) ?? true;

    private void ValidateScalar(YScalar scalar, SchemaKinds.Kind kinds, JsonSchema schema, JsonSchema.Keywords s, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var allowedValues = s.Enum;
        if (!allowedValues.IsEmpty && !s.EnumContains(scalar.Value))
        {
            var suggestion = Fuzzy.Closest(scalar.Value, allowedValues);
            var fixes = suggestion is null ? [] : new[] { new Fix($"Change to '{suggestion}'", [new TextEdit(path, scalar.Span, suggestion)], IsPreferred: true) };
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, scalar.Span,
                $"'{Excerpt.Of(scalar.Value)}' is not allowed here. Allowed: {string.Join(", ", allowedValues)}." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"), fixes));
            return;
        }
        if (s.Pattern is { } pattern && !Matches(pattern, scalar.Value))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, scalar.Span,
                $"'{Excerpt.Of(scalar.Value)}' does not have the expected form. {schema.Description}".TrimEnd()));
            return;
        }
        // Only a number has a value to compare (Number would resolve the scalar's core type again to learn that).
        if ((s.Minimum is not null || s.Maximum is not null) && (kinds & SchemaKinds.Kind.Number) != 0 && Number(scalar) is { } number)
        {
            if (number < s.Minimum || number > s.Maximum)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, scalar.Span,
                    $"{scalar.Value} is out of range [{s.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}, {s.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}]."));
        }
    }

    /// <summary>
    /// Whether a node is of a JSON Schema type, a scalar typed as the YAML 1.2 core schema resolves it (as YAML
    /// editors validating against the same schema do): only a quoted or block scalar, or a plain one that is no
    /// null, boolean or number, is a string; plain `2018` is an integer, `1.5` a number, `true` a boolean.
    /// </summary>
    public static bool KindMatches(YNode node, string type) => (KindsOf(node) & SchemaKinds.Of(type)) != 0;

    /// <summary>The JSON Schema types a node is of (see <see cref="KindMatches"/>): a mapping an object, a sequence an array, a
    /// scalar as the core schema resolves it; an integer is a number too, and a float whose fraction is zero an integer too.</summary>
    internal static SchemaKinds.Kind KindsOf(YNode node) => node switch
    {
        YMapping => SchemaKinds.Kind.Object,
        YSequence => SchemaKinds.Kind.Array,
        YScalar s => ScalarKinds(s),
        _ => SchemaKinds.Kind.None,
    };

    /// <summary>The kinds of a scalar: a quoted one, or a plain one whose first character starts no null, boolean or number, is text at once.</summary>
    /// <remarks>Most of a sidecar's values are words: resolving each through <see cref="CoreType"/>'s switch was ~70 instructions a value (issue 19).</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static SchemaKinds.Kind ScalarKinds(YScalar s)
    {
        if (!s.IsPlain) return SchemaKinds.Kind.String;
        if (s.Value is [var first, ..] && (first >= NonTextStarts.Length || NonTextStarts[first] == 0)) return SchemaKinds.Kind.String;
        return CoreKinds(s);
    }

    /// <summary>The kinds of a plain scalar that may be no text, as its core type makes them.</summary>
    private static SchemaKinds.Kind CoreKinds(YScalar s) => CoreType(s) switch
    {
        CoreScalar.String => SchemaKinds.Kind.String,
        CoreScalar.Null => SchemaKinds.Kind.Null,
        CoreScalar.Boolean => SchemaKinds.Kind.Boolean,
        CoreScalar.Integer => SchemaKinds.Kind.Integer | SchemaKinds.Kind.Number,
        // JSON Schema counts 2.0 as an integer: a number whose fraction is zero.
        _ => Number(s) is { } d && double.IsFinite(d) && Math.Floor(d) == d ? SchemaKinds.Kind.Number | SchemaKinds.Kind.Integer : SchemaKinds.Kind.Number,
    };

    /// <summary>Per ASCII character, 1 for a first character <see cref="CoreType"/> reads further (of a null, a boolean or a number: `~nNtTfF-+.` and digits).</summary>
    private static ReadOnlySpan<byte> NonTextStarts =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
    ];

    public enum CoreScalar { String, Null, Boolean, Integer, Float }

    /// <summary>Tag resolution of the YAML 1.2 core schema (spec 1.2.2, 10.3.2) for an untagged scalar.</summary>
    public static CoreScalar CoreType(YScalar scalar)
    {
        if (!scalar.IsPlain) return CoreScalar.String;
        var v = scalar.Value;
        if (v.Length == 0) return CoreScalar.Null;
        // By the first character: most values are words, which were compared with each null and boolean spelling in turn.
        switch (v[0])
        {
            case '~' or 'n' or 'N': return v is "~" or "null" or "Null" or "NULL" ? CoreScalar.Null : CoreScalar.String;
            case 't' or 'T' or 'f' or 'F': return v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE" ? CoreScalar.Boolean : CoreScalar.String;
        }
        // Every number of the core schema starts with a digit, a sign or a dot: most plain scalars are words.
        if (!char.IsAsciiDigit(v[0]) && v[0] is not ('-' or '+' or '.')) return CoreScalar.String;
        // Decided without the regexes where they cannot answer otherwise (each was ~650 instructions, asked of every
        // `occurrence`, date and span of a sidecar; issue 19): digits alone are an integer; after a sign and digits, only
        // '.', an exponent, the 'o' or 'x' of a base, or a final line end (which `$` allows) can still make a number.
        var digitsFrom = v[0] is '-' or '+' ? 1 : 0;
        var digitsEnd = digitsFrom;
        while (digitsEnd < v.Length && char.IsAsciiDigit(v[digitsEnd])) digitsEnd++;
        if (digitsEnd > digitsFrom)
        {
            if (digitsEnd == v.Length) return CoreScalar.Integer;
            if (v[digitsEnd] is not ('.' or 'e' or 'E' or 'o' or 'x' or '\n')) return CoreScalar.String;
        }
        if (CoreInteger().IsMatch(v)) return CoreScalar.Integer;
        if (CoreFloat().IsMatch(v)) return CoreScalar.Float;
        return CoreScalar.String;
    }

    /// <summary>The value of a plain scalar the core schema reads as a number, else null.</summary>
    public static double? Number(YScalar scalar)
    {
        var v = scalar.Value;
        switch (CoreType(scalar))
        {
            // Digits alone (an `occurrence`, a span's offsets), read without the parser's culture and style handling.
            case CoreScalar.Integer when v.Length <= 15 && AllDigits(v):
                var n = 0L;
                foreach (var c in v) n = n * 10 + (c - '0');
                return n;
            case CoreScalar.Integer when v.StartsWith("0x", StringComparison.Ordinal):
                return ulong.TryParse(v[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
            case CoreScalar.Integer when v.StartsWith("0o", StringComparison.Ordinal):
                return v[2..].Aggregate(0d, (acc, c) => acc * 8 + (c - '0'));
            case CoreScalar.Integer or CoreScalar.Float:
                var lower = v.ToLowerInvariant();
                if (lower.EndsWith(".nan", StringComparison.Ordinal)) return double.NaN;
                if (lower.EndsWith(".inf", StringComparison.Ordinal)) return lower[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            default:
                return null;
        }
    }

    /// <summary>A loop: span.ContainsAnyExceptInRange allocated (96 bytes a call on .NET 10).</summary>
    private static bool AllDigits(string v)
    {
        foreach (var c in v)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    [GeneratedRegex(@"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex CoreInteger();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex CoreFloat();

    /// <summary>The type error; a plain scalar where text is expected is most often meant as text, so quoting it is offered.</summary>
    private Diagnostic TypeMismatch(YNode node, ImmutableArray<string> types)
    {
        if (node is YScalar { IsPlain: true, Value.Length: > 0 } scalar && types.Contains("string") && CoreType(scalar) is var kind and not CoreScalar.String)
        {
            var what = kind switch { CoreScalar.Null => "null", CoreScalar.Boolean => "a boolean", CoreScalar.Integer => "a whole number", _ => "a number" };
            var quoted = $"\"{scalar.Value}\"";
            return Diagnostic.Create(DiagnosticCatalog.SchemaType, path, node.Span,
                $"Expected {Describe(types)}, found {what} ({scalar.Value}): YAML reads a plain {scalar.Value} as {what}. Quote it ({quoted}) to make it text.",
                [new Fix($"Quote as {quoted}", [new TextEdit(path, scalar.Span, quoted)], IsPreferred: true)]);
        }
        return Diagnostic.Create(DiagnosticCatalog.SchemaType, path, node.Span, $"Expected {Describe(types)}, found {DescribeNode(node)}.");
    }

    private static string Describe(ImmutableArray<string> types) => string.Join(" or ", types.Select(t => t switch
    {
        "object" => "a mapping", "array" => "a list", "string" => "text", "integer" => "a whole number",
        "number" => "a number", "boolean" => "true or false", _ => t,
    }));

    private static string DescribeNode(YNode node) => node switch
    {
        YMapping => "a mapping",
        YSequence => "a list",
        YScalar { IsNull: true } => "nothing",
        YScalar s => $"'{Excerpt.Of(s.Value)}'",
        _ => "a value",
    };
}

/// <summary>JSON Schema's types as bits, so that whether a node is of any of a schema's types is one test.</summary>
public static class SchemaKinds
{
    [Flags]
    public enum Kind : byte { None = 0, Object = 1, Array = 2, String = 4, Null = 8, Boolean = 16, Integer = 32, Number = 64 }

    /// <summary>Every <see cref="Kind"/> bit: a set of kinds is at most this.</summary>
    public const int AllKinds = 127;

    /// <summary>The bit of a type's name; none for a name JSON Schema does not have (nothing is of it).</summary>
    public static Kind Of(string type) => type switch
    {
        "object" => Kind.Object,
        "array" => Kind.Array,
        "string" => Kind.String,
        "null" => Kind.Null,
        "boolean" => Kind.Boolean,
        "integer" => Kind.Integer,
        "number" => Kind.Number,
        _ => Kind.None,
    };
}
