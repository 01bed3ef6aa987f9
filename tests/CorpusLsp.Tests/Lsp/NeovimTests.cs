using System.Diagnostics;
using System.Text.Json;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>A real third-party client: headless Neovim (from Debian; tests/setup.sh installs it) against the real server.</summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class NeovimTests
{
    [Fact]
    public void Neovim_gets_diagnostics_hover_and_completion()
    {
        ClientSetup.Ensure("neovim");
        var nvim = new[] { "/usr/bin/nvim", "/usr/local/bin/nvim" }.FirstOrDefault(File.Exists);
        Assert.True(nvim is not null, "tests/setup.sh neovim succeeded, yet there is no nvim in /usr/bin or /usr/local/bin.");

        var corpus = Repo.CopyExample();
        var sidecar = Path.Combine(corpus, "003_822e10b602b157a7.yaml");
        // Planted error: a place text that the article does not contain.
        File.WriteAllText(sidecar, File.ReadAllText(sidecar).Replace("  - id: khanaser\n    text: Khanaser", "  - id: khanaser\n    text: Kanaser"));
        var output = Path.Combine(corpus, ".nvim-result.json");

        var psi = new ProcessStartInfo(nvim, ["--headless", "--clean", "-c", $"luafile {Path.Combine(Repo.Root, "tests", "clients", "neovim.lua")}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        psi.Environment["CORPUS"] = corpus;
        psi.Environment["OUT"] = output;
        psi.Environment["SERVER_DLL"] = Path.Combine(AppContext.BaseDirectory, "corpuslsp.dll");
        using var process = Process.Start(psi)!;
        Assert.True(process.WaitForExit(90_000), "Neovim did not finish within 90 s.");
        Assert.True(File.Exists(output), $"Neovim wrote no result. stderr: {process.StandardError.ReadToEnd()}");

        using var result = JsonDocument.Parse(File.ReadAllText(output));
        var root = result.RootElement;
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.True(root.GetProperty("got_diagnostics").GetBoolean());
        var diagnostic = root.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "CLS011");
        Assert.Contains("'Kanaser' (place) does not occur in the article. Did you mean 'Khanaser'?", diagnostic.GetProperty("message").GetString());
        Assert.Equal(15, diagnostic.GetProperty("lnum").GetInt32());
        Assert.Contains("Syria › Deir ez-Zor", root.GetProperty("hover").GetString());
        Assert.Equal("geonames:170794", root.GetProperty("completion")[0].GetProperty("insert").GetString());
    }
}
