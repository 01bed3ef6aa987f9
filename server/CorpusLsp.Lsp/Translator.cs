using System.Buffers;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Lsp;

public enum PositionEncoding { Utf16, Utf8, Utf32 }

/// <summary>
/// The one place where Core offsets (UTF-16 code units) meet LSP positions (line + character in the
/// negotiated encoding), and file paths meet URIs.
/// </summary>
public sealed class Translator(PositionEncoding encoding)
{
    public PositionEncoding Encoding { get; } = encoding;

    public static string EncodingName(PositionEncoding e) => e switch { PositionEncoding.Utf8 => "utf-8", PositionEncoding.Utf32 => "utf-32", _ => "utf-16" };

    /// <summary>Picks the client's most preferred encoding that we support; UTF-16 when it says nothing.</summary>
    public static PositionEncoding Negotiate(IEnumerable<string>? offered)
    {
        foreach (var e in offered ?? [])
            switch (e)
            {
                case "utf-16": return PositionEncoding.Utf16;
                case "utf-8": return PositionEncoding.Utf8;
                case "utf-32": return PositionEncoding.Utf32;
            }
        return PositionEncoding.Utf16;
    }

    public Position ToPosition(SourceText text, int offset)
    {
        var (line, character) = LineCharacter(text, offset);
        return new Position(line, character);
    }

    private (int Line, int Character) LineCharacter(SourceText text, int offset)
    {
        var near = -1;
        return LineCharacter(text, offset, ref near);
    }

    /// <param name="near">The line of the offset converted before (see <see cref="SourceText.GetLineColumn(int, ref int)"/>).</param>
    private (int Line, int Character) LineCharacter(SourceText text, int offset, ref int near)
    {
        var (line, column) = text.GetLineColumn(offset, ref near);
        if (Encoding == PositionEncoding.Utf16) return (line, column);
        var start = text.LineStart(line);
        return (line, Units(text.Text, start, start + column));
    }

    public Range ToRange(SourceText text, TextSpan span) => new(ToPosition(text, span.Start), ToPosition(text, span.End));

    /// <summary>What every diagnostic names as its source.</summary>
    public const string Source = "corpuslsp";

    /// <summary>A file's diagnostics as the client gets them (without the codes the user turned off).</summary>
    public LspDiagnostic[] ToLsp(SourceText? text, IEnumerable<Core.Diagnostics.Diagnostic> diagnostics, IReadOnlySet<string> disabledCodes) =>
        diagnostics.Where(d => !disabledCodes.Contains(d.Code)).Select(d => new LspDiagnostic(
            text is null ? new Range(new Position(0, 0), new Position(0, 0)) : ToRange(text, d.Span),
            (int)d.Severity, d.Code, Source, d.Message,
            DescriptionOf(d.Code), null)).ToArray();

    /// <summary>
    /// A file's diagnostics written as <see cref="ToLsp"/>'s items serialize (<see cref="LspJsonContext"/>), straight from Core's
    /// diagnostics: 2,000 of them made ~12,000 objects per publish that lived only to be written (issue 19). Returns how many.
    /// Each item is its range and the JSON after it, taken from <paramref name="tails"/> when a publish before wrote the same
    /// message (see <see cref="DiagnosticTails"/>), and written whole as one raw value: the same bytes as writing it field by field.
    /// </summary>
    public int WriteDiagnostics(System.Text.Json.Utf8JsonWriter writer, SourceText? text, IEnumerable<Core.Diagnostics.Diagnostic> diagnostics, IReadOnlySet<string> disabledCodes,
        DiagnosticTails? tails = null)
    {
        var count = 0;
        var near = -1;
        var item = new ArrayBufferWriter<byte>(512);
        var tailBuffer = new ArrayBufferWriter<byte>(512);
        using var tailWriter = new System.Text.Json.Utf8JsonWriter(tailBuffer, writer.Options);
        writer.WriteStartArray();
        foreach (var d in diagnostics)
        {
            if (disabledCodes.Contains(d.Code)) continue;
            count++;
            item.ResetWrittenCount();
            Append(item, Json.RangeStart);
            AppendPosition(item, text is null ? default : LineCharacter(text, d.Span.Start, ref near));
            Append(item, Json.RangeMiddle);
            AppendPosition(item, text is null ? default : LineCharacter(text, d.Span.End, ref near));
            Append(item, Json.RangeEnd);
            if (tails is not null && tails.TryGet(d, out var known)) Append(item, known);
            else
            {
                var tail = WriteTail(tailWriter, tailBuffer, d);
                Append(item, tail);
                tails?.Add(d, tail.ToArray());
            }
            Append(item, "}"u8);
            writer.WriteRawValue(item.WrittenSpan, skipInputValidation: true);
        }
        writer.WriteEndArray();
        return count;
    }

    /// <summary>The fields after the range, each after a comma, as the writer puts them inside the item's object.</summary>
    private static ReadOnlySpan<byte> WriteTail(System.Text.Json.Utf8JsonWriter w, ArrayBufferWriter<byte> buffer, Core.Diagnostics.Diagnostic d)
    {
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        // A first property ("range" stands for the one written before) so that the writer puts the comma before "severity".
        w.WriteStartObject();
        w.WriteNull(Json.Range);
        var from = Written(w);
        w.WriteNumber(Json.Severity, (int)d.Severity);
        w.WriteString(Json.Code, d.Code);
        w.WriteString(Json.Source, Json.SourceValue);
        w.WriteString(Json.Message, d.Message);
        w.WriteStartObject(Json.CodeDescription);
        w.WriteString(Json.Href, DescriptionOf(d.Code).Href);
        w.WriteEndObject();
        var to = Written(w);
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan[from..to];
    }

    private static int Written(System.Text.Json.Utf8JsonWriter w) => (int)(w.BytesCommitted + w.BytesPending);

    private static void AppendPosition(ArrayBufferWriter<byte> item, (int Line, int Character) at)
    {
        Append(item, Json.LineName);
        AppendNumber(item, at.Line);
        Append(item, Json.CharacterName);
        AppendNumber(item, at.Character);
        Append(item, "}"u8);
    }

    private static void Append(ArrayBufferWriter<byte> item, ReadOnlySpan<byte> bytes) => item.Write(bytes);

    // The writer's own formatting of a number (invariant, no separators).
    private static void AppendNumber(ArrayBufferWriter<byte> item, int value)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(value, item.GetSpan(11), out var written);
        item.Advance(written);
    }

    /// <summary>The property names <see cref="LspJsonContext"/> gives <see cref="LspDiagnostic"/>, encoded once.</summary>
    private static class Json
    {
        public static readonly System.Text.Json.JsonEncodedText Range = E("range"), Severity = E("severity"), Code = E("code"), Source = E("source"), SourceValue = E(Translator.Source),
            Message = E("message"), CodeDescription = E("codeDescription"), Href = E("href");

        private static System.Text.Json.JsonEncodedText E(string s) => System.Text.Json.JsonEncodedText.Encode(s);

        /// <summary>An item's range as the writer writes its fields (no spaces), around the two positions.</summary>
        public static ReadOnlySpan<byte> RangeStart => "{\"range\":{\"start\":"u8;
        public static ReadOnlySpan<byte> RangeMiddle => ",\"end\":"u8;
        public static ReadOnlySpan<byte> RangeEnd => "}"u8;
        public static ReadOnlySpan<byte> LineName => "{\"line\":"u8;
        public static ReadOnlySpan<byte> CharacterName => ",\"character\":"u8;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CodeDescription> Descriptions = new(StringComparer.Ordinal);

    private static CodeDescription DescriptionOf(string code) =>
        Descriptions.GetOrAdd(code, c => new CodeDescription($"https://github.com/corpuslsp/corpuslsp/blob/main/docs/diagnostics.md#{c.ToLowerInvariant()}"));

    /// <summary>Offset of a position; characters past the line's end clamp to it (as the spec asks), lines past the end to the end.</summary>
    public int ToOffset(SourceText text, Position position)
    {
        if (position.Line >= text.LineCount) return text.Length;
        if (position.Line < 0) return 0;
        var start = text.LineStart(position.Line);
        var end = text.LineEnd(position.Line);
        // Compared before adding: start + 2³¹−1 would overflow and land at the line's start.
        if (Encoding == PositionEncoding.Utf16) return position.Character >= end - start ? end : start + Math.Max(0, position.Character);
        var units = 0;
        var i = start;
        while (i < end && units < position.Character)
        {
            var pair = char.IsHighSurrogate(text.Text[i]) && i + 1 < end && char.IsLowSurrogate(text.Text[i + 1]);
            var cp = pair ? char.ConvertToUtf32(text.Text[i], text.Text[i + 1]) : text.Text[i];
            units += Encoding == PositionEncoding.Utf32 ? 1 : Utf8Length(cp);
            i += pair ? 2 : 1;
        }
        return i;
    }

    public TextSpan ToSpan(SourceText text, Range range)
    {
        var a = ToOffset(text, range.Start);
        var b = ToOffset(text, range.End);
        return a <= b ? new TextSpan(a, b) : new TextSpan(b, a);
    }

    private int Units(string s, int from, int to)
    {
        var units = 0;
        for (var i = from; i < to; i++)
        {
            var pair = char.IsHighSurrogate(s[i]) && i + 1 < to && char.IsLowSurrogate(s[i + 1]);
            var cp = pair ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];
            units += Encoding == PositionEncoding.Utf32 ? 1 : Utf8Length(cp);
            if (pair) i++;
        }
        return units;
    }

    private static int Utf8Length(int codePoint) => codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

    /// <summary>A file URI's path. A missing URI is the client's error (-32602), not ours.</summary>
    public static string ToPath(string? uri)
    {
        if (uri is null) throw new JsonRpc.JsonRpcException(JsonRpc.ErrorCodes.InvalidParams, "A document URI is missing (textDocument.uri).");
        if (!uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return uri;
        return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.LocalPath.Replace('\\', '/') : uri;
    }

    public static string ToUri(string path) => new Uri("file://" + (path.StartsWith('/') ? "" : "/") + path).AbsoluteUri;
}
