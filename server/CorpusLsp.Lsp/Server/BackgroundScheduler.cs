using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Lsp.Server;

/// <summary>
/// Threads of their own for the server's background analysis (diagnostics to publish, the corpus-wide counts), so that it
/// never occupies the thread pool that runs requests. The pool grows past its minimum (one thread per core) only when
/// it sees starvation, after 0.5–2 s: a 10 MB article's diagnostics on two pool threads of a two-core machine held every
/// request that came meanwhile that long before it started (issue 19). A <see cref="Parallel"/> loop inside the work
/// uses these threads only when its options name <see cref="TaskScheduler.Current"/> (its default is the pool's). One set per process, as many as the cores: servers
/// in one process (tests) share it rather than each leaving threads behind.
/// </summary>
public sealed class BackgroundScheduler : TaskScheduler
{
    /// <summary>
    /// Held while a request is handled (<see cref="LanguageServer"/>): the threads of <see cref="Shared"/> wait before their next
    /// task and at the points of Core's corpus-wide loops, so that the request's threads find a processor free. Beside those
    /// loops on two cores, the pool thread a hover ran on waited 0.35 ms per hover for one, at nice 10 as they are (issue 19).
    /// One per process, as the threads are; a hold pauses them 50 ms at most, and they go on 2 ms after the last request.
    /// </summary>
    public static BackgroundPause Pause { get; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(2));

    public static BackgroundScheduler Shared { get; } = new(Environment.ProcessorCount, "corpuslsp background", lowerPriority: true, Pause);

    /// <summary>
    /// Threads of normal priority for the diagnostics of the document being typed in, which the user waits on: behind the
    /// background queue, at its lower priority, they waited 10–120 ms on a loaded machine for the indexing and the other
    /// files' publishes before them (issue 19). Off the thread pool for the same reason as <see cref="Shared"/>.
    /// </summary>
    public static BackgroundScheduler Editing { get; } = new(Environment.ProcessorCount, "corpuslsp editing", lowerPriority: false);

    private readonly BlockingCollection<Task> _queue = new();
    private readonly ThreadLocal<bool> _ours = new();
    private readonly int _threads;
    private readonly bool _lowerPriority;
    private readonly BackgroundPause? _pause;

    private BackgroundScheduler(int threads, string name, bool lowerPriority, BackgroundPause? pause = null)
    {
        _threads = Math.Max(1, threads);
        _lowerPriority = lowerPriority;
        _pause = pause;
        for (var i = 0; i < _threads; i++)
            new Thread(Work) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on these threads.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this);

    public Task Run(Action work, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this);

    public override int MaximumConcurrencyLevel => _threads;

    private void Work()
    {
        _ours.Value = true;
        if (_lowerPriority) LowerPriority();
        _pause?.ObserveOnThisThread();
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            // Between two tasks (two files' diagnostics of a publish pass) as between two items of a loop inside one.
            BackgroundPause.Point();
            TryExecuteTask(task);
        }
    }

    /// <summary>
    /// On Linux, a nice value of 10 for this thread: a request that arrives while every core runs background analysis gets
    /// a core at once instead of an even share of it (.NET's <see cref="Thread.Priority"/> does nothing there). Linux
    /// keeps the nice value per thread, and raising it needs no privilege.
    /// </summary>
    private static void LowerPriority()
    {
        const int PrioProcess = 0, CallingThread = 0, Nice = 10;
        if (OperatingSystem.IsLinux()) _ = SetPriority(PrioProcess, CallingThread, Nice);
    }

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <summary>
    /// A task waited for on one of these threads runs there at once: a parallel loop waits for the parts it queued, and
    /// with every thread waiting so, none would be left to run them.
    /// </summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => _ours.Value && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();
}
