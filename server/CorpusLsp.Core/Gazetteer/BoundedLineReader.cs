namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Reads lines of at most a given length from a text reader: a longer line is skipped to its end without being
/// kept, so a 300 MB line without a newline costs a buffer, not 300 MB. Lines end at \n; a \r before it is dropped.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly System.Text.StringBuilder _line = new();
    private int _at, _end;
    private int _number;
    private long _offset;

    /// <summary>A line: its text, or null when it was too long; its 1-based number, start offset and length in UTF-16 units.</summary>
    public readonly record struct Line(string? Text, int Number, long Start, long Length);

    public Line? Next()
    {
        _line.Clear();
        var length = 0L;
        var start = _offset;
        while (true)
        {
            if (_at == _end && !Fill())
            {
                if (length == 0) return null;
                return Finish(start, length, lineBreak: 0);
            }
            var span = _buffer.AsSpan(_at, _end - _at);
            var nl = span.IndexOf('\n');
            var take = nl < 0 ? span.Length : nl;
            if (length + take <= maxLength) _line.Append(span[..take]);
            length += take;
            _at += take;
            if (nl >= 0)
            {
                _at++;
                return Finish(start, length, lineBreak: 1);
            }
        }
    }

    private Line Finish(long start, long length, int lineBreak)
    {
        _number++;
        _offset = start + length + lineBreak;
        if (length > maxLength) return new Line(null, _number, start, length);
        if (_line.Length > 0 && _line[^1] == '\r') _line.Length--;
        return new Line(_line.ToString(), _number, start, length);
    }

    private bool Fill()
    {
        _at = 0;
        _end = reader.Read(_buffer, 0, _buffer.Length);
        return _end > 0;
    }
}
