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
    public static IEnumerable<(int Index, string Message)> DatedDifferently(IReadOnlyList<KeyedEventDate> dates) =>
        DatedDifferently(dates.Count, i => dates[i].Key, i => dates[i].Path, i => dates[i].Date);

    /// <summary>
    /// The same over <paramref name="count"/> facts read by index: a merge of a million pairs keeps its facts as UTF-8 and
    /// makes a path string only for the articles a message names (the first two of each date).
    /// </summary>
    public static IEnumerable<(int Index, string Message)> DatedDifferently(int count, Func<int, string> key, Func<int, string> path, Func<int, string> date)
    {
        var keys = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var k = key(i);
            if (!keys.TryGetValue(k, out var same)) { keys[k] = same = []; names.Add(k); }
            same.Add(i);
        }
        foreach (var name in names)
        {
            var group = keys[name];
            // Per date, the articles that give it (first few named): a key shared by thousands of copies stays linear.
            var dates = new Dictionary<string, int>(StringComparer.Ordinal);
            var byDate = new List<(string Date, List<string> Paths, int Count)>();
            foreach (var i in group)
            {
                var day = date(i);
                if (!dates.TryGetValue(day, out var at)) { dates[day] = at = byDate.Count; byDate.Add((day, [], 0)); }
                var (d, paths, n) = byDate[at];
                if (paths.Count < 2) paths.Add(path(i));
                byDate[at] = (d, paths, n + 1);
            }
            if (byDate.Count < 2) continue;
            // One message per date: every article giving it gets the same one.
            var messages = byDate.Select(d => $"Event '{name}' is dated {d.Date} here but {string.Join("; ", byDate.Where(b => b.Date != d.Date).Select(Named))}.").ToArray();
            foreach (var i in group) yield return (i, messages[dates[date(i)]]);
        }
    }

    private static string Named((string Date, List<string> Paths, int Count) b) =>
        $"{b.Date} in {string.Join(", ", b.Paths)}" + (b.Count > 2 ? $" and {b.Count - 2} more" : "");
}
