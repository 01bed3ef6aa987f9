using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorpusLsp.Cli;
using CorpusLsp.Lsp.Server;
using Nerdbank.Streams;

namespace CorpusLsp.Tests.Support;

/// <summary>
/// A minimal LSP client for tests: frames JSON over streams, matches responses to requests, queues
/// notifications, and answers the server's requests (configuration, progress, registration).
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly BlockingCollection<JsonNode> _notifications = new();
    private readonly Task _reader;
    private readonly Func<ValueTask>? _dispose;
    private int _id;
    // The place of each message (and of its params) in the order the server's messages arrived.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonNode, object> _arrival = new();
    private long _arrivals;

    public JsonObject Settings { get; set; } = new();
    /// <summary>The last lines an in-process server logged (null for a spawned one, whose log goes where it is told).</summary>
    public RecentLog? ServerLog { get; }
    public List<JsonNode> ServerRequests { get; } = new();

    private LspClient(Stream toServer, Stream fromServer, RecentLog? serverLog, Func<ValueTask>? dispose)
    {
        ServerLog = serverLog;
        _toServer = toServer;
        _fromServer = fromServer;
        _dispose = dispose;
        _reader = Task.Run(ReadLoop);
    }

    /// <summary>A server in this process, over an in-memory full-duplex pipe pair (Nerdbank.Streams).</summary>
    /// <remarks>The server's log is kept in memory (<see cref="ServerLog"/>) and shown when a wait times out.</remarks>
    public static LspClient InProcess(out Task<int> server, CorpusLsp.Core.IO.IFileSystem? disk = null)
    {
        var (clientEnd, serverEnd) = FullDuplexStream.CreatePipePair();
        var log = new RecentLog(400);
        var logger = new Serilog.LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(log).CreateLogger();
        var lsp = new LanguageServer(serverEnd.Input, serverEnd.Output.AsStream(), disk ?? new PhysicalFileSystem(), logger, "test");
        server = Task.Run(lsp.RunAsync);
        var s = server;
        return new LspClient(clientEnd.Output.AsStream(), clientEnd.Input.AsStream(), log, async () =>
        {
            // Half-close as a client process exiting would: the server reads the end of its input and stops,
            // then its output ends, which ends the client's read loop.
            await clientEnd.Output.CompleteAsync();
            await s.WaitAsync(TimeSpan.FromSeconds(10));
            await serverEnd.Output.CompleteAsync();
            await logger.DisposeAsync();
        });
    }

    /// <summary>The real executable over stdio.</summary>
    public static LspClient Spawn(out System.Diagnostics.Process process, params string[] extraArgs) => Spawn(new Dictionary<string, string>(), out process, extraArgs);

    /// <summary>The real executable over stdio, with these environment variables set (e.g. a cache folder of its own).</summary>
    public static LspClient Spawn(IReadOnlyDictionary<string, string> environment, out System.Diagnostics.Process process, params string[] extraArgs)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "corpuslsp.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add("--stdio");
        foreach (var a in extraArgs) psi.ArgumentList.Add(a);
        var p = System.Diagnostics.Process.Start(psi)!;
        process = p;
        return new LspClient(p.StandardInput.BaseStream, p.StandardOutput.BaseStream, null, async () =>
        {
            if (!p.HasExited) { try { p.Kill(); } catch (InvalidOperationException) { } }
            await p.WaitForExitAsync();
        });
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await _toServer.WriteAsync(bytes);
        await _toServer.FlushAsync();
    }

    private async Task WriteAsync(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        await SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);
    }

    public async Task<JsonNode> RequestAsync(string method, JsonNode? @params, TimeSpan? timeout = null)
    {
        var (_, response) = await StartAsync(method, @params);
        return await response.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Sends a request and returns its id and the response to come, without waiting for it (to cancel it, say).</summary>
    public async Task<(int Id, Task<JsonNode> Response)> StartAsync(string method, JsonNode? @params)
    {
        var id = Interlocked.Increment(ref _id);
        var tcs = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = @params });
        return (id, tcs.Task);
    }

    /// <summary>A request with an id of the test's choosing (a string, or a number the client does not track): its response arrives through <see cref="WaitForResponse"/>.</summary>
    public Task SendWithIdAsync(JsonNode id, string method, JsonNode? @params) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = @params });

    /// <summary>Waits for the response whose id is exactly this JSON (1 and "1" differ), skipping other messages.</summary>
    public JsonNode WaitForResponse(JsonNode id, int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_notifications.TryTake(out var n, left)) throw new TimeoutException($"No response to {id.ToJsonString()} within {timeoutMs} ms.{ServerLog?.Tail()}");
            if (n["method"] is null && n["id"]?.ToJsonString() == id.ToJsonString()) return n;
        }
    }

    /// <summary>Every notification of a method until none has arrived for <paramref name="quietMs"/> (others are dropped).</summary>
    public List<JsonNode> Drain(string method, int quietMs)
    {
        var found = new List<JsonNode>();
        while (_notifications.TryTake(out var n, quietMs))
            if (n["method"]?.GetValue<string>() == method) found.Add(n["params"]!);
        return found;
    }

    /// <summary>The result of a request; fails the test with the server's error otherwise.</summary>
    public async Task<JsonNode?> CallAsync(string method, JsonNode? @params)
    {
        var response = await RequestAsync(method, @params);
        Assert.True(response["error"] is null, $"{method} failed: {response["error"]?.ToJsonString()}");
        return response["result"];
    }

    public Task NotifyAsync(string method, JsonNode? @params) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = @params });

    /// <summary>Waits for a notification matching the predicate, skipping others.</summary>
    public JsonNode WaitFor(string method, Func<JsonNode, bool>? predicate = null, int timeoutMs = 30000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_notifications.TryTake(out var n, left)) throw new TimeoutException($"No {method} within {timeoutMs} ms.{ServerLog?.Tail()}");
            if (n["method"]?.GetValue<string>() == method && (predicate?.Invoke(n["params"]!) ?? true)) return n["params"]!;
        }
    }

    /// <summary>Waits for an error response that answers no request of ours (id null).</summary>
    public JsonNode WaitForError(int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_notifications.TryTake(out var n, left)) throw new TimeoutException("No error message.");
            if (n["error"] is { } e) return e;
        }
    }

    public JsonNode Diagnostics(string uri, Func<JsonArray, bool>? predicate = null) =>
        WaitFor("textDocument/publishDiagnostics", p => p["uri"]!.GetValue<string>() == uri && (predicate?.Invoke(p["diagnostics"]!.AsArray()) ?? true));

    public async Task InitializeAsync(string rootPath, JsonObject? capabilities = null)
    {
        var result = await CallAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = Uri(rootPath),
            ["capabilities"] = capabilities ?? new JsonObject(),
        });
        InitializeResult = result!;
        await NotifyAsync("initialized", new JsonObject());
        // Indexing builds the gazetteer (no cache yet in a fresh run): allow for a loaded two-core machine.
        WaitFor("corpuslsp/status", p => p["state"]!.GetValue<string>() == "ready", 120_000);
    }

    public JsonNode InitializeResult { get; private set; } = new JsonObject();

    /// <summary>initialize and initialized, without waiting for indexing to end (unlike <see cref="InitializeAsync"/>).</summary>
    public async Task InitializeWithoutWaitingAsync(string rootPath, JsonObject? capabilities = null)
    {
        InitializeResult = (await CallAsync("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = Uri(rootPath), ["capabilities"] = capabilities ?? new JsonObject() }))!;
        await NotifyAsync("initialized", new JsonObject());
    }

    public Task OpenAsync(string path, string? text = null, int version = 1) =>
        NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["languageId"] = path.EndsWith(".txt") ? "plaintext" : "yaml", ["version"] = version, ["text"] = text ?? File.ReadAllText(path) },
        });

    /// <summary>didChange with one edit (a range) or the whole text (range null).</summary>
    public Task ChangeAsync(string path, int version, string text, (int Line, int Character)? start = null, (int Line, int Character)? end = null)
    {
        var change = new JsonObject { ["text"] = text };
        if (start is { } a) change["range"] = new JsonObject { ["start"] = Position(a.Line, a.Character), ["end"] = Position((end ?? a).Line, (end ?? a).Character) };
        return NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["version"] = version },
            ["contentChanges"] = new JsonArray(change),
        });
    }

    public async Task<JsonArray> CompletionItemsAsync(string path, int line, int character) =>
        (await CallAsync("textDocument/completion", At(path, line, character)))!["items"]!.AsArray();

    /// <summary>Code actions for a range, with no diagnostics in the context (the server finds them).</summary>
    public async Task<JsonArray> CodeActionsAsync(string path, (int Line, int Character) start, (int Line, int Character) end) =>
        (await CallAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path) },
            ["range"] = new JsonObject { ["start"] = Position(start.Line, start.Character), ["end"] = Position(end.Line, end.Character) },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        }))!.AsArray();

    public static string Uri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public static JsonObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JsonObject At(string path, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri(path) },
        ["position"] = Position(line, character),
    };

    public async Task ShutdownAsync()
    {
        await CallAsync("shutdown", null);
        await NotifyAsync("exit", null);
    }

    private async Task ReadLoop()
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                var n = await _fromServer.ReadAsync(chunk);
                if (n == 0) break;
                buffer.AddRange(chunk.AsSpan(0, n).ToArray());
                while (TryFrame(buffer, out var body)) Handle(JsonNode.Parse(body)!);
            }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        finally { _notifications.CompleteAdding(); }
    }

    private static bool TryFrame(List<byte> buffer, out byte[] body)
    {
        body = [];
        var text = Encoding.ASCII.GetString(buffer.ToArray(), 0, Math.Min(buffer.Count, 256));
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var length = int.Parse(text[..end].Split(':')[1].Trim());
        if (buffer.Count < end + 4 + length) return false;
        body = buffer.GetRange(end + 4, length).ToArray();
        buffer.RemoveRange(0, end + 4 + length);
        return true;
    }

    /// <summary>The place of a received message, or of the params of a received notification, in the order of arrival.</summary>
    public long ArrivalOf(JsonNode received) =>
        _arrival.TryGetValue(received, out var place) ? (long)place : throw new ArgumentException("not a message the server sent", nameof(received));

    private void Handle(JsonNode message)
    {
        object place = ++_arrivals;
        _arrival.AddOrUpdate(message, place);
        if (message["params"] is { } parameters) _arrival.AddOrUpdate(parameters, place);
        var hasMethod = message["method"] is not null;
        var id = message["id"];
        if (hasMethod && id is not null)
        {
            lock (ServerRequests) ServerRequests.Add(message);
            JsonNode? result = message["method"]!.GetValue<string>() == "workspace/configuration" ? new JsonArray(Settings.DeepClone()) : null;
            _ = WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
        }
        else if (hasMethod) _notifications.Add(message);
        else if (id is not null && id.GetValueKind() == JsonValueKind.Number && _pending.TryRemove(id.GetValue<int>(), out var tcs)) tcs.TrySetResult(message);
        else _notifications.Add(message); // errors with a null id
    }

    public async ValueTask DisposeAsync()
    {
        if (_dispose is not null) await _dispose();
        try { await _reader.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
    }
}
