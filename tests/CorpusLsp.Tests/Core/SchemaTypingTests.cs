using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// Scalars are typed as the YAML 1.2 core schema says, as YAML editors validating the same JSON Schema do:
/// plain `2018` is an integer, `"2018"` a string, plain `true` a boolean, plain `1.5` a number.
/// </summary>
public sealed class SchemaTypingTests
{
    private const string Article = "Syrian forces liberated Khanaser on Thursday, a monitor said.";

    [Theory]
    [InlineData("2018", SchemaValidator.CoreScalar.Integer)]
    [InlineData("-7", SchemaValidator.CoreScalar.Integer)]
    [InlineData("+12", SchemaValidator.CoreScalar.Integer)]
    [InlineData("09", SchemaValidator.CoreScalar.Integer)]
    [InlineData("0x1F", SchemaValidator.CoreScalar.Integer)]
    [InlineData("0o17", SchemaValidator.CoreScalar.Integer)]
    [InlineData("1.5", SchemaValidator.CoreScalar.Float)]
    [InlineData("-.5e3", SchemaValidator.CoreScalar.Float)]
    [InlineData("1.", SchemaValidator.CoreScalar.Float)]
    [InlineData(".inf", SchemaValidator.CoreScalar.Float)]
    [InlineData(".NaN", SchemaValidator.CoreScalar.Float)]
    [InlineData("true", SchemaValidator.CoreScalar.Boolean)]
    [InlineData("FALSE", SchemaValidator.CoreScalar.Boolean)]
    [InlineData("~", SchemaValidator.CoreScalar.Null)]
    [InlineData("Null", SchemaValidator.CoreScalar.Null)]
    [InlineData("", SchemaValidator.CoreScalar.Null)]
    // YAML 1.1 read these as booleans, numbers or timestamps; the 1.2 core schema reads them as strings.
    [InlineData("yes", SchemaValidator.CoreScalar.String)]
    [InlineData("NO", SchemaValidator.CoreScalar.String)]
    [InlineData("1_000", SchemaValidator.CoreScalar.String)]
    [InlineData("2016-02-25", SchemaValidator.CoreScalar.String)]
    [InlineData("0b101", SchemaValidator.CoreScalar.String)]
    [InlineData("1e", SchemaValidator.CoreScalar.String)]
    [InlineData(".", SchemaValidator.CoreScalar.String)]
    public void Plain_scalars_resolve_as_the_core_schema_says(string value, SchemaValidator.CoreScalar expected) =>
        Assert.Equal(expected, SchemaValidator.CoreType(new YScalar(value, default, IsPlain: true)));

    /// <summary>
    /// The core schema's integer and float as the YAML 1.2 spec writes them (10.3.2): the typing, which decides most
    /// values without them, must answer as they do on every short mix of digits, signs, dots, exponents, bases and words.
    /// </summary>
    [Fact]
    public void Plain_scalars_that_start_like_numbers_resolve_as_the_spec_patterns_say()
    {
        var integer = new System.Text.RegularExpressions.Regex(@"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
        var number = new System.Text.RegularExpressions.Regex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$");
        const string alphabet = "09+-.eExoaf: \n";
        var values = new List<string>();
        void Add(string prefix, int length)
        {
            if (prefix.Length > 0) values.Add(prefix);
            if (length == 0) return;
            foreach (var c in alphabet) Add(prefix + c, length - 1);
        }
        Add("", 4);
        values.AddRange(["2016-02-25", "12:30", "3rd", "2018\n", "-12\n", "1.5\n", "0x1F\n", "+.inf", "-.Inf", "1e+5", "99 km"]);
        foreach (var v in values)
        {
            var expected = v is "" or "~" or "null" or "Null" or "NULL" ? SchemaValidator.CoreScalar.Null
                : !char.IsAsciiDigit(v[0]) && v[0] is not ('-' or '+' or '.') ? SchemaValidator.CoreScalar.String
                : integer.IsMatch(v) ? SchemaValidator.CoreScalar.Integer
                : number.IsMatch(v) ? SchemaValidator.CoreScalar.Float : SchemaValidator.CoreScalar.String;
            Assert.True(expected == SchemaValidator.CoreType(new YScalar(v, default, IsPlain: true)), $"'{v.Replace("\n", "\\n")}': expected {expected}");
        }
    }

    /// <summary>
    /// A node is of a JSON Schema type as the typing words it (a mapping an object, a sequence an array, an integer a number
    /// too, a float with no fraction an integer too), and of no type JSON Schema lacks: the validator matches a node's types
    /// as one mask, decided once per node, against each schema's types as one mask.
    /// </summary>
    [Fact]
    public void A_node_is_of_the_types_its_core_type_makes_it_and_no_other()
    {
        string[] types = ["object", "array", "string", "null", "boolean", "integer", "number", "int", "Object", ""];
        var nodes = new List<YNode> { new YMapping([], default), new YSequence([], default), new YScalar("2018", default, IsPlain: false) };
        foreach (var v in new[] { "", "~", "null", "true", "False", "7", "-7", "0x1F", "0o17", "2.0", "2.5", "-0.0", "1e3", "1.5e-3", ".inf", "-.inf", ".nan", "Aleppo", "1_000", "2016-02-25" })
            nodes.Add(new YScalar(v, default, IsPlain: true));
        foreach (var node in nodes)
            foreach (var type in types)
            {
                var expected = (node, type) switch
                {
                    (YMapping, "object") or (YSequence, "array") => true,
                    (YScalar s, _) => IsOfType(s, type),
                    _ => false,
                };
                Assert.True(expected == SchemaValidator.KindMatches(node, type), $"{node} as '{type}': expected {expected}");
            }
    }

    /// <summary>Whether a scalar is of a JSON Schema type, as its core type makes it.</summary>
    private static bool IsOfType(YScalar s, string type) => SchemaValidator.CoreType(s) switch
    {
        SchemaValidator.CoreScalar.String => type == "string",
        SchemaValidator.CoreScalar.Null => type == "null",
        SchemaValidator.CoreScalar.Boolean => type == "boolean",
        SchemaValidator.CoreScalar.Integer => type is "integer" or "number",
        _ => type == "number" || (type == "integer" && SchemaValidator.Number(s) is { } d && double.IsFinite(d) && Math.Floor(d) == d),
    };

    /// <summary>
    /// Most scalars' types are told by their first character (a word is text); whatever that character, a scalar's types
    /// and whether it is null are those its core type gives.
    /// </summary>
    [Fact]
    public void A_scalars_types_and_nullness_follow_its_core_type_whatever_its_first_character()
    {
        string[] tails = ["", "ull", "ULL", "ull ", "rue", "RUE", "alse", "1", "12", ".5", "e3", "x", "inf", "nan", "o7", "x1F", "\n"];
        string[] types = ["string", "null", "boolean", "integer", "number"];
        for (var c = '\0'; c < '\u0300'; c++)
            foreach (var tail in tails)
                foreach (var plain in new[] { true, false })
                {
                    var s = new YScalar(c + tail, default, plain);
                    foreach (var type in types)
                        Assert.True(IsOfType(s, type) == SchemaValidator.KindMatches(s, type), $"'{s.Value}' (plain {plain}) as '{type}'");
                    Assert.Equal(plain && SchemaValidator.CoreType(s) == SchemaValidator.CoreScalar.Null, s.IsNull);
                }
        Assert.True(new YScalar("", default, IsPlain: true).IsNull);
        Assert.False(new YScalar("", default, IsPlain: false).IsNull);
    }

    /// <summary>A sidecar key is found in the schema whichever string holds its name (a key read from YAML, or made elsewhere).</summary>
    [Fact]
    public void A_schema_property_is_found_by_its_name_whatever_string_holds_it()
    {
        var root = BuiltInSchemas.Annotation.Root;
        var read = ((YMapping)YamlTree.Parse("/c/a.yaml", new SourceText("places: []\n")).Root!).Entries[0].Key.Value;
        var made = new string("places".AsSpan());
        Assert.NotNull(root.Property(read));
        Assert.Same(root.Property(read), root.Property(made));
        Assert.Null(root.Property("placez"));
    }

    [Fact]
    public void Quoted_scalars_are_strings() =>
        Assert.Equal(SchemaValidator.CoreScalar.String, SchemaValidator.CoreType(new YScalar("2018", default, IsPlain: false)));

    [Fact]
    public void A_plain_year_as_date_is_an_integer_and_quoting_it_is_offered()
    {
        const string sidecar = "meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    text: liberated\n    date: [|2016|]\n";
        var d = Assert.Single(Check(sidecar, Article, "CLS002"));
        Assert.Contains("whole number", d.Message);
        var fix = Assert.Single(d.Fixes);
        var fixedText = Apply(Markup.Parse(sidecar).Text, fix.Edits);
        Assert.Contains("date: \"2016\"\n", fixedText);
    }

    [Fact]
    public void A_quoted_year_is_a_date() =>
        Check("meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    text: liberated\n    date: \"2016\"\n", Article);

    [Theory]
    [InlineData("meta:\n  title: [|true|]\n")]
    [InlineData("meta:\n  title: [|1.5|]\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: [|\"1\"|]\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: [|1.5|]\n")]
    public void Wrong_core_types_are_CLS002(string sidecar) => Check(sidecar, Article, "CLS002");

    [Theory]
    [InlineData("meta:\n  title: \"true\"\n")]
    [InlineData("meta:\n  title: 'Yes'\n")]
    [InlineData("meta:\n  title: |\n    2018\n")]
    [InlineData("places:\n  - text: Khanaser\n    occurrence: 1\n")]
    public void Right_core_types_pass(string sidecar) => Check(sidecar, Article);

    [Theory]
    [InlineData("lat: 36.376", false)]
    [InlineData("lat: 36", false)]
    [InlineData("lat: \"36.376\"", true)]
    [InlineData("admin1: \"09\"", false)]
    [InlineData("admin1: 09", true)]
    public void Overlay_fields_are_typed_too(string field, bool isError)
    {
        var overlay = $"places:\n  - id: zahraa\n    name: Al-Zahraa\n    type: PPL\n    lat: 36.376\n    lon: 36.986\n    country: SY\n    {field}\n"
            .Replace("    lat: 36.376\n    lon", field.StartsWith("lat", StringComparison.Ordinal) ? "    lon" : "    lat: 36.376\n    lon", StringComparison.Ordinal);
        var snapshot = CorpusSnapshot.Load(Root, Files(overlay: overlay).Add(SidecarPath, "places: []\n").Add(ArticlePath, Article));
        var codes = snapshot.AllDiagnostics(_ => true).Where(x => x.Path == OverlayPath).Select(x => x.Code).ToList();
        Assert.Equal(isError, codes.Contains("CLS002"));
    }

    /// <summary>What fixes, completions and the importer write is read back as text: values plain YAML would type otherwise are quoted.</summary>
    [Theory]
    [InlineData("2018", "\"2018\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("- x", "\"- x\"")]
    [InlineData("2016-02-25", "2016-02-25")]
    [InlineData("Aleppo", "Aleppo")]
    [InlineData("a: b", "\"a: b\"")]
    public void Edits_quote_values_that_would_not_be_text(string value, string expected) =>
        Assert.Equal(expected, YamlEdits.Quote(value));

    /// <summary>
    /// A pattern's answers are remembered per pattern and value (the sidecars of a corpus repeat links, dates and ids): a
    /// value that fits one pattern is still judged by another, and a value asked again is judged alike.
    /// </summary>
    [Fact]
    public void A_value_checked_against_several_patterns_is_judged_by_each_every_time()
    {
        const string yaml = "places:\n  - id: geonames:1\n    text: Khanaser\n    ref: geonames:1\n  - id: khanaser\n    text: Khanaser\n    ref: khanaser\n";
        for (var round = 0; round < 3; round++)
        {
            var root = YamlTree.Parse("/c/a.yaml", new SourceText(yaml)).Root!;
            var found = new SchemaValidator("/c/a.yaml").Validate(root, BuiltInSchemas.Annotation.Root)
                .Select(d => $"{yaml[d.Span.Start..d.Span.End]}: {d.Message}").ToList();
            Assert.Equal(2, found.Count);
            Assert.StartsWith("geonames:1: 'geonames:1' does not have the expected form.", found[0], StringComparison.Ordinal);
            Assert.StartsWith("khanaser: 'khanaser' does not have the expected form.", found[1], StringComparison.Ordinal);
        }
    }
}
