using System.CommandLine;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Cli;

/// <summary>
/// `corpuslsp profiles [CORPUS] [-o FILE]`: the source profiles and the annotated names (CLS052) of a corpus as JSON —
/// what each CI shard would otherwise compute again by reading every pair (`check --shard K/N --profiles FILE`).
/// </summary>
public static class ProfilesCommand
{
    public static Command Create()
    {
        var corpus = new Argument<string>("CORPUS") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => ".", Description = "The corpus folder [default: the current folder]" };
        var output = new Option<string?>("--output", "-o") { HelpName = "FILE", Description = "Write to FILE instead of standard output" };
        var command = new Command("profiles", "Write the corpus's source profiles (where each news source is local) and annotated names (for CLS052) as JSON, for `check --shard --profiles`") { corpus, output };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return Run(parsed.GetValue(corpus)!, parsed.GetValue(output), stdout, stderr);
        });
        return command;
    }

    public static int Run(string corpus, string? output, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(corpus)) { stderr.WriteLine($"corpuslsp: '{corpus}' is not a folder"); return 2; }
        var root = PhysicalFileSystem.FindCorpusRoot(corpus);
        // A selection of nothing: no pair is analysed, every sidecar streams past once (with its article) for its places and names.
        var snapshot = CorpusSnapshot.Load(root, new PhysicalFileSystem(), new DiskGazetteerCache(), selection: new CorpusSelection(_ => false, _ => false));
        var json = SourceProfiles.Write(snapshot.AllSourceProfiles(), snapshot.CorpusNames!, snapshot.Root);
        if (output is null) stdout.Write(json);
        else File.WriteAllText(output, json);
        return 0;
    }
}
