using CorpusLsp.Core.Analysis;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// A server's corpus-wide work in the background steps aside while a request is answered (issue 19): its loops wait at their
/// points on a thread that observes a held pause, and nowhere else.
/// </summary>
public sealed class BackgroundPauseTests
{
    private static CorpusSnapshot Corpus()
    {
        var fs = Fixture.Files();
        for (var i = 0; i < 8; i++)
            fs.Add($"{Fixture.Root}/{i:D3}.yaml", "meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n")
                .Add($"{Fixture.Root}/{i:D3}.txt", "Syrian forces liberated Khanaser on Thursday.");
        return CorpusSnapshot.Load(Fixture.Root, fs);
    }

    [Fact]
    public async Task The_corpus_wide_count_analyses_nothing_while_the_pause_is_held_on_its_threads_and_ends_once_released()
    {
        var pause = new BackgroundPause(TimeSpan.FromMinutes(5), TimeSpan.Zero);
        var snapshot = Corpus();
        using var scheduler = new ObservingScheduler(pause);
        var hold = pause.Hold();
        // As a server's background count runs: on threads that observe the pause, its loop's parts queued to them as well.
        var counting = Task.Factory.StartNew(() => snapshot.MentionCounts(), CancellationToken.None, TaskCreationOptions.None, scheduler);
        await Task.WhenAny(counting, Task.Delay(1000));
        Assert.False(counting.IsCompleted, "the count ended while the pause was held");
        Assert.Equal(0, snapshot.AnalysesMade);
        hold.Dispose();
        Assert.Equal(8, (await counting.WaitAsync(TimeSpan.FromMinutes(1)))["geonames:168351"]);
    }

    /// <summary>One thread observing a pause, which runs every task queued to it (a loop's parts too, inline when waited for).</summary>
    private sealed class ObservingScheduler : TaskScheduler, IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Task> _queue = new();
        private readonly Thread _thread;

        public ObservingScheduler(BackgroundPause pause)
        {
            _thread = new Thread(() => { pause.ObserveOnThisThread(); foreach (var t in _queue.GetConsumingEnumerable()) TryExecuteTask(t); }) { IsBackground = true };
            _thread.Start();
        }

        public override int MaximumConcurrencyLevel => 1;
        protected override void QueueTask(Task task) => _queue.Add(task);
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => Thread.CurrentThread == _thread && TryExecuteTask(task);
        protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();
        public void Dispose() => _queue.CompleteAdding();
    }

    [Fact]
    public void A_thread_that_does_not_observe_the_pause_never_waits_for_it()
    {
        var pause = new BackgroundPause(TimeSpan.FromMinutes(5), TimeSpan.Zero);
        using var hold = pause.Hold();
        Assert.True(pause.IsHeld);
        // On the test's thread (a request's, the CLI's): the count runs through though the pause is held.
        Assert.Equal(8, Corpus().MentionCounts()["geonames:168351"]);
    }

    [Fact]
    public void A_hold_pauses_no_longer_than_its_longest_so_that_a_request_waiting_on_the_background_does_not_wait_forever()
    {
        var pause = new BackgroundPause(TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5));
        using var hold = pause.Hold(); // never released while the point waits
        var waited = System.Diagnostics.Stopwatch.StartNew();
        using var passed = new ManualResetEventSlim();
        new Thread(() => { pause.ObserveOnThisThread(); BackgroundPause.Point(); passed.Set(); }).Start();
        Assert.True(passed.Wait(60_000), "a point waited past the longest hold");
        Assert.True(waited.ElapsedMilliseconds >= 190, $"a point went on after {waited.ElapsedMilliseconds} ms, before the hold's 200 ms");
        Assert.False(pause.IsHeld);
    }
}
