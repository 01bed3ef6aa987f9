namespace CorpusLsp.Cli;

public static class ServeCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stderr)
    {
        stderr.WriteLine("corpuslsp serve: the language server is not built into this version yet.");
        return 2;
    }
}
