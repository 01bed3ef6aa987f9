using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Model;

public sealed record FeatureTypeDeclaration(string Name, char Class, string? Description);
public sealed record FieldDeclaration(string Name, string Type, string? Description);

/// <summary>A path named in corpus.yaml, resolved inside the corpus, with where it was written.</summary>
public sealed record ConfiguredPath(string Path, TextSpan Span);

/// <summary>corpus.yaml, read. A corpus without one gets <see cref="Default"/>.</summary>
public sealed record CorpusConfig(
    string Root,
    string? ConfigPath,
    string? Name,
    ImmutableArray<ConfiguredPath> GeonamesFiles,
    ConfiguredPath? Admin1,
    ConfiguredPath? Admin2,
    ConfiguredPath? Countries,
    ImmutableArray<ConfiguredPath> Overlays,
    ImmutableDictionary<string, FeatureTypeDeclaration> FeatureTypes,
    ImmutableDictionary<string, FieldDeclaration> Fields,
    ImmutableArray<string> FocusCountries,
    ImmutableDictionary<string, Severity?> SeverityOverrides,
    ConfiguredPath? AlternateNames = null,
    ConfiguredPath? Hierarchy = null,
    bool DeclaresGeoNames = false)
{
    // DeclaresGeoNames: the `gazetteer` section names GeoNames files (even none: `geonames: []`). A corpus that does not
    // gets the built-in gazetteer under its overlays (BuiltInGazetteer). A corpus.yaml with a syntax error counts as
    // declaring: what it meant is unknown, and a half-typed file must not swap gazetteers on every keystroke.

    /// <summary>Every GeoNames file the corpus names (dumps, admin codes, countries, alternate names, hierarchy): the gazetteer cache's inputs.</summary>
    public IEnumerable<ConfiguredPath> GeoNamesInputs => GeonamesFiles.Concat(SingleInputs.OfType<ConfiguredPath>());

    /// <summary>Whether the path is one of <see cref="GeoNamesInputs"/> (asked of every listed file: no enumerator chain).</summary>
    public bool IsGeoNamesInput(string path)
    {
        foreach (var input in GeonamesFiles) if (input.Path == path) return true;
        foreach (var input in SingleInputs) if (input?.Path == path) return true;
        return false;
    }

    /// <summary>The inputs named once each, besides the dumps.</summary>
    private ConfiguredPath?[] SingleInputs => [Admin1, Admin2, Countries, AlternateNames, Hierarchy];

    /// <summary>
    /// <see cref="FocusCountries"/> as a set, made once per config: each pair's place resolution made its own (~1 K
    /// instructions a pair, issue 19). Kept beside the record, not in it: a field would take part in the record's equality
    /// and be copied by `with` into a config whose countries differ.
    /// </summary>
    public IReadOnlySet<string> FocusCountrySet => FocusSets.GetValue(this, static c => c.FocusCountries.ToHashSet(StringComparer.Ordinal));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CorpusConfig, HashSet<string>> FocusSets = new();

    public const string FileName = "corpus.yaml";

    public static CorpusConfig Default(string root) => new(root, null, null, [], null, null, null, [],
        ImmutableDictionary<string, FeatureTypeDeclaration>.Empty, ImmutableDictionary<string, FieldDeclaration>.Empty, [],
        ImmutableDictionary<string, Severity?>.Empty);

    /// <summary>Applies `options.severity` overrides; null means the code is switched off.</summary>
    public Diagnostic? Apply(Diagnostic d) =>
        SeverityOverrides.TryGetValue(d.Code, out var s) ? (s is { } severity ? d with { Severity = severity } : null) : d;

    /// <summary>
    /// <see cref="Apply"/> over a file's diagnostics, into an array of their number. Without overrides (most corpora) they
    /// are copied as they are: through LINQ the array grew from 4 to 2,048 and was copied again, twice per edit of a
    /// 2,000-warning sidecar (its analysis and its file's diagnostics; issue 19).
    /// </summary>
    public ImmutableArray<Diagnostic> ApplyAll(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (!SeverityOverrides.IsEmpty) return diagnostics.Select(Apply).OfType<Diagnostic>().ToImmutableArray();
        // None: the shared empty array, as ToImmutableArray gave (an ImmutableArray equals another by its array).
        if (diagnostics.Count == 0) return [];
        var all = new Diagnostic[diagnostics.Count];
        for (var i = 0; i < all.Length; i++) all[i] = diagnostics[i];
        return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(all);
    }

    public static (CorpusConfig Config, ImmutableArray<Diagnostic> Diagnostics) Read(string root, string path, SourceText text)
    {
        var parsed = YamlTree.Parse(path, text);
        var diagnostics = parsed.Diagnostics.ToBuilder();
        var config = Default(root) with { ConfigPath = path, DeclaresGeoNames = parsed.Diagnostics.Any(d => d.Severity == Severity.Error) };
        if (parsed.Root is null) return (config, diagnostics.ToImmutable());
        diagnostics.AddRange(new SchemaValidator(path).Validate(parsed.Root, BuiltInSchemas.Corpus.Root));
        if (parsed.Root is not YMapping map) return (config, diagnostics.ToImmutable());

        var baseDir = PathUtil.Directory(path);
        ConfiguredPath? Resolve(YNode? node)
        {
            if (node is not YScalar { IsNull: false } s) return null;
            var resolved = PathUtil.ResolveInside(root, baseDir, s.Value);
            if (resolved is null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PathOutsideCorpus, path, s.Span, $"'{Excerpt.Of(s.Value, 80)}' is outside the corpus folder; name a file inside it."));
                return null;
            }
            return new ConfiguredPath(resolved, s.Span);
        }
        ImmutableArray<ConfiguredPath> ResolveList(YNode? node) =>
            node is YSequence seq ? seq.Items.Select(Resolve).OfType<ConfiguredPath>().ToImmutableArray() : [];

        var gazetteer = map["gazetteer"] as YMapping;
        var schema = map["schema"] as YMapping;
        var options = map["options"] as YMapping;

        var featureTypes = ImmutableDictionary.CreateBuilder<string, FeatureTypeDeclaration>();
        if (schema?["featureTypes"] is YMapping types)
            foreach (var e in types.Entries)
            {
                var m = e.Value as YMapping;
                var cls = (m?["class"] as YScalar)?.Value is { Length: 1 } c ? c[0] : 'S';
                featureTypes[e.Key.Value] = new FeatureTypeDeclaration(e.Key.Value, cls, (m?["description"] as YScalar)?.Value);
            }
        var fields = ImmutableDictionary.CreateBuilder<string, FieldDeclaration>();
        if (schema?["fields"] is YMapping fieldMap)
            foreach (var e in fieldMap.Entries)
            {
                var m = e.Value as YMapping;
                fields[e.Key.Value] = new FieldDeclaration(e.Key.Value, (m?["type"] as YScalar)?.Value ?? "string", (m?["description"] as YScalar)?.Value);
            }
        var severities = ImmutableDictionary.CreateBuilder<string, Severity?>();
        if (options?["severity"] is YMapping sev)
            foreach (var e in sev.Entries)
            {
                if (DiagnosticCatalog.Find(e.Key.Value) is null)
                {
                    var code = Fuzzy.Closest(e.Key.Value, DiagnosticCatalog.All.Select(d => d.Code));
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnknownKey, path, e.Key.Span,
                        $"'{Excerpt.Of(e.Key.Value)}' is not a diagnostic code." + (code is not null ? $" Did you mean '{code}'?" : ""),
                        code is null ? [] : [new Fix($"Change to '{code}'", [new TextEdit(path, e.Key.Span, code)], IsPreferred: true)]));
                    continue;
                }
                // Only `off` switches a code off: a misspelt level ("eror", reported by the schema) keeps the default.
                switch ((e.Value as YScalar)?.Value)
                {
                    case "error": severities[e.Key.Value] = Severity.Error; break;
                    case "warning": severities[e.Key.Value] = Severity.Warning; break;
                    case "information": severities[e.Key.Value] = Severity.Information; break;
                    case "hint": severities[e.Key.Value] = Severity.Hint; break;
                    case "off": severities[e.Key.Value] = null; break;
                }
            }

        config = config with
        {
            Name = (map["name"] as YScalar)?.Value,
            GeonamesFiles = ResolveList(gazetteer?["geonames"]),
            Admin1 = Resolve(gazetteer?["admin1"]),
            Admin2 = Resolve(gazetteer?["admin2"]),
            Countries = Resolve(gazetteer?["countries"]),
            AlternateNames = Resolve(gazetteer?["alternateNames"]),
            Hierarchy = Resolve(gazetteer?["hierarchy"]),
            Overlays = ResolveList(gazetteer?["overlay"]),
            DeclaresGeoNames = config.DeclaresGeoNames || gazetteer?.Entries.Any(e => e.Key.Value != "overlay") == true,
            FeatureTypes = featureTypes.ToImmutable(),
            Fields = fields.ToImmutable(),
            FocusCountries = options?["focusCountries"] is YSequence fc ? fc.Items.OfType<YScalar>().Select(s => s.Value).ToImmutableArray() : [],
            SeverityOverrides = severities.ToImmutable(),
        };
        return (config, diagnostics.ToImmutable());
    }
}
