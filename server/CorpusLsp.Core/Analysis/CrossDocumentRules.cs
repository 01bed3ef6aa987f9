namespace CorpusLsp.Core.Analysis;

/// <summary>One annotated date of an event that has a corpus-wide `key`. <paramref name="Path"/> is relative to the corpus root.</summary>
public sealed record KeyedEventDate(string Key, string Path, string Date);

/// <summary>
/// The rules that look across articles, as functions of small facts rather than of a loaded corpus: the snapshot runs
/// them over its analyses, and `check --merge` over the facts that shards wrote in their summaries — one implementation.
/// </summary>
public static class CrossDocumentRules
{
    /// <summary>
    /// CLS038: each date of a keyed event that other articles give differently, with its message. The input order is
    /// the order of the articles (by path); the output keeps it, and names each date by its index in the input.
    /// </summary>
    public static IEnumerable<(int Index, string Message)> DatedDifferently(IReadOnlyList<KeyedEventDate> dates)
    {
        foreach (var group in dates.Select((d, i) => (d.Key, d.Path, d.Date, Index: i)).GroupBy(d => d.Key, StringComparer.Ordinal))
        {
            // Per date, the articles that give it (first few named): a key shared by thousands of copies stays linear.
            var byDate = group.GroupBy(d => d.Date, StringComparer.Ordinal).Select(g => (Date: g.Key, Paths: g.Select(x => x.Path).ToList())).ToList();
            if (byDate.Count < 2) continue;
            foreach (var d in group)
            {
                var others = byDate.Where(b => b.Date != d.Date).Select(b =>
                    $"{b.Date} in {string.Join(", ", b.Paths.Take(2))}" + (b.Paths.Count > 2 ? $" and {b.Paths.Count - 2} more" : ""));
                yield return (d.Index, $"Event '{group.Key}' is dated {d.Date} here but {string.Join("; ", others)}.");
            }
        }
    }
}
