using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// The last lines an in-process server logged, with the time each was written: a wait that times out shows them, so that a
/// failure seen once on a loaded CI machine says where the server was instead of only that an answer did not come.
/// </summary>
public sealed class RecentLog(int capacity) : ILogEventSink
{
    private readonly Queue<string> _lines = new();

    public void Emit(LogEvent logEvent)
    {
        var line = $"{logEvent.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {logEvent.Level.ToString()[..3]} {logEvent.RenderMessage(CultureInfo.InvariantCulture)}"
            + (logEvent.Exception is { } e ? $" {e.GetType().Name}: {e.Message}" : "");
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    /// <summary>The kept lines after a heading, for an exception's message; empty when the server logged nothing.</summary>
    public string Tail()
    {
        var lines = Lines;
        return lines.Count == 0 ? "" : $"{Environment.NewLine}The server's last {lines.Count} log lines (now {DateTime.Now:HH:mm:ss.fff}):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
