using System.Text.Json;
using System.Text.RegularExpressions;
using CorpusLsp.Core.Schema;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The shipped schemas' patterns are matched by code (ShippedPatterns); a value must get the answer the pattern's regex
/// gives, or an id, link or date would be judged otherwise than by YAML editors using the same schema files.
/// </summary>
public sealed class ShippedPatternTests
{
    private static readonly string[] Patterns = [ShippedPatterns.IdPattern, ShippedPatterns.RefPattern, ShippedPatterns.IsoDatePattern, ShippedPatterns.CountryPattern];

    /// <summary>A pattern added to or changed in a schema file without code would lose the fast path silently.</summary>
    [Fact]
    public void Every_pattern_of_the_shipped_schema_files_is_matched_by_code()
    {
        var schemaDir = Path.Combine(Support.Repo.Root, "schema");
        var found = Directory.GetFiles(schemaDir, "*.schema.json").SelectMany(f => PatternsIn(JsonDocument.Parse(File.ReadAllText(f)).RootElement)).Distinct().ToList();
        Assert.NotEmpty(found);
        Assert.All(found, p => Assert.NotEqual(ShippedPatterns.Kind.None, ShippedPatterns.KindOf(p)));
    }

    [Theory]
    [InlineData(ShippedPatterns.IdPattern)]
    [InlineData(ShippedPatterns.RefPattern)]
    [InlineData(ShippedPatterns.IsoDatePattern)]
    [InlineData(ShippedPatterns.CountryPattern)]
    public void Code_answers_as_the_pattern_does(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var kind = ShippedPatterns.KindOf(pattern);
        Assert.NotEqual(ShippedPatterns.Kind.None, kind);
        var matched = 0;
        foreach (var value in Values())
        {
            var expected = regex.IsMatch(value);
            Assert.True(expected == ShippedPatterns.Matches(kind, value), $"{pattern} on '{value.Replace("\n", "\\n", StringComparison.Ordinal)}': regex says {expected}");
            if (expected) matched++;
        }
        Assert.True(matched >= 8, $"only {matched} values match {pattern}: the comparison would prove little");
    }

    private static IEnumerable<string> Values()
    {
        string[] seeds =
        [
            "", "a", "aleppo", "al-bab_2.x", "A9", "SY", "sy", "SYR", "geonames:170063", "geonames:", "geonames:12a", "overlay:m5-highway",
            "overlay:", "overlay:a b", "Geonames:1", "2020", "2020-02", "2020-02-12", "2020-W05", "2020-W5", "2020-02-1", "202", "20201",
            "2020-02-12-", "2020-", "2020-W", "٢٠٢٠", "٢٠٢٠-٠٢", "geonames:٣٤", "২০২০-W০৫", "𝟚𝟘𝟚𝟘", "é", "id with space", "x:y",
        ];
        string[] tails = ["", "\n", "\n\n", " ", "\r", "\r\n", "x", "-", "0", "٣"];
        foreach (var seed in seeds)
            foreach (var tail in tails)
            {
                yield return seed + tail;
                yield return "\n" + seed + tail;
            }
        // Every character of the first code pages alone, inside an id and inside a link: the id's characters are looked up
        // in a table of ASCII, whose edges (`/`, `@`, `[`, backquote, `{`, DEL) must answer as the regex's class does.
        for (var c = '\0'; c < '\u0300'; c++)
        {
            yield return $"{c}";
            yield return $"a{c}9";
            yield return $"overlay:a{c}";
            yield return $"geonames:1{c}";
        }
        // Every string of up to three characters over an alphabet that reaches each branch of the four patterns.
        const string alphabet = "aZ0٣-W_.:\n é";
        foreach (var a in alphabet)
        {
            yield return $"{a}";
            foreach (var b in alphabet)
            {
                yield return $"{a}{b}";
                foreach (var c in alphabet) yield return $"{a}{b}{c}";
            }
        }
    }

    private static IEnumerable<string> PatternsIn(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "pattern" && p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
                foreach (var inner in PatternsIn(p.Value)) yield return inner;
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray())
                foreach (var inner in PatternsIn(item)) yield return inner;
    }
}
