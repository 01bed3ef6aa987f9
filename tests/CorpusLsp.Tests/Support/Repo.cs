namespace CorpusLsp.Tests.Support;

public static class Repo
{
    /// <summary>The repository root, found from the test assembly's folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "CorpusLsp.sln"))) return dir;
        throw new InvalidOperationException("CorpusLsp.sln not found above the test assembly.");
    }

    public static string Example => Path.Combine(Root, "examples", "syria");

    /// <summary>A scratch copy of the example corpus that a test may change; removed with the test run's folder.</summary>
    public static string CopyExample()
    {
        var target = TestEnvironment.NewScratchFolder("syria");
        foreach (var file in Directory.EnumerateFiles(Example, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(Example, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }
}
