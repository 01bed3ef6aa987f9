namespace CorpusLsp.Cli;

public static class Program
{
    public static string Version => typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help") { stdout.WriteLine(Help); return args.Length == 0 ? 2 : 0; }
        if (args[0] is "--version" or "version") { stdout.WriteLine(Version); return 0; }
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "check" => CheckCommand.Run(rest, stdout, stderr),
                "serve" => ServeCommand.Run(rest, stderr),
                "place" => PlaceCommand.Run(rest, stdout, stderr),
                "resolve" => ResolveCommand.Run(rest, Console.In, stdout, stderr),
                "date" => DateCommand.Run(rest, stdout, stderr),
                "import" => ImportCommand.Run(rest, stdout, stderr),
                _ => Unknown(args[0], stderr),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"corpuslsp: {ex.Message}");
            return 2;
        }
    }

    private static int Unknown(string command, TextWriter stderr)
    {
        stderr.WriteLine($"corpuslsp: unknown command '{command}'. Commands: check, serve, place, resolve, date, import.");
        return 2;
    }

    public const string Help = """
        corpuslsp: checker and language server for annotated news corpora

        Usage:
          corpuslsp check [PATHS...] [--format text|json|sarif|github] [--min-severity LEVEL] [--shard K/N]
          corpuslsp serve [--stdio]
          corpuslsp place NAME [--corpus DIR] [--context ARTICLE]
          corpuslsp resolve ARTICLE [--mentions FILE|-] [--corpus DIR] [--limit N]
          corpuslsp date "EXPRESSION" [--published YYYY-MM-DD] [--tense past|future]
          corpuslsp import timeml INPUT OUTPUT_FOLDER
          corpuslsp --version

        Run 'corpuslsp COMMAND --help' for a command's options.
        """;
}
