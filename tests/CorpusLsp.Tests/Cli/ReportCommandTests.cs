using System.Diagnostics;
using System.Text.Json;
using CorpusLsp.Tests.Support;
using Xunit.Abstractions;

namespace CorpusLsp.Tests.Cli;

public sealed class ReportCommandTests
{
    [Fact]
    public void Report_writes_one_page_with_findings_linked_to_their_file_and_line()
    {
        var corpus = Repo.CopyExample();
        var report = Path.Combine(TestEnvironment.NewScratchFolder("report"), "out", "report.html");
        // A planted finding, so there is something to link: the recapture dated after publication.
        var sidecar = Path.Combine(corpus, "000_c4d40e22f1093045.yaml");
        File.WriteAllText(sidecar, File.ReadAllText(sidecar).Replace("    date: 2016-02-25\n    when: on Thursday\n    key: khanaser-recapture", "    date: 2016-03-02\n    when: on Thursday\n    key: khanaser-recapture", StringComparison.Ordinal));

        var (exit, output, error) = Support.Cli.Run("report", corpus, "-o", report);

        Assert.True(exit == 0, error);
        Assert.Contains("5 articles", output);
        var html = File.ReadAllText(report);
        var line = File.ReadAllLines(sidecar).ToList().FindIndex(l => l.Contains("2016-03-02", StringComparison.Ordinal)) + 1;
        // Relative to the report's folder: the report and the corpus unpacked side by side keep their links.
        Assert.Contains($"href=\"../../{Path.GetFileName(corpus)}/000_c4d40e22f1093045.yaml#L{line}\"", html);
        Assert.Contains("CLS032", html);
    }

    [Fact]
    public void Report_of_a_missing_folder_is_a_usage_error()
    {
        var (exit, _, error) = Support.Cli.Run("report", Path.Combine(TestEnvironment.NewScratchFolder(), "nowhere"), "-o", "x.html");
        Assert.Equal(2, exit);
        Assert.Contains("is not a folder", error);
    }
}

/// <summary>The report of the example corpus in headless Chromium, light and dark, at 1280×800: screenshots kept in vscode-extension/e2e/artifacts.</summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class ReportInChromiumTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_example_report_renders_offline_in_light_and_dark()
    {
        ClientSetup.Ensure("vscode");
        var artifacts = Path.Combine(Repo.Root, "vscode-extension", "e2e", "artifacts");
        Directory.CreateDirectory(artifacts);
        var report = Path.Combine(artifacts, "report.html");
        Assert.Equal(0, Support.Cli.Run("report", Repo.Example, "-o", report).Exit);

        var psi = new ProcessStartInfo("node", [Path.Combine(Repo.Root, "vscode-extension", "e2e", "screenshot.mjs"), report, Path.Combine(artifacts, "report")])
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); Assert.Fail("screenshot.mjs timed out"); }
        var (stdout, stderr) = (await stdoutTask, await stderrTask);
        output.WriteLine(stdout + stderr);
        Assert.True(p.ExitCode == 0, stderr);

        using var summary = JsonDocument.Parse(stdout);
        Assert.Equal(0, summary.RootElement.GetProperty("blocked").GetArrayLength());
        var shots = summary.RootElement.GetProperty("shots").EnumerateArray().ToList();
        Assert.Equal(2, shots.Count);
        foreach (var shot in shots)
        {
            Assert.True(File.Exists(shot.GetProperty("file").GetString()));
            Assert.True(shot.GetProperty("countries").GetInt32() > 10);
            Assert.True(shot.GetProperty("markers").GetInt32() > 10);
            Assert.True(shot.GetProperty("events").GetInt32() > 10);
            Assert.False(shot.GetProperty("overflowX").GetBoolean(), "the page scrolls sideways at 1280 px");
        }
        // The dark scheme is a dark page, not the light one again.
        Assert.NotEqual(shots[0].GetProperty("background").GetString(), shots[1].GetProperty("background").GetString());
    }
}
