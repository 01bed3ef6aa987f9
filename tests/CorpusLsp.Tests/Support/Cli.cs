using CorpusLsp.Cli;

namespace CorpusLsp.Tests.Support;

/// <summary>Runs the corpuslsp command line in this process, capturing what it writes.</summary>
public static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
