using System.Diagnostics.Tracing;

namespace CorpusLsp.Bench;

/// <summary>
/// Allocation by type, sampled in process from the runtime's allocation ticks (one event per ~100 KB allocated):
/// `BENCH_ALLOC=1 bench request-cost …` prints each measured step's top types. What a profiler's allocation view gives,
/// without one on the machine.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private bool _on;

    public static AllocationSampler? FromEnvironment() => Environment.GetEnvironmentVariable("BENCH_ALLOC") is "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public void Start() { lock (_bytes) _bytes.Clear(); _on = true; }

    /// <summary>Stops counting for a while (a step not measured), keeping what was counted.</summary>
    public void Pause() => _on = false;

    public void Resume() => _on = true;

    public void StopAndPrint(int runs, int top = 15)
    {
        _on = false;
        lock (_bytes)
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
                Console.WriteLine($"    {bytes / 1024.0 / runs,8:0} KB/run  {type}");
    }
}
