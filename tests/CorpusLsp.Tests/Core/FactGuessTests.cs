using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Reliability;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// `check` guesses each sidecar's facts (article, source, places' refs) from its lines instead of reading its structure, and
/// confirms each guess with the sidecar's full read: a guess must be right on what users write, and a wrong one must not
/// change a finding.
/// </summary>
public sealed class FactGuessTests
{
    private const string Path = "/c/a.yaml";

    private static string Describe((string? Article, string? Source, List<string> Refs) facts) =>
        $"article {facts.Article ?? "(none)"}; source {facts.Source ?? "(none)"}; refs {string.Join(", ", facts.Refs)}";

    /// <summary>The guess, described; null when the reader would not guess. A file's text (its bytes) is guessed as an editor's is.</summary>
    private static string? Guess(string yaml)
    {
        var guessed = SidecarReader.GuessFacts(new SourceText(yaml)) is { } g ? Describe(g) : null;
        // A file's leading BOM is dropped on reading, and a lone surrogate cannot be written: those strings have no such file.
        if (!yaml.StartsWith('\uFEFF') && System.Text.Unicode.Utf8.FromUtf16(yaml, new byte[yaml.Length * 3], out _, out _,
                replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done)
        {
            var file = SourceText.FromFileBytes(System.Text.Encoding.UTF8.GetBytes(yaml), out _)!;
            Assert.Equal(guessed, SidecarReader.GuessFacts(file) is { } f ? Describe(f) : null);
        }
        return guessed;
    }

    private static string Exact(string yaml) => Describe(SidecarReader.ReadFacts(Path, new SourceText(yaml)));

    [Fact]
    public void The_facts_guessed_from_real_and_restyled_sidecars_are_those_their_full_read_gives()
    {
        foreach (var yaml in BlockYamlTests.RealFiles().Select(File.ReadAllText))
            foreach (var variant in new[] { yaml, yaml.Replace("\n  - ", "\n  -   "), yaml.Replace(": ", ":   "), yaml + "# end\n\n" })
                if (Guess(variant) is { } guessed) Assert.Equal(Exact(variant), guessed);
        // The example corpus is what sidecars look like: each must be guessed, or `check` reads it twice.
        foreach (var sidecar in Directory.EnumerateFiles(Repo.Example, "*.yaml"))
            Assert.True(Guess(File.ReadAllText(sidecar)) is not null, $"not guessed: {sidecar}");
    }

    [Theory]
    [InlineData("article: 'a.txt'\n")]
    [InlineData("article: a.txt\n  b\n")]
    [InlineData("meta:\n  source: Le\n    Monde\n")]
    [InlineData("meta:\n  source: \"AFP\"\n")]
    [InlineData("places:\n  - ref: a\n    ref: b\n")]
    [InlineData("places:\n  - {ref: a}\n")]
    [InlineData("places:\n- ref: a\n")]
    [InlineData("---\nmeta:\n  source: AFP\n")]
    [InlineData("meta:\r\n  source: AFP\r\n")]
    [InlineData("meta: {source: AFP}\n")]
    [InlineData("places:\n  - ref: a: b\n")]
    public void A_line_the_guess_cannot_read_plainly_leaves_the_facts_to_the_parser(string yaml) => Assert.Null(Guess(yaml));

    [Fact]
    public void A_value_beyond_ascii_is_guessed_as_the_parser_reads_it()
    {
        foreach (var yaml in new[] { "meta:\n  source: Le Monde é\n", "places:\n  - ref: 東京 \uFFFD # a comment\n", "article: ü.txt\n" })
            Assert.Equal(Exact(yaml), Guess(yaml));
        Assert.Equal("article (none); source Le Monde é; refs ", Guess("meta:\n  source: Le Monde é\n"));
    }

    [Fact]
    public void A_character_the_readers_swap_or_split_leaves_the_facts_to_the_parser()
    {
        // A C1 control, a line or paragraph separator, a BOM, a character beyond the BMP (two UTF-16 units) and a lone surrogate.
        foreach (var odd in new[] { "\u0085", "\u2028", "\u2029", "\uFEFF", "\U0001F600", "\uD800" })
        {
            Assert.Null(Guess($"meta:\n  source: A{odd}B\n"));
            Assert.Null(Guess($"places:\n  - ref: x{odd}\n"));
        }
        Assert.Null(Guess("\uFEFFmeta:\n  source: A\n"));
    }

    [Fact]
    public void A_guess_from_mutated_sidecars_is_rarely_wrong()
    {
        // A wrong guess costs its pair's analysis again, and those of its source (see the test below): a file broken
        // somewhere else than the lines read may be guessed wrong (~3% of these), but seldom.
        var mutator = new Mutator(20261207);
        var (guessed, wrong) = (0, 0);
        foreach (var yaml in BlockYamlTests.RealFiles().Select(File.ReadAllText))
            for (var i = 0; i < 40; i++)
            {
                var mutated = mutator.Text(yaml);
                if (Guess(mutated) is not { } g) continue;
                guessed++;
                if (g != Exact(mutated)) wrong++;
            }
        Assert.True(guessed > 0 && wrong * 20 <= guessed, $"{wrong} of {guessed} guesses wrong");
    }

    [Fact]
    public void A_check_whose_guess_was_wrong_reports_what_one_without_guesses_does()
    {
        // The example pairs under one source (so that their places make one profile), one of them naming an article that is
        // not there, and broken so that the parser recovers no `article` of it, while its lines read one: the pair and the
        // profile made from the guess are wrong (a finding of the missing article), and are made again.
        var sidecars = Directory.EnumerateFiles(Repo.Example, "*.yaml").Where(f => File.Exists(System.IO.Path.ChangeExtension(f, ".txt")))
            .Order(StringComparer.Ordinal).ToList();
        var mutator = new Mutator(20261207);
        string? broken = null;
        for (var i = 0; broken is null && i < 5000; i++)
        {
            var mutated = mutator.Text("article: missing.txt\n" + File.ReadAllText(sidecars[i % sidecars.Count]));
            if (SidecarReader.GuessFacts(new SourceText(mutated)) is { ArticleName: "missing.txt" }
                && SidecarReader.ReadFacts(Path, new SourceText(mutated)).ArticleName is null) broken = mutated;
        }
        Assert.NotNull(broken);
        var fs = Fixture.Files();
        for (var k = 0; k < sidecars.Count; k++)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(sidecars[k]);
            var yaml = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(sidecars[k]), "^  source: .*$", "  source: Wire",
                System.Text.RegularExpressions.RegexOptions.Multiline);
            fs.Add($"{Fixture.Root}/{name}.yaml", k == 1 ? broken! : yaml);
            fs.Add($"{Fixture.Root}/{name}.txt", File.ReadAllText(System.IO.Path.ChangeExtension(sidecars[k], ".txt")));
        }
        var exact = Codes(CorpusSnapshot.Load(Fixture.Root, fs).ForOnePass().AllDiagnostics());
        Assert.Equal(Codes(CorpusSnapshot.Load(Fixture.Root, fs).AllDiagnostics()), exact);
        Assert.Equal(exact, Codes(CorpusSnapshot.Load(Fixture.Root, fs).ForOnePass(guessFacts: true).AllDiagnostics()));

        static string Codes(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> found) =>
            string.Join("\n", found.Select(d => $"{d.Code} {d.Path} {d.Span} {d.Message}").Order(StringComparer.Ordinal));
    }
}
