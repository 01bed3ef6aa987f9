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

    private static int? ParseContentLength(string header)
    {
        int? length = null;
        foreach (var line in header.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) return null;
            var name = line[..colon].Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!int.TryParse(line[(colon + 1)..].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n > MaxContentLength) return null;
            length = n;
        }
        return length;
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

    public async Task WriteAsync(byte[] body, CancellationToken cancellationToken = default)
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
