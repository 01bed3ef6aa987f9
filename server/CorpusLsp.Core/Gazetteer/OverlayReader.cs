using System.Collections.Immutable;
using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>Reads a curated overlay file (place.schema.json) with the feature types and fields corpus.yaml declares.</summary>
public static class OverlayReader
{
    public sealed record Result(ImmutableArray<GazetteerEntry> Entries, ImmutableArray<Diagnostic> Diagnostics, YMapping? Root);

    public static Result Read(string path, SourceText text, CorpusConfig config)
    {
        var parsed = YamlTree.Parse(path, text);
        var diagnostics = parsed.Diagnostics.ToBuilder();
        if (parsed.Root is null) return new Result([], diagnostics.ToImmutable(), null);

        // Declared fields are allowed on overlay entries and checked against their declared type.
        var validator = new SchemaValidator(path, (schema, entry, sink) =>
        {
            if (schema.Property("lat") is null || !config.Fields.TryGetValue(entry.Key.Value, out var field)) return false;
            if (!SchemaValidator.KindMatches(entry.Value, field.Type))
                sink.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, entry.Value.Span, $"Field '{field.Name}' is declared as {field.Type} in corpus.yaml."));
            return true;
        });
        diagnostics.AddRange(validator.Validate(parsed.Root, BuiltInSchemas.Place.Root));

        var entries = ImmutableArray.CreateBuilder<GazetteerEntry>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (parsed.Root is YMapping { } root && root["places"] is YSequence places)
        {
            foreach (var item in places.Items.OfType<YMapping>())
            {
                string? S(string key) => (item[key] as YScalar)?.Value;
                double? D(string key) => double.TryParse(S(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
                var id = S("id");
                if (id is not null && item["id"] is { } idNode && !ids.TryAdd(id, text.GetLineColumn(item.Span.Start).Line + 1))
                {
                    // `overlay:ID` would resolve to the first entry and this one could never be referenced.
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateId, path, idNode.Span,
                        $"Id '{Excerpt.Of(id)}' is already used by the entry on line {ids[id]}; `overlay:{Excerpt.Of(id)}` would always mean that one."));
                    continue;
                }
                var name = S("name");
                var type = S("type") ?? "";
                if (id is null || name is null || D("lat") is not { } lat || D("lon") is not { } lon) continue; // reported by the schema
                char featureClass;
                if (config.FeatureTypes.TryGetValue(type, out var declared)) featureClass = declared.Class;
                else if (FeatureCodes.Known.TryGetValue(type, out var known)) featureClass = known.Class;
                else
                {
                    featureClass = 'S';
                    var typeSpan = item["type"]?.Span ?? item.Span;
                    var suggestion = Fuzzy.Closest(type, config.FeatureTypes.Keys.Concat(FeatureCodes.Known.Keys));
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UndeclaredFeature, path, typeSpan,
                        $"Feature type '{type}' is neither a GeoNames feature code nor declared under schema.featureTypes in corpus.yaml."
                        + (suggestion is null ? "" : $" Did you mean '{suggestion}'?")));
                }
                var names = item["names"] is YSequence ns ? ns.Items.OfType<YScalar>().Select(s => s.Value).ToImmutableArray() : [];
                var extra = item.Entries.Where(e => config.Fields.ContainsKey(e.Key.Value) && e.Value is YScalar)
                    .ToImmutableDictionary(e => e.Key.Value, e => ((YScalar)e.Value).Value);
                long.TryParse(S("population"), NumberStyles.None, CultureInfo.InvariantCulture, out var population);
                var (line, _) = text.GetLineColumn(item.Span.Start);
                entries.Add(new GazetteerEntry($"overlay:{id}", name, NameFolding.Fold(name), names, lat, lon, featureClass, type,
                    S("country") ?? "", S("admin1") ?? "", "", population, path, line + 1,
                    ApproximateLocation: S("approximate") == "true", Extra: extra.IsEmpty ? null : extra));
            }
        }
        return new Result(entries.ToImmutable(), diagnostics.ToImmutable(), parsed.Root as YMapping);
    }
}
