using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Lsp.Protocol;

/// <summary>
/// The JSON of diagnostics after their range (severity, code, source, message, code description), kept from one publish of
/// a file to the next. An edit of a long sidecar gives most of its diagnostics new ranges but the very same message strings
/// (the analysis moves an unchanged entry's findings, <c>AnalysisMemo</c>), and encoding 2,000 messages and links again
/// was most of each publish's writing (issue 19). The diagnostics come in the order of the publish before, give or take
/// the few an edit adds or removes: each is looked for a few places on from the last one found, by its message's string
/// instance (a table of them cost a hash and a miss of the processor's cache per diagnostic), and checked against its code
/// and severity, which are all the bytes depend on besides. One file at a time (the one typed in): a cache for every file
/// published would hold a copy of every message of a corpus.
/// </summary>
public sealed class DiagnosticTails
{
    /// <summary>How far on from the last one found a diagnostic is looked for.</summary>
    private const int Window = 16;

    private string? _path;
    // Two generations: what the last publish wrote, in its order (looked up), and what this one writes (kept for the next).
    private Tail[] _previous = [];
    private int _previousCount;
    private Tail[] _current = [];
    private int _currentCount;
    private int _cursor;

    private readonly record struct Tail(string Message, string Code, Severity Severity, byte[] Json);

    /// <summary>Starts a publish of <paramref name="path"/>: another file's tails are of no use.</summary>
    internal void Begin(string path)
    {
        if (_path != path) Forget(ref _previous, ref _previousCount);
        _path = path;
        Forget(ref _current, ref _currentCount);
        _cursor = 0;
    }

    internal bool TryGet(Diagnostic d, out byte[] json)
    {
        for (var k = _cursor; k < Math.Min(_previousCount, _cursor + Window); k++)
        {
            var tail = _previous[k];
            if (!ReferenceEquals(tail.Message, d.Message)) continue;
            _cursor = k + 1;
            if (tail.Severity != d.Severity || tail.Code != d.Code) break;
            Keep(tail);
            json = tail.Json;
            return true;
        }
        json = [];
        return false;
    }

    internal void Add(Diagnostic d, byte[] json) => Keep(new Tail(d.Message, d.Code, d.Severity, json));

    private void Keep(Tail tail)
    {
        if (_currentCount == _current.Length) Array.Resize(ref _current, Math.Max(16, _current.Length * 2));
        _current[_currentCount++] = tail;
    }

    /// <summary>Ends a publish: its tails are the ones the next looks up (the arrays swap and are written over, not made again).</summary>
    internal void End()
    {
        (_previous, _current) = (_current, _previous);
        (_previousCount, _currentCount) = (_currentCount, _previousCount);
        Forget(ref _current, ref _currentCount);
    }

    // Cleared, not only counted out: the messages of diagnostics long gone are not held.
    private static void Forget(ref Tail[] tails, ref int count)
    {
        Array.Clear(tails, 0, count);
        count = 0;
    }
}
