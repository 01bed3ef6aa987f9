using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Tests.Core;

/// <summary>The external sort of the streaming gazetteer build: runs sorted and written on another thread, merged in order.</summary>
public sealed class ExternalSorterTests
{
    /// <summary>Scratch in memory whose first run is held until the test opens the gate (or 5 s pass, noted as a timeout).</summary>
    private sealed class GatedScratch : IScratchStorage
    {
        public ManualResetEventSlim Gate { get; } = new();
        public bool TimedOut { get; private set; }
        public int Runs { get; private set; }

        public Stream Create()
        {
            if (Runs++ == 0 && !Gate.Wait(TimeSpan.FromSeconds(5))) TimedOut = true;
            return new MemoryStream();
        }
    }

    [Fact]
    public void A_full_chunk_is_written_while_the_next_one_fills_and_the_merge_gives_every_record_in_order()
    {
        var scratch = new GatedScratch();
        var random = new Random(3);
        var records = Enumerable.Range(0, 10_000).Select(i => (Key: random.Next(500), Seq: i)).ToList();
        using var sorter = new ExternalSorter<(int Key, int Seq)>(scratch, Comparer<(int Key, int Seq)>.Default,
            (w, x) => { w.Write(x.Key); w.Write(x.Seq); }, r => (r.ReadInt32(), r.ReadInt32()), chunkRecords: 100);
        // The 100th record fills the first chunk: its run is written elsewhere, so adding returns while that run is held.
        foreach (var r in records.Take(150)) sorter.Add(r);
        scratch.Gate.Set();
        foreach (var r in records.Skip(150)) sorter.Add(r);

        Assert.Equal(records.Order(), sorter.Sorted());
        Assert.False(scratch.TimedOut, "the first run was written on the adding thread, which waited for it");
        Assert.Equal(100, scratch.Runs);
    }
}
