using System.Collections.Concurrent;
using System.Diagnostics;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// Runs tests/setup.sh once per run and component (neovim, vscode), so that the README's one test command installs
/// what the real-client tests need on a fresh machine; the script itself is idempotent and locked across runs.
/// </summary>
public static class ClientSetup
{
    private static readonly ConcurrentDictionary<string, Lazy<(int Exit, string Output)>> Done = new(StringComparer.Ordinal);

    public static void Ensure(string component)
    {
        var (exit, output) = Done.GetOrAdd(component, c => new Lazy<(int, string)>(() => Run(c))).Value;
        Assert.True(exit == 0, $"tests/setup.sh {component} failed (exit {exit}):\n{output}");
    }

    private static (int Exit, string Output) Run(string component)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(Repo.Root, "tests", "setup.sh"));
        psi.ArgumentList.Add(component);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // First installs download and build (code-server's native modules): allow 20 minutes.
        if (!p.WaitForExit(1_200_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timed out after 20 minutes\n" + stdout.Result + stderr.Result);
        }
        var text = stdout.Result + stderr.Result;
        return (p.ExitCode, text.Length > 6000 ? text[^6000..] : text);
    }
}
