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
        var input = PumpStandardInput();
        logger.Information("corpuslsp {Version} serving over stdio (pid {Pid})", Program.Version, Environment.ProcessId);
        var server = new LanguageServer(input, new SynchronousWrites(stdout), new PhysicalFileSystem(), logger, Program.Version, new DiskGazetteerCache());
        var exit = server.RunAsync().GetAwaiter().GetResult();
        logger.Information("Exit with {Code}", exit);
        return exit;
    }

    /// <summary>
    /// Standard input read by a thread of its own, which also runs the message loop up to its first real wait: the console
    /// stream's asynchronous reads borrow the thread pool, so a busy pool (a gazetteer build, many requests) would leave
    /// `$/cancelRequest`, `shutdown` and document changes unread.
    /// </summary>
    private static PipeReader PumpStandardInput()
    {
        // No writer pause: a frame is only consumed once whole, so pausing at a threshold below its size would never resume.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var stdin = Console.OpenStandardInput();
        var thread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    var n = stdin.Read(pipe.Writer.GetSpan(1 << 16));
                    if (n == 0) break;
                    pipe.Writer.Advance(n);
                    if (pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult().IsCompleted) break;
                }
                pipe.Writer.Complete();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException) { pipe.Writer.Complete(ex); }
        }) { IsBackground = true, Name = "corpuslsp stdin" };
        thread.Start();
        return pipe.Reader;
    }

    /// <summary>Standard output written synchronously: the console stream's asynchronous writes would wait for a pool thread.</summary>
    private sealed class SynchronousWrites(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) { inner.Flush(); return Task.CompletedTask; }
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { inner.Write(buffer, offset, count); return Task.CompletedTask; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { inner.Write(buffer.Span); return ValueTask.CompletedTask; }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
