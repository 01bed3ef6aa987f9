using CorpusLsp.Core.Import;

namespace CorpusLsp.Cli;

/// <summary>`corpuslsp import timeml IN OUT`: writes NAME.txt + NAME.yaml per TimeML document into a new folder. Never overwrites.</summary>
public static class ImportCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count > 0 && args[0] is "-h" or "--help" || args.Count != 3 || args[0] != "timeml")
        {
            (args.Count > 0 && args[0] is "-h" or "--help" ? stdout : stderr).WriteLine("Usage: corpuslsp import timeml INPUT(.tml file or folder) OUTPUT_FOLDER\nWrites an article and a sidecar per TimeML document; existing files are never overwritten.");
            return args.Count > 0 && args[0] is "-h" or "--help" ? 0 : 2;
        }
        var input = args[1];
        var output = args[2];
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
