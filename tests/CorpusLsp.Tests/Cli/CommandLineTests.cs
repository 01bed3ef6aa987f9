using System.Text.Json;
using System.Text.RegularExpressions;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>The command line as a user meets it: help, errors in plain words, `--opt=value`, version, completion.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Top_level_help_lists_every_command_on_stdout()
    {
        var (exit, output, error) = Support.Cli.Run("--help");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        foreach (var command in new[] { "check", "serve", "place", "date", "import" })
            Assert.Matches(new Regex($@"^\s+{command}\b", RegexOptions.Multiline), output);
    }

    [Theory]
    [InlineData("serve", "--stdio")]
    [InlineData("check", "--shard")]
    [InlineData("date", "--in")]
    [InlineData("place", "--limit")]
    [InlineData("import", "timeml")]
    public void Command_help_goes_to_stdout_with_exit_0(string command, string mentions)
    {
        var (exit, output, error) = Support.Cli.Run(command, "--help");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains(mentions, output);
    }

    [Fact]
    public void Option_values_may_follow_an_equals_sign()
    {
        var (exit, output, _) = Support.Cli.Run("check", Repo.Example, "--format=json", "--min-severity=warning", "--no-progress");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("CLS033", Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public void A_missing_option_value_is_named_as_such_with_exit_2()
    {
        var (exit, output, error) = Support.Cli.Run("check", "--format");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("corpuslsp check: option '--format' needs a value", error);
        Assert.DoesNotContain("unknown option", error);
    }

    [Fact]
    public void An_invalid_option_value_is_called_invalid_not_unknown()
    {
        var (exit, _, error) = Support.Cli.Run("place", "Aleppo", "--limit", "x");
        Assert.Equal(2, exit);
        Assert.Contains("invalid value 'x' for option '--limit'", error);
        Assert.DoesNotContain("unknown option", error);
    }

    [Theory]
    [InlineData("check", "--format", "xml")]
    [InlineData("check", "--min-severity", "fatal")]
    [InlineData("check", "--shard", "0/3")]
    [InlineData("check", "--bogus")]
    [InlineData("date", "May", "--published", "2016-13-01")]
    [InlineData("date")]
    [InlineData("import")]
    [InlineData("import", "timeml", "only-one-argument")]
    [InlineData("place")]
    [InlineData("serve", "--log")]
    public void Usage_errors_exit_2_with_a_pointer_to_help(params string[] args)
    {
        var (exit, output, error) = Support.Cli.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("corpuslsp", error);
    }

    [Fact]
    public void Version_names_the_version_and_the_commit()
    {
        var (exit, output, _) = Support.Cli.Run("--version");
        Assert.Equal(0, exit);
        var match = Regex.Match(output.Trim(), @"^corpuslsp (\d+\.\d+\.\d+) \(commit ([0-9a-f]{7,12}|unknown)\)$");
        Assert.True(match.Success, output);
        // Built from a git checkout (as here), the commit is known.
        if (Directory.Exists(Path.Combine(Repo.Root, ".git")) || File.Exists(Path.Combine(Repo.Root, ".git")))
            Assert.NotEqual("unknown", match.Groups[2].Value);
    }

    /// <summary>The `[suggest:POSITION]` directive is what README's completion function calls on TAB.</summary>
    [Fact]
    public void Completion_directive_suggests_commands_options_and_values()
    {
        static string[] Suggest(string line) =>
            Support.Cli.Run($"[suggest:{line.Length}]", line).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["check"], Suggest("ch"));
        Assert.Contains("--format", Suggest("check --for"));
        Assert.Equal(["github", "json", "sarif", "text"], Suggest("check --format "));
    }
}
