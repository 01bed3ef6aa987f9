using CorpusLsp.Cli;

namespace CorpusLsp.Tests.Cli;

/// <summary>How `check` uses the machine: the collector it runs under and where it reads the corpus to.</summary>
public sealed class CheckOrchestrationTests
{
    [Theory]
    // A native `check` starts again under the server collector; nothing else does.
    [InlineData(new[] { "check", "corpus" }, true, true, null, false, true)]
    [InlineData(new[] { "serve" }, true, true, null, false, false)]
    [InlineData(new[] { "place", "check" }, true, true, null, false, false)]
    [InlineData(new string[0], true, true, null, false, false)]
    // A framework-dependent build's collector is its runtimeconfig's; without execve there is nothing to restart with.
    [InlineData(new[] { "check" }, false, true, null, false, false)]
    [InlineData(new[] { "check" }, true, false, null, false, false)]
    // The user's DOTNET_gcServer (either way) is kept, and the restarted process (it has "1") does not start again.
    [InlineData(new[] { "check" }, true, true, "0", false, false)]
    [InlineData(new[] { "check" }, true, true, "1", true, false)]
    [InlineData(new[] { "check" }, true, true, null, true, false)]
    // Shards and their merge are the small-memory mode: they keep the workstation collector.
    [InlineData(new[] { "check", "corpus", "--shard", "1/4" }, true, true, null, false, false)]
    [InlineData(new[] { "check", "corpus", "--shard=1/4" }, true, true, null, false, false)]
    [InlineData(new[] { "check", "--merge", "a.json", "b.json" }, true, true, null, false, false)]
    public void Only_a_native_check_restarts_under_the_server_collector(string[] args, bool native, bool canExec, string? chosen, bool serverNow, bool restarts) =>
        Assert.Equal(restarts, CollectorChoice.Restarts(args, native, canExec, chosen, serverNow));

    [Theory]
    // Started through the loader or under valgrind, the process's executable is that program: a restart would run it.
    [InlineData("/opt/corpuslsp/corpuslsp", "./corpuslsp", true)]
    [InlineData("/opt/corpuslsp/corpuslsp", "corpuslsp", true)]
    [InlineData("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "./corpuslsp", false)]
    [InlineData("/usr/libexec/valgrind/callgrind-amd64-linux", "./corpuslsp", false)]
    [InlineData(null, "./corpuslsp", false)]
    public void Restarts_only_a_process_started_as_itself(string? processPath, string? argv0, bool itself) =>
        Assert.Equal(itself, CollectorChoice.StartedAsItself(processPath, argv0));

    [Fact]
    public void A_restarted_check_collects_on_every_heap_with_a_capped_young_generation_and_no_background_collection_unless_the_user_chose()
    {
        // The runtime reads these numbers as hex without 0x: 2000000 is 32 MB (with "0x" it would ignore the setting).
        var plain = CollectorChoice.RestartEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/a" }).ToList();
        Assert.Equal(["HOME=/home/a", "DOTNET_gcServer=1", "DOTNET_GCDynamicAdaptationMode=0", "DOTNET_GCGen0MaxBudget=2000000", "DOTNET_gcConcurrent=0"], plain);
        var chosen = CollectorChoice.RestartEnvironment(new Dictionary<string, string>
            { ["DOTNET_GCDynamicAdaptationMode"] = "1", ["COMPlus_GCGen0MaxBudget"] = "4000000", ["DOTNET_gcConcurrent"] = "1" }).ToList();
        Assert.Equal(["DOTNET_GCDynamicAdaptationMode=1", "COMPlus_GCGen0MaxBudget=4000000", "DOTNET_gcConcurrent=1", "DOTNET_gcServer=1"], chosen);
    }

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
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Files_a_check_keeps_are_read_outside_the_collected_heap_and_load_as_read_anywhere()
    {
        var dir = Directory.CreateTempSubdirectory("corpuslsp-kept-");
        try
        {
            var root = PhysicalFileSystem.Normalize(dir.FullName);
            var article = "Jets struck \u201cKhanaser\u201d.\r\nThen Nubl.";
            File.WriteAllBytes(root + "/a.txt", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(article)]);
            File.WriteAllText(root + "/a.yaml", "places:\n  - text: Khanaser\n");
            File.WriteAllBytes(root + "/big.txt", new byte[5 << 20]); // past a quarter of a slab: a slab of its own
            var disk = new PhysicalFileSystem(keepsReads: true, trustsListing: true);
            Assert.Equal(3, disk.EnumerateFiles(root, recursive: true).Count());
            var kept = disk.ReadKept(root + "/a.txt")!.Value;
            Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(kept, out _), "a kept file was read into an array of the collected heap");
            Assert.Equal(File.ReadAllBytes(root + "/a.txt"), kept.ToArray());
            Assert.Equal(5 << 20, disk.ReadKept(root + "/big.txt")!.Value.Length);

            var snapshot = CorpusLsp.Core.Analysis.CorpusSnapshot.Load(root, disk);
            var fresh = CorpusLsp.Core.Analysis.CorpusSnapshot.Load(root, new PhysicalFileSystem());
            Assert.Equal(article, snapshot.TextOf(root + "/a.txt")!.Text);
            Assert.Equal(fresh.TextOf(root + "/a.txt")!.LineCount, snapshot.TextOf(root + "/a.txt")!.LineCount);
            Assert.Equal(fresh.AllDiagnostics().Select(d => $"{d.Code} {d.Path} {d.Span}"), snapshot.AllDiagnostics().Select(d => $"{d.Code} {d.Path} {d.Span}"));
        }
        finally { dir.Delete(recursive: true); }
    }
}
