using System.Diagnostics;
using System.Text;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;
using CorpusLsp.Lsp;
using CorpusLsp.Lsp.Protocol;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Reliability;

public sealed class HostileInputTests
{
    private static (YamlTree.Result Result, TimeSpan Took) Parse(string yaml)
    {
        var sw = Stopwatch.StartNew();
        var result = YamlTree.Parse("/c/a.yaml", new SourceText(yaml));
        return (result, sw.Elapsed);
    }

    [Fact]
    public void Billion_laughs_is_refused_without_expanding()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 12; i++) yaml.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(",", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 9))}]\n");
        var before = GC.GetTotalMemory(true);
        var (result, took) = Parse(yaml.ToString());
        Assert.True(took < TimeSpan.FromSeconds(2));
        Assert.True(GC.GetTotalMemory(false) - before < 50_000_000);
        Assert.Contains(result.Diagnostics, d => d.Code == "CLS006" && d.Message.Contains("Alias"));
    }

    [Fact]
    public void Deep_nesting_is_bounded()
    {
        var (result, took) = Parse(new string('[', 10_000) + new string(']', 10_000));
        Assert.True(took < TimeSpan.FromSeconds(2));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("CLS006", d.Code);
        Assert.Contains("Nesting deeper than 64", d.Message);
    }

    [Fact]
    public void Huge_scalar_is_bounded()
    {
        var (result, _) = Parse("meta:\n  title: " + new string('x', YamlTree.MaxScalarLength + 10) + "\n");
        Assert.Contains(result.Diagnostics, d => d.Code == "CLS006" && d.Message.Contains("exceeds the limit"));
    }

    [Fact]
    public void Custom_tags_are_reported_and_read_as_plain_data()
    {
        var (result, _) = Parse("meta:\n  title: !python/object x\n");
        Assert.Contains(result.Diagnostics, d => d.Code == "CLS006" && d.Message.Contains("Custom tag"));
        Assert.Equal("x", ((YScalar)((YMapping)((YMapping)result.Root!)["meta"]!)["title"]!).Value);
    }

    [Fact]
    public void Crlf_bom_and_lone_cr_keep_positions_right()
    {
        const string article = "Aleppo\r\nKhanaser\rDamascus";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(article)).ToArray();
        var text = SourceText.DecodeUtf8(bytes, out _)!;
        Assert.Equal(article, text.Text);
        Assert.Equal(3, text.LineCount);
        Assert.Equal((1, 0), text.GetLineColumn(text.Text.IndexOf("Khanaser", StringComparison.Ordinal)));
        Assert.Equal((2, 0), text.GetLineColumn(text.Text.IndexOf("Damascus", StringComparison.Ordinal)));
        var snapshot = Fixture.Corpus("places:\n  - text: Damascus\n    span: [17, 25]\n    ref: geonames:170654\n", article);
        Assert.Empty(snapshot.DiagnosticsFor(Fixture.SidecarPath));
    }

    [Theory]
    [InlineData(PositionEncoding.Utf16, 4, 4)]
    [InlineData(PositionEncoding.Utf8, 7, 6)]
    [InlineData(PositionEncoding.Utf32, 3, 3)]
    public void Astral_characters_and_combining_marks_in_every_encoding(PositionEncoding encoding, int endOfFirstLine, int characterOfX)
    {
        // Line 0: "😀" (2 UTF-16 units, 4 UTF-8 bytes, 1 code point) + "e" + U+0301 combining acute (1 unit, 2 bytes, 1 code point).
        // Line 1: "a", "b", "😀", then X.
        var text = new SourceText("😀e\u0301\nab😀X");
        var translator = new Translator(encoding);
        Assert.Equal(new Position(0, endOfFirstLine), translator.ToPosition(text, text.LineEnd(0)));
        var offsetOfX = text.Text.IndexOf('X');
        var position = translator.ToPosition(text, offsetOfX);
        Assert.Equal(new Position(1, characterOfX), position);
        Assert.Equal(offsetOfX, translator.ToOffset(text, position));
        Assert.Equal(text.LineEnd(0), translator.ToOffset(text, new Position(0, endOfFirstLine)));
        // Past the end of a line clamps to the line's end; past the last line to the text's end.
        Assert.Equal(text.LineEnd(0), translator.ToOffset(text, new Position(0, 99)));
        Assert.Equal(text.Length, translator.ToOffset(text, new Position(9, 0)));
    }

    [Fact]
    public void Invalid_utf8_anywhere_is_a_positioned_diagnostic()
    {
        var mutator = new Mutator(3);
        var original = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Repo.Example, "003_822e10b602b157a7.txt")));
        for (var i = 0; i < 200; i++)
        {
            var bytes = mutator.Bytes(original);
            var text = SourceText.DecodeUtf8(bytes, out var bad);
            if (text is null) Assert.InRange(bad, 0, bytes.Length);
        }
    }
}
