using System.Diagnostics;
using System.Text.Json.Nodes;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Reliability;

/// <summary>
/// File-system shapes drawn at random (seeded): links in and out of the corpus, to folders, to themselves and to
/// nothing, FIFOs and devices under corpus names, unreadable files and folders, very long names. `check` in every
/// format and the server must answer within the budget, with exit code 0 or 1, and never print the secret.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileSystemFuzzTests
{
    private const string Sidecar = "places:\n  - text: Khanaser\n    ref: geonames:168351\n";
    private const string Article = "Syrian forces liberated Khanaser on Thursday.";

    private static HostileFileSystem Draw(int seed)
    {
        var random = new Random(seed);
        var fs = new HostileFileSystem();
        fs.Write("gaz/cities.txt", Fixture.GeoNames);
        var gazetteer = new List<string> { "gaz/cities.txt" };
        var overlays = new List<string>();
        string Name(string extension) => random.Next(8) == 0
            ? new string('x', 250 - extension.Length) + extension
            : $"{(random.Next(3) == 0 ? $"d{random.Next(3)}/" : "")}f{random.Next(1000)}{extension}";
        for (var i = 0; i < 14; i++)
        {
            var extension = random.Next(3) switch { 0 => ".txt", 1 => ".yaml", _ => ".yml" };
            var name = Name(extension);
            if (File.Exists(Path.Combine(fs.Corpus, name)) || Directory.Exists(Path.Combine(fs.Corpus, name))) continue;
            switch (random.Next(10))
            {
                case 0: fs.Link(name, fs.SecretFile); break;
                case 1: fs.Link(name, fs.SecretJson); break;
                case 2: fs.Link(name, random.Next(2) == 0 ? "/dev/zero" : "/dev/urandom"); break;
                case 3: fs.Fifo(name); break;
                case 4: fs.Link(name, Path.Combine(fs.Corpus, name)); break; // itself
                case 5: fs.Link(name, random.Next(2) == 0 ? fs.Home : fs.Corpus); break; // folders, out and in (a loop)
                case 6: File.SetUnixFileMode(fs.Write(name, Sidecar), UnixFileMode.None); break;
                case 7:
                    fs.Write(name, extension == ".txt" ? Article : Sidecar);
                    if (name.Contains('/')) File.SetUnixFileMode(Path.GetDirectoryName(Path.Combine(fs.Corpus, name))!, random.Next(2) == 0 ? UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    break;
                default: fs.Write(name, extension == ".txt" ? Article : Sidecar); break;
            }
            // Some shapes are also named as gazetteer files.
            if (random.Next(4) == 0 && !name.Contains('x')) (random.Next(2) == 0 ? gazetteer : overlays).Add(name);
        }
        fs.Write("corpus.yaml", $"gazetteer:\n  geonames: [{string.Join(", ", gazetteer)}]\n" + (overlays.Count > 0 ? $"  overlay: [{string.Join(", ", overlays)}]\n" : ""));
        return fs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Check_answers_every_shape_in_every_format(int seed)
    {
        using var fs = Draw(seed);
        foreach (var format in new[] { "text", "json", "sarif", "github" })
        {
            var (exit, output, error) = HostileFileSystem.Run("check", fs.Corpus, "--format", format, "--no-progress");
            Assert.True(exit is 0 or 1, $"seed {seed}, {format}: exit {exit}: {error}");
            Assert.DoesNotContain(HostileFileSystem.Secret, output + error);
            Assert.DoesNotContain("   at ", error);
        }
    }

    // The ten-second bound catches a hang (a FIFO read, a link followed in a loop), not a speed: indexing these shapes
    // takes well under a second.
    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task The_server_indexes_every_shape_and_keeps_answering(int seed)
    {
        using var fs = Draw(seed);
        await using var client = LspClient.InProcess(out var server);
        var watch = Stopwatch.StartNew();
        await client.InitializeAsync(fs.Corpus);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"indexing took {watch.Elapsed}");
        foreach (var file in Directory.EnumerateFileSystemEntries(fs.Corpus, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }).Take(20))
        {
            var hover = await client.RequestAsync("textDocument/hover", LspClient.At(file, 0, 1), TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(HostileFileSystem.Secret, hover.ToJsonString());
        }
        var report = await client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(HostileFileSystem.Secret, report.ToJsonString());
        Assert.Null((await client.RequestAsync("shutdown", null, TimeSpan.FromSeconds(10)))["error"]);
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
