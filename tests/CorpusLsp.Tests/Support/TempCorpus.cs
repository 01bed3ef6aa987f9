namespace CorpusLsp.Tests.Support;

/// <summary>The fixture corpus written to a temporary folder, for tests that need real files (server, CLI).</summary>
public sealed class TempCorpus : IDisposable
{
    public string Root { get; } = TestEnvironment.NewScratchFolder();

    public TempCorpus(string sidecar, string article)
    {
        Write("corpus.yaml", Fixture.CorpusYaml);
        Write("gaz/cities.txt", Fixture.GeoNames);
        Write("gaz/admin1.txt", Fixture.Admin1);
        Write("gaz/countries.txt", Fixture.Countries);
        Write("gaz/overlay.yaml", Fixture.Overlay);
        Write("a.yaml", sidecar);
        Write("a.txt", article);
    }

    public string Sidecar => Path.Combine(Root, "a.yaml");
    public string Article => Path.Combine(Root, "a.txt");

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => TestEnvironment.Delete(Root);
}
