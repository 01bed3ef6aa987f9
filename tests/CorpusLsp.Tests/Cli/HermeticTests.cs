using CorpusLsp.Cli;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Cli;

/// <summary>
/// A test run writes nothing outside its temporary folder: the gazetteer cache, server logs, temporary files and
/// scratch corpora of this process and of every process it starts go there (TestEnvironment), and it is removed.
/// </summary>
public sealed class HermeticTests
{
    private static void AssertInsideRun(string path) =>
        Assert.StartsWith(TestEnvironment.Root + Path.DirectorySeparatorChar, Path.GetFullPath(path) + Path.DirectorySeparatorChar);

    [Fact]
    public void Cache_logs_temporary_files_and_scratch_corpora_live_in_the_run_folder()
    {
        Assert.StartsWith(TestEnvironment.SystemTemp, TestEnvironment.Root);
        AssertInsideRun(DiskGazetteerCache.DefaultDirectory());
        AssertInsideRun(ServerLog.DefaultDirectory());
        AssertInsideRun(Path.GetTempPath());
        AssertInsideRun(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")!);
        AssertInsideRun(Repo.CopyExample());
        using var corpus = new TempCorpus("places: []\n", "");
        AssertInsideRun(corpus.Root);
        Assert.Null(ServerLog.Named(null));
    }

    [Fact]
    public void Check_writes_its_gazetteer_cache_into_the_run_folder()
    {
        var corpus = Repo.CopyExample();
        Assert.Equal(0, Support.Cli.Run("check", corpus, "--no-progress", "--format=json").Exit);
        // Keyed by content, not path: a copy of the example shares the index an earlier copy built, in this folder.
        Assert.NotEmpty(Directory.GetFiles(TestEnvironment.Cache, "*.gaz"));
        TestEnvironment.Delete(corpus);
        Assert.False(Directory.Exists(corpus));
    }
}

/// <summary>The same for a server process started as an editor starts it.</summary>
[Collection(EndToEnd.Name), Trait(EndToEnd.Trait, EndToEnd.Category)]
public sealed class HermeticServerTests
{
    /// <summary>A server started as an editor starts it (no --log) logs to the daily file in the state directory.</summary>
    [Fact]
    public async Task Spawned_server_logs_to_the_rolling_file_in_the_state_directory()
    {
        var corpus = Repo.CopyExample();
        await using (var client = LspClient.Spawn(out var process))
        {
            await client.InitializeAsync(corpus);
            await client.ShutdownAsync();
            Assert.True(process.WaitForExit(10_000));
            // One file a day, shared by every server of the run: the one that names this process.
            var logs = Directory.GetFiles(Path.Combine(TestEnvironment.State, "corpuslsp"), "server-*.log");
            Assert.All(logs, log => Assert.Matches(@"server-\d{8}\.log$", log));
            Assert.Contains(logs, log => File.ReadAllText(log).Contains($"serving over stdio (pid {process.Id})", StringComparison.Ordinal));
        }
        TestEnvironment.Delete(corpus);
    }
}
