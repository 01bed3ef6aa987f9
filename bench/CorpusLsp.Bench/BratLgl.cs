using System.Text;
using System.Xml.Linq;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Bench;

/// <summary>
/// `brat-lgl [N]`: the first N LGL articles (../shared) written as a brat corpus whose toponyms carry their GeoNames
/// ids in annotator notes, imported with the real `import brat`, then checked with the real checker: how many
/// mentions anchor, how many refs arrive, and what `check` reports. Scratch folders are removed.
/// </summary>
public static class BratLgl
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 200;
        var scratch = Path.Combine(Path.GetTempPath(), "corpuslsp-brat-lgl-" + Environment.ProcessId);
        try
        {
            var (documents, toponyms, withIds) = WriteBrat(Path.Combine(Repo.Shared, "data", "lgl", "lgl.xml"), Path.Combine(scratch, "brat"), count);
            Console.WriteLine($"LGL as brat: {documents} articles, {toponyms} toponyms, {withIds} with a GeoNames id in an annotator note");
            var exit = BratImportCommand.Run(Path.Combine(scratch, "brat"), Path.Combine(scratch, "corpus"), null, Console.Out, TextWriter.Null);
            Console.WriteLine($"import exit code {exit}");
            // The full cities500 gazetteer, so that unknown references are the data's, not a small gazetteer's.
            var gazetteer = Path.Combine(scratch, "corpus", "gazetteer");
            Directory.CreateDirectory(gazetteer);
            foreach (var f in new[] { "cities500.txt", "admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt" })
                File.Copy(Path.Combine(Repo.Shared, "data", "geonames", f), Path.Combine(gazetteer, f));
            File.WriteAllText(Path.Combine(scratch, "corpus", "corpus.yaml"),
                "gazetteer:\n  geonames: [gazetteer/cities500.txt]\n  admin1: gazetteer/admin1CodesASCII.txt\n  admin2: gazetteer/admin2Codes.txt\n  countries: gazetteer/countryInfo.txt\n");
            var snapshot = CorpusSnapshot.Load(Path.Combine(scratch, "corpus"), new PhysicalFileSystem(), new DiskGazetteerCache());
            var analyses = snapshot.Sidecars.Select(snapshot.Analyze).OfType<DocumentAnalysis>().ToList();
            var places = analyses.SelectMany(a => a.Sidecar.Places).ToList();
            var anchored = analyses.Sum(a => a.Mentions.Count(m => m.Spans.Length > 0));
            Console.WriteLine($"imported: {places.Count} places, {places.Count(p => p.Ref is not null)} with refs; {anchored} of {analyses.Sum(a => a.Mentions.Length)} mentions anchored");
            var byCode = snapshot.AllDiagnostics().GroupBy(d => d.Code).OrderBy(g => g.Key, StringComparer.Ordinal);
            Console.WriteLine("check (GeoNames cities500 + admin + countries): " + string.Join(", ", byCode.Select(g => $"{g.Key} {g.Count()}")));
            return 0;
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    private static (int Documents, int Toponyms, int WithIds) WriteBrat(string lgl, string folder, int count)
    {
        Directory.CreateDirectory(folder);
        int documents = 0, toponyms = 0, withIds = 0;
        foreach (var article in XDocument.Load(lgl).Root!.Elements("article").Take(count))
        {
            var text = (string)article.Element("text")!;
            var ann = new StringBuilder();
            var t = 0;
            foreach (var top in article.Element("toponyms")?.Elements("toponym") ?? [])
            {
                int start = (int)top.Element("start")!, end = (int)top.Element("end")!;
                // LGL counts UTF-16 units (its texts are from .NET-era tools); brat counts code points.
                var cpStart = CodePoint(text, start);
                var cpEnd = CodePoint(text, end);
                ann.Append($"T{++t}\tLocation {cpStart} {cpEnd}\t{text[start..end]}\n");
                toponyms++;
                if (top.Element("gaztag")?.Attribute("geonameid")?.Value is { } id)
                {
                    ann.Append($"#{t}\tAnnotatorNotes T{t}\thttps://www.geonames.org/{id}\n");
                    withIds++;
                }
            }
            var name = (string)article.Attribute("docid")!;
            File.WriteAllText(Path.Combine(folder, name + ".txt"), text);
            File.WriteAllText(Path.Combine(folder, name + ".ann"), ann.ToString());
            documents++;
        }
        return (documents, toponyms, withIds);
    }

    private static int CodePoint(string text, int utf16) => text[..Math.Min(utf16, text.Length)].EnumerateRunes().Count();
}
