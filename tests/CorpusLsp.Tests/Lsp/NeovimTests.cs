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

    // The issue-17 flows, on the example corpus as it is: what <C-x><C-o> (vim.lsp.omnifunc) shows, a quick fix applied
    // with vim.lsp.util.apply_workspace_edit, diagnostics pushed for an article.
    [Fact]
    public void Neovim_typing_ref_geonames_under_Deir_al_Zor_offers_170794_first()
    {
        var completion = Flow("geonames_prefix").GetProperty("completion");
        Assert.Equal("geonames:170794", completion.GetProperty("words")[0].GetProperty("word").GetString());
    }

    [Fact]
    public void Neovim_typing_ref_Idl_under_Idlib_offers_an_Idlib_entry_first()
    {
        // As a completion plugin lists them (filterText, sortText). Neovim 0.7's own omnifunc keeps only items whose
        // inserted text starts with the typed word, so a name typed after `ref:` (an id goes in) shows nothing there.
        var first = Flow("idlib_name").GetProperty("completion").GetProperty("plugin")[0];
        Assert.Contains("Idlib", first.GetProperty("label").GetString());
        Assert.StartsWith("geonames:1693", first.GetProperty("insert").GetString());
    }

    [Fact]
    public void Neovim_misspelt_mention_Idlibb_gets_a_CLS011_quick_fix_that_applies()
    {
        var result = Flow("mention_fix");
        Assert.True(result.GetProperty("got_diagnostics").GetBoolean());
        Assert.True(result.GetProperty("applied").ValueKind == JsonValueKind.String, $"no quick fix among {result.GetProperty("actions")}");
        Assert.Equal("    text: Idlib", result.GetProperty("line").GetString());
        Assert.True(result.GetProperty("fixed").GetBoolean(), "CLS011 stayed after its fix was applied.");
    }

    [Fact]
    public void Neovim_Kanaser_for_one_Khanaser_in_the_article_yields_a_diagnostic_on_the_article()
    {
        var result = Flow("article_drift");
        Assert.True(result.GetProperty("got_diagnostics").GetBoolean(), "no diagnostic on the article");
        Assert.Contains(result.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("lnum").GetInt32() == result.GetProperty("line").GetInt32());
    }

    private static JsonElement Flow(string flow)
    {
        var result = EditorRun.Run("neovim", flow, Repo.CopyExample());
        Assert.True(result.GetProperty("errors").GetArrayLength() == 0, result.GetProperty("errors").ToString());
        return result;
    }
}
