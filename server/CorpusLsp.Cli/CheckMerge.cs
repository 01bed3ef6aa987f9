using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Analysis.Rules;
using CorpusLsp.Core.Diagnostics;

namespace CorpusLsp.Cli;

/// <summary>
/// `check --merge SUMMARIES…`: the union of every shard's findings plus the cross-document rules run over the facts the
/// shards kept — the same diagnostics, at the same positions, as one unsharded `check`. A merge holds every row of a
/// corpus until it has sorted them (32 summaries of a million pairs: ~3 million rows, ~2 million articles), so it keeps
/// them as <see cref="CompactRow"/>s over the summaries' UTF-8 strings and makes a diagnostic of each only as it prints it.
/// </summary>
public static class CheckMerge
{
    public static int Run(List<string> files, CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (files.Count == 0) { stderr.WriteLine("corpuslsp check --merge: give the summary file of every shard"); return 2; }
        // Read in parallel: parsing is most of a merge's time (8 summaries of 100,000 pairs: ~90 MB of JSON).
        var read = new (SummaryFacts? Summary, string? Error)[files.Count];
        // A file's bytes are needed only while it is parsed (32 summaries of a million pairs are ~1 GB): each reading thread reuses one buffer.
        var sizes = new SummarySizes();
        var scratches = new System.Collections.Concurrent.ConcurrentBag<ReadScratch>();
        void Read(int i)
        {
            if (!File.Exists(files[i])) { read[i] = (null, "does not exist"); return; }
            var scratch = scratches.TryTake(out var s) ? s : new ReadScratch(sizes);
            read[i] = SummaryReader.Read(FileBytes(files[i], ref scratch.File), i, scratch);
            scratches.Add(scratch);
        }
        // The first alone: the others are then made at its sizes (see SummarySizes).
        Read(0);
        Parallel.For(1, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Read);
        scratches.Clear();
        var summaries = new List<SummaryFacts>();
        foreach (var (file, (summary, error)) in files.Zip(read))
        {
            if (summary is null) { stderr.WriteLine($"corpuslsp check --merge: {file}: {error}"); return 2; }
            summaries.Add(summary);
        }
        if (Incomplete(summaries, files) is { } problem) { stderr.WriteLine($"corpuslsp check --merge: {problem}"); return 2; }

        // The last pool holds what the merge itself writes: CLS038's messages.
        var merged = new MergedRows([.. summaries.Select(s => s.Strings), new Utf8Pool()]);
        var fileCount = 0;
        foreach (var corpus in summaries.SelectMany(s => s.Corpora!).GroupBy(c => c.Root, StringComparer.Ordinal)) fileCount += merged.Add([.. corpus]);
        return merged.Report(fileCount, options, stdout, stderr);
    }

    private static ReadOnlySpan<byte> FileBytes(string path, ref byte[] buffer)
    {
        using var handle = File.OpenHandle(path);
        var length = checked((int)RandomAccess.GetLength(handle));
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 5 / 4)];
        var done = 0;
        while (done < length && RandomAccess.Read(handle, buffer.AsSpan(done, length - done), done) is var n and > 0) done += n;
        return buffer.AsSpan(0, done);
    }

    /// <summary>Every shard of one N, each once; else what is wrong, naming the files.</summary>
    private static string? Incomplete(List<SummaryFacts> summaries, List<string> files)
    {
        var n = summaries[0].Shards;
        if (summaries.FirstOrDefault(s => s.Shards != n) is { } other)
            return $"{files[summaries.IndexOf(other)]} is shard {other.Shard}/{other.Shards}, but {files[0]} is of {n} shards";
        var twice = summaries.GroupBy(s => s.Shard).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) return $"shard {twice.Key}/{n} is given twice ({string.Join(", ", twice.Select(s => files[summaries.IndexOf(s)]))})";
        var missing = Enumerable.Range(1, n).Except(summaries.Select(s => s.Shard)).ToList();
        return missing.Count > 0 ? $"missing the summary of shard {string.Join(", ", missing.Select(k => $"{k}/{n}"))}; the merge needs all {n}" : null;
    }

    /// <summary>The rows of every corpus merged so far, in the order one unsharded check would collect them.</summary>
    private sealed class MergedRows(Utf8Pool[] pools)
    {
        private readonly List<CompactRow> _rows = [];
        private readonly Texts _texts = new(pools);
        private static readonly short EventCode = RowCodes.Rank(Encoding.UTF8.GetBytes(ShardCheck.CrossDocumentCodes[0].Code));

        /// <summary>One corpus: every shard's rows, each article's rows from the shard that holds its sidecar, CLS038 and CLS052; returns the files counted.</summary>
        public int Add(List<CorpusFacts> parts)
        {
            var articles = Articles(parts);
            var dated = DatedDifferently(parts);
            // CLS052 across articles: each shard counted the name's unannotated occurrences in its own articles.
            var unannotated = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, count) in parts.SelectMany(p => p.Unannotated!)) unannotated[name] = unannotated.GetValueOrDefault(name) + count;
            var covered = parts.SelectMany(p => p.Candidates!).Where(c => CoverageRule.Reported(c.Annotated, unannotated.GetValueOrDefault(c.Name))).Select(c => c.At).ToList();
            // Made once at its size: a list that doubles leaves each old array as garbage (a million pairs: ~900,000 rows).
            _rows.EnsureCapacity(_rows.Count + parts.Sum(p => p.Diagnostics!.Count) + articles.Sum(a => parts[a.Part].Articles![a.Index].Rows) + dated.Count + covered.Count);
            foreach (var part in parts) AddKnown(CollectionsMarshal.AsSpan(part.Diagnostics));
            foreach (var (p, i) in articles)
            {
                var article = parts[p].Articles![i];
                AddKnown(CollectionsMarshal.AsSpan(parts[p].ArticleRows).Slice(article.FirstRow, article.Rows));
            }
            foreach (var (p, i, severity, message) in dated)
                _rows.Add(parts[p].Events![i].At with { Severity = severity, Code = EventCode, Message = message });
            AddKnown(CollectionsMarshal.AsSpan(covered));
            // What is merged is let go of: only the strings stay, for the rows.
            foreach (var part in parts) (part.Diagnostics, part.Articles, part.ArticleRows, part.Events) = ([], [], [], []);
            return parts.Sum(p => p.Sidecars) + articles.Count;
        }

        /// <summary>The rows a diagnostic can be made of (see <see cref="Row.ToLocated"/>); the others are dropped.</summary>
        private void AddKnown(ReadOnlySpan<CompactRow> rows)
        {
            foreach (var row in rows) if (row.Known) _rows.Add(row);
        }

        /// <summary>
        /// Each article once (part and index), in the order first seen: an article named by sidecars of several shards
        /// counts under the first sidecar by path, as in one snapshot; one no shard's sidecar names, as the first shard listed it.
        /// </summary>
        private List<(int Part, int Index)> Articles(List<CorpusFacts> parts)
        {
            var first = new Dictionary<Text, int>(parts.Sum(p => p.Articles!.Count), _texts);
            var chosen = new List<(int Part, int Index)>();
            for (var p = 0; p < parts.Count; p++)
            {
                var articles = parts[p].Articles!;
                for (var i = 0; i < articles.Count; i++)
                {
                    var article = articles[i];
                    if (first.TryAdd(article.Path, chosen.Count)) { chosen.Add((p, i)); continue; }
                    var at = first[article.Path];
                    var best = parts[chosen[at].Part].Articles![chosen[at].Index].ClaimedBy;
                    if (!article.ClaimedBy.IsNone && (best.IsNone || _texts.Compare(article.ClaimedBy, best) < 0)) chosen[at] = (p, i);
                }
            }
            return chosen;
        }

        /// <summary>
        /// CLS038 over the keyed event dates of all shards, in article order, as <see cref="CrossDocumentRules"/> gives it:
        /// each finding as its event (part and index), severity and message.
        /// </summary>
        private List<(int Part, int Index, byte Severity, Text Message)> DatedDifferently(List<CorpusFacts> parts)
        {
            var found = new List<(int, int, byte, Text)>();
            if (parts[0].Severities!.GetValueOrDefault(ShardCheck.CrossDocumentCodes[0].Code) is not { } word || Row.ParseSeverity(word) is not { } severity) return found;
            // In article order (by path; a sidecar's events in the order given): sorted by the UTF-8 paths, no strings made.
            var events = new (int Part, int Index)[parts.Sum(p => p.Events!.Count)];
            var n = 0;
            for (var p = 0; p < parts.Count; p++)
                for (var i = 0; i < parts[p].Events!.Count; i++) events[n++] = (p, i);
            EventFacts Event(int at) => parts[events[at].Part].Events![events[at].Index];
            var order = new int[events.Length];
            for (var i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(order, (a, b) => _texts.Compare(Event(a).Path, Event(b).Path) is var c and not 0 ? c : a.CompareTo(b));
            var words = new Dictionary<Text, string>();
            string Word(Text t) => words.TryGetValue(t, out var s) ? s : words[t] = _texts.Decode(t);
            var own = pools.Length - 1;
            var (last, text) = ("", Text.None);
            foreach (var (index, message) in CrossDocumentRules.DatedDifferently(order.Length, i => Word(Event(order[i]).Key), i => _texts.Decode(Event(order[i]).Path),
                         i => Word(Event(order[i]).Date)))
            {
                // The rule gives all articles of one date the same message.
                if (!ReferenceEquals(message, last)) (last, text) = (message, new Text(own, pools[own].Add(Encoding.UTF8.GetBytes(message))));
                var (part, at) = events[order[index]];
                found.Add((part, at, (byte)severity, text));
            }
            return found;
        }

        /// <summary>Sorts as <see cref="CheckCommand.Report"/> does (ties in the order collected), prints and returns the exit code.</summary>
        public int Report(int fileCount, CheckOptions options, TextWriter stdout, TextWriter stderr)
        {
            var rows = _rows.ToArray();
            _rows.Clear();
            _rows.TrimExcess();
            var order = new int[rows.Length];
            for (var i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(order, new Order(rows, _texts));
            var errors = rows.Count(r => r.Severity == (byte)Severity.Error);
            var warnings = rows.Count(r => r.Severity == (byte)Severity.Warning);
            return CheckCommand.Print(Shown(rows, order, options.MinSeverity), (errors, warnings, rows.Length - errors - warnings), fileCount, options, stdout, stderr);
        }

        private IEnumerable<Located> Shown(CompactRow[] rows, int[] order, Severity least)
        {
            var (lastPath, path) = (Text.None, "");
            var messages = new Recent<string>(_texts.Decode);
            var fixes = new Recent<ImmutableArray<Fix>>(t => [.. RowCodes.FixTitles(_texts.Bytes(t)).Select(title => new Fix(title, []))]);
            foreach (var i in order)
            {
                var row = rows[i];
                if ((Severity)row.Severity > least) continue;
                if (row.Path != lastPath) (lastPath, path) = (row.Path, _texts.Decode(row.Path));
                var diagnostic = new Diagnostic(RowCodes.Descriptors[row.Code], path, default, messages[row.Message], (Severity)row.Severity, fixes[row.Fixes]);
                yield return new Located(diagnostic, path, row.Line, row.Column, row.EndLine, row.EndColumn);
            }
        }
    }

    /// <summary>Display path, line, column, code, message (all ordinal), then the order collected: the report's order.</summary>
    private sealed class Order(CompactRow[] rows, Texts texts) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            ref readonly var x = ref rows[a];
            ref readonly var y = ref rows[b];
            var c = texts.Compare(x.Path, y.Path);
            if (c == 0) c = x.Line.CompareTo(y.Line);
            if (c == 0) c = x.Column.CompareTo(y.Column);
            if (c == 0) c = x.Code.CompareTo(y.Code);
            if (c == 0) c = texts.Compare(x.Message, y.Message);
            return c != 0 ? c : a.CompareTo(b);
        }
    }

    /// <summary>Strings of several pools: equal, hashed and ordered by their text, as .NET strings would be (ordinal).</summary>
    private sealed class Texts(Utf8Pool[] pools) : IEqualityComparer<Text>
    {
        public ReadOnlySpan<byte> Bytes(Text t) => pools[t.Pool][t.Id];

        public string Decode(Text t) => Encoding.UTF8.GetString(Bytes(t));

        /// <summary>A pool holds each string once, so within one pool the id decides.</summary>
        public bool Equals(Text a, Text b) => a.Pool == b.Pool ? a.Id == b.Id : Bytes(a).SequenceEqual(Bytes(b));

        public int GetHashCode(Text t) => pools[t.Pool].HashOf(t.Id);

        public int Compare(Text a, Text b) => a == b ? 0 : Utf8Order.Compare(Bytes(a), Bytes(b));
    }

    /// <summary>The last few values made of strings (messages and fix titles repeat across rows), one slot per hash.</summary>
    private sealed class Recent<T>(Func<Text, T> make)
    {
        private readonly (Text Key, T Value)[] _slots = new (Text, T)[1 << 12];
        private readonly bool[] _used = new bool[1 << 12];

        public T this[Text key]
        {
            get
            {
                var i = (key.Id * 31 + key.Pool) & (_slots.Length - 1);
                if (_used[i] && _slots[i].Key == key) return _slots[i].Value;
                (_used[i], _slots[i]) = (true, (key, make(key)));
                return _slots[i].Value;
            }
        }
    }
}

/// <summary>UTF-8 text in the order <see cref="string.CompareOrdinal(string, string)"/> gives its UTF-16.</summary>
internal static class Utf8Order
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var i = a.CommonPrefixLength(b);
        if (i == a.Length || i == b.Length) return a.Length.CompareTo(b.Length);
        // UTF-8 bytes sort by code point; UTF-16 puts U+E000..U+FFFF after the surrogates of U+10000 and above. Below
        // U+E000 (lead byte 0xEE) the two orders agree, so only text from there on is compared as UTF-16.
        var start = i;
        while (start > 0 && (a[start] & 0xC0) == 0x80) start--;
        if (a[start] >= 0xEE || b[start] >= 0xEE) return Math.Sign(string.CompareOrdinal(Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b)));
        return a[i].CompareTo(b[i]);
    }
}
