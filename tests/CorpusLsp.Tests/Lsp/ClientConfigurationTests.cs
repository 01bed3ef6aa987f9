using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>The editor configurations in README are the files the end-to-end tests load, verbatim.</summary>
public sealed class ClientConfigurationTests
{
    [Theory]
    [InlineData("neovim/corpuslsp.lua")]
    [InlineData("neovim/corpuslsp-0.11.lua")]
    [InlineData("emacs/corpuslsp.el")]
    public void README_holds_the_tested_configuration_verbatim(string file)
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var config = File.ReadAllText(Path.Combine(EditorRun.Clients, file)).TrimEnd('\n');
        Assert.True(readme.Contains(config, StringComparison.Ordinal), $"README.md does not hold tests/clients/{file} verbatim; copy it into the editor section.");
    }
}
