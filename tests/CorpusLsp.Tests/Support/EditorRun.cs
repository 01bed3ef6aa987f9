using System.Diagnostics;
using System.Text.Json;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// Runs a real editor headless (Neovim, Emacs) on a scratch corpus through the README's configuration for it
/// (tests/clients/EDITOR/), with this build's server on PATH as `corpuslsp`, and returns what the driver script
/// (tests/clients/EDITOR/test.*) wrote: one flow per run.
/// </summary>
public static class EditorRun
{
    private static readonly Lazy<string> Bin = new(() =>
    {
        // The configurations start `corpuslsp` from PATH, as after `dotnet tool install` with ~/.dotnet/tools on PATH.
        var bin = TestEnvironment.NewScratchFolder("bin");
        var script = Path.Combine(bin, "corpuslsp");
        File.WriteAllText(script, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "corpuslsp.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return bin;
    });

    public static string Clients => Path.Combine(Repo.Root, "tests", "clients");


    /// <summary>Runs FLOW of the editor's driver on <paramref name="corpus"/>; fails the test when the editor does not finish.</summary>
    public static JsonElement Run(string editor, string flow, string corpus, string? config = null)
    {
        ClientSetup.Ensure(editor);
        var output = Path.Combine(TestEnvironment.NewScratchFolder("out"), $"{editor}-{flow}.json");
        var home = TestEnvironment.NewScratchFolder("home");
        var (program, args, defaultConfig) = editor switch
        {
            "neovim" => (Find("nvim"), new[] { "--headless", "--clean", "-c", $"luafile {Path.Combine(Clients, "neovim", "test.lua")}" }, "corpuslsp.lua"),
            "emacs" => (Find("emacs"), new[] { "--batch", "-l", Path.Combine(Clients, "emacs", "test.el") }, "corpuslsp.el"),
            _ => throw new ArgumentException(editor),
        };
        var psi = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = corpus,
        };
        psi.Environment["CORPUS"] = corpus;
        psi.Environment["OUT"] = output;
        psi.Environment["FLOW"] = flow;
        psi.Environment["CONFIG"] = Path.Combine(Clients, editor, config ?? defaultConfig);
        psi.Environment["PATH"] = Bin.Value + ":" + Environment.GetEnvironmentVariable("PATH");
        // The editors keep state in the home folder (Emacs's ~/.emacs.d): a scratch one, removed with the run.
        psi.Environment["HOME"] = home;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{editor} did not finish flow {flow} within 120 s. stderr: {Tail(stderr)}");
        }
        Assert.True(File.Exists(output), $"{editor} wrote no result for flow {flow}. stdout: {Tail(stdout)} stderr: {Tail(stderr)}");
        using var result = JsonDocument.Parse(File.ReadAllText(output));
        return result.RootElement.Clone();
    }

    private static string Tail(Task<string> text) => text.Wait(2000) ? text.Result[Math.Max(0, text.Result.Length - 3000)..] : "";

    private static string Find(string name)
    {
        var found = new[] { "/usr/bin/", "/usr/local/bin/" }.Select(d => d + name).FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"tests/setup.sh succeeded, yet there is no {name} in /usr/bin or /usr/local/bin.");
        return found!;
    }

    /// <summary>The example corpus with the planted errors the basic flows expect: 'Kanaser' (CLS011) and `fled` dated a Tuesday (CLS031).</summary>
    public static string PlantedCorpus()
    {
        var corpus = Repo.CopyExample();
        var sidecar = Path.Combine(corpus, "003_822e10b602b157a7.yaml");
        var text = File.ReadAllText(sidecar);
        var planted = text.Replace("  - id: khanaser\n    text: Khanaser", "  - id: khanaser\n    text: Kanaser").Replace("    text: fled\n    date: 2016-02-24", "    text: fled\n    date: 2016-02-23");
        Assert.True(planted.Length == text.Length - 1 && planted != text, "The example sidecar no longer has the lines the planted errors change.");
        File.WriteAllText(sidecar, planted);
        return corpus;
    }
}
