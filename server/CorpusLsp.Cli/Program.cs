using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;

namespace CorpusLsp.Cli;

/// <summary>
/// The `corpuslsp` executable: System.CommandLine parses; each command lives in its own file (a Create() that
/// builds the Command and an action that calls the command's logic). To add a command, write NAME Command.cs with
/// Create() and list it in <see cref="CreateRoot"/>.
/// </summary>
public static class Program
{
    public static string Version => typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The git commit the build came from (embedded at build time), or null when it was built without git.</summary>
    public static string? Commit => typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        is { } v && v.IndexOf('+') is var plus and >= 0 && plus + 1 < v.Length ? v[(plus + 1)..][..Math.Min(12, v.Length - plus - 1)] : null;

    public static int Main(string[] args)
    {
        CollectorChoice.ForCommand(args);
        return Run(args, Console.Out, Console.Error);
    }

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("corpuslsp: checker and language server for annotated news corpora")
        {
            CheckCommand.Create(),
            ProfilesCommand.Create(),
            ServeCommand.Create(),
            PlaceCommand.Create(),
            ResolveCommand.Create(),
            DateCommand.Create(),
            ImportCommand.Create(),
            ExportCommand.Create(),
            ReportCommand.Create(),
        };
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new PrintVersion();
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = CreateRoot();
        // No response files: a path that starts with '@' is a path.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
            return 2;
        }
        if (parsed.Action is ParseErrorAction) return UsageError(parsed, stderr);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"corpuslsp: {ex.Message}");
            return 2;
        }
    }

    /// <summary>Parse errors in our words where System.CommandLine's are unclear, then where to find help; exit code 2.</summary>
    private static int UsageError(ParseResult parsed, TextWriter stderr)
    {
        var name = CommandPath(parsed.CommandResult.Command);
        var messages = parsed.Errors.Select(Describe).Distinct().ToList();
        // "Required command was not provided" says nothing when the real mistake (an unknown word) is listed too.
        if (messages.Count > 1) messages.RemoveAll(m => m == RequiredCommandMissing);
        foreach (var message in messages) stderr.WriteLine($"{name}: {message}");
        stderr.WriteLine($"Run '{name} --help' for usage.");
        return 2;
    }

    private const string RequiredCommandMissing = "Required command was not provided.";

    private static string Describe(ParseError error)
    {
        var option = error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult;
        if (option is { Tokens.Count: 0, Option.Arity.MinimumNumberOfValues: > 0 })
            return $"option '{option.IdentifierToken?.Value ?? option.Option.Name}' needs a value";
        return error.Message;
    }

    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is not null; s = s.Parents.FirstOrDefault())
            names.Add(s is RootCommand ? "corpuslsp" : s.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The writers a command's action must use (the caller's, so that tests can run commands in-process).</summary>
    public static (TextWriter Out, TextWriter Err) Writers(ParseResult parsed) =>
        (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"corpuslsp {Version} (commit {Commit ?? "unknown"})");
            return 0;
        }
    }
}
