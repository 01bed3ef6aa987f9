using System.Diagnostics;
using CorpusLsp.Lsp.Server;

namespace CorpusLsp.Tests.Lsp;

/// <summary>The server's background threads step aside while it answers a request (issue 19).</summary>
public sealed class BackgroundPauseServerTests
{
    [Fact]
    public async Task A_background_task_queued_while_the_pause_is_held_starts_once_it_ends_or_its_longest_hold_passed()
    {
        var clock = Stopwatch.StartNew();
        using (BackgroundScheduler.Pause.Hold())
        {
            // Never released before the task runs: it waits the longest hold, 50 ms (never less; more on a busy machine).
            var startedAfter = await BackgroundScheduler.Shared.Run(() => clock.Elapsed);
            Assert.True(startedAfter >= TimeSpan.FromMilliseconds(45), $"started after {startedAfter.TotalMilliseconds} ms");
        }
        // The editing lane, which the user waits on, never waits for the pause.
        using (BackgroundScheduler.Pause.Hold())
        {
            Assert.True(await BackgroundScheduler.Editing.Run(() => BackgroundScheduler.Pause.IsHeld), "the editing lane waited for the pause to end");
        }
    }
}
