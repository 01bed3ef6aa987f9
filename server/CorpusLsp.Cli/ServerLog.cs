using Serilog;
using Serilog.Core;

namespace CorpusLsp.Cli;

/// <summary>
/// The server's log. A path the user names (--log FILE, else $CORPUSLSP_LOG) is written as named, since clients open
/// it (VS Code's "show log"); otherwise a daily rolling file in the user's state directory ($XDG_STATE_HOME/corpuslsp,
/// else ~/.local/state/corpuslsp), shared by concurrent servers, a few days kept: never a file per process.
/// </summary>
public static class ServerLog
{
    public static string DefaultDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "corpuslsp");

    /// <summary>The named file, or null for the default rolling log.</summary>
    public static string? Named(string? logPath) =>
        logPath is { Length: > 0 } ? logPath
        : Environment.GetEnvironmentVariable("CORPUSLSP_LOG") is { Length: > 0 } env ? env
        : null;

    public static Logger Create(string? logPath)
    {
        var named = Named(logPath);
        // Serilog puts the date before the extension of a daily file: server-20261202.log.
        var path = named ?? Path.Combine(DefaultDirectory(), "server-.log");
        return new LoggerConfiguration().MinimumLevel.Debug()
            .Enrich.WithProperty("ProcessId", Environment.ProcessId)
            .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {ProcessId} [{Level:u3}] {Message:lj}{NewLine}{Exception}",
                rollingInterval: named is null ? RollingInterval.Day : RollingInterval.Infinite,
                fileSizeLimitBytes: 20 << 20, rollOnFileSizeLimit: true, retainedFileCountLimit: 5, shared: true)
            .CreateLogger();
    }
}
