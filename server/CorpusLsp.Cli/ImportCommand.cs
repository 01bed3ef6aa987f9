using System.CommandLine;
using CorpusLsp.Core.Import;

namespace CorpusLsp.Cli;

/// <summary>`corpuslsp import timeml IN OUT`: writes NAME.txt + NAME.yaml per TimeML document into a new folder. Never overwrites.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A .tml file or a folder of them" };
        var output = new Argument<string>("OUTPUT_FOLDER") { Description = "Where the articles and sidecars go (created if missing)" };
        var timeml = new Command("timeml", "Import TimeML: an article and a sidecar per document, the header date as the date line; existing files are never overwritten") { input, output };
        timeml.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return TimeMl(parsed.GetValue(input)!, parsed.GetValue(output)!, stdout, stderr);
        });
        return new Command("import", "Import annotated documents from other formats") { timeml, BratImportCommand.Create() };
    }

    public static int TimeMl(string input, string output, TextWriter stdout, TextWriter stderr)
    {
        var files = Directory.Exists(input) ? Directory.GetFiles(input, "*.tml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(input) ? [input] : [];
        if (files.Length == 0) { stderr.WriteLine($"corpuslsp import: no .tml files at '{input}'"); return 2; }
        Directory.CreateDirectory(output);
        var written = 0;
        var failed = 0;
        foreach (var file in files)
        {
            var doc = TimeMlImporter.Parse(File.ReadAllText(file), out var error);
            if (doc is null) { stderr.WriteLine($"{file}: {error}"); failed++; continue; }
            var name = Path.GetFileNameWithoutExtension(file);
            var article = Path.Combine(output, name + ".txt");
            var sidecar = Path.Combine(output, name + ".yaml");
            if (File.Exists(article) || File.Exists(sidecar)) { stderr.WriteLine($"{name}: exists in {output}; not overwritten"); failed++; continue; }
            File.WriteAllText(article, doc.Text);
            File.WriteAllText(sidecar, TimeMlImporter.ToSidecar(doc, name + ".txt"));
            written++;
        }
        stdout.WriteLine($"{written} document(s) imported into {output}" + (failed > 0 ? $", {failed} failed" : ""));
        return failed > 0 ? 1 : 0;
    }
}
