using System.Text.Json;
using System.Text.Json.Nodes;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

/// <summary>
/// The source profiles of a corpus (see <see cref="SourceProfile"/>): computed from every sidecar's source and linked
/// places, whether the sidecars are held by a snapshot or streamed past once by a shard, and written to / read from a
/// small JSON file so that CI shards can share one computation.
/// </summary>
public static class SourceProfiles
{
    /// <summary>2: with the corpus's annotated names (CLS052), so that shards report coverage exactly.</summary>
    public const int FormatVersion = 2;

    /// <summary>The key that groups sidecars by source: `meta.source`, case and spacing aside; sidecars without one form one group.</summary>
    public static string KeyOf(Sidecar sidecar) => KeyOf(sidecar.Meta.Source);

    /// <summary>The profile key of a `meta.source` value.</summary>
    public static string KeyOf(string? source) => string.Join(' ', (source ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>What one sidecar contributes to its source's profile.</summary>
    public static (string Key, IReadOnlyList<GazetteerEntry> Places) Contribution(Sidecar sidecar, GazetteerIndex gazetteer) =>
        Contribution(sidecar, gazetteer.Find);

    /// <param name="find">The gazetteer lookup; a streaming pass shares one entry object per id through it.</param>
    public static (string Key, IReadOnlyList<GazetteerEntry> Places) Contribution(Sidecar sidecar, Func<string, GazetteerEntry?> find) =>
        (KeyOf(sidecar), sidecar.Places.Select(p => p.Ref is null ? null : find(p.Ref)).OfType<GazetteerEntry>().ToList());

    public static Dictionary<string, SourceProfile> Build(IEnumerable<(string Key, IReadOnlyList<GazetteerEntry> Places)> contributions) =>
        contributions.GroupBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => SourceProfile.From(g.Select(c => c.Places)), StringComparer.Ordinal);

    /// <summary>Deterministic JSON: sources by key, names by name, every list sorted; doubles round-trip exactly.</summary>
    /// <param name="names">The annotated names (<see cref="Rules.CoverageRule.Lexicon"/>), their sidecars written relative to <paramref name="root"/>.</param>
    public static string Write(IReadOnlyDictionary<string, SourceProfile> profiles, IReadOnlyDictionary<string, Rules.AnnotatedName> names, string root)
    {
        var sources = new JsonArray();
        foreach (var (key, p) in profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
            sources.Add((JsonNode)new JsonObject
            {
                ["source"] = key,
                ["placeCount"] = p.PlaceCount,
                ["countries"] = new JsonArray(p.Countries.Order(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
                ["regions"] = new JsonArray(p.Regions.Order(StringComparer.Ordinal).Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
                ["home"] = new JsonArray(p.Home.Select(h => (JsonNode)new JsonArray(h.Latitude, h.Longitude)).ToArray()),
            });
        var lexicon = new JsonArray();
        foreach (var n in names.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
            lexicon.Add((JsonNode)new JsonObject
            {
                ["name"] = n.Name, ["count"] = n.Count, ["kind"] = n.Kind.ToString().ToLowerInvariant(),
                ["sidecar"] = PathUtil.Relative(root, n.SidecarPath), ["id"] = n.Id, ["value"] = n.Value,
            });
        var file = new JsonObject { ["format"] = "corpuslsp-source-profiles", ["version"] = FormatVersion, ["sources"] = sources, ["names"] = lexicon };
        return file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Reads what <see cref="Write"/> wrote; the names' sidecar paths stay relative to the corpus folder (see <see cref="Rooted"/>).</summary>
    public static (Dictionary<string, SourceProfile>? Profiles, Dictionary<string, Rules.AnnotatedName>? Names, string? Error) Read(string json)
    {
        try
        {
            var file = JsonNode.Parse(json) as JsonObject;
            if (file?["format"]?.GetValue<string>() != "corpuslsp-source-profiles") return (null, null, "not a source-profiles file (no \"format\": \"corpuslsp-source-profiles\")");
            // A file of an older version lacks what this one needs (version 1: the annotated names), so a shard would report
            // differently from the unsharded check: refused, at the line that says so.
            if (file["version"]?.GetValue<int>() != FormatVersion)
                return (null, null, $"line {LineOfTopLevel(json, "version")}: version {file["version"]?.ToJsonString() ?? "missing"}, this corpuslsp reads version {FormatVersion}; write it again with `corpuslsp profiles`");
            var result = new Dictionary<string, SourceProfile>(StringComparer.Ordinal);
            foreach (var s in file["sources"]?.AsArray() ?? [])
            {
                var strings = (string name) => (s![name]?.AsArray() ?? []).Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                var home = (s!["home"]?.AsArray() ?? []).Select(h => (h![0]!.GetValue<double>(), h[1]!.GetValue<double>())).ToList();
                var count = s["placeCount"]!.GetValue<int>();
                result[s["source"]!.GetValue<string>()] = count == 0 ? SourceProfile.None : new SourceProfile(strings("countries"), strings("regions"), home, count);
            }
            var names = new Dictionary<string, Rules.AnnotatedName>(StringComparer.Ordinal);
            foreach (var n in file["names"]?.AsArray() ?? [])
            {
                var name = n!["name"]!.GetValue<string>();
                if (!Enum.TryParse<MentionKind>(n["kind"]!.GetValue<string>(), ignoreCase: true, out var kind)) return (null, null, $"name '{name}': unknown kind {n["kind"]}");
                names[name] = new Rules.AnnotatedName(name, n["count"]!.GetValue<int>(), kind, n["sidecar"]!.GetValue<string>(),
                    n["id"]?.GetValue<string>(), n["value"]?.GetValue<string>());
            }
            return (result, names, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
        {
            return (null, null, e is JsonException j && j.LineNumber is { } line ? $"line {line + 1}: {j.Message}" : e.Message);
        }
    }

    /// <summary>The 1-based line of a top-level property (of the file's object), else of the object's start.</summary>
    private static int LineOfTopLevel(string json, string property)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var found = 0;
        while (found == 0 && reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property))
                found = (int)reader.TokenStartIndex;
        return 1 + bytes.AsSpan(0, found).Count((byte)'\n');
    }

    /// <summary>Names read from a file, their sidecar paths made full again under the corpus folder <paramref name="root"/>.</summary>
    public static Dictionary<string, Rules.AnnotatedName> Rooted(IReadOnlyDictionary<string, Rules.AnnotatedName> names, string root) =>
        names.ToDictionary(n => n.Key, n => n.Value with { SidecarPath = root.TrimEnd('/') + "/" + n.Value.SidecarPath }, StringComparer.Ordinal);
}
