using System.Text.Json;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>
/// A real third-party client: Emacs 28 with Eglot 1.9 and yaml-mode (Debian's packages; tests/setup.sh installs them), in
/// batch mode, configured by the README's snippet (tests/clients/emacs/corpuslsp.el), against the real server.
/// </summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class EmacsTests
{
    [Fact]
    public void Eglot_through_the_README_configuration_gets_diagnostics_hover_completion_and_applies_a_code_action()
    {
        var result = EditorRun.Run("emacs", "basics", EditorRun.PlantedCorpus());
        Assert.False(result.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String, error.ToString());
        Assert.Equal("yaml-mode", result.GetProperty("mode").GetString());
        Assert.True(result.GetProperty("got_diagnostics").GetBoolean());
        var diagnostic = result.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "CLS011");
        Assert.Contains("'Kanaser' (place) does not occur in the article. Did you mean 'Khanaser'?", diagnostic.GetProperty("message").GetString());
        Assert.Equal(15, diagnostic.GetProperty("line").GetInt32());
        Assert.Contains("Syria › Deir ez-Zor", result.GetProperty("hover").GetString());
        // completion-at-point after `ref: geo` under Deir al-Zor: the place the text means first, and inserted as its id.
        var completion = result.GetProperty("completion");
        Assert.StartsWith("Deir ez-Zor", completion.GetProperty("candidates")[0].GetString());
        Assert.Equal("    ref: geonames:170794", completion.GetProperty("line").GetString());
        Assert.Equal("Change the date to 2016-02-24", result.GetProperty("applied").GetString());
        Assert.Equal("    date: 2016-02-24", result.GetProperty("fled_date").GetString());
        Assert.True(result.GetProperty("fixed").GetBoolean(), "CLS031 stayed after its fix was applied.");
        // Articles open in text-mode and are served.
        Assert.Equal("text-mode", result.GetProperty("article_mode").GetString());
        Assert.Contains("Syria › Aleppo", result.GetProperty("article_hover").GetString());
    }

    // The issue-17 flows, on the example corpus as it is: completion-at-point's candidates (and the first inserted), a quick
    // fix applied with Eglot's workspace edit, Flymake's diagnostics for an article.
    [Fact]
    public void Eglot_typing_ref_geonames_under_Deir_al_Zor_offers_170794_first()
    {
        var completion = Flow("geonames_prefix").GetProperty("completion");
        Assert.Contains("geonames:170794", completion.GetProperty("candidates")[0].GetString());
        Assert.Equal("    ref: geonames:170794", completion.GetProperty("line").GetString());
    }

    [Fact]
    public void Eglot_typing_ref_Idl_under_Idlib_offers_an_Idlib_entry_first()
    {
        var completion = Flow("idlib_name").GetProperty("completion");
        Assert.Contains("Idlib", completion.GetProperty("candidates")[0].GetString());
        Assert.StartsWith("    ref: geonames:1693", completion.GetProperty("line").GetString());
    }

    [Fact]
    public void Eglot_misspelt_mention_Idlibb_gets_a_CLS011_quick_fix_that_applies()
    {
        var result = Flow("mention_fix");
        Assert.True(result.GetProperty("got_diagnostics").ValueKind == JsonValueKind.True);
        Assert.True(result.GetProperty("applied").ValueKind == JsonValueKind.String, $"no quick fix among {result.GetProperty("actions")}");
        Assert.Equal("    text: Idlib", result.GetProperty("line").GetString());
        Assert.True(result.GetProperty("fixed").ValueKind == JsonValueKind.True, "CLS011 stayed after its fix was applied.");
    }

    [Fact]
    public void Eglot_Kanaser_for_one_Khanaser_in_the_article_yields_a_diagnostic_on_the_article()
    {
        var result = Flow("article_drift");
        Assert.True(result.GetProperty("got_diagnostics").ValueKind == JsonValueKind.True, "no diagnostic on the article");
        Assert.NotEqual(0, result.GetProperty("diagnostics").GetArrayLength());
    }

    private static JsonElement Flow(string flow)
    {
        var result = EditorRun.Run("emacs", flow, Repo.CopyExample());
        Assert.False(result.TryGetProperty("error", out var error), error.ToString());
        return result;
    }
}
