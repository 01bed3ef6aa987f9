using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Lsp.Protocol;

/// <summary>
/// The JSON of diagnostics after their range (severity, code, source, message, code description), kept from one publish of
/// a file to the next. An edit of a long sidecar gives most of its diagnostics new ranges but the very same message strings
/// (the analysis moves an unchanged entry's findings, <c>AnalysisMemo</c>), and encoding 2,000 messages and links again
/// was most of each publish's writing (issue 19). Keyed by the message's string instance, checked against the code and
/// severity; the bytes depend on nothing else. One file at a time (the one typed in): a cache for every file published
/// would hold a copy of every message of a corpus.
/// </summary>
public sealed class DiagnosticTails
{
    private string? _path;
    // Two generations: what the last publish wrote (looked up) and what this one writes (kept for the next).
    private Dictionary<string, Tail> _previous = new(ReferenceEqualityComparer.Instance);
    private Dictionary<string, Tail> _current = new(ReferenceEqualityComparer.Instance);

    private readonly record struct Tail(string Code, Severity Severity, byte[] Json);

    /// <summary>Starts a publish of <paramref name="path"/>: another file's tails are of no use.</summary>
    internal void Begin(string path)
    {
        if (_path != path) _previous.Clear();
        _path = path;
        _current.Clear();
    }

    internal bool TryGet(Diagnostic d, out byte[] json)
    {
        if ((_previous.TryGetValue(d.Message, out var tail) || _current.TryGetValue(d.Message, out tail)) && tail.Severity == d.Severity && tail.Code == d.Code)
        {
            _current[d.Message] = tail;
            json = tail.Json;
            return true;
        }
        json = [];
        return false;
    }

    internal void Add(Diagnostic d, byte[] json) => _current[d.Message] = new Tail(d.Code, d.Severity, json);

    /// <summary>Ends a publish: its tails are the ones the next looks up (the tables swap; cleared, they keep their size).</summary>
    internal void End()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }
}
