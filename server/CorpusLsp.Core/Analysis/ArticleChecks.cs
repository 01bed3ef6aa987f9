using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis;

/// <summary>
/// Diagnostics of an article itself, from what its sidecar annotates: a word a small edit away from an annotated place
/// name that nothing annotates (the article was edited, or the annotator missed a variant), and a name annotated with
/// `occurrence: all` whose number of occurrences changed since the article was opened (an edit removed or added one).
/// </summary>
public static partial class ArticleChecks
{
    /// <summary>Place names shorter than this are not compared: one letter away from "Homs" is "Home".</summary>
    public const int MinNameLength = 5;

    public static ImmutableArray<Diagnostic> Check(DocumentAnalysis analysis, IReadOnlyDictionary<string, int>? openedCounts = null)
    {
        if (analysis.Article is not { } article || analysis.ArticlePath is not { } path) return [];
        var result = ImmutableArray.CreateBuilder<Diagnostic>();
        // Made for the first run found drifted: most articles have none, and sorting every mention's spans was a sixth of
        // these checks (issue 19).
        CoveredSpans? covered = null;
        bool Uncovered(TextSpan s) => !(covered ??= new CoveredSpans(analysis.Mentions.SelectMany(m => m.Spans))).Overlaps(s);
        var anchoredPlaces = analysis.Sidecar.Places
            .Where(p => p.Anchor.Text is { Length: >= MinNameLength } && analysis.Resolved(p)?.Spans.Length > 0)
            .DistinctBy(p => p.Anchor.Text, StringComparer.Ordinal).ToList();
        var lostPlaces = LostPlaces(analysis, openedCounts);
        // A name found drifted many times (a long article) is looked up in the article once, not once per place found.
        var occurrences = new Dictionary<string, List<TextSpan>>(StringComparer.Ordinal);
        var drifted = DriftedRuns(article.Text, [.. anchoredPlaces.Concat(lostPlaces).Select(p => p.Anchor.Text!)], analysis.Memo?.Drifted);
        foreach (var place in anchoredPlaces)
            foreach (var at in drifted[place.Anchor.Text!])
                if (Uncovered(at)) result.Add(DriftDiagnostic(analysis, path, article, place, at, occurrences));
        foreach (var place in lostPlaces)
            foreach (var at in drifted[place.Anchor.Text!])
                if (Uncovered(at)) result.Add(LostDiagnostic(analysis, path, article, place, at));
        if (openedCounts is not null) result.AddRange(CountChanges(analysis, path, article, openedCounts));
        return result.ToImmutable();
    }

    /// <summary>
    /// Annotated place names the article contained when it was opened and no longer contains: an edit inside a name of
    /// several words ("Ithrya-Khanaser road") leaves no anchored name to drift from, so the name as opened stands in.
    /// </summary>
    private static List<PlaceMention> LostPlaces(DocumentAnalysis analysis, IReadOnlyDictionary<string, int>? openedCounts)
    {
        if (openedCounts is null || analysis.Article is not { } article) return [];
        return analysis.Sidecar.Places
            .Where(p => p.Anchor.Text is { Length: >= MinNameLength } name && openedCounts.GetValueOrDefault(name) > 0
                && Anchoring.Occurrences(article.Text, name).Count == 0)
            .DistinctBy(p => p.Anchor.Text, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Each name's drifted runs, from <paramref name="memo"/> (the analysis memo's, kept while the article is the same
    /// text) where it has them; the article's words are read only when a name is new to it, and not kept.
    /// </summary>
    private static IReadOnlyDictionary<string, TextSpan[]> DriftedRuns(string article, List<string> names, DriftedTable? memo)
    {
        var known = memo?.Current ?? new Dictionary<string, TextSpan[]>(StringComparer.Ordinal);
        Dictionary<string, TextSpan[]>? found = null;
        ArticleWords? words = null;
        foreach (var name in names)
        {
            if (known.ContainsKey(name) || found?.ContainsKey(name) == true) continue;
            words ??= ArticleWords.Of(article);
            (found ??= new(names.Count, StringComparer.Ordinal))[name] = Drifted(article, words, name);
        }
        if (found is null) return known;
        if (memo is not null) return memo.Add(found);
        foreach (var (name, runs) in known) found.TryAdd(name, runs);
        return found;
    }

    /// <summary>
    /// Runs of as many words as the name whose text is one edit from it (two for names of eight letters or more), not
    /// annotated, capitalised like it, and not the name with something added ("Syrian", "Aleppo's"): that is a demonym
    /// or an inflection, not a misspelling.
    /// </summary>
    private static TextSpan[] Drifted(string article, ArticleWords articleWords, string name)
    {
        List<TextSpan>? found = null;
        var words = articleWords.All;
        var parts = WordCount(name);
        var run = new Run(name, parts, name.Length >= 8 ? 2 : 1);
        // Every run of words is compared with every name: the cheap tests come first and nothing is allocated per run. A
        // name of one word meets only the words of its length (give or take the edits) and capitalisation.
        Span<char> lower = name.Length + run.Max <= 256 ? stackalloc char[name.Length + run.Max] : new char[name.Length + run.Max];
        // Bit-parallel against the lowered name, made when a first run passes the cheap tests: the cell-by-cell distance
        // was a third of these checks' time on 10,000 generated pairs.
        EditDistancePattern? pattern = null;
        if (parts == 1)
        {
            for (var length = Math.Max(1, name.Length - run.Max); length <= name.Length + run.Max; length++)
                foreach (var i in articleWords.OfLength(length, run.Upper))
                {
                    // The units' test in the loop: most words fail it, and a call for each was most of these checks' time.
                    var units = articleWords.Mask(article, i);
                    if (BitOperations.PopCount(units & ~run.Mask) > run.Max || BitOperations.PopCount(run.Mask & ~units) > run.Max) continue;
                    if (Drifts(article, articleWords, i, run, lower, ref pattern)) (found ??= []).Add(words[i]);
                }
            // Found a length at a time: sorted, they are in article order, as a scan of the words finds them.
            found?.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }
        else
            // A run starts with a word capitalised like the name (Drifts tells): only those words are tried, in article order.
            foreach (var i in articleWords.Capitalised(run.Upper))
            {
                if (i + parts > words.Length) break;
                // The run's length is told here: a name of several words meets every run of the article, and most are too
                // long or too short (a call for each: Drifted took 209 M instructions of a 500-pair check, 187 M with this).
                var length = words[i + parts - 1].End - words[i].Start;
                if (length < name.Length - run.Max || length > name.Length + run.Max) continue;
                if (Drifts(article, articleWords, i, run, lower, ref pattern)) (found ??= []).Add(new TextSpan(words[i].Start, words[i + parts - 1].End));
            }
        return found is null ? [] : [.. found];
    }

    /// <summary>A name as its runs are compared with it: its words, the edits allowed, its capitalisation and its units (<see cref="Fuzzy.LowerMask"/>).</summary>
    private readonly record struct Run(string Name, int Parts, int Max)
    {
        public bool Upper { get; } = char.IsUpper(Name[0]);
        public ulong Mask { get; } = Fuzzy.LowerMask(Name);
    }

    /// <summary>
    /// Whether the run of words from word <paramref name="i"/> is one or two edits from the name, capitalised like it,
    /// and not the name with something added ("Syrian", "Aleppo's"): that is a demonym or an inflection, not a misspelling.
    /// </summary>
    private static bool Drifts(string article, ArticleWords articleWords, int i, in Run run, Span<char> lower, ref EditDistancePattern? pattern)
    {
        var (name, parts, max) = (run.Name, run.Parts, run.Max);
        var words = articleWords.All;
        var span = new TextSpan(words[i].Start, words[i + parts - 1].End);
        if (span.Length < name.Length - max || span.Length > name.Length + max) return false;
        // Units the run has and the name lacks (or the reverse) each take an edit: most runs have more than allowed, and
        // are left before they are lowered and measured. The words' units are a part of a longer run's.
        var units = articleWords.Mask(article, i, parts);
        if (BitOperations.PopCount(units & ~run.Mask) > max || (parts == 1 && BitOperations.PopCount(run.Mask & ~units) > max)) return false;
        var candidate = article.AsSpan(span.Start, span.Length);
        if (char.IsUpper(candidate[0]) != run.Upper || candidate.SequenceEqual(name)) return false;
        if (candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase) || name.AsSpan().StartsWith(candidate, StringComparison.OrdinalIgnoreCase)) return false;
        if (candidate.Count(' ') + 1 != parts) return false;
        var lowered = lower[..Fuzzy.LowerInvariant(candidate, lower)];
        // Lowered only for a name some run comes near: most names of an article meet none.
        pattern ??= articleWords.Pattern(name.ToLowerInvariant());
        return pattern.Distance(lowered, max) <= max;
    }

    /// <summary>The name's words separated by spaces (as <c>Split(' ', RemoveEmptyEntries).Length</c>, without the array).</summary>
    private static int WordCount(string name)
    {
        var count = 0;
        for (var i = 0; i < name.Length; i++)
            if (name[i] != ' ' && (i == 0 || name[i - 1] == ' ')) count++;
        return count;
    }

    private static Diagnostic DriftDiagnostic(DocumentAnalysis analysis, string path, SourceText article, PlaceMention place, TextSpan at,
        Dictionary<string, List<TextSpan>> occurrencesByWord)
    {
        var word = article.Slice(at);
        var name = place.Anchor.Text!;
        if (!occurrencesByWord.TryGetValue(word, out var occurrences)) occurrencesByWord[word] = occurrences = Anchoring.Occurrences(article.Text, word);
        var item = new List<(string, string)> { ("text", YamlEdits.Quote(word)) };
        if (occurrences.Count > 1) item.Add(("occurrence", (OccurrenceIndex(occurrences, at.Start) + 1).ToString(CultureInfo.InvariantCulture)));
        if (place.Ref is { } reference) item.Add(("ref", reference));
        var sidecar = analysis.Sidecar;
        var annotate = new Fix($"Annotate '{word}' as the place '{name}'" + (place.Ref is { } r ? $" ({r})" : ""),
            [YamlEdits.AppendItem(sidecar.Path, sidecar.Text, sidecar.Root, "places", item)], IsPreferred: true);
        var correct = new Fix($"Correct the article to '{name}'", [new TextEdit(path, at, name)]);
        var all = place.Anchor.Occurrence.All ? $" `occurrence: all` of '{name}' does not cover it." : "";
        return Diagnostic.Create(DiagnosticCatalog.ArticleNameDrift, path, at,
            $"'{word}' is {Fuzzy.EditDistance(word.ToLowerInvariant(), name.ToLowerInvariant())} edit(s) from '{name}', annotated as a place, and is not annotated.{all} Annotate it, or correct a typo in the article.",
            annotate, correct);
    }

    /// <summary>The index of the occurrence starting at <paramref name="start"/> (-1 when none does); occurrences are in article order.</summary>
    private static int OccurrenceIndex(List<TextSpan> occurrences, int start)
    {
        var (low, high) = (0, occurrences.Count - 1);
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (occurrences[mid].Start == start) return mid;
            if (occurrences[mid].Start < start) low = mid + 1; else high = mid - 1;
        }
        return -1;
    }

    /// <summary>
    /// A place name the article no longer contains, a small edit away from a run of its words: the article's name was
    /// edited (the usual case while the article is open) or the annotation was. Correcting the article comes first.
    /// </summary>
    private static Diagnostic LostDiagnostic(DocumentAnalysis analysis, string path, SourceText article, PlaceMention place, TextSpan at)
    {
        var word = article.Slice(at);
        var name = place.Anchor.Text!;
        var correct = new Fix($"Correct the article to '{name}'", [new TextEdit(path, at, name)], IsPreferred: true);
        var fixes = place.Anchor.TextNode is { } node
            ? new[] { correct, new Fix($"Change the annotation's text to '{word}'", [new TextEdit(analysis.Sidecar.Path, node.Span, YamlEdits.Quote(word))]) }
            : [correct];
        var distance = Fuzzy.EditDistance(word.ToLowerInvariant(), name.ToLowerInvariant());
        return Diagnostic.Create(DiagnosticCatalog.ArticleNameDrift, path, at,
            string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.ArticleNameLostMessage, word, distance, name), fixes);
    }

    /// <summary>
    /// Counts of each annotated name in the article text given (for <see cref="CorpusSnapshot"/>'s record of opened
    /// articles: a name that drops to none is <see cref="LostPlaces"/>, an `occurrence: all` count that changes is CLS056).
    /// </summary>
    public static ImmutableDictionary<string, int> OccurrenceCounts(Sidecar sidecar, string article) =>
        AnnotatedNames(sidecar, allOnly: false).ToImmutableDictionary(t => t, t => Anchoring.Occurrences(article, t).Count, StringComparer.Ordinal);

    private static IEnumerable<string> AnnotatedNames(Sidecar sidecar, bool allOnly) =>
        sidecar.AllMentions.Where(m => (!allOnly || m.Anchor.Occurrence.All) && m.Anchor.Text is { Length: > 0 })
            .Select(m => m.Anchor.Text!).Distinct(StringComparer.Ordinal);

    private static IEnumerable<Diagnostic> CountChanges(DocumentAnalysis analysis, string path, SourceText article, IReadOnlyDictionary<string, int> opened)
    {
        foreach (var name in AnnotatedNames(analysis.Sidecar, allOnly: true))
        {
            var occurrences = Anchoring.Occurrences(article.Text, name);
            var now = occurrences.Count;
            if (!opened.TryGetValue(name, out var before) || before == now) continue;
            var first = occurrences.FirstOrDefault();
            var at = first.IsEmpty ? new TextSpan(0, article.LineEnd(0)) : first;
            yield return Diagnostic.Create(DiagnosticCatalog.OccurrenceCountChanged, path, at,
                $"'{name}' is annotated with `occurrence: all` and now occurs {now} time(s), {before} when the article was opened: an edit {(now < before ? "removed or misspelt" : "added")} {Math.Abs(before - now)}.");
        }
    }

    /// <summary>
    /// An article's words, read once for all its names, and the words' indexes by length and capitalisation of their first
    /// letter: most names are one word, and each was compared with every word of the article.
    /// </summary>
    private sealed class ArticleWords
    {
        /// <summary>Words of this length or longer share the last bucket (their length is still tested).</summary>
        private const int LongWord = 63;

        private const int Keys = (LongWord + 1) * 2;

        // Word indexes grouped by key, each group in article order: group k is _order[_start[k].._start[k + 1]].
        private readonly int[] _start = new int[Keys + 1];

        private EditDistancePattern? _pattern;

        /// <summary>One pattern, set to each name in turn (one thread reads an article's words).</summary>
        public EditDistancePattern Pattern(string lowerName)
        {
            if (_pattern is null) _pattern = new EditDistancePattern(lowerName);
            else _pattern.Reset(lowerName);
            return _pattern;
        }

        /// <summary>
        /// The words of one article at a time per thread, in tables kept for the next article: made anew for each pair they
        /// were ~9 KB of every pair's check (issue 19). A long article's are made for it alone, not kept.
        /// </summary>
        [ThreadStatic] private static ArticleWords? t_kept;

        private const int KeptUpTo = 1 << 16;

        private TextSpan[] _words = [];
        private int _count;
        private byte[] _keys = [];
        private int[] _order = [];
        private ulong[] _masks = [];

        /// <summary>Indexes of the capitalised words, then of the others, each in article order: _byCase[.._upper] are the capitalised.</summary>
        private int[] _byCase = [];
        private int _upper;

        public static ArticleWords Of(string article)
        {
            var words = article.Length <= KeptUpTo ? t_kept ??= new ArticleWords() : new ArticleWords();
            words.Read(article);
            return words;
        }

        private void Read(string article)
        {
            // Sized for the article (a word every ~6 characters), grown when a text has more.
            Ensure(article.Length / 6 + 16);
            _count = 0;
            var upper = 0;
            var text = article.AsSpan();
            for (var at = 0; NextWord(text, ref at, out var word);)
            {
                if (_count == _words.Length) Ensure(_count * 2);
                // An ASCII letter's case by its range: char.IsUpper was a call for each word.
                var first = article[word.Start];
                var isUpper = first < 128 ? first is >= 'A' and <= 'Z' : char.IsUpper(first);
                _words[_count] = word;
                _keys[_count++] = (byte)Key(word.Length, isUpper);
                if (isUpper) upper++;
            }
            // A counting sort by key, stable: each group stays in article order.
            Array.Clear(_start);
            foreach (var k in _keys.AsSpan(0, _count)) _start[k + 1]++;
            for (var k = 0; k < Keys; k++) _start[k + 1] += _start[k];
            Array.Clear(_masks, 0, _count);
            Span<int> next = stackalloc int[Keys];
            _start.AsSpan(0, Keys).CopyTo(next);
            var (capitalised, other) = (0, upper);
            for (var i = 0; i < _count; i++)
            {
                var k = _keys[i];
                _order[next[k]++] = i;
                _byCase[(k & 1) != 0 ? capitalised++ : other++] = i;
            }
            _upper = upper;
        }

        /// <summary>Room for <paramref name="words"/> words in every table (what they held is kept).</summary>
        private void Ensure(int words)
        {
            if (_words.Length >= words) return;
            Array.Resize(ref _words, words);
            Array.Resize(ref _keys, words);
            _order = new int[words];
            _masks = new ulong[words];
            _byCase = new int[words];
        }

        public ReadOnlySpan<TextSpan> All => _words.AsSpan(0, _count);

        private static int Key(int length, bool upper) => (Math.Min(length, LongWord) * 2) + (upper ? 1 : 0);

        /// <summary>
        /// Indexes of the words of this length capitalised as asked, in article order (the last length holds the longer
        /// words too: their length is tested after).
        /// </summary>
        public ReadOnlySpan<int> OfLength(int length, bool upper)
        {
            if (length > LongWord) return [];
            var k = Key(length, upper);
            return _order.AsSpan(_start[k], _start[k + 1] - _start[k]);
        }

        /// <summary>Indexes of the words capitalised as asked (or not), in article order.</summary>
        public ReadOnlySpan<int> Capitalised(bool upper) => upper ? _byCase.AsSpan(0, _upper) : _byCase.AsSpan(_upper, _count - _upper);

        /// <summary>The units of word <paramref name="i"/> (<see cref="Fuzzy.LowerMask"/>), read on first use.</summary>
        public ulong Mask(string article, int i)
        {
            // Every word holds a letter, so a word's mask is never 0: 0 is "not read yet".
            var mask = _masks[i];
            return mask != 0 ? mask : _masks[i] = Fuzzy.LowerMask(article.AsSpan(_words[i].Start, _words[i].Length));
        }

        /// <summary>The units of words <paramref name="i"/> to <paramref name="i"/> + <paramref name="count"/> - 1, each word's read once.</summary>
        public ulong Mask(string article, int i, int count)
        {
            var mask = 0UL;
            for (var w = i; w < i + count; w++) mask |= Mask(article, w);
            return mask;
        }
    }

    /// <summary>
    /// The matches of <see cref="Words"/>, scanned by hand (the regex was a tenth of the article checks): a letter, then
    /// letters, non-spacing marks, apostrophes and hyphens. Both read UTF-16 units by their Unicode category.
    /// </summary>
    internal static IEnumerable<TextSpan> WordSpans(string text)
    {
        for (var at = 0; NextWord(text, ref at, out var word);) yield return word;
    }

    /// <summary>The first word at or after <paramref name="at"/>, which moves past it (false at the end of the text).</summary>
    /// <remarks>
    /// ASCII is told by its ranges in the loops themselves and only other characters by their Unicode category: a call per
    /// character was 4.8% of a 500-pair check's instructions, the second word list each article gets (issue 19).
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool NextWord(ReadOnlySpan<char> text, ref int at, out TextSpan word)
    {
        var ascii = AsciiWordClass;
        for (var i = at; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128 ? (ascii[c] & Letter) == 0 : !char.IsLetter(c)) continue;
            var start = i;
            for (i++; i < text.Length; i++)
            {
                c = text[i];
                if (c < 128 ? (ascii[c] & Tail) == 0 : !IsWordTail(c)) break;
            }
            word = new TextSpan(start, i);
            at = i;
            return true;
        }
        at = text.Length;
        word = default;
        return false;
    }

    private const byte Letter = 1, Tail = 2;

    /// <summary>Per ASCII code: <see cref="Letter"/> | <see cref="Tail"/> for a letter, <see cref="Tail"/> for an apostrophe or a hyphen (a table read: ranges tested per character were 2.6% of a 500-pair check).</summary>
    private static ReadOnlySpan<byte> AsciiWordClass =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    ];

    /// <summary>Whether a character other than ASCII continues a word.</summary>
    private static bool IsWordTail(char c) => char.IsLetter(c) || c == '’' || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>The definition <see cref="WordSpans"/> follows (kept for the test that compares them).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}[\p{L}\p{Mn}'’-]*")]
    internal static partial System.Text.RegularExpressions.Regex Words();
}
