using System.Collections.Immutable;
using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Schema;

/// <summary>Validates a positioned YAML tree against a <see cref="JsonSchema"/>; every finding is positioned.</summary>
public sealed class SchemaValidator(string path, Func<JsonSchema, YEntry, ImmutableArray<Diagnostic>.Builder, bool>? extraKey = null)
{
    public ImmutableArray<Diagnostic> Validate(YNode node, JsonSchema schema)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        Validate(node, schema, diagnostics);
        return diagnostics.ToImmutable();
    }

    private void Validate(YNode node, JsonSchema schema, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var s = schema.Resolved;
        var oneOf = s.OneOf;
        if (!oneOf.IsEmpty)
        {
            // Pick the alternative whose type fits the node: its errors are the helpful ones.
            var fitting = oneOf.Where(alt => alt.Resolved.Types.IsEmpty || alt.Resolved.Types.Any(t => KindMatches(node, t))).ToList();
            if (fitting.Count == 0)
            {
                var expected = string.Join(" or ", oneOf.SelectMany(a => a.Resolved.Types).Distinct());
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, node.Span, $"Expected {expected}. {schema.Description}".TrimEnd()));
                return;
            }
            ImmutableArray<Diagnostic>.Builder? best = null;
            foreach (var alt in fitting)
            {
                var attempt = ImmutableArray.CreateBuilder<Diagnostic>();
                Validate(node, alt, attempt);
                if (best is null || attempt.Count < best.Count) best = attempt;
                if (attempt.Count == 0) break;
            }
            diagnostics.AddRange(best!);
            return;
        }

        var types = s.Types;
        if (!types.IsEmpty && !types.Any(t => KindMatches(node, t)))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, node.Span, $"Expected {Describe(types)}, found {DescribeNode(node)}."));
            return;
        }

        switch (node)
        {
            case YMapping map: ValidateMapping(map, s, diagnostics); break;
            case YSequence seq: ValidateSequence(seq, s, diagnostics); break;
            case YScalar scalar: ValidateScalar(scalar, s, diagnostics); break;
        }
    }

    private void ValidateMapping(YMapping map, JsonSchema s, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var known = s.Properties.Select(p => p.Name).ToList();
        var (allowed, additional) = s.AdditionalProperties;
        foreach (var entry in map.Entries)
        {
            var property = s.Property(entry.Key.Value);
            if (property is not null) { Validate(entry.Value, property, diagnostics); continue; }
            if (extraKey?.Invoke(s, entry, diagnostics) == true) continue;
            if (additional is not null) { Validate(entry.Value, additional, diagnostics); continue; }
            if (allowed) continue;
            var suggestion = Fuzzy.Closest(entry.Key.Value, known);
            var hint = suggestion is not null ? $" Did you mean '{suggestion}'?" : $" Known keys: {string.Join(", ", known)}.";
            var fixes = suggestion is null ? [] : new[] { new Fix($"Rename to '{suggestion}'", [new TextEdit(path, entry.Key.Span, suggestion)], IsPreferred: true) };
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownKey, path, entry.Key.Span, $"Unknown key '{Excerpt.Of(entry.Key.Value)}'.{hint}", fixes));
        }
        foreach (var required in s.Required)
            if (map[required] is null)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MissingKey, path, FirstLine(map), $"Missing required key '{required}'."));
        var anyOf = s.AnyOf;
        if (!anyOf.IsEmpty && !anyOf.Any(alt => alt.Resolved.Required.All(r => map[r] is not null)))
        {
            var options = string.Join(" or ", anyOf.Select(a => string.Join(" and ", a.Resolved.Required.Select(r => $"'{r}'"))));
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.MissingKey, path, FirstLine(map), $"Add {options}."));
        }
    }

    /// <summary>Reporting on a whole mapping would underline a block; the first key is where the eye goes.</summary>
    private static TextSpan FirstLine(YMapping map) => map.Entries.Length > 0 ? map.Entries[0].Key.Span : map.Span;

    private void ValidateSequence(YSequence seq, JsonSchema s, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        if (s.MinItems is { } min && seq.Items.Length < min)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, seq.Span, $"Expected at least {min} items, found {seq.Items.Length}."));
        if (s.MaxItems is { } max && seq.Items.Length > max)
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, seq.Span, $"Expected at most {max} items, found {seq.Items.Length}."));
        if (s.Items is { } items)
            foreach (var item in seq.Items) Validate(item, items, diagnostics);
    }

    private void ValidateScalar(YScalar scalar, JsonSchema s, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var allowedValues = s.Enum;
        if (!allowedValues.IsEmpty && !allowedValues.Contains(scalar.Value))
        {
            var suggestion = Fuzzy.Closest(scalar.Value, allowedValues);
            var fixes = suggestion is null ? [] : new[] { new Fix($"Change to '{suggestion}'", [new TextEdit(path, scalar.Span, suggestion)], IsPreferred: true) };
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, scalar.Span,
                $"'{Excerpt.Of(scalar.Value)}' is not allowed here. Allowed: {string.Join(", ", allowedValues)}." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"), fixes));
            return;
        }
        if (s.Pattern is { } pattern && !pattern.IsMatch(scalar.Value))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, scalar.Span,
                $"'{Excerpt.Of(scalar.Value)}' does not have the expected form. {s.Description}".TrimEnd()));
            return;
        }
        if ((s.Minimum is not null || s.Maximum is not null) && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (number < s.Minimum || number > s.Maximum)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, scalar.Span,
                    $"{scalar.Value} is out of range [{s.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}, {s.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}]."));
        }
    }

    public static bool KindMatches(YNode node, string type) => (node, type) switch
    {
        (YMapping, "object") => true,
        (YSequence, "array") => true,
        (YScalar s, "null") => s.IsNull,
        (YScalar s, "string") => !s.IsNull || !s.IsPlain,
        (YScalar s, "integer") => s.IsPlain && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        (YScalar s, "number") => s.IsPlain && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        (YScalar s, "boolean") => s.IsPlain && s.Value is "true" or "false" or "True" or "False",
        _ => false,
    };

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
