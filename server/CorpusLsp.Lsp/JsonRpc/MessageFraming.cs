using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace CorpusLsp.Lsp.JsonRpc;

/// <summary>A framing problem: the frame is skipped, the connection stays up.</summary>
public sealed class FramingException(string message) : Exception(message);

/// <summary>LSP base protocol: `Content-Length: N\r\n\r\n` + N bytes of UTF-8 JSON, over a <see cref="PipeReader"/>.</summary>
public sealed class MessageReader(PipeReader reader)
{
    public const int MaxContentLength = 64 << 20;

    /// <summary>The next message body; null at end of stream. Throws <see cref="FramingException"/> for a bad header, after skipping it.</summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var headerEnd = Find(buffer, "\r\n\r\n"u8);
            if (headerEnd is { } end)
            {
                var headerBytes = buffer.Slice(0, end);
                var header = Encoding.ASCII.GetString(headerBytes.ToArray());
                var afterHeader = buffer.GetPosition(4, end);
                var length = ParseContentLength(header);
                if (length is null)
                {
                    reader.AdvanceTo(afterHeader);
                    throw new FramingException($"Missing or invalid Content-Length in header '{header.Replace("\r\n", "\\r\\n")}'.");
                }
                var body = buffer.Slice(afterHeader);
                if (body.Length >= length)
                {
                    var bytes = body.Slice(0, length.Value).ToArray();
                    reader.AdvanceTo(body.GetPosition(length.Value));
                    return bytes;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            else
            {
                if (buffer.Length > 64 * 1024)
                {
                    reader.AdvanceTo(buffer.End);
                    throw new FramingException("No header terminator within 64 KiB; input discarded.");
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (result.IsCompleted) return null;
        }
    }

    /// <summary>
    /// The value of the last Content-Length header in the block. Bytes before it are skipped, so that after a
    /// frame whose length lied, the next honest frame is found again instead of being glued to garbage.
    /// </summary>
    private static int? ParseContentLength(string header)
    {
        var at = header.LastIndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var value = header[(at + "Content-Length:".Length)..];
        var lineEnd = value.IndexOf("\r\n", StringComparison.Ordinal);
        if (lineEnd >= 0) value = value[..lineEnd];
        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= MaxContentLength ? n : null;
    }

    private static SequencePosition? Find(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> needle)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, needle, advancePastDelimiter: false)) return reader.Position;
        return null;
    }
}

public sealed class MessageWriter(Stream output)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally { _lock.Release(); }
    }
}
