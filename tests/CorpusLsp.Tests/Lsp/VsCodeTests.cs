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
    /// The package is made for one platform (`vsce package --target`) with the server published for it as native code
    /// (NativeAOT): one executable, no assemblies to compile at start and no .NET runtime needed on the user's machine.
    /// The self-contained ReadyToRun composite it replaced took three times the processor time to first diagnostics on
    /// the example corpus, the portable build more again (issue 19).
    /// </summary>
    [Fact]
    public void The_package_is_made_for_this_platform_with_the_server_as_one_native_executable()
    {
        ClientSetup.Ensure("vscode");
        using var vsix = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Extension, "corpuslsp.vsix"));
        using (var manifest = new StreamReader(vsix.GetEntry("extension.vsixmanifest")!.Open()))
            Assert.Matches("TargetPlatform=\"(linux|alpine|darwin|win32)-[a-z0-9]+\"", manifest.ReadToEnd());
        var server = vsix.Entries.Where(e => e.FullName.StartsWith("extension/server/", StringComparison.Ordinal)).Select(e => e.FullName).ToList();
        var executable = Assert.Single(server);
        Assert.Matches("^extension/server/corpuslsp(\\.exe)?$", executable);
        var head = new byte[4];
        using (var stream = vsix.GetEntry(executable)!.Open()) stream.ReadExactly(head);
        // Native code for this machine's format: ELF here, PE or Mach-O elsewhere; not a launcher beside an assembly.
        var magic = OperatingSystem.IsWindows() ? "MZ"u8.ToArray() : OperatingSystem.IsMacOS() ? new byte[] { 0xCF, 0xFA, 0xED, 0xFE } : [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        Assert.Equal(magic, head[..magic.Length]);
    }

    [Fact]
    public void The_packaged_server_has_its_collector_budget_compiled_in()
    {
        // Clients other than VS Code start the executable as it is, with no environment of ours: the 64 MB gen-0 budget
        // (fewer collections per edit of a long sidecar, issue 19) must be inside it, where the native runtime reads its
        // settings (hex values).
        Assert.Equal("4000000", PackagedServerSettings().GetValueOrDefault("GCgen0size"));
    }

    [Fact]
    public void The_packaged_server_allocates_objects_under_one_megabyte_young()
    {
        // An edit makes the document's text anew (300 KB for a 2,000-mention sidecar); on the large object heap those
        // strings started a full collection every 10-16 edits (issue 19). The threshold (hex 100000 = 1 MB) is compiled
        // in beside the gen-0 budget.
        Assert.Equal("100000", PackagedServerSettings().GetValueOrDefault("GCLOHThreshold"));
    }

    /// <summary>
    /// The runtime settings compiled into the packaged executable (`--runtimeopt`): one run of zero-ended strings, every
    /// name in the order given, then every value in the same order. The gen-0 budget is given first (CorpusLsp.Cli.csproj).
    /// </summary>
    private static Dictionary<string, string> PackagedServerSettings()
    {
        ClientSetup.Ensure("vscode");
        using var vsix = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Extension, "corpuslsp.vsix"));
        var executable = vsix.Entries.Single(e => e.FullName.StartsWith("extension/server/corpuslsp", StringComparison.Ordinal));
        using var bytes = new MemoryStream();
        using (var stream = executable.Open()) stream.CopyTo(bytes);
        var image = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        var at = image.IndexOf("GCgen0size\0"u8);
        Assert.True(at >= 0, "no GCgen0size setting in the packaged server");
        var strings = new List<string>();
        for (var end = image[at..].IndexOf((byte)0); end > 0; end = image[at..].IndexOf((byte)0))
        {
            strings.Add(System.Text.Encoding.ASCII.GetString(image.Slice(at, end)));
            at += end + 1;
        }
        Assert.True(strings.Count % 2 == 0, $"not names then values: {string.Join(", ", strings)}");
        var half = strings.Count / 2;
        return strings.Take(half).Zip(strings.Skip(half)).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
