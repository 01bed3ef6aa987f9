using System.IO.Pipelines;
using CorpusLsp.Lsp.Server;
using Serilog;

namespace CorpusLsp.Cli;

public static class ServeCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stderr)
    {
        string? logPath = Environment.GetEnvironmentVariable("CORPUSLSP_LOG");
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--stdio": break; // the only transport; vscode-languageclient passes it
                case "--log" when i + 1 < args.Count: logPath = args[++i]; break;
                case "-h" or "--help":
                    stderr.WriteLine("Usage: corpuslsp serve [--stdio] [--log FILE]\nRuns the language server over stdin/stdout. Logs go to FILE (or $CORPUSLSP_LOG, or the temp folder), never to stdout.");
                    return 0;
                default:
                    if (args[i].StartsWith("--clientProcessId", StringComparison.Ordinal)) break;
                    stderr.WriteLine($"corpuslsp serve: unknown option '{args[i]}'");
                    return 2;
            }
        }
        logPath ??= Path.Combine(Path.GetTempPath(), $"corpuslsp-{Environment.ProcessId}.log");
        using var logger = new LoggerConfiguration().MinimumLevel.Debug()
            .WriteTo.File(logPath, outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}", fileSizeLimitBytes: 20 << 20, rollOnFileSizeLimit: true, retainedFileCountLimit: 2)
            .CreateLogger();
        var stdout = Console.OpenStandardOutput();
        // Whatever else writes to Console must not corrupt the protocol stream.
        Console.SetOut(Console.Error);
        var input = PipeReader.Create(Console.OpenStandardInput(), new StreamPipeReaderOptions(bufferSize: 1 << 16));
        logger.Information("corpuslsp {Version} serving over stdio (pid {Pid})", Program.Version, Environment.ProcessId);
        var server = new LanguageServer(input, stdout, new PhysicalFileSystem(), logger, Program.Version, new DiskGazetteerCache());
        var exit = server.RunAsync().GetAwaiter().GetResult();
        logger.Information("Exit with {Code}", exit);
        return exit;
    }
}
