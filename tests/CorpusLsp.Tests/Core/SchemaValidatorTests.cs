using System.Text.Json;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// A schema file a maintainer writes is enforced whatever its property names: the validator finds keys through a table
/// made from the names (PropertyTable) where one holds them, and by name where none does; both must judge alike.
/// </summary>
public sealed class SchemaValidatorTests
{
    /// <summary>Names that share a length and letters, one of the shipped schema's, an empty one, and more than a mask holds.</summary>
    public static TheoryData<string[]> NameSets => new()
    {
        new[] { "text", "type", "note", "name", "ab", "ba", "a", "b", "abc", "acb", "bac" },
        new[] { "id", "type", "text", "occurrence", "span", "date", "when", "relativeTo", "status", "key", "places", "participants", "note" },
        new[] { "", "x", "xy" },
        Enumerable.Range(0, 70).Select(i => $"k{i}").ToArray(),
    };

    [Theory]
    [MemberData(nameof(NameSets))]
    public void Every_property_is_found_and_every_other_key_is_unknown(string[] names)
    {
        var schema = Schema(names, required: [names[^1], names[0]]);
        var all = string.Join("", names.Select(n => $"\"{n}\": 1\n"));
        Assert.Empty(Validate(all, schema));

        // A key one letter off each name is no property: each is reported where it stands, then the missing required keys.
        var off = string.Join("", names.Select(n => $"\"{n}z\": 1\n"));
        var messages = Validate(off, schema).Select(d => d.Message).ToList();
        Assert.Equal(names.Length + 2, messages.Count);
        Assert.All(messages.Take(names.Length), (m, i) => Assert.StartsWith($"Unknown key '{names[i]}z'.", m, StringComparison.Ordinal));
        Assert.Equal([$"Missing required key '{names[^1]}'.", $"Missing required key '{names[0]}'."], messages.Skip(names.Length));
    }

    [Fact]
    public void Required_keys_that_are_no_properties_are_still_required()
    {
        var schema = Schema(["a", "b"], required: ["a", "c"], additional: true);
        Assert.Equal(["Missing required key 'c'."], Validate("a: 1\nb: 2\n", schema).Select(d => d.Message));
        Assert.Empty(Validate("a: 1\nc: 2\n", schema));
    }

    [Theory]
    [InlineData("text: x\n", true)]
    [InlineData("span: [1, 2]\n", true)]
    [InlineData("note: x\n", false)]
    [InlineData("note: x\nother: y\n", true)]
    public void One_set_of_keys_of_anyOf_is_enough(string yaml, bool passes)
    {
        const string json = """
            { "type": "object", "properties": { "text": {}, "span": {}, "note": {} },
              "anyOf": [ { "required": ["text"] }, { "required": ["span"] }, { "required": ["other"] } ] }
            """;
        var diagnostics = Validate(yaml, JsonSchemaDocument.Parse(json).Root);
        if (passes) Assert.Empty(diagnostics);
        else Assert.Equal("Add 'text' or 'span' or 'other'.", Assert.Single(diagnostics).Message);
    }

    /// <summary>
    /// Of a oneOf, the alternative a node's type fits is the one it is checked against; where several fit, the one with the
    /// fewest findings speaks; where none fits, the expected types are named.
    /// </summary>
    [Theory]
    [InlineData("v: 3\n", new string[0])]
    [InlineData("v: 0\n", new[] { "0 is out of range [1, ∞]." })]
    [InlineData("v: all\n", new string[0])]
    [InlineData("v: some\n", new[] { "'some' does not have the expected form. A word." })]
    [InlineData("v: [1, 2]\n", new[] { "Expected at most 1 items, found 2." })]
    [InlineData("v: {a: 1}\n", new[] { "Expected integer or string or array. One of three." })]
    public void A_node_is_checked_against_the_alternative_its_type_fits(string yaml, string[] expected)
    {
        const string json = """
            { "type": "object", "properties": { "v": { "description": "One of three.", "oneOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "string", "pattern": "^all$", "description": "A word." },
                { "type": "array", "maxItems": 1 },
                { "type": "array", "minItems": 2, "maxItems": 1 } ] } } }
            """;
        Assert.Equal(expected, Validate(yaml, JsonSchemaDocument.Parse(json).Root).Select(d => d.Message));
    }

    private static JsonSchema Schema(string[] names, string[] required, bool additional = false)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["additionalProperties"] = additional,
            ["required"] = required,
            ["properties"] = names.ToDictionary(n => n, _ => new Dictionary<string, string> { ["type"] = "integer" }),
        });
        return JsonSchemaDocument.Parse(json).Root;
    }

    private static IReadOnlyList<CorpusLsp.Core.Diagnostics.Diagnostic> Validate(string yaml, JsonSchema schema) =>
        new SchemaValidator("/c/a.yaml").Validate(YamlTree.Parse("/c/a.yaml", new SourceText(yaml)).Root!, schema);
}
