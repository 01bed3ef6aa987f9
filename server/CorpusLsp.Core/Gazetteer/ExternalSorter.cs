using System.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Sorts more records than fit in memory: chunks of <c>chunkRecords</c> are sorted and written to scratch as runs,
/// then merged. A full chunk is sorted and written on another thread while the next one fills (a build used one of the
/// two cores it has; sorting the chunks is a large share of it), one at a time, so runs keep their order. Memory is two
/// chunks per sorter plus a read buffer per run, whatever the number of records. The spill thread is one of its own, not
/// the thread pool's: in the server the pool answers requests, and a 12.4M-row build spills for minutes.
/// </summary>
internal sealed class ExternalSorter<T>(IScratchStorage scratch, IComparer<T> comparer, Action<BinaryWriter, T> write, Func<BinaryReader, T> read, int chunkRecords)
    : IDisposable
{
    private List<T> _chunk = [];
    private List<T>? _spare;       // the chunk the last spill wrote, emptied, to fill next
    private Task? _spilling;       // the spill in flight, if any
    private readonly List<(Stream Stream, long Count)> _runs = [];

    public long Count { get; private set; }

    public void Add(T item)
    {
        _chunk.Add(item);
        Count++;
        if (_chunk.Count >= chunkRecords) Spill();
    }

    /// <summary>Hands the full chunk to a spill on another thread (after the one in flight ends) and fills an empty one.</summary>
    private void Spill()
    {
        WaitForSpill();
        var chunk = _chunk;
        _chunk = _spare ?? new List<T>(Math.Min(chunkRecords, 1 << 16));
        _spare = null;
        _spilling = Task.Factory.StartNew(() => WriteRun(chunk), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void WriteRun(List<T> chunk)
    {
        chunk.Sort(comparer);
        var stream = scratch.Create();
        try
        {
            using (var w = new BinaryWriter(new BufferedStream(stream, 1 << 16), Encoding.UTF8, leaveOpen: true))
            {
                foreach (var item in chunk) write(w, item);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        _runs.Add((stream, chunk.Count));
        chunk.Clear();
        if (chunk.Capacity > chunkRecords) chunk.Capacity = chunkRecords;
        _spare = chunk;
    }

    /// <summary>Waits for the spill in flight; its failure (a full disk) is the caller's.</summary>
    private void WaitForSpill()
    {
        var spilling = _spilling;
        _spilling = null;
        spilling?.GetAwaiter().GetResult();
    }

    /// <summary>Every record added, in order. Enumerate once.</summary>
    public IEnumerable<T> Sorted()
    {
        WaitForSpill();
        if (_runs.Count == 0)
        {
            _chunk.Sort(comparer);
            foreach (var item in _chunk) yield return item;
            yield break;
        }
        if (_chunk.Count > 0) { Spill(); WaitForSpill(); }
        var readers = new BinaryReader[_runs.Count];
        var left = new long[_runs.Count];
        var queue = new PriorityQueue<int, T>(_runs.Count, comparer);
        for (var r = 0; r < _runs.Count; r++)
        {
            _runs[r].Stream.Position = 0;
            readers[r] = new BinaryReader(new BufferedStream(_runs[r].Stream, 1 << 16), Encoding.UTF8, leaveOpen: true);
            left[r] = _runs[r].Count;
            if (left[r]-- > 0) queue.Enqueue(r, read(readers[r]));
        }
        while (queue.TryDequeue(out var run, out var item))
        {
            yield return item;
            if (left[run]-- > 0) queue.Enqueue(run, read(readers[run]));
        }
    }

    public void Dispose()
    {
        // A spill's failure that matters was thrown to Add or Sorted already; here it must not hide the error being unwound.
        try { WaitForSpill(); }
        catch (Exception) { }
        foreach (var (stream, _) in _runs) stream.Dispose();
        _runs.Clear();
        _chunk.Clear();
    }
}
