using System.Numerics;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// The text's UTF-8 bytes for a reader that keeps none of them past the call (and keeps this text alive until it is
    /// done): the bytes when held, else the string encoded into <paramref name="buffer"/> (rented, to be returned with
    /// <see cref="ReturnBuffer(byte[])"/>); false when the string is not valid UTF-16 (a lone surrogate).
    /// A reader of bytes spares decoding a file whose parse decodes it again (issue 19).
    /// </summary>
    public bool TryUtf8(out ReadOnlySpan<byte> utf8, out byte[]? buffer)
    {
        buffer = null;
        if (_text is null) { utf8 = _utf8.Span; return true; }
        buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(_text.Length));
        var status = System.Text.Unicode.Utf8.FromUtf16(_text, buffer, out _, out var written, replaceInvalidSequences: false);
        utf8 = buffer.AsSpan(0, written);
        return status == System.Buffers.OperationStatus.Done;
    }

    /// <summary>Gives back the buffer <see cref="TryUtf8"/> rented, if any.</summary>
    public static void ReturnBuffer(byte[]? buffer)
    {
        if (buffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
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
    /// One pass, sixteen bytes at a time: a byte is a UTF-16 unit unless it continues a sequence (10xxxxxx), and a four-byte
    /// sequence's lead (11110xxx) is two (a surrogate pair), counted in a chunk's masks. Counting the breaks to size the
    /// table, telling ASCII files, then finding each line and counting its units were four passes, ~30 K instructions a
    /// generated file (issue 19).
    /// </remarks>
    private static (int[] Starts, int Length) ComputeLineStarts(ReadOnlySpan<byte> utf8)
    {
        // Pooled, and the table copied out at its size: the lines are not counted first.
        var starts = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Min(utf8.Length, 1 << 12) + Vector128<byte>.Count + 1);
        var (count, units, i) = (1, 0, 0);
        starts[0] = 0;
        while (true)
        {
            // A chunk adds at most a start per byte: the chunks up to the limit fit, with no call in the loop to grow the table.
            var limit = Math.Min(utf8.Length, i + starts.Length - count);
            (i, count, units) = Chunks(utf8, i, limit, starts, count, units);
            if (i + Vector128<byte>.Count > utf8.Length) break;
            // Grown while the room left is short of the bytes left: a limit a few chunks on would make a call every few chunks.
            if (starts.Length - count < Math.Min(1 << 10, utf8.Length - i + Vector128<byte>.Count)) starts = Grown(starts);
        }
        if (starts.Length - count < Vector128<byte>.Count) starts = Grown(starts);
        (count, units) = Bytes(utf8, i, utf8.Length, starts, count, units);
        var table = starts.AsSpan(0, count).ToArray();
        System.Buffers.ArrayPool<int>.Shared.Return(starts);
        return (table, units);
    }

    /// <summary>
    /// The line starts of the sixteen-byte chunks from <paramref name="i"/> to <paramref name="limit"/>, put in
    /// <paramref name="starts"/> from <paramref name="count"/>: where it stopped, the starts put and the units read.
    /// </summary>
    private static (int At, int Count, int Units) Chunks(ReadOnlySpan<byte> utf8, int i, int limit, int[] starts, int count, int units)
    {
        ref var first = ref MemoryMarshal.GetReference(utf8);
        for (; i + Vector128<byte>.Count <= limit; i += Vector128<byte>.Count)
        {
            var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
            var lf = Vector128.Equals(chunk, Vector128.Create((byte)'\n')).ExtractMostSignificantBits();
            var cr = Vector128.Equals(chunk, Vector128.Create((byte)'\r')).ExtractMostSignificantBits();
            var high = chunk.ExtractMostSignificantBits();
            if ((lf | cr | high) == 0)
            {
                units += Vector128<byte>.Count;
                continue;
            }
            // A CR followed by an LF (in this chunk or the next) breaks no line of its own: the line starts after the LF.
            var breaks = lf | (cr & ~(lf >> 1));
            if ((cr & 0x8000) != 0 && i + Vector128<byte>.Count < utf8.Length && Unsafe.Add(ref first, i + Vector128<byte>.Count) == (byte)'\n')
                breaks &= 0x7FFF;
            if (high != 0)
            {
                (count, units) = Beyond(chunk, breaks, starts, count, units);
                continue;
            }
            for (; breaks != 0; breaks &= breaks - 1) starts[count++] = units + BitOperations.TrailingZeroCount(breaks) + 1;
            units += Vector128<byte>.Count;
        }
        return (i, count, units);
    }

    /// <summary>
    /// A chunk with bytes beyond ASCII (a dash, a quote): its units are the bytes that do not continue a sequence, and a
    /// four-byte sequence's lead once more; a line starts after the units up to its break. Read byte by byte, such chunks
    /// were a third of reading a generated article's lines.
    /// </summary>
    private static (int Count, int Units) Beyond(Vector128<byte> chunk, uint breaks, int[] starts, int count, int units)
    {
        var leads = ~Vector128.Equals(chunk & Vector128.Create((byte)0xC0), Vector128.Create((byte)0x80)).ExtractMostSignificantBits() & 0xFFFF;
        var fours = Vector128.Equals(chunk & Vector128.Create((byte)0xF8), Vector128.Create((byte)0xF0)).ExtractMostSignificantBits();
        for (; breaks != 0; breaks &= breaks - 1)
        {
            var through = (2u << BitOperations.TrailingZeroCount(breaks)) - 1;
            starts[count++] = units + BitOperations.PopCount(leads & through) + BitOperations.PopCount(fours & through);
        }
        return (count, units + BitOperations.PopCount(leads) + BitOperations.PopCount(fours));
    }

    /// <summary><see cref="Chunks"/> byte by byte, for the bytes after the last chunk.</summary>
    private static (int Count, int Units) Bytes(ReadOnlySpan<byte> utf8, int from, int to, int[] starts, int count, int units)
    {
        for (var i = from; i < to; i++)
        {
            var b = utf8[i];
            units += ((b & 0xC0) != 0x80 ? 1 : 0) + ((b & 0xF8) == 0xF0 ? 1 : 0);
            if (b == (byte)'\n' || (b == (byte)'\r' && (i + 1 == utf8.Length || utf8[i + 1] != (byte)'\n'))) starts[count++] = units;
        }
        return (count, units);
    }

    private static int[] Grown(int[] buffer)
    {
        var grown = System.Buffers.ArrayPool<int>.Shared.Rent(buffer.Length * 2);
        buffer.CopyTo(grown, 0);
        System.Buffers.ArrayPool<int>.Shared.Return(buffer);
        return grown;
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
