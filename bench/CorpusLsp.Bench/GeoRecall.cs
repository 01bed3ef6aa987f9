using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Bench;

/// <summary>
/// `geo-recall`: the recall census of the evaluation corpora, independent of ranking. For each gold toponym whose
/// candidates (<see cref="Gazetteer.LookupWithNamesakes"/>, what the resolver ranks) hold nothing within 161 km of the
/// gold, one line: the phrase, whether it had candidates at all, and whether the gold entity is in the gazetteer (with
/// its names), so that a miss can be told apart as a spelling the lookup does not know or a gold the gazetteer lacks.
/// Counts per corpus and half at the end. `--all` lists misses whose gold is absent from the gazetteer too.
/// </summary>
public static class GeoRecall
{
    public static int Run(string[] args)
    {
        var g = GeoData.LoadGazetteer();
        var overlayIds = GeoData.OverlayGeoNames();
        var byGeoNames = overlayIds.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var listAbsent = args.Contains("--all");
        Console.WriteLine("| corpus | toponyms | no candidate | candidates without the gold | of these, gold absent from the gazetteer |\n|---|---|---|---|---|");
        var lines = new List<string>();
        foreach (var corpus in GeoData.LoadCorpora())
        {
            var counts = new int[2, 4];
            for (var n = 0; n < corpus.Articles.Count; n++)
            {
                var a = corpus.Articles[n];
                foreach (var gold in a.Toponyms)
                {
                    var half = n % 2;
                    counts[half, 0]++;
                    var found = g.LookupWithNamesakes(gold.Phrase);
                    if (found.Any(m => GeoData.Within161(m.Entry, gold, overlayIds))) continue;
                    counts[half, found.Count == 0 ? 1 : 2]++;
                    var entry = GoldEntry(g, gold, byGeoNames);
                    if (entry is null) counts[half, 3]++;
                    if (entry is null && !listAbsent) continue;
                    var context = a.Text.Substring(Math.Max(0, gold.Start - 30), Math.Min(a.Text.Length, gold.End + 30) - Math.Max(0, gold.Start - 30)).ReplaceLineEndings(" ");
                    var goldText = entry is null ? $"ABSENT {gold.GeonameId ?? gold.Page}"
                        : $"{entry.Id} {entry.Name} {entry.FeatureCode} {entry.CountryCode}.{entry.Admin1} [{string.Join("; ", entry.AllNames.Distinct().Take(10))}]";
                    var got = found.Count == 0 ? "NONE" : "got " + string.Join(", ", found.Take(3).Select(m => $"{m.Entry.Name} {m.Entry.FeatureCode} {m.Entry.CountryCode}.{m.Entry.Admin1} {m.Kind}"));
                    lines.Add($"{corpus.Name}\t#{n}\t'{gold.Phrase}'\t{got}\tgold {goldText}\t«{context}»");
                }
            }
            foreach (var (label, h) in new[] { ("even docs", 0), ("odd docs", 1) })
                Console.WriteLine($"| {corpus.Name} {label} | {counts[h, 0]} | {counts[h, 1]} | {counts[h, 2]} | {counts[h, 3]} |");
        }
        foreach (var l in lines) Console.WriteLine(l);
        return 0;
    }

    /// <summary>The gold entity in the gazetteer: by GeoNames id (or its overlay entry), else (GeoVirus) an entry named as the gold page within 161 km.</summary>
    private static GazetteerEntry? GoldEntry(Gazetteer g, GoldToponym gold, IReadOnlyDictionary<string, string> overlayOf)
    {
        if (gold.GeonameId is { } id)
            return g.Find("geonames:" + id) ?? (overlayOf.TryGetValue("geonames:" + id, out var o) ? g.Find(o) : null);
        return gold.Page is { Length: > 0 } page
            ? g.Lookup(page).Select(m => m.Entry).FirstOrDefault(e => Geo.DistanceKm(e.Latitude, e.Longitude, gold.Lat, gold.Lon) <= 161)
            : null;
    }
}
