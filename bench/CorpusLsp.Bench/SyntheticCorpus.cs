using System.Globalization;
using System.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// Writes a synthetic corpus of N article/sidecar pairs: the example articles, with their sidecars, renamed and
/// shifted, plus a share of planted defects (misspelt mention, wrong weekday) so that the checker has work to report.
/// The example gazetteer is shared through corpus.yaml.
/// </summary>
public static class SyntheticCorpus
{
    public static void Write(string exampleDir, string target, int pairs, int seed = 1)
    {
        Directory.CreateDirectory(target);
        var random = new Random(seed);
        var sources = Directory.GetFiles(exampleDir, "*.yaml").Where(f => !f.EndsWith("corpus.yaml", StringComparison.Ordinal))
            .Select(y => (Sidecar: File.ReadAllText(y), Article: File.ReadAllText(Path.ChangeExtension(y, ".txt")))).ToList();
        var gazetteer = Path.Combine(target, "gazetteer");
        Directory.CreateDirectory(gazetteer);
        foreach (var f in Directory.GetFiles(Path.Combine(exampleDir, "gazetteer"))) File.Copy(f, Path.Combine(gazetteer, Path.GetFileName(f)), overwrite: true);
        File.Copy(Path.Combine(exampleDir, "corpus.yaml"), Path.Combine(target, "corpus.yaml"), overwrite: true);
        for (var i = 0; i < pairs; i++)
        {
            var (sidecar, article) = sources[i % sources.Count];
            if (random.NextDouble() < 0.05) article = article.Replace("Aleppo", "Alepo");
            if (random.NextDouble() < 0.05) sidecar = sidecar.Replace("date: 2016-02-25", "date: 2016-02-24");
            var folder = Path.Combine(target, $"batch{i / 1000:000}");
            Directory.CreateDirectory(folder);
            var name = $"article_{i:000000}";
            File.WriteAllText(Path.Combine(folder, name + ".txt"), article);
            File.WriteAllText(Path.Combine(folder, name + ".yaml"), sidecar);
        }
    }

    /// <summary>A sidecar with many mentions, for the protocol benchmark: the article repeats a paragraph.</summary>
    public static (string Article, string Sidecar) Large(int mentions)
    {
        var places = new[] { ("Aleppo", "geonames:170063"), ("Damascus", "geonames:170654"), ("Idlib", "geonames:169389"), ("Manbij", "geonames:167357"), ("Beirut", "geonames:276781") };
        var article = new StringBuilder();
        var sidecar = new StringBuilder("meta:\n  title: Synthetic\n  published: 2016-02-25\nplaces:\n");
        for (var i = 0; i < mentions; i++)
        {
            var (name, id) = places[i % places.Length];
            var unique = $"{name} Sector {i.ToString(CultureInfo.InvariantCulture)}";
            article.Append($"Fighting was reported in {unique} on Thursday.\n");
            sidecar.Append($"  - text: {unique}\n    ref: {id}\n    note: mention {i}\n");
        }
        return (article.ToString(), sidecar.ToString());
    }

    /// <summary>
    /// A sidecar with many mentions as an annotator writes one for a long report: Syrian towns of the example gazetteer,
    /// each linked to its own entry, a name repeated with its occurrence number. Unlike <see cref="Large"/>, whose every
    /// mention draws a warning, a clean annotation publishes a handful of diagnostics per edit.
    /// </summary>
    public static (string Article, string Sidecar) LargeClean(int mentions, string exampleDir)
    {
        var towns = File.ReadLines(Path.Combine(exampleDir, "gazetteer", "cities500-levant.txt"))
            .Select(line => line.Split('\t'))
            .Where(f => f.Length > 8 && f[8] == "SY" && f[2].Length >= 4 && f[2].All(char.IsAsciiLetter))
            .DistinctBy(f => f[2], StringComparer.OrdinalIgnoreCase)
            .Select(f => (Name: f[2], Id: "geonames:" + f[0])).ToList();
        var article = new StringBuilder();
        var sidecar = new StringBuilder("meta:\n  title: Synthetic\n  published: 2016-02-25\nplaces:\n");
        for (var i = 0; i < mentions; i++)
        {
            var (name, id) = towns[i % towns.Count];
            var occurrence = (i / towns.Count + 1).ToString(CultureInfo.InvariantCulture);
            article.Append($"Fighting was reported in {name} on Thursday.\n");
            sidecar.Append($"  - text: {name}\n    ref: {id}\n    occurrence: {occurrence}\n    note: mention {i}\n");
        }
        return (article.ToString(), sidecar.ToString());
    }
}
