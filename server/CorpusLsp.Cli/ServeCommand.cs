using System.CommandLine;
using System.IO.Pipelines;
using CorpusLsp.Lsp.Server;

namespace CorpusLsp.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Serve over stdin/stdout (the only transport; clients pass it)" };
        var log = new Option<string?>("--log") { HelpName = "FILE", Description = "Log file (default: $CORPUSLSP_LOG, else a rolling log in the state directory)" };
        // vscode-languageclient appends --clientProcessId=PID.
        var clientProcessId = new Option<int?>("--clientProcessId") { Hidden = true };
        var command = new Command("serve", "Run the language server over stdin/stdout; logs never go to stdout") { stdio, log, clientProcessId };
        command.SetAction(parsed => Run(parsed.GetValue(log)));
        return command;
    }

    public static int Run(string? logPath)
    {
        using var logger = ServerLog.Create(logPath);
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
