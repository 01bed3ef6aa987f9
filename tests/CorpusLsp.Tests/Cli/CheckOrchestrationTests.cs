using CorpusLsp.Cli;

namespace CorpusLsp.Tests.Cli;

/// <summary>How `check` uses the machine: the collector it runs under and where it reads the corpus to.</summary>
public sealed class CheckOrchestrationTests
{
    [Fact]
    public void Reads_a_check_keeps_are_the_same_bytes_and_never_moved()
    {
        var dir = Directory.CreateTempSubdirectory("corpuslsp-reads-");
        try
        {
            var path = Path.Combine(dir.FullName, "a.txt");
            var content = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Jets struck Khanaser. ", 500)));
            File.WriteAllBytes(path, content);
            var kept = new PhysicalFileSystem(keepsReads: true).ReadAllBytes(path)!;
            var young = new PhysicalFileSystem().ReadAllBytes(path)!;
            Assert.Equal(content, kept);
            Assert.Equal(content, young);
            // On the pinned heap (reported as the oldest generation): 10,000 pairs' files do not fill the young budget and
            // are not copied as they age.
            Assert.Equal(GC.MaxGeneration, GC.GetGeneration(kept));
            Assert.Equal(0, GC.GetGeneration(young));
        }
        finally { dir.Delete(recursive: true); }
    }
}
