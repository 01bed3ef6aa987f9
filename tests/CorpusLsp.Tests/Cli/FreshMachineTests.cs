using System.Text.RegularExpressions;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// README's test command is all a fresh machine needs: the real-client tests install what they lack through
/// tests/setup.sh, and CI runs that script and then exactly README's command.
/// </summary>
public sealed class FreshMachineTests
{
    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Repo.Root, .. parts]));

    [Fact]
    public void CI_runs_the_setup_script_the_tests_call_and_then_README_s_test_command()
    {
        var readme = Read("README.md");
        var testCommand = Regex.Match(readme, @"Run every test:\s*```sh\s*\n(?<cmd>[^\n]+)\n```").Groups["cmd"].Value.Trim();
        Assert.Equal("dotnet test CorpusLsp.sln", testCommand);
        var commands = Read(".ci", "run").Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("set ", StringComparison.Ordinal) && !l.StartsWith("cd ", StringComparison.Ordinal) && !l.StartsWith("export ", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["bash tests/setup.sh", testCommand], commands);
    }

    [Fact]
    public void Every_real_client_test_installs_what_it_needs_itself()
    {
        var setup = Read("tests", "setup.sh");
        Assert.Contains("neovim)", setup);
        Assert.Contains("vscode-extension/e2e/setup.sh", setup);
        Assert.Contains("elpa-eglot", setup);
        // Neovim and Emacs run through EditorRun, which ensures the editor it is given.
        Assert.Contains("ClientSetup.Ensure(editor)", Read("tests", "CorpusLsp.Tests", "Support", "EditorRun.cs"));
        Assert.Contains("EditorRun.Run(\"neovim\"", Read("tests", "CorpusLsp.Tests", "Lsp", "NeovimTests.cs"));
        Assert.Contains("EditorRun.Run(\"emacs\"", Read("tests", "CorpusLsp.Tests", "Lsp", "EmacsTests.cs"));
        Assert.Contains("ClientSetup.Ensure(\"vscode\")", Read("tests", "CorpusLsp.Tests", "Lsp", "VsCodeTests.cs"));
    }
}
