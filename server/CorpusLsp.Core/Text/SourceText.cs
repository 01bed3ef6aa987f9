using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>The text, when held as a string (an editor's buffer, a text made in code).</summary>
    private readonly string? _text;

    /// <summary>
    /// The file's UTF-8 bytes, when read from disk: half the memory of a string for the ASCII most corpora are. A server
    /// holds every file of a corpus, and 10,000 pairs are 82 M characters — 163 MB as strings (issue 19).
    /// </summary>
    private readonly ReadOnlyMemory<byte> _utf8;

    /// <summary>
    /// The string last made from <see cref="_utf8"/>, kept while something else holds it; made with the first string (a weak
    /// reference is a handle each collection scans, and a `check` reads 20,000 files whose strings it makes once).
    /// </summary>
    private WeakReference<string>? _decoded;

    public SourceText(string text)
    {
        _text = text;
        Length = text.Length;
        _lineStarts = ComputeLineStarts(text);
    }

    /// <summary>A text kept as its (valid) UTF-8 bytes: its length and lines are read from them, its string made when asked.</summary>
    private SourceText(ReadOnlyMemory<byte> utf8)
    {
        _utf8 = utf8;
        (_lineStarts, Length) = ComputeLineStarts(utf8.Span);
    }

    /// <summary>The text. A text read from a file is made again from its bytes when nothing holds the string made last.</summary>
    public string Text => _text ?? Decoded();

    public int Length { get; }
    public int LineCount => _lineStarts.Length;

    /// <summary>Whether the text is held as bytes and its string only while in use (for tests of memory).</summary>
    internal bool IsCompact => _text is null;

    private string Decoded()
    {
        var decoded = Volatile.Read(ref _decoded);
        if (decoded is not null && decoded.TryGetTarget(out var text)) return text;
        text = Encoding.UTF8.GetString(_utf8.Span);
        // The bytes may be memory a finalizer frees once no text holds it (a `check`'s files): this text holds it until read.
        GC.KeepAlive(this);
        decoded ??= Interlocked.CompareExchange(ref _decoded, new WeakReference<string>(text), null);
        if (decoded is null) return text;
        // Two readers may both make one (as before the reference was made lazily): the one held first is returned while it lives.
        if (decoded.TryGetTarget(out var first)) return first;
        decoded.SetTarget(text);
        return text;
    }

    /// <summary>
    /// The text's characters for a reader that keeps none of them past the call: the string when one is held, else the bytes
    /// decoded into <paramref name="buffer"/> (a pooled array it rents, to be returned with <see cref="ReturnBuffer"/>), so
    /// that a pass over every article of a corpus makes no string of each (issue 19: CLS052's scan decoded each article again).
    /// </summary>
    public ReadOnlySpan<char> Chars(out char[]? buffer)
    {
        buffer = null;
        if (_text is not null) return _text;
        if (Volatile.Read(ref _decoded) is { } decoded && decoded.TryGetTarget(out var text)) return text;
        buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Length);
        var written = Encoding.UTF8.GetChars(_utf8.Span, buffer.AsSpan());
        GC.KeepAlive(this);
        return buffer.AsSpan(0, written);
    }

    /// <summary>Gives back the buffer <see cref="Chars"/> rented, if any.</summary>
    public static void ReturnBuffer(char[]? buffer)
    {
        if (buffer is not null) System.Buffers.ArrayPool<char>.Shared.Return(buffer);
    }

    /// <summary>Line breaks are \n, \r\n and a lone \r, as in LSP.</summary>
    private static int[] ComputeLineStarts(string text)
    {
        var starts = new int[MaxLines(text.AsSpan())];
        var count = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts[count++] = i + 1;
            }
            else if (c == '\n')
            {
                starts[count++] = i + 1;
            }
        }
        return Trimmed(starts, count);
    }

    /// <summary>
    /// Lines a text can have: one more than its CRs and LFs (a CRLF counts twice). The table is made at that size and cut
    /// only for CRLF files: a list grown line by line and copied was ~2.6 KB of each pair a `check` reads (issue 19).
    /// </summary>
    private static int MaxLines<T>(ReadOnlySpan<T> text) where T : IEquatable<T>, INumberBase<T> =>
        1 + text.Count(T.CreateTruncating('\n')) + text.Count(T.CreateTruncating('\r'));

    private static int[] Trimmed(int[] starts, int count) => count == starts.Length ? starts : starts[..count];

    /// <summary>
    /// The same line starts, in UTF-16 units, from valid UTF-8 without decoding it, and the text's UTF-16 length: a corpus
    /// is read whole at load, and decoding each file there only to count its lines was most of the load's time.
    /// </summary>
    /// <remarks>
    /// A CR or LF byte occurs in valid UTF-8 only as itself, and the UTF-16 offset after one is its byte offset less the
    /// continuation bytes before it plus the 4-byte sequences (each a surrogate pair). Both are counted 16 bytes at a time
    /// and only the breaks are visited one by one: a line at a time (IndexOfAny, then GetCharCount of the line) was ~30 K
    /// instructions for each file of a generated pair, ~3% of a check's (callgrind, issue 19).
    /// </remarks>
    private static (int[] Starts, int Length) ComputeLineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new int[MaxLines(utf8)];
        var count = 1;
        // Surrogate-pair leads and continuation bytes before the block.
        var (four, continuation) = (0, 0);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
            for (; i + Vector128<byte>.Count <= utf8.Length; i += Vector128<byte>.Count)
            {
                var block = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(utf8), (nuint)i);
                var breaks = (Vector128.Equals(block, Vector128.Create((byte)'\n')) | Vector128.Equals(block, Vector128.Create((byte)'\r'))).ExtractMostSignificantBits();
                // Most blocks are ASCII: their sequences are not looked at.
                var (continuations, fours) = (0u, 0u);
                if (block.ExtractMostSignificantBits() != 0)
                {
                    continuations = Vector128.Equals(block & Vector128.Create((byte)0xC0), Vector128.Create((byte)0x80)).ExtractMostSignificantBits();
                    fours = Vector128.GreaterThanOrEqual(block, Vector128.Create((byte)0xF0)).ExtractMostSignificantBits();
                }
                for (; breaks != 0; breaks &= breaks - 1)
                {
                    var at = BitOperations.TrailingZeroCount(breaks);
                    var before = (1u << at) - 1;
                    AddLine(utf8, starts, ref count, i + at,
                        i + at + 1 - continuation - BitOperations.PopCount(continuations & before) + four + BitOperations.PopCount(fours & before));
                }
                if ((continuations | fours) != 0) (continuation, four) = (continuation + BitOperations.PopCount(continuations), four + BitOperations.PopCount(fours));
            }
        for (; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b is (byte)'\n' or (byte)'\r') AddLine(utf8, starts, ref count, i, i + 1 - continuation + four);
            else if ((b & 0xC0) == 0x80) continuation++;
            else if (b >= 0xF0) four++;
        }
        return (Trimmed(starts, count), utf8.Length - continuation + four);
    }

    /// <summary>A line starts at <paramref name="start"/> after the break at byte <paramref name="at"/>; the LF of a CRLF moves the CR's line start past itself.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void AddLine(ReadOnlySpan<byte> utf8, int[] starts, ref int count, int at, int start)
    {
        if (utf8[at] == (byte)'\n' && at > 0 && utf8[at - 1] == (byte)'\r') starts[count - 1] = start;
        else starts[count++] = start;
    }

    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 0, _lineStarts.Length - 1)];

    /// <summary>End of the line's content, before its line break.</summary>
    public int LineEnd(int line)
    {
        if (line >= _lineStarts.Length - 1) return Length;
        var end = _lineStarts[line + 1];
        if (end > 0 && Text[end - 1] == '\n') end--;
        if (end > 0 && Text[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>Zero-based line and UTF-16 column of an offset (clamped into the text).</summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line, offset - _lineStarts[line]);
    }

    /// <summary>
    /// <see cref="GetLineColumn(int)"/> looked up from <paramref name="near"/>, the line of an offset asked before, and set to
    /// this one's: callers that go through a file in order (its diagnostics, a sidecar's entries) find most lines a few
    /// steps on instead of searching the whole table for each (two per diagnostic of a 2,000-warning publish, issue 19).
    /// </summary>
    public (int Line, int Column) GetLineColumn(int offset, ref int near)
    {
        offset = Math.Clamp(offset, 0, Length);
        var line = near;
        if (line < 0 || line >= _lineStarts.Length || _lineStarts[line] > offset) return Remember(GetLineColumn(offset), out near);
        for (var steps = 0; line + 1 < _lineStarts.Length && _lineStarts[line + 1] <= offset; steps++, line++)
            if (steps == 8) return Remember(GetLineColumn(offset), out near);
        near = line;
        return (line, offset - _lineStarts[line]);
    }

    private static (int Line, int Column) Remember((int Line, int Column) at, out int near)
    {
        near = at.Line;
        return at;
    }

    /// <summary>Offset of a zero-based line and UTF-16 column, clamped to the line's content.</summary>
    public int GetOffset(int line, int column)
    {
        if (line < 0) return 0;
        if (line >= _lineStarts.Length) return Length;
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
    public static SourceText? DecodeUtf8(ReadOnlySpan<byte> bytes, out int invalidByteOffset) =>
        IsValid(ref bytes, out invalidByteOffset) ? new SourceText(Encoding.UTF8.GetString(bytes)) : null;

    /// <summary>
    /// <see cref="DecodeUtf8"/> for a file a corpus holds: the text keeps the bytes (<paramref name="bytes"/> itself when it
    /// has no BOM, so the caller gives it up) and makes its string when asked.
    /// </summary>
    public static SourceText? FromFileBytes(byte[] bytes, out int invalidByteOffset) => FromFileBytes((ReadOnlyMemory<byte>)bytes, out invalidByteOffset);

    /// <summary>The same over bytes kept elsewhere (a `check` keeps its files' outside the collected heap).</summary>
    public static SourceText? FromFileBytes(ReadOnlyMemory<byte> bytes, out int invalidByteOffset)
    {
        var valid = bytes.Span;
        if (!IsValid(ref valid, out invalidByteOffset)) return null;
        return new SourceText(bytes[(bytes.Length - valid.Length)..]);
    }

    /// <summary>Strict UTF-8 after a BOM (dropped from <paramref name="bytes"/>), or the byte offset of the first invalid sequence.</summary>
    private static bool IsValid(ref ReadOnlySpan<byte> bytes, out int invalidByteOffset)
    {
        invalidByteOffset = -1;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return true;
        System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out invalidByteOffset, out _, replaceInvalidSequences: false);
        return false;
    }
}
