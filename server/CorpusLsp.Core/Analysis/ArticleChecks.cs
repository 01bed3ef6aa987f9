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
            // Only the words capitalised like the name of its length give or take its edits, a length at a time: walking all
            // the words capitalised like it was ~60 K instructions a pair (issue 19).
            var (shortest, longest) = (Math.Max(1, name.Length - run.Max), name.Length + run.Max);
            if (shortest > ArticleWords.LongWord) return [];
            for (var length = shortest; length <= Math.Min(longest, ArticleWords.LongWord); length++)
                foreach (var i in articleWords.OfLength(length, run.Upper))
                {
                    // The last length holds the longer words too.
                    if (words[i].Length > longest) continue;
                    // The units' test in the loop: most words fail it, and a call for each was most of these checks' time.
                    var units = articleWords.Mask(article, i);
                    if (BitOperations.PopCount(units & ~run.Mask) > run.Max || BitOperations.PopCount(run.Mask & ~units) > run.Max) continue;
                    if (Drifts(article, words[i], run, lower, ref pattern, articleWords)) (found ??= []).Add(words[i]);
                }
            // Found a length at a time: sorted, they are in article order, as a scan of the words finds them.
            if (found is { Count: > 1 }) found.Sort(static (a, b) => a.Start.CompareTo(b.Start));
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
                // Units the run has and the name lacks each take an edit: most runs have more than allowed, told a word at a
                // time (a later word's units are read only when the words before leave room: most are lowercase, read one
                // by one, and the whole run's were read for every run, 20 K instructions a pair).
                if (!FewUnitsAdded(article, articleWords, i, run)) continue;
                var span = new TextSpan(words[i].Start, words[i + parts - 1].End);
                if (Drifts(article, span, run, lower, ref pattern, articleWords)) (found ??= []).Add(span);
            }
        return found is null ? [] : [.. found];
    }

    /// <summary>A name as its runs are compared with it: its words, the edits allowed, its capitalisation and its units (<see cref="Fuzzy.LowerMask"/>).</summary>
    private readonly record struct Run(string Name, int Parts, int Max)
    {
        public bool Upper { get; } = char.IsUpper(Name[0]);
        public ulong Mask { get; } = Fuzzy.LowerMask(Name);
    }

    /// <summary>Whether the run of words from word <paramref name="i"/> has no more units the name lacks than edits allowed.</summary>
    private static bool FewUnitsAdded(string article, ArticleWords articleWords, int i, in Run run)
    {
        var units = 0UL;
        for (var w = i; w < i + run.Parts; w++)
            if (BitOperations.PopCount((units |= articleWords.Mask(article, w)) & ~run.Mask) > run.Max) return false;
        return true;
    }

    /// <summary>
    /// Whether the run at <paramref name="span"/>, of the name's length give or take its edits, capitalised like it and with
    /// no more units it lacks than edits allowed (the callers tell these), is one or two edits from the name, and not the
    /// name with something added ("Syrian", "Aleppo's"): that is a demonym or an inflection, not a misspelling.
    /// </summary>
    private static bool Drifts(string article, TextSpan span, in Run run, Span<char> lower, ref EditDistancePattern? pattern, ArticleWords articleWords)
    {
        var (name, parts, max) = (run.Name, run.Parts, run.Max);
        var candidate = article.AsSpan(span.Start, span.Length);
        // The name itself first: most runs that come this far are its occurrences.
        if (candidate.SequenceEqual(name)) return false;
        if (candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase) || name.AsSpan().StartsWith(candidate, StringComparison.OrdinalIgnoreCase)) return false;
        if (parts > 1 && candidate.Count(' ') + 1 != parts) return false;
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
    /// An article's words, read once for all its names, with the indexes of the capitalised ones and of the others: a
    /// name's runs start with a word capitalised like it, and each name was compared with every word of the article.
    /// </summary>
    internal sealed class ArticleWords
    {
        /// <summary>
        /// A name of one word longer than this (less its edits) meets no word: the words are indexed by length up to this
        /// one (the longer ones with it), and a name meets the lengths its edits reach. Kept so that `check` says what it said.
        /// </summary>
        public const int LongWord = 63;

        /// <summary>The capitalised words by length, then the others, each made on first use for the article read.</summary>
        private readonly LengthIndex[] _byLength = [new(), new()];

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
        private bool[] _upper = [];

        /// <summary>Each word's units, read on first use (0: not read yet; a word's units are never 0, it holds a letter).</summary>
        private ulong[] _masks = [];

        /// <summary>Indexes of the capitalised words, then of the others, each in article order: _byCase[.._capitalised] are the capitalised.</summary>
        private int[] _byCase = [];
        private int _capitalised;

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
            var (count, at) = (0, 0);
            while (true)
            {
                count += Scan(article, ref at, _words.AsSpan(count), _upper.AsSpan(count));
                if (at == article.Length) break;
                Ensure(count * 2);
            }
            _count = count;
            Array.Clear(_masks, 0, count);
            var capitalised = 0;
            foreach (var upper in _upper.AsSpan(0, count))
                if (upper) capitalised++;
            var (first, other) = (0, capitalised);
            for (var i = 0; i < count; i++) _byCase[_upper[i] ? first++ : other++] = i;
            _capitalised = capitalised;
            foreach (var index in _byLength) index.Clear();
            AsciiUnits(article, _words, _byCase.AsSpan(0, capitalised), _masks);
        }

        /// <summary>
        /// The units of the words <paramref name="which"/> that are all ASCII, read in one loop with no call (the others are
        /// left to <see cref="Mask(string, int)"/>): a name's runs start with a capitalised word, and calling
        /// <see cref="Fuzzy.LowerMask"/> for each was a tenth of these checks (issue 19).
        /// </summary>
        private static void AsciiUnits(string article, TextSpan[] words, ReadOnlySpan<int> which, ulong[] masks)
        {
            foreach (var i in which)
            {
                var (mask, units) = (0UL, 0);
                foreach (var c in article.AsSpan(words[i].Start, words[i].Length))
                {
                    // An ASCII letter, apostrophe or hyphen lowered is c | 0x20: its bit as Fuzzy.LowerMask sets it.
                    mask |= 1UL << (c | 0x20);
                    units |= c;
                }
                if (units < 128) masks[i] = mask;
            }
        }

        /// <summary>
        /// The words from <paramref name="at"/> on, as <see cref="NextWord"/> reads them, and whether each starts with an
        /// uppercase letter, put until the tables are full or the text ends; moves <paramref name="at"/> past the last word
        /// put (to the end of the text when it ended) and returns their number.
        /// </summary>
        /// <remarks>No call in its loops, every character's classes read from a table: with calls (or NextWord's `ref`
        /// offset) the JIT kept the offset in memory, a store and a load for every character (issue 19).</remarks>
        private static int Scan(ReadOnlySpan<char> text, ref int at, Span<TextSpan> words, Span<bool> upper)
        {
            ref var classes = ref WordChars.Classes;
            var (i, n) = (at, 0);
            for (; n < words.Length; n++)
            {
                while (i < text.Length && (WordChars.Of(ref classes, text[i]) & WordChars.Letter) == 0) i++;
                if (i == text.Length) break;
                var start = i;
                for (i++; i < text.Length && (WordChars.Of(ref classes, text[i]) & WordChars.Tail) != 0; i++) { }
                words[n] = new TextSpan(start, i);
                upper[n] = (WordChars.Of(ref classes, text[start]) & WordChars.Upper) != 0;
            }
            at = n < words.Length ? text.Length : i;
            return n;
        }

        /// <summary>Room for <paramref name="words"/> words in every table (what the scan's tables held is kept).</summary>
        private void Ensure(int words)
        {
            if (_words.Length >= words) return;
            Array.Resize(ref _words, words);
            Array.Resize(ref _upper, words);
            _masks = new ulong[words];
            _byCase = new int[words];
        }

        public ReadOnlySpan<TextSpan> All => _words.AsSpan(0, _count);

        /// <summary>Indexes of the words capitalised as asked (or not), in article order.</summary>
        public ReadOnlySpan<int> Capitalised(bool upper) => upper ? _byCase.AsSpan(0, _capitalised) : _byCase.AsSpan(_capitalised, _count - _capitalised);

        /// <summary>
        /// Indexes of the words of this length capitalised as asked (or not), in article order; the last length
        /// (<see cref="LongWord"/>) holds the longer words too.
        /// </summary>
        public ReadOnlySpan<int> OfLength(int length, bool upper)
        {
            var index = _byLength[upper ? 0 : 1];
            if (!index.Made) index.Make(Capitalised(upper), All);
            return index.Of(length);
        }

        /// <summary>Word indexes grouped by length, each group in article order: a counting sort, made on first use.</summary>
        private sealed class LengthIndex
        {
            // Group k (the words of length k, LongWord and longer in the last) is _order[_start[k].._start[k + 1]].
            private readonly int[] _start = new int[LongWord + 2];
            private int[] _order = [];

            public bool Made { get; private set; }

            public void Clear() => Made = false;

            public void Make(ReadOnlySpan<int> which, ReadOnlySpan<TextSpan> words)
            {
                if (_order.Length < which.Length) _order = new int[Math.Max(which.Length, _order.Length * 2)];
                Array.Clear(_start);
                foreach (var i in which) _start[Math.Min(words[i].Length, LongWord) + 1]++;
                for (var k = 0; k <= LongWord; k++) _start[k + 1] += _start[k];
                Span<int> next = stackalloc int[LongWord + 1];
                _start.AsSpan(0, LongWord + 1).CopyTo(next);
                foreach (var i in which) _order[next[Math.Min(words[i].Length, LongWord)]++] = i;
                Made = true;
            }

            public ReadOnlySpan<int> Of(int length) => _order.AsSpan(_start[length], _start[length + 1] - _start[length]);
        }

        /// <summary>The units of word <paramref name="i"/> (<see cref="Fuzzy.LowerMask"/>), read on first use.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public ulong Mask(string article, int i)
        {
            var mask = _masks[i];
            return mask != 0 ? mask : Read(article, i);
        }

        private ulong Read(string article, int i) => _masks[i] = Fuzzy.LowerMask(article.AsSpan(_words[i].Start, _words[i].Length));

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
    /// Every character's classes read from a table (<see cref="WordChars"/>): a call per character was 4.8% of a 500-pair
    /// check's instructions (issue 19).
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool NextWord(ReadOnlySpan<char> text, ref int at, out TextSpan word)
    {
        ref var classes = ref WordChars.Classes;
        for (var i = at; i < text.Length; i++)
        {
            if ((WordChars.Of(ref classes, text[i]) & WordChars.Letter) == 0) continue;
            var start = i;
            for (i++; i < text.Length && (WordChars.Of(ref classes, text[i]) & WordChars.Tail) != 0; i++) { }
            word = new TextSpan(start, i);
            at = i;
            return true;
        }
        at = text.Length;
        word = default;
        return false;
    }

    /// <summary>The definition <see cref="WordSpans"/> follows (kept for the test that compares them).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}[\p{L}\p{Mn}'’-]*")]
    internal static partial System.Text.RegularExpressions.Regex Words();
}
