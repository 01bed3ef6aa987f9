using System.Text.Json;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>
/// A real third-party client: headless Neovim 0.7 (from Debian; tests/setup.sh installs it) configured by the README's
/// snippet (tests/clients/neovim/corpuslsp.lua), against the real server.
/// </summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class NeovimTests
{
    [Fact]
    public void Neovim_through_the_README_configuration_gets_diagnostics_hover_completion_and_applies_a_code_action()
    {
        var result = EditorRun.Run("neovim", "basics", EditorRun.PlantedCorpus());
        Assert.Equal(0, result.GetProperty("errors").GetArrayLength());
        Assert.True(result.GetProperty("got_diagnostics").GetBoolean());
        var diagnostic = result.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "CLS011");
        Assert.Contains("'Kanaser' (place) does not occur in the article. Did you mean 'Khanaser'?", diagnostic.GetProperty("message").GetString());
        Assert.Equal(15, diagnostic.GetProperty("lnum").GetInt32());
        Assert.Contains("Syria › Deir ez-Zor", result.GetProperty("hover").GetString());
        // What <C-x><C-o> shows after `ref: geo` under Deir al-Zor: the place the text means, first.
        var completion = result.GetProperty("completion");
        Assert.Equal("geo", completion.GetProperty("prefix").GetString());
        Assert.Equal("geonames:170794", completion.GetProperty("words")[0].GetProperty("word").GetString());
        Assert.Equal("Change the date to 2016-02-24", result.GetProperty("applied").GetString());
        Assert.Equal("    date: 2016-02-24", result.GetProperty("fled_date").GetString());
        Assert.True(result.GetProperty("fixed").GetBoolean(), "CLS031 stayed after its fix was applied.");
    }
}
