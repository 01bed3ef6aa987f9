using System.CommandLine;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Views;

namespace CorpusLsp.Cli;

/// <summary>
/// `corpuslsp report [CORPUS] -o report.html`: one self-contained HTML page (figures, a map of every place, events by
/// article, findings by code and file) for a CI artifact. Exit 0 whatever the findings: `check` is the gate.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var corpus = new Argument<string>("CORPUS") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => ".", Description = "The corpus folder [default: the current folder]" };
        var output = new Option<string?>("--output", "-o") { HelpName = "FILE", Description = "Write the HTML to FILE [default: report.html]" };
        var command = new Command("report", "Write an HTML report of the corpus: figures, map of places, timeline of events, findings") { corpus, output };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return Run(parsed.GetValue(corpus)!, parsed.GetValue(output) ?? "report.html", stdout, stderr);
        });
        return command;
    }

    public static int Run(string corpus, string output, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(corpus)) { stderr.WriteLine($"corpuslsp: '{corpus}' is not a folder"); return 2; }
        var root = PhysicalFileSystem.FindCorpusRoot(corpus);
        var snapshot = CorpusSnapshot.Load(root, new PhysicalFileSystem(), new DiskGazetteerCache());
        var view = CorpusView.From(snapshot);
        var target = Path.GetFullPath(output);
        var folder = Path.GetDirectoryName(target)!;
        // Links relative to the report, so they work where the report and the corpus are unpacked side by side.
        string? Href(ViewDiagnostic d) =>
            Path.GetRelativePath(folder, d.Path).Replace('\\', '/').Split('/').Select(Uri.EscapeDataString).Aggregate((a, b) => a + "/" + b)
            + (d.Line > 0 ? $"#L{d.Line}" : "");
        var html = ReportHtml.Render(view, $"corpuslsp {Program.Version}", Href);
        Directory.CreateDirectory(folder);
        File.WriteAllText(target, html);
        stdout.WriteLine($"{target}: {view.Articles.Length} articles, {view.Places.Length} places, {view.Events} events, {view.AllDiagnostics.Length} findings");
        return 0;
    }
}
