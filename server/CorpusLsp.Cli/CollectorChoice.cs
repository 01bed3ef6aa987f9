using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CorpusLsp.Cli;

/// <summary>
/// Which garbage collector a command runs under (issue 19). The native executable starts with the workstation collector,
/// the language server's: under the server collector its edit of a 2,000-mention sidecar took p99 56–76 ms (target 50)
/// where the workstation one took 44–79 (bench/lsp, three runs each, noisy), and it held more (10,000 pairs: 346 against
/// 318 MB). A `check` is one batch on every core, and the workstation collector stops it all while one thread collects
/// (~0.5 s of 2.2 s on 10,000 pairs, the other core idle); the server collector collects on both (check 10,000 pairs
/// 1.97 → 1.84 s with it). The collector is chosen before Main runs, from the environment (DOTNET_gcServer) over the
/// build's setting, so a native `check` replaces itself (execve: same process, same standard streams) with the same
/// command and DOTNET_gcServer=1.
/// </summary>
internal static partial class CollectorChoice
{
    public const string Variable = "DOTNET_gcServer";

    /// <summary>Whether a command line is a `check` to start again under the server collector.</summary>
    /// <param name="native">Built as native code (NativeAOT): a framework-dependent build's collector is its runtimeconfig's.</param>
    /// <param name="canExec">Linux, and started as itself: through the loader (ld.so) or under valgrind the process's
    /// executable is another program, which a restart would run instead (and a profiler would lose the work).</param>
    /// <param name="chosen">The environment's DOTNET_gcServer (or COMPlus_gcServer): someone's choice (or this very replacement's) is kept.</param>
    /// <remarks>Shards and their merge stay on the workstation collector: sharding is the small-memory mode for small CI runners.</remarks>
    public static bool Restarts(IReadOnlyList<string> args, bool native, bool canExec, string? chosen, bool serverNow) =>
        args.Count > 0 && args[0] == "check" && native && canExec && chosen is null && !serverNow
        && !args.Any(a => a == "--merge" || a == "--shard" || a.StartsWith("--shard=", StringComparison.Ordinal));

    /// <summary>Whether this process's executable is the program its command line names (see <see cref="Restarts"/>).</summary>
    public static bool StartedAsItself(string? processPath, string? argv0) =>
        processPath is not null && argv0 is not null && Path.GetFileName(processPath) == Path.GetFileName(argv0);

    /// <summary>For a `check`, replaces this process with the same command under the server collector; returns when it does not (or cannot).</summary>
    public static void ForCommand(string[] args)
    {
        var argv0 = Environment.GetCommandLineArgs().FirstOrDefault();
        var chosen = Environment.GetEnvironmentVariable(Variable) ?? Environment.GetEnvironmentVariable("COMPlus_gcServer");
        if (!Restarts(args, !RuntimeFeature.IsDynamicCodeSupported, OperatingSystem.IsLinux() && StartedAsItself(Environment.ProcessPath, argv0),
                chosen, System.Runtime.GCSettings.IsServerGC) || Environment.ProcessPath is not { } exe || argv0 is null) return;
        var environment = Environment.GetEnvironmentVariables().Keys.OfType<string>().ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k) ?? "");
        try { Exec(exe, [argv0, .. args], [.. RestartEnvironment(environment)]); }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { }
        // Still here: execve failed (the executable moved, a limit); the check runs under this collector, as before.
    }

    /// <summary>The restarted check's environment ("NAME=value"): this one, the server collector, its heaps all used, their young generations capped, and no background collections.</summary>
    /// <remarks>
    /// The server collector adapts its heap count to the application (DATAS, on by default since .NET 9) and starts with one:
    /// a 10,000-pair check collected on one GC thread (~330 ms) while the other core idled, 1.65 of 2 cores busy. With the
    /// adaptation off it collects on both (1.84 cores; 1.40 → 1.26 s wall). Each heap then grows its young generation up to
    /// 200 MB between collections (10,000 pairs: 4 collections, peak 255 → 575 MB, 122,000 page faults: the kernel zeroing fresh
    /// memory for the allocator). Capped at 32 MB a heap (hex, as the runtime reads it) the young memory is used again after
    /// each collection: ~20 collections, peak ~255 MB, 43,000 faults, system time 0.42 → 0.21 s, user time +0.15 s, wall the
    /// same or less (six alternated runs of each, load 14). A cap bounds only what is allocated between collections, so any
    /// corpus size is safe. A user's own settings are kept (DOTNET_GCDynamicAdaptationMode=1 restores the adaptation,
    /// DOTNET_GCGen0MaxBudget sets another cap; `--shard` is the small-memory mode).
    /// A background (concurrent) full collection frees nothing in a check, whose corpus stays live to the end, and on 2 cores
    /// its marking thread takes a core from the analysis: off (gcConcurrent=0, unless set).
    /// </remarks>
    public static IEnumerable<string> RestartEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment) yield return $"{name}={value}";
        yield return $"{Variable}=1";
        if (!Chosen(environment, Adaptation)) yield return $"DOTNET_{Adaptation}=0";
        if (!Chosen(environment, YoungCap)) yield return $"DOTNET_{YoungCap}={YoungCapBytes:x}";
        if (!Chosen(environment, Background)) yield return $"DOTNET_{Background}=0";
    }

    private static bool Chosen(IReadOnlyDictionary<string, string> environment, string setting) =>
        environment.ContainsKey("DOTNET_" + setting) || environment.ContainsKey("COMPlus_" + setting);

    private const string Adaptation = "GCDynamicAdaptationMode";
    private const string YoungCap = "GCGen0MaxBudget";
    private const string Background = "gcConcurrent";
    private const int YoungCapBytes = 32 << 20;

    private static unsafe void Exec(string path, string[] argv, string[] envp)
    {
        var strings = new List<nint>();
        nint Utf8(string s) { var p = Marshal.StringToCoTaskMemUTF8(s); strings.Add(p); return p; }
        try
        {
            var args = argv.Select(Utf8).Append(0).ToArray();
            var env = envp.Select(Utf8).Append(0).ToArray();
            fixed (nint* a = args, e = env) Execve(Utf8(path), a, e);
        }
        finally { foreach (var p in strings) Marshal.FreeCoTaskMem(p); }
    }

    [LibraryImport("libc", EntryPoint = "execve")]
    private static unsafe partial int Execve(nint path, nint* argv, nint* envp);
}
