using System.Diagnostics;

namespace CorpusLsp.Core.Analysis;

/// <summary>
/// Lets corpus-wide work in the background step aside while its host serves something a user waits on. The host holds the
/// pause while it does (<see cref="Hold"/>); the loops of that work call <see cref="Point"/> between items, which waits there
/// while the pause is held, on a thread that observes it (<see cref="ObserveOnThisThread"/>) and nowhere else: a request's
/// own thread, or the CLI's, never waits. On two cores the background's parallel loops keep both busy for seconds after a
/// large corpus loads, and a request's threads waited for a processor behind them (issue 19: a hover's p99 on 10,000 pairs).
/// </summary>
/// <param name="maxHold">
/// How long one hold pauses at most: a long request may itself wait for the background's work (references joining the
/// corpus-wide counts), which must then go on.
/// </param>
/// <param name="quiet">How long the pause lasts after the last hold ends: requests come in bursts (hover, code actions, hints).</param>
public sealed class BackgroundPause(TimeSpan maxHold, TimeSpan quiet)
{
    [ThreadStatic] private static BackgroundPause? t_observed;

    private readonly long _maxHold = (long)(maxHold.TotalSeconds * Stopwatch.Frequency);
    private readonly long _quiet = (long)(quiet.TotalSeconds * Stopwatch.Frequency);
    /// <summary>Until when (a <see cref="Stopwatch"/> timestamp) the points wait.</summary>
    private long _resumeAt;
    private int _holders;

    /// <summary>Makes <see cref="Point"/> on the calling thread wait while this pause is held.</summary>
    public void ObserveOnThisThread() => t_observed = this;

    /// <summary>Where a background loop may pause: between two items. Costs a thread-static read elsewhere.</summary>
    public static void Point() => t_observed?.WaitWhileHeld();

    /// <summary>Pauses the observing threads at their next point until the returned hold is disposed (or for the longest hold).</summary>
    public Holder Hold()
    {
        Interlocked.Increment(ref _holders);
        Later(Stopwatch.GetTimestamp() + _maxHold);
        return new Holder(this);
    }

    /// <summary>Whether a point would wait now.</summary>
    public bool IsHeld => Volatile.Read(ref _resumeAt) > Stopwatch.GetTimestamp();

    private void Release()
    {
        // The last holder gone, the pause ends a quiet moment later (a hold taken meanwhile may be shortened to that: harmless).
        if (Interlocked.Decrement(ref _holders) == 0) Volatile.Write(ref _resumeAt, Stopwatch.GetTimestamp() + _quiet);
    }

    private void Later(long until)
    {
        for (var current = Volatile.Read(ref _resumeAt); current < until; current = Volatile.Read(ref _resumeAt))
            if (Interlocked.CompareExchange(ref _resumeAt, until, current) == current) return;
    }

    private void WaitWhileHeld()
    {
        // Asleep, not spinning: the processor is what the request needs.
        for (var left = Volatile.Read(ref _resumeAt) - Stopwatch.GetTimestamp(); left > 0; left = Volatile.Read(ref _resumeAt) - Stopwatch.GetTimestamp())
            Thread.Sleep(TimeSpan.FromTicks(Math.Clamp(left * TimeSpan.TicksPerSecond / Stopwatch.Frequency, TimeSpan.TicksPerMillisecond, 10 * TimeSpan.TicksPerMillisecond)));
    }

    /// <summary>One hold of the pause; disposing it twice releases it once.</summary>
    public sealed class Holder(BackgroundPause pause) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) pause.Release();
        }
    }
}
