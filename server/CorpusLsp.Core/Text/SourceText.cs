using System.Text;

namespace CorpusLsp.Core.Text;

/// <summary>
/// Immutable text of one file with a line index. Offsets are UTF-16 code units (C# string indices);
/// conversions to code points (the sidecar's <c>span</c> unit) and UTF-8 bytes live here so that every
/// encoding question has one answer.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    public string Text { get; }
    public int Length => Text.Length;
    public int LineCount => _lineStarts.Length;

    /// <summary>Line breaks are \n, \r\n and a lone \r, as in LSP.</summary>
    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }

    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 0, _lineStarts.Length - 1)];

    /// <summary>End of the line's content, before its line break.</summary>
    public int LineEnd(int line)
    {
        if (line >= _lineStarts.Length - 1) return Text.Length;
        var end = _lineStarts[line + 1];
        if (end > 0 && Text[end - 1] == '\n') end--;
        if (end > 0 && Text[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>Zero-based line and UTF-16 column of an offset (clamped into the text).</summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line, offset - _lineStarts[line]);
    }

    /// <summary>Offset of a zero-based line and UTF-16 column, clamped to the line's content.</summary>
    public int GetOffset(int line, int column)
    {
        if (line < 0) return 0;
        if (line >= _lineStarts.Length) return Text.Length;
        var start = _lineStarts[line];
        return Math.Clamp(start + Math.Max(column, 0), start, LineEnd(line));
    }

    public string GetLineText(int line) => Text[LineStart(line)..LineEnd(line)];

    public string Slice(TextSpan span) =>
        Text.Substring(Math.Clamp(span.Start, 0, Text.Length), Math.Clamp(span.End, 0, Text.Length) - Math.Clamp(span.Start, 0, Text.Length));

    /// <summary>UTF-16 offset of a code point offset, or -1 when it lies beyond the text.</summary>
    public int OffsetFromCodePoint(int codePoint)
    {
        if (codePoint < 0) return -1;
        var cp = 0;
        var i = 0;
        while (i < Text.Length && cp < codePoint)
        {
            i += char.IsHighSurrogate(Text[i]) && i + 1 < Text.Length && char.IsLowSurrogate(Text[i + 1]) ? 2 : 1;
            cp++;
        }
        return cp == codePoint ? i : -1;
    }

    public int CodePointFromOffset(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var cp = 0;
        for (var i = 0; i < offset; i++)
        {
            if (char.IsHighSurrogate(Text[i]) && i + 1 < Text.Length && char.IsLowSurrogate(Text[i + 1])) i++;
            cp++;
        }
        return cp;
    }

    public int CodePointLength => CodePointFromOffset(Text.Length);

    /// <summary>
    /// Decodes file bytes as strict UTF-8. A leading BOM is dropped (editors do not show it and LSP
    /// clients do not send it). Returns null and the byte offset of the first invalid sequence otherwise.
    /// </summary>
    public static SourceText? DecodeUtf8(ReadOnlySpan<byte> bytes, out int invalidByteOffset)
    {
        invalidByteOffset = -1;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            invalidByteOffset = read;
            return null;
        }
        return new SourceText(StrictUtf8.GetString(bytes));
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
