using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CorpusLsp.Lsp.JsonRpc;

public static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
    public const int ServerCancelled = -32802;
    public const int ContentModified = -32801;
    public const int RequestCancelled = -32800;
}

public sealed class JsonRpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>An incoming message: a request (Id set), or a notification.</summary>
public sealed record IncomingMessage(JsonElement? Id, string Method, JsonElement? Params);

/// <summary>
/// JSON-RPC 2.0 over a pipe pair. Reads frames in order and hands each to the dispatcher on the reader loop,
/// so notifications keep their order; the dispatcher decides what runs concurrently. Sends responses,
/// notifications and server→client requests.
/// </summary>
public sealed class JsonRpcConnection
{
    private readonly MessageReader _reader;
    private readonly MessageWriter _writer;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentDictionary<long, Action<JsonElement>> _applyOnLoop = new();
    private long _nextId;

    public JsonRpcConnection(PipeReader input, Stream output)
    {
        _reader = new MessageReader(input);
        _writer = new MessageWriter(output);
    }

    public event Action<string>? Log;

    /// <summary>Reads until end of stream or cancellation. The dispatcher must not throw.</summary>
    public async Task RunAsync(Func<IncomingMessage, Task> dispatch, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            byte[]? body;
            try { body = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false); }
            catch (FramingException ex)
            {
                Log?.Invoke(ex.Message);
                await SendErrorAsync(null, ErrorCodes.ParseError, ex.Message).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) { break; }
            if (body is null) break;

            IncomingMessage? incoming = null;
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    await SendErrorAsync(null, ErrorCodes.InvalidRequest, "A JSON-RPC message must be an object.").ConfigureAwait(false);
                    continue;
                }
                JsonElement? id = root.TryGetProperty("id", out var idEl) && idEl.ValueKind is JsonValueKind.Number or JsonValueKind.String ? idEl.Clone() : null;
                if (root.TryGetProperty("method", out var methodEl) && methodEl.ValueKind == JsonValueKind.String)
                {
                    JsonElement? p = root.TryGetProperty("params", out var pe) ? pe.Clone() : null;
                    incoming = new IncomingMessage(id, methodEl.GetString()!, p);
                }
                else if (id is { ValueKind: JsonValueKind.Number } rid && rid.TryGetInt64(out var n) && _pending.TryRemove(n, out var tcs))
                {
                    if (root.TryGetProperty("error", out var err)) tcs.TrySetException(new JsonRpcException(err.TryGetProperty("code", out var c) && c.TryGetInt32(out var code) ? code : 0, err.TryGetProperty("message", out var m) ? m.ToString() : ""));
                    else
                    {
                        var answer = root.TryGetProperty("result", out var r) ? r.Clone() : default;
                        // State the answer changes (the client's settings) is changed here, in order with the messages around it.
                        if (_applyOnLoop.TryRemove(n, out var apply))
                            try { apply(answer); }
                            catch (Exception ex) { Log?.Invoke($"Applying the answer to request {n} failed: {ex.Message}"); }
                        tcs.TrySetResult(answer);
                    }
                }
                else
                {
                    await SendErrorAsync(id, ErrorCodes.InvalidRequest, "A message needs a string 'method', or must answer a request of ours.").ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
            {
                // Invalid JSON or invalid UTF-8 inside it: answer, skip the frame, keep reading.
                await SendErrorAsync(null, ErrorCodes.ParseError, $"Invalid message: {ex.Message}").ConfigureAwait(false);
                continue;
            }
            if (incoming is not null) await dispatch(incoming).ConfigureAwait(false);
        }
        foreach (var p in _pending.Values) p.TrySetCanceled();
        _applyOnLoop.Clear();
    }

    public Task SendResultAsync(JsonElement id, object? result, JsonTypeInfo? typeInfo) => SendAsync(writer =>
    {
        writer.WritePropertyName("id");
        id.WriteTo(writer);
        writer.WritePropertyName("result");
        if (result is null || typeInfo is null) writer.WriteNullValue();
        else JsonSerializer.Serialize(writer, result, typeInfo);
    });

    public Task SendErrorAsync(JsonElement? id, int code, string message) => SendAsync(writer =>
    {
        writer.WritePropertyName("id");
        if (id is { } i) i.WriteTo(writer); else writer.WriteNullValue();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });

    public Task NotifyAsync<T>(string method, T @params, JsonTypeInfo<T> typeInfo) => SendAsync(writer =>
    {
        writer.WriteString("method", method);
        writer.WritePropertyName("params");
        JsonSerializer.Serialize(writer, @params, typeInfo);
    });

    /// <summary>
    /// A notification written into a pooled buffer, not sent: the caller may compare it with what it sent before (a repeated
    /// publish is not sent again), then sends it with <see cref="SendAsync(PooledBuffer)"/> and disposes it.
    /// </summary>
    public static PooledBuffer Notification<TState>(string method, TState state, Action<Utf8JsonWriter, TState> writeParams, int sizeHint = 4096)
    {
        var buffer = new PooledBuffer(sizeHint);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            writer.WriteStartObject();
            writer.WriteString(JsonRpcName, "2.0");
            writer.WriteString(MethodName, method);
            writer.WritePropertyName(ParamsName);
            writeParams(writer, state);
            writer.WriteEndObject();
        }
        catch { buffer.Dispose(); throw; }
        return buffer;
    }

    /// <summary>Sends a message made by <see cref="Notification"/>; the caller still owns (and disposes) the buffer.</summary>
    public async Task SendAsync(PooledBuffer message)
    {
        try { await _writer.WriteAsync(message.WrittenMemory).ConfigureAwait(false); }
        catch (IOException) { /* the client went away; the reader loop ends on its own */ }
        catch (ObjectDisposedException) { }
    }

    private static readonly JsonEncodedText JsonRpcName = JsonEncodedText.Encode("jsonrpc");
    private static readonly JsonEncodedText MethodName = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText ParamsName = JsonEncodedText.Encode("params");

    /// <summary>
    /// Messages go to a pipe as UTF-8, not into HTML: quotes, backslashes and control characters are escaped, the rest is
    /// written as is. The default encoder also escaped every apostrophe and non-ASCII letter of a message (six bytes each,
    /// and the slow path of the writer: most of a 2,000-diagnostic publish, issue 19).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="applyOnLoop">Run with the answer on the reader loop, before the returned task completes.</param>
    public async Task<JsonElement> RequestAsync<T>(string method, T @params, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default, Action<JsonElement>? applyOnLoop = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (applyOnLoop is not null) _applyOnLoop[id] = applyOnLoop;
        _pending[id] = tcs;
        await SendAsync(writer =>
        {
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, @params, typeInfo);
        }).ConfigureAwait(false);
        using var registration = cancellationToken.Register(() => { _applyOnLoop.TryRemove(id, out _); if (_pending.TryRemove(id, out var t)) t.TrySetCanceled(); });
        return await tcs.Task.ConfigureAwait(false);
    }

    private async Task SendAsync(Action<Utf8JsonWriter> writeBody)
    {
        using var buffer = new PooledBuffer();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(JsonRpcName, "2.0");
            writeBody(writer);
            writer.WriteEndObject();
        }
        await SendAsync(buffer).ConfigureAwait(false);
    }
}
