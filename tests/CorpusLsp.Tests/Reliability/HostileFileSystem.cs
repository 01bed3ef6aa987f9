using System.Diagnostics;
using CorpusLsp.Cli;

namespace CorpusLsp.Tests.Reliability;

/// <summary>
/// Real files in odd shapes for the file-system tests: a corpus folder, a "home" outside it holding a secret, links,
/// FIFOs and devices. Everything lives under one temp folder, removed at the end.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileFileSystem : IDisposable
{
    public const string Secret = "SECRET-TOKEN-4711";

    public string Base { get; } = Path.Combine(Path.GetTempPath(), "corpuslsp-hostile-" + Guid.NewGuid().ToString("N")[..10]);
    public string Corpus => Path.Combine(Base, "corpus");
    public string Home => Path.Combine(Base, "home");
    /// <summary>A credentials file outside the corpus, as ~/.git-credentials is.</summary>
    public string SecretFile => Path.Combine(Home, ".git-credentials");
    /// <summary>A JSON file outside the corpus whose values are secret.</summary>
    public string SecretJson => Path.Combine(Home, "secrets.json");

    public HostileFileSystem()
    {
        Directory.CreateDirectory(Corpus);
        Directory.CreateDirectory(Home);
        File.WriteAllText(SecretFile, $"https://x-access-token:{Secret}@github.com\n");
        File.WriteAllText(SecretJson, $"{{\"lat\": \"PASSWORD-{Secret}\", \"places\": [\"{Secret}\"]}}\n");
    }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Link(string relative, string target)
    {
        var path = Path.Combine(Corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    public string Fifo(string relative)
    {
        var path = Path.Combine(Corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    /// <summary>Whether this process reads files whatever their mode (root, or CAP_DAC_OVERRIDE): then permission tests cannot deny it.</summary>
    public bool ReadsEverything()
    {
        var probe = Path.Combine(Base, "probe");
        File.WriteAllText(probe, "x");
        File.SetUnixFileMode(probe, UnixFileMode.None);
        try { File.ReadAllBytes(probe); return true; }
        catch (UnauthorizedAccessException) { return false; }
        finally { File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
    }

    /// <summary>`corpuslsp` in this process, which must answer within 10 s.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var run = Task.Run(() => Program.Run(args, stdout, stderr));
        Assert.True(run.Wait(TimeSpan.FromSeconds(10)), $"corpuslsp {string.Join(' ', args)} did not answer within 10 s");
        return (run.Result, stdout.ToString(), stderr.ToString());
    }

    public const string Sidecar = "places:\n  - text: Khanaser\n    ref: geonames:168351\n";
    public const string Article = "Syrian forces liberated Khanaser on Thursday.";

    /// <summary>A corpus with the fixture gazetteer and one article/sidecar pair, under this corpus.yaml.</summary>
    public static HostileFileSystem CorpusWith(string corpusYaml)
    {
        var fs = new HostileFileSystem();
        fs.Write("corpus.yaml", corpusYaml);
        fs.Write("gaz/cities.txt", Support.Fixture.GeoNames);
        fs.Write("a.yaml", Sidecar);
        fs.Write("a.txt", Article);
        return fs;
    }

    public void Dispose()
    {
        // Folders a test made unreadable must be readable again to be deleted. Links are skipped, not entered: a
        // recursive enumeration follows a link to a folder, and a link to the corpus itself loops until memory runs out.
        foreach (var dir in Directory.EnumerateDirectories(Base, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            try { File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); } catch (IOException) { }
        try { Directory.Delete(Base, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
