using System.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Sorts more records than fit in memory: chunks of <c>chunkRecords</c> are sorted and written to scratch as runs,
/// then merged. Memory is one chunk plus a read buffer per run, whatever the number of records.
/// </summary>
internal sealed class ExternalSorter<T>(IScratchStorage scratch, IComparer<T> comparer, Action<BinaryWriter, T> write, Func<BinaryReader, T> read, int chunkRecords)
    : IDisposable
{
    private readonly List<T> _chunk = [];
    private readonly List<(Stream Stream, long Count)> _runs = [];

    public long Count { get; private set; }

    public void Add(T item)
    {
        _chunk.Add(item);
        Count++;
        if (_chunk.Count >= chunkRecords) Spill();
    }

    private void Spill()
    {
        _chunk.Sort(comparer);
        var stream = scratch.Create();
        using (var w = new BinaryWriter(new BufferedStream(stream, 1 << 16), Encoding.UTF8, leaveOpen: true))
        {
            foreach (var item in _chunk) write(w, item);
        }
        _runs.Add((stream, _chunk.Count));
        _chunk.Clear();
        if (_chunk.Capacity > chunkRecords) _chunk.Capacity = chunkRecords;
    }

    /// <summary>Every record added, in order. Enumerate once.</summary>
    public IEnumerable<T> Sorted()
    {
        if (_runs.Count == 0)
        {
            _chunk.Sort(comparer);
            foreach (var item in _chunk) yield return item;
            yield break;
        }
        if (_chunk.Count > 0) Spill();
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
        foreach (var (stream, _) in _runs) stream.Dispose();
        _runs.Clear();
        _chunk.Clear();
    }
}
