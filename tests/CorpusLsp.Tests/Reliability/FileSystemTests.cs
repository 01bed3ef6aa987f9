using System.Diagnostics;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Reliability;

/// <summary>`check` against hostile and careless file systems (issue 16, items 1, 2, 3, 8, 11): each case answers within 10 s.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileSystemTests
{


    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("github")]
    public void Item1_links_out_of_the_corpus_are_refused_and_never_quoted(string format)
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt, gaz/dump.txt]\n  overlay: [gazetteer/creds.yaml, gazetteer/values.yaml]\n");
        fs.Link("gazetteer/creds.yaml", fs.SecretFile);
        fs.Link("gazetteer/values.yaml", fs.SecretJson);
        fs.Link("gaz/dump.txt", fs.SecretFile);
        fs.Link("b.yaml", fs.SecretFile);
        fs.Link("c.txt", fs.SecretJson);
        fs.Link("d.yaml", fs.Home); // a link to a folder out of the corpus

        var (exit, output, error) = HostileFileSystem.Run("check", fs.Corpus, "--format", format, "--no-progress");

        Assert.Equal(1, exit);
        Assert.DoesNotContain(HostileFileSystem.Secret, output + error);
        Assert.DoesNotContain("x-access-token", output + error);
        if (format != "text") return;
        Assert.Contains("corpus.yaml:3:13: error CLS027 Gazetteer file 'gazetteer/creds.yaml' is a link to a file outside the corpus folder; it is not read.", output);
        Assert.Contains("corpus.yaml:2:30: error CLS027 Gazetteer file 'gaz/dump.txt' is a link to a file outside the corpus folder", output);
        Assert.Contains("b.yaml:1:1: error CLS007 'b.yaml' is a link to a file outside the corpus folder; it is not read.", output);
        Assert.Contains("c.txt:1:1: error CLS007 'c.txt' is a link to a file outside the corpus folder", output);
    }

    [Fact]
    public void Item1_links_inside_the_corpus_are_followed()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        fs.Write("texts/real.txt", HostileFileSystem.Article);
        fs.Link("b.txt", Path.Combine(fs.Corpus, "texts/real.txt"));
        fs.Write("b.yaml", HostileFileSystem.Sidecar);
        var (exit, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--no-progress");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("b.yaml", output);
        Assert.DoesNotContain("CLS007", output);
    }

    [Fact]
    public void Item1_messages_quote_a_short_escaped_excerpt_only()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        fs.Write("b.yaml", $"places: \"https://x-access-token:{HostileFileSystem.Secret}@github.com\\n::error::forged\"\n");
        fs.Write("b.txt", HostileFileSystem.Article);
        var (_, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--format", "github", "--no-progress");
        Assert.Contains("found 'https://x-access-token:S…'", output);
        Assert.DoesNotContain(HostileFileSystem.Secret, output);
        Assert.DoesNotContain("forged", output);
    }

    [Fact]
    public void Item2_fifos_and_devices_are_reported_not_opened()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt, gaz/pipe.txt, gaz/zero.txt]\n  overlay: [gaz/overlay.yaml]\n");
        fs.Fifo("x.yaml");
        fs.Fifo("x.txt");
        fs.Fifo("gaz/pipe.txt");
        fs.Fifo("gaz/overlay.yaml");
        fs.Link("gaz/zero.txt", "/dev/zero");
        fs.Link("y.txt", "/dev/urandom");

        var (exit, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--no-progress");

        Assert.Equal(1, exit);
        Assert.Contains("x.yaml:1:1: error CLS007 'x.yaml' is a FIFO (named pipe), not a regular file; it is not read.", output);
        Assert.Contains("x.txt:1:1: error CLS007 'x.txt' is a FIFO (named pipe), not a regular file", output);
        Assert.Contains("CLS027 Gazetteer file 'gaz/pipe.txt' is a FIFO (named pipe)", output);
        Assert.Contains("CLS027 Gazetteer file 'gaz/overlay.yaml' is a FIFO (named pipe)", output);
        Assert.Contains("CLS027 Gazetteer file 'gaz/zero.txt' is a link to a file outside the corpus folder", output);
        Assert.Contains("y.txt:1:1: error CLS007", output);
    }

    [Fact]
    public void Item2_the_disk_reads_only_regular_files_and_bounds_their_size()
    {
        var disk = new PhysicalFileSystem();
        Assert.Null(disk.ReadAllBytes("/dev/zero"));
        Assert.Null(disk.OpenRead("/dev/urandom"));
        Assert.Equal("is a device, not a regular file; it is not read", disk.Problem("/dev/zero"));
        Assert.Equal("is a folder, not a file", disk.Problem("/tmp"));
    }

    [Fact]
    public void Item3_the_file_system_root_is_a_one_line_error_with_exit_code_2()
    {
        var (exit, output, error) = HostileFileSystem.Run("check", "/", "--no-progress");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("corpuslsp: '/' is the file system root, not a corpus folder; name the folder that holds corpus.yaml (or the articles).", error.Trim());

        (exit, _, error) = HostileFileSystem.Run("place", "Aleppo", "--corpus", "/");
        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Item3_check_in_the_root_folder_without_arguments()
    {
        // A container job with WORKDIR /: the real executable, started in "/".
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "corpuslsp.dll"));
        psi.ArgumentList.Add("check");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        try { await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { p.Kill(); Assert.Fail("check in / did not answer within 10 s"); }
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("", await stdout);
        var error = await stderr;
        Assert.StartsWith("corpuslsp: '.' is the file system root", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Item8_an_article_over_the_size_bound_is_reported_not_read()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        var big = Path.Combine(fs.Corpus, "big.txt");
        using (var f = File.Create(big)) f.SetLength(200L << 20); // sparse: 200 MB that take no disk
        var (exit, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--no-progress");
        Assert.Equal(1, exit);
        Assert.Contains("big.txt:1:1: error CLS007 'big.txt' is 200 MB; files over 64 MB are not read.", output);
    }

    [Fact]
    public void Item11_messages_say_what_is_wrong_and_usage_problems_exit_2()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n  overlay: [gaz/folder.yaml, gaz/locked.yaml]\n");
        Directory.CreateDirectory(Path.Combine(fs.Corpus, "gaz/folder.yaml"));
        File.SetUnixFileMode(fs.Write("gaz/locked.yaml", "places: []\n"), UnixFileMode.None);
        fs.Write("locked/c.yaml", HostileFileSystem.Sidecar);
        File.SetUnixFileMode(Path.Combine(fs.Corpus, "locked"), UnixFileMode.None);

        var (_, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--no-progress");

        Assert.Contains("CLS027 Gazetteer file 'gaz/folder.yaml' is a folder, not a file.", output);
        // Root reads files whatever their mode: the permission cases only hold for other users.
        if (!fs.ReadsEverything())
        {
            Assert.Contains("CLS027 Gazetteer file 'gaz/locked.yaml' cannot be read (permission denied).", output);
            Assert.Contains("error CLS007 The folder 'locked' cannot be listed (permission denied?); the files in it are not checked.", output);
        }

        var (exit, _, error) = HostileFileSystem.Run("place", "Aleppo", "--corpus", Path.Combine(fs.Base, "nonexistent"));
        Assert.Equal(2, exit);
        Assert.EndsWith("nonexistent' does not exist.", error.Trim());
    }

    [Fact]
    public void Item11_a_linked_article_outside_is_not_called_missing()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        File.WriteAllText(Path.Combine(fs.Home, "x.txt"), HostileFileSystem.Article);
        fs.Link("x.txt", Path.Combine(fs.Home, "x.txt"));
        fs.Write("x.yaml", HostileFileSystem.Sidecar);
        var (_, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--no-progress");
        Assert.DoesNotContain("No article", output);
        Assert.Contains("x.txt:1:1: error CLS007 'x.txt' is a link to a file outside the corpus folder; it is not read.", output);
    }

    [Fact]
    public void Very_long_names_and_link_loops_do_not_stop_the_walk()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        fs.Write(new string('n', 250) + ".yaml", HostileFileSystem.Sidecar);
        fs.Link("loop/a", Path.Combine(fs.Corpus, "loop"));
        fs.Link("self.yaml", Path.Combine(fs.Corpus, "self.yaml"));
        fs.Link("dangling.txt", Path.Combine(fs.Corpus, "gone.txt"));
        var (exit, output, _) = HostileFileSystem.Run("check", fs.Corpus, "--no-progress");
        Assert.Equal(1, exit);
        Assert.Contains("dangling.txt:1:1: error CLS007 'dangling.txt' is a link whose target does not exist.", output);
        Assert.Contains(new string('n', 250) + ".yaml", output); // its article is missing: checked, not skipped
    }

    [Fact]
    public void The_listing_skips_hidden_entries_and_links_to_folders_and_lists_links_to_files()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        fs.Write("texts/a.txt", HostileFileSystem.Article);
        fs.Write(".hidden/b.txt", HostileFileSystem.Article);
        fs.Write(".c.txt", HostileFileSystem.Article);
        fs.Link("outside", fs.Home); // a link to a folder: neither listed nor followed
        fs.Link("d.txt", fs.SecretFile); // a link to a file: listed (the confinement refuses it)
        fs.Fifo("e.yaml");
        var listed = new PhysicalFileSystem(trustsListing: true).EnumerateFiles(fs.Corpus, recursive: true, new List<string>())
            .Select(p => Path.GetRelativePath(fs.Corpus, p));
        Assert.Equal(["a.txt", "a.yaml", "corpus.yaml", "d.txt", "e.yaml", "gaz/cities.txt", "texts/a.txt"], listed);
    }

    [Fact]
    public void A_listed_file_swapped_for_a_link_out_of_the_corpus_is_not_read()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        var path = fs.Write("a.txt", HostileFileSystem.Article);
        var disk = new PhysicalFileSystem(trustsListing: true);
        var confined = new CorpusLsp.Core.IO.ConfinedFileSystem(disk, fs.Corpus);
        Assert.Contains(path, confined.EnumerateFiles(fs.Corpus, recursive: true));
        Assert.Equal(HostileFileSystem.Article, System.Text.Encoding.UTF8.GetString(confined.ReadAllBytes(path)!));
        File.Delete(path);
        fs.Link("a.txt", fs.SecretFile);
        Assert.Null(confined.ReadAllBytes(path));
        Assert.Equal("is a link to a file outside the corpus folder; it is not read", confined.Problem(path));
    }

    [Fact]
    public void Loading_a_corpus_reads_through_its_confinement()
    {
        using var fs = HostileFileSystem.CorpusWith("gazetteer:\n  geonames: [gaz/cities.txt]\n");
        fs.Link("b.yaml", fs.SecretFile);
        var snapshot = CorpusSnapshot.Load(fs.Corpus, new PhysicalFileSystem());
        var file = snapshot.Files[Path.Combine(fs.Corpus, "b.yaml")];
        Assert.Null(file.Text);
        Assert.Equal("CLS007", file.ReadError!.Code);
    }
}
