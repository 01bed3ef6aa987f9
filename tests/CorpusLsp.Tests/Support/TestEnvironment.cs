using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// Makes a test run hermetic: before any test, the process (and so every process a test starts, which inherits
/// its environment) gets one temporary folder per run for the gazetteer cache (CORPUSLSP_CACHE), server logs
/// (XDG_STATE_HOME), clients' caches and data (XDG_CACHE_HOME, XDG_DATA_HOME), temporary files (TMPDIR) and
/// scratch corpora. The folder is removed when the run ends; folders of runs that died are removed by the next.
/// </summary>
public static class TestEnvironment
{
    private const string Prefix = "corpuslsp-tests-";

    /// <summary>The run's folder, under the system's temporary folder as it was before the run.</summary>
    public static string Root { get; private set; } = "";

    public static string Cache => Path.Combine(Root, "cache", "corpuslsp");
    public static string State => Path.Combine(Root, "state");
    public static string Scratch => Path.Combine(Root, "scratch");

    /// <summary>The system's temporary folder before TMPDIR pointed into the run's folder.</summary>
    public static string SystemTemp { get; private set; } = Path.GetTempPath();

    [ModuleInitializer]
    internal static void Initialize()
    {
        RemoveFoldersOfDeadRuns();
        Root = Path.Combine(SystemTemp, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(Prefix.Length + 20)]);
        var tmp = Path.Combine(Root, "tmp");
        foreach (var dir in new[] { Cache, State, Scratch, tmp, Path.Combine(Root, "data") }) Directory.CreateDirectory(dir);
        Environment.SetEnvironmentVariable("CORPUSLSP_CACHE", Cache);
        Environment.SetEnvironmentVariable("CORPUSLSP_LOG", null);
        Environment.SetEnvironmentVariable("XDG_STATE_HOME", State);
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(Root, "cache"));
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(Root, "data"));
        Environment.SetEnvironmentVariable("TMPDIR", tmp);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(Root);
        StartReaper();
    }

    /// <summary>
    /// The test host may be ended before its exit handler has removed a large folder, so a detached shell (its own
    /// parent exits at once; it is no child of the test host) waits for this process to end, removes the folder and ends.
    /// </summary>
    private static void StartReaper()
    {
        var psi = new ProcessStartInfo("sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec </dev/null >/dev/null 2>&1; (while kill -0 \"$1\"; do sleep 1; done; rm -rf \"$2\") & exit 0");
        psi.ArgumentList.Add("reaper");
        psi.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(Root);
        try { using var p = Process.Start(psi); p?.WaitForExit(); }
        catch (System.ComponentModel.Win32Exception) { /* no sh: the exit handler and the next run's sweep remain */ }
    }

    /// <summary>A new empty folder for one test, removed with the run (or earlier by the test).</summary>
    public static string NewScratchFolder(string name = "corpus") =>
        Directory.CreateDirectory(Path.Combine(Scratch, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)])).FullName;

    public static void Delete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void RemoveFoldersOfDeadRuns()
    {
        foreach (var dir in Directory.EnumerateDirectories(SystemTemp, Prefix + "*"))
        {
            var pidText = Path.GetFileName(dir)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pidText, out var pid) && !IsRunning(pid)) Delete(dir);
        }
    }

    private static bool IsRunning(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
