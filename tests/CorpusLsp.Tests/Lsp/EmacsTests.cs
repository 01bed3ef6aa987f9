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
        Assert.False(result.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.String, error.ToString());
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
}
