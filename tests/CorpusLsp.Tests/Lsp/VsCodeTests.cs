using System.Diagnostics;
using CorpusLsp.Tests.Support;
using Xunit.Abstractions;

namespace CorpusLsp.Tests.Lsp;

/// <summary>
/// The VS Code extension's own tests, run from the one test command: its unit tests (node:test) and the
/// end-to-end test in a real VS Code (code-server + Chromium), after tests/setup.sh vscode installs
/// what it needs (idempotent, once per run).
/// </summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class VsCodeTests(ITestOutputHelper output)
{
    private static string Extension => Path.Combine(Repo.Root, "vscode-extension");

    private (int Exit, string Output) Run(string file, string args, string cwd, int timeoutMs)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(entireProcessTree: true); return (-1, $"timed out after {timeoutMs / 1000} s\n{stdout.Result}{stderr.Result}"); }
        var text = stdout.Result + stderr.Result;
        output.WriteLine(text.Length > 4000 ? text[^4000..] : text);
        return (p.ExitCode, text);
    }

    [Fact]
    public void Extension_unit_tests_and_end_to_end_in_code_server()
    {
        ClientSetup.Ensure("vscode");
        var unit = Run("node", "--test test/", Extension, 120_000);
        Assert.True(unit.Exit == 0, $"extension unit tests failed:\n{unit.Output}");
        var e2e = Run("node", "--test e2e/", Extension, 600_000);
        Assert.True(e2e.Exit == 0, $"code-server end-to-end test failed (screenshots in vscode-extension/e2e/artifacts):\n{e2e.Output}");
        // The package tests/setup.sh built ships the server without debug symbols (they were ~875 KB).
        using (var vsix = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Extension, "corpuslsp.vsix")))
            Assert.DoesNotContain(vsix.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
        foreach (var shot in new[] { "problems.png", "hover.png", "completion.png", "show-on-map.png", "paired.png", "map-timeline.png", "timeline-error.png" })
            Assert.True(File.Exists(Path.Combine(Extension, "e2e", "artifacts", shot)), $"missing screenshot {shot}");
    }

    /// <summary>
    /// The package is made for one platform (`vsce package --target`) with the server published for it, self-contained
    /// and precompiled as one composite image (ReadyToRun): start-up JIT was ~40% of the first diagnostics after opening
    /// a corpus with the portable build, and the framework-dependent image still left generic code to compile (issue 19);
    /// the user needs no .NET runtime.
    /// </summary>
    [Fact]
    public void The_package_is_made_for_this_platform_with_the_server_precompiled_and_its_own_runtime()
    {
        ClientSetup.Ensure("vscode");
        using var vsix = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Extension, "corpuslsp.vsix"));
        using (var manifest = new StreamReader(vsix.GetEntry("extension.vsixmanifest")!.Open()))
            Assert.Matches("TargetPlatform=\"(linux|alpine|darwin|win32)-[a-z0-9]+\"", manifest.ReadToEnd());
        foreach (var name in new[] { "corpuslsp.dll", "CorpusLsp.Core.dll", "CorpusLsp.Lsp.dll" })
        {
            var entry = vsix.GetEntry("extension/server/" + name);
            Assert.True(entry is not null, $"{name} is not in the package");
            using var copy = new MemoryStream();
            using (var stream = entry.Open()) stream.CopyTo(copy);
            copy.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
            // A ReadyToRun image carries native code, announced by the managed native header of its CLI header.
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{name} is not precompiled (ReadyToRun)");
        }
        // Its own runtime, and the composite image the assemblies above point into.
        Assert.Contains(vsix.Entries, e => e.FullName is "extension/server/libcoreclr.so" or "extension/server/coreclr.dll" or "extension/server/libcoreclr.dylib");
        Assert.Contains(vsix.Entries, e => e.FullName == "extension/server/corpuslsp.r2r.dll");
    }
}

