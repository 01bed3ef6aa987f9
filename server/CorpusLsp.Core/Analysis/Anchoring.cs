using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis;

/// <summary>Ties anchors (text + occurrence, or code point spans) to spans of the article.</summary>
public static partial class Anchoring
{
    /// <summary>
    /// Word indexes of article texts, held only weakly: a table keyed by the text held each index as long as the text, and
    /// a server keeps every article's text, so 10,000 articles kept 254 MB of indexes nothing read again (issue 19). The
    /// recently used ones are held (<see cref="Recent"/>): an analysis, its rules and the next edit of the same sidecar
    /// find theirs.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, WeakReference<WordStarts>> WordIndexes = new();

    /// <summary>
    /// The word indexes last used, held strongly (their articles weakly: a cache must not keep a closed article's string,
    /// and every article gets an index since l31): a few per core, so that parallel analyses do not evict each other's.
    /// </summary>
    private static readonly (WordStarts? Index, long Used)[] Recent = new (WordStarts?, long)[16];
    private static long _uses;

    /// <summary>The index this thread used last: an analysis asks for its article's once per anchor, ~90 times in a row.</summary>
    [ThreadStatic] private static WordStarts? t_last;

    /// <summary>Start offsets of every word of the article, by word: built once per article text while it is in use, it makes anchoring a long sidecar linear.</summary>
    private static WordStarts WordIndex(string article)
    {
        if (t_last is { } last && last.Indexes(article)) return last;
        lock (Recent)
        {
            for (var i = 0; i < Recent.Length; i++)
                if (Recent[i].Index is { } recent && recent.Indexes(article)) { Recent[i].Used = ++_uses; return t_last = recent; }
        }
        if (!WordIndexes.TryGetValue(article, out var weak) || !weak.TryGetTarget(out var index))
        {
            index = new WordStarts(article);
            WordIndexes.AddOrUpdate(article, new WeakReference<WordStarts>(index));
        }
        lock (Recent)
        {
            var oldest = 0;
            for (var i = 1; i < Recent.Length; i++)
                if (Recent[i].Used < Recent[oldest].Used) oldest = i;
            Recent[oldest] = (index, ++_uses);
        }
        return t_last = index;
    }

    /// <summary>The article's word index while one is kept (for a test that it is let go).</summary>
    internal static object? KeptWordIndex(string article) =>
        WordIndexes.TryGetValue(article, out var weak) && weak.TryGetTarget(out var index) ? index : null;

    /// <summary>
    /// Every word start of an article, grouped by a hash of the word into buckets: the starts of a word are among those of
    /// its bucket, found by one look-up, in text order. A bucket may hold other words' starts too (a caller compares the
    /// text at each start anyway), never fewer than the word's.
    /// </summary>
    /// <remarks>
    /// A counting sort of the starts by bucket, the buckets a power of two about a sixteenth of the article's length (one
    /// to two words each): no table of distinct words to probe, so two passes, each with no call in its loop. A table of
    /// slots probed per word was ~60 instructions a word and 8 KB a generated article (issue 19). Four bytes per word plus
    /// four per bucket.
    /// </remarks>
    private sealed class WordStarts
    {
        /// <summary>Every word's start, by bucket, each bucket in text order: bucket b is _starts[_bucket[b].._bucket[b + 1]].</summary>
        private readonly int[] _starts;
        private readonly int[] _bucket;

        /// <summary>The shift that takes a hash's top bits to its bucket (32 less the buckets' bits).</summary>
        private readonly int _shift;

        private readonly WeakReference<string> _article;
        private readonly int _length;

        /// <summary>Whether this is the index of <paramref name="article"/> (the same string, not equal text).</summary>
        public bool Indexes(string article) => article.Length == _length && _article.TryGetTarget(out var a) && ReferenceEquals(a, article);

        public WordStarts(string a)
        {
            (_article, _length) = (new WeakReference<string>(a), a.Length);
            var buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, a.Length / 16));
            _shift = 32 - System.Numerics.BitOperations.Log2((uint)buckets);
            // Counted per bucket by the scan (the last entry stays 0: it becomes the end of the last bucket).
            _bucket = new int[buckets + 1];
            // The drift check's words are read by the same scan, for the check that follows the analysis on this thread.
            var words = ArticleChecks.ArticleWords.Receiving(a);
            var (found, count) = Scanned(a, _bucket, _shift, words);
            _starts = Sorted(found, count, _bucket);
            System.Buffers.ArrayPool<int>.Shared.Return(found);
        }

        /// <summary>
        /// Every word's start and bucket (at 2k and 2k + 1 of a pooled buffer), in text order, and the number of words; the
        /// drift check's words put in <paramref name="words"/> (<see cref="ArticleChecks.ArticleWords.Receiving"/>).
        /// </summary>
        private static (int[] Found, int Count) Scanned(string article, int[] sizes, int shift, ArticleChecks.ArticleWords words)
        {
            var found = System.Buffers.ArrayPool<int>.Shared.Rent(2 * (article.Length / 5 + 16));
            var drift = new DriftWords(words);
            var (count, at) = (0, 0);
            while (true)
            {
                count += Scan(article, ref at, found.AsSpan(2 * count), sizes, shift, ref drift) / 2;
                if (at == article.Length) break;
                // Full: the table short of room for the token it stopped at grown, the rest read from that token on.
                if (found.Length < 2 * (count + drift.Need)) found = Grown(found);
                drift.Grow();
            }
            words.Finish(article, drift.Count);
            return (found, count);
        }

        /// <summary>Where the scan puts the drift check's words, and how many it put.</summary>
        private ref struct DriftWords(ArticleChecks.ArticleWords words)
        {
            public Span<TextSpan> Spans = words.Spans;
            public Span<bool> Upper = words.Upper;
            public int Count;

            /// <summary>The words of each kind the token the scan stopped at may hold (when the tables were full).</summary>
            public int Need;

            /// <summary>Grown when they lack room for <see cref="Need"/> more words.</summary>
            public void Grow()
            {
                if (Spans.Length >= Count + Need) return;
                words.Ensure(Math.Max(Count * 2, Count + Need) + 16);
                Spans = words.Spans;
                Upper = words.Upper;
            }
        }

        /// <summary>
        /// The words from <paramref name="at"/> on, each word's start and bucket (<see cref="Bucket"/> of its hash, computed
        /// on the way) put in <paramref name="found"/> and counted in <paramref name="sizes"/>, and the drift check's words
        /// (<see cref="ArticleChecks.NextWord"/>) in <paramref name="drift"/>, until either is full or the text ends; moves
        /// <paramref name="at"/> past the last token read (to the end of the text when it ended) and returns the number of
        /// items put in <paramref name="found"/>.
        /// </summary>
        /// <remarks>
        /// One pass for both: the text is read a token at a time, a run of characters either kind of word holds (letters,
        /// digits, marks, apostrophes, hyphens). A token of letters alone (most) is one word of each kind; the others are
        /// split by each kind's rule (<see cref="Split"/>). The drift check read the article again for its own words
        /// (49 K instructions a generated pair, issue 19). No call in the loop over a token's characters (the JIT kept the
        /// offset in memory around one), and the tables written by reference: the words they have room for are counted.
        /// </remarks>
        private static int Scan(ReadOnlySpan<char> text, ref int at, Span<int> found, int[] sizes, int shift, ref DriftWords drift)
        {
            ref var classes = ref WordChars.Classes;
            var (i, n, d) = (at, 0, drift.Count);
            // Words both tables have room for: every write below is in range (a bucket is below sizes' length, see Bucket).
            var room = Math.Min(found.Length / 2, drift.Spans.Length - d);
            ref var pairs = ref MemoryMarshal.GetReference(found);
            ref var counts = ref MemoryMarshal.GetArrayDataReference(sizes);
            ref var spans = ref MemoryMarshal.GetReference(drift.Spans);
            ref var upper = ref MemoryMarshal.GetReference(drift.Upper);
            while (true)
            {
                while (i < text.Length && (WordChars.Of(ref classes, text[i]) & (WordChars.Word | WordChars.Tail)) == 0) i++;
                if (i == text.Length) break;
                if (room == 0) { drift.Need = 1; break; }
                var start = i;
                var hash = HashSeed;
                var all = WordChars.Letter;
                for (; i < text.Length; i++)
                {
                    var c = text[i];
                    var classOf = WordChars.Of(ref classes, c);
                    if ((classOf & (WordChars.Word | WordChars.Tail)) == 0) break;
                    hash = (hash ^ c) * HashPrime;
                    all &= classOf;
                }
                if (all == 0)
                {
                    // At most a word of each kind per two characters.
                    if ((i - start + 1) / 2 > room) { (drift.Need, i) = ((i - start + 1) / 2, start); break; }
                    var (words, driftWords) = Split(text[start..i], start, found[n..], sizes, shift, drift.Spans[d..], drift.Upper[d..]);
                    (n, d, room) = (n + 2 * words, d + driftWords, room - Math.Max(words, driftWords));
                    continue;
                }
                var bucket = Bucket(Hashed(hash, i - start), shift);
                Unsafe.Add(ref pairs, n) = start;
                Unsafe.Add(ref pairs, n + 1) = bucket;
                Unsafe.Add(ref counts, bucket)++;
                n += 2;
                Unsafe.Add(ref spans, d) = new TextSpan(start, i);
                Unsafe.Add(ref upper, d++) = (WordChars.Of(ref classes, text[start]) & WordChars.Upper) != 0;
                room--;
            }
            // Full: the rest is read into larger tables from this token on.
            at = i;
            drift.Count = d;
            return n;
        }

        /// <summary>
        /// The words of a token not of letters alone (digits, marks, apostrophes, hyphens) at <paramref name="offset"/>:
        /// anchoring's (runs of letters, digits and marks) put in <paramref name="found"/> and the drift check's (a letter,
        /// then letters, marks, apostrophes and hyphens) in <paramref name="spans"/>; their numbers.
        /// </summary>
        private static (int Words, int DriftWords) Split(ReadOnlySpan<char> token, int offset, Span<int> found, int[] sizes, int shift, Span<TextSpan> spans, Span<bool> upper)
        {
            var (words, driftWords) = (0, 0);
            for (var k = 0; k < token.Length;)
            {
                if (!IsWordChar(token[k])) { k++; continue; }
                var start = k;
                var hash = HashSeed;
                for (; k < token.Length && IsWordChar(token[k]); k++) hash = (hash ^ token[k]) * HashPrime;
                var bucket = Bucket(Hashed(hash, k - start), shift);
                (found[2 * words], found[2 * words + 1]) = (offset + start, bucket);
                sizes[bucket]++;
                words++;
            }
            for (var k = 0; ArticleChecks.NextWord(token, ref k, out var word); driftWords++)
            {
                spans[driftWords] = new TextSpan(offset + word.Start, offset + word.End);
                upper[driftWords] = (WordChars.Of(token[word.Start]) & WordChars.Upper) != 0;
            }
            return (words, driftWords);
        }

        // FNV-1a's 32-bit constants: a 64-bit prime was loaded into a register again for every character.
        private const uint HashSeed = 2166136261, HashPrime = 16777619;

        /// <summary>
        /// A word's hash (FNV-1a over its UTF-16 units, then mixed with its length), as <see cref="Scan"/> computes it on the
        /// way: words are told apart by it, and a collision only lengthens a run a caller checks anyway.
        /// </summary>
        private static uint Hash(ReadOnlySpan<char> word)
        {
            var hash = HashSeed;
            foreach (var c in word) hash = (hash ^ c) * HashPrime;
            return Hashed(hash, word.Length);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static uint Hashed(uint hash, int length)
        {
            hash = (hash ^ (uint)length ^ (hash >> 15)) * 0x2C1B3C6D;
            return hash ^ (hash >> 12);
        }

        /// <summary>The top bits of a Fibonacci hash: the FNV hash's low bits cluster for words differing in their last letter.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static int Bucket(uint hash, int shift) => (int)((hash * 2654435769u) >> shift);

        /// <summary>
        /// A counting sort of the starts by bucket, stable: <paramref name="bucket"/> holds each bucket's number of words and
        /// is left holding each bucket's first index (and the number of words at the end).
        /// </summary>
        private static int[] Sorted(int[] found, int count, int[] bucket)
        {
            // Each bucket's end, then the words placed from the last back: each bucket's starts stay in text order.
            var sum = 0;
            for (var b = 0; b < bucket.Length; b++) bucket[b] = sum += bucket[b];
            var starts = new int[count];
            // By reference, with no bounds checks (~20 instructions a word with them): every bucket the scan put is below
            // bucket.Length, and each bucket's end counts down over only its own words, so every index is in range.
            ref var pairs = ref MemoryMarshal.GetArrayDataReference(found);
            ref var ends = ref MemoryMarshal.GetArrayDataReference(bucket);
            ref var placed = ref MemoryMarshal.GetArrayDataReference(starts);
            for (var k = count - 1; k >= 0; k--)
            {
                ref var end = ref Unsafe.Add(ref ends, Unsafe.Add(ref pairs, 2 * k + 1));
                Unsafe.Add(ref placed, --end) = Unsafe.Add(ref pairs, 2 * k);
            }
            return starts;
        }

        private static int[] Grown(int[] buffer)
        {
            var grown = System.Buffers.ArrayPool<int>.Shared.Rent(buffer.Length * 2);
            buffer.CopyTo(grown, 0);
            System.Buffers.ArrayPool<int>.Shared.Return(buffer);
            return grown;
        }

        /// <summary>The starts of the words hashed as <paramref name="word"/>, in text order (empty when no word of the article is).</summary>
        public ReadOnlySpan<int> Run(ReadOnlySpan<char> word)
        {
            var b = Bucket(Hash(word), _shift);
            return _starts.AsSpan(_bucket[b], _bucket[b + 1] - _bucket[b]);
        }
    }

    /// <summary>Whole-word occurrences: "Syria" does not occur inside "Syrian".</summary>
    public static List<TextSpan> Occurrences(string article, string text, TextSpan? within = null)
    {
        var result = new List<TextSpan>();
        if (text.Length == 0) return result;
        if (IsWordChar(text[0]))
        {
            // Every word of the text stands whole in the article wherever the text occurs (the first at a word start, the
            // last before a word end unless the text ends in punctuation), so the occurrences are among the starts of its
            // rarest word: "Strike 9999" is looked for where "9999" stands, not at each of 10,000 "Strike"s.
            var index = WordIndex(article);
            var starts = ReadOnlySpan<int>.Empty;
            var chosen = false;
            var wordOffset = 0;
            for (var w = 0; w < text.Length;)
            {
                if (!IsWordChar(text[w])) { w++; continue; }
                var wordStart = w;
                while (w < text.Length && IsWordChar(text[w])) w++;
                var found = index.Run(text.AsSpan(wordStart, w - wordStart));
                if (found.IsEmpty) return result;
                if (chosen && found.Length >= starts.Length) continue;
                starts = found;
                (wordOffset, chosen) = (wordStart, true);
            }
            var range0 = within ?? new TextSpan(0, article.Length);
            foreach (var wordStart in starts)
            {
                var start = wordStart - wordOffset;
                var end0 = start + text.Length;
                if (start < range0.Start || end0 > range0.End || (start > 0 && IsWordChar(article[start - 1]))
                    || string.CompareOrdinal(article, start, text, 0, text.Length) != 0) continue;
                if (end0 == article.Length || !IsWordChar(article[end0]) || !IsWordChar(text[^1])) result.Add(new TextSpan(start, end0));
            }
            return result;
        }
        var range = within ?? new TextSpan(0, article.Length);
        var i = range.Start;
        while ((i = article.IndexOf(text, i, StringComparison.Ordinal)) >= 0 && i + text.Length <= range.End)
        {
            var end = i + text.Length;
            var startOk = i == 0 || !IsWordChar(article[i - 1]) || !IsWordChar(text[0]);
            var endOk = end == article.Length || !IsWordChar(article[end]) || !IsWordChar(text[^1]);
            if (startOk && endOk) result.Add(new TextSpan(i, end));
            i++;
        }
        return result;
    }

    /// <summary>
    /// Whole-word occurrences within a span of the article (a sentence), found by scanning that span alone: never through
    /// the word index, whose starts of a common word run the length of the article. Words are whole in the article.
    /// </summary>
    internal static List<TextSpan> OccurrencesWithin(string article, string text, TextSpan within)
    {
        var result = new List<TextSpan>();
        if (text.Length == 0) return result;
        var end = Math.Min(within.End, article.Length);
        for (var i = Math.Max(within.Start, 0); i <= end - text.Length; i++)
        {
            i = article.IndexOf(text, i, end - i, StringComparison.Ordinal);
            if (i < 0) break;
            var after = i + text.Length;
            var startOk = i == 0 || !IsWordChar(article[i - 1]) || !IsWordChar(text[0]);
            var endOk = after == article.Length || !IsWordChar(article[after]) || !IsWordChar(text[^1]);
            if (startOk && endOk) result.Add(new TextSpan(i, after));
        }
        return result;
    }

    /// <summary>A letter, digit or non-spacing mark: what anchored words are made of (and never split).</summary>
    private static bool IsWordChar(char c) => (WordChars.Of(c) & WordChars.Word) != 0;

    public static ImmutableArray<TextSpan> Resolve(Anchor anchor, SourceText article, string sidecarPath, string what, List<Diagnostic> diagnostics)
    {
        if (anchor.CodePointSpan is { } cp)
        {
            var spanNode = anchor.SpanNode!;
            var length = article.CodePointLength;
            if (cp.Start < 0 || cp.End <= cp.Start || cp.End > length)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SpanOutOfRange, sidecarPath, spanNode.Span,
                    $"Span [{cp.Start}, {cp.End}) of {what} is out of range: the article has {length} code points and the end must exceed the start."));
                return [];
            }
            var span = new TextSpan(article.OffsetFromCodePoint(cp.Start), article.OffsetFromCodePoint(cp.End));
            // Compared in place; the text at the span is made (and a closure for the nearest occurrence) only when it differs.
            if (anchor.Text is { } expected && !article.Text.AsSpan(span.Start, span.Length).SequenceEqual(expected))
                return Drifted(anchor, article, sidecarPath, diagnostics, cp, span, expected);
            return [span];
        }

        if (anchor.Text is not { } t) return [];
        return ByText(anchor, article, sidecarPath, what, diagnostics, t);
    }

    /// <summary>A span whose text is not the mention's: the mismatch reported, with the nearest occurrence as the fix and the anchor.</summary>
    private static ImmutableArray<TextSpan> Drifted(Anchor anchor, SourceText article, string sidecarPath, List<Diagnostic> diagnostics, (int Start, int End) cp, TextSpan span, string expected)
    {
        var spanNode = anchor.SpanNode!;
        var actual = article.Slice(span);
        var fixes = new List<Fix>();
        var candidates = Occurrences(article.Text, expected);
        if (candidates.Count > 0)
        {
            var nearest = candidates.MinBy(c => Math.Abs(c.Start - span.Start));
            var newSpan = $"[{article.CodePointFromOffset(nearest.Start)}, {article.CodePointFromOffset(nearest.End)}]";
            fixes.Add(new Fix($"Re-anchor span to {newSpan}", [new TextEdit(sidecarPath, spanNode.Span, newSpan)], IsPreferred: true));
        }
        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SpanTextMismatch, sidecarPath, spanNode.Span,
            $"The article has '{Shorten(actual)}' at span [{cp.Start}, {cp.End}), not '{Shorten(expected)}'." +
            (candidates.Count > 0 ? " The span drifted: re-anchor it." : " The text no longer occurs in the article."), fixes.ToArray()));
        return candidates.Count > 0 ? [candidates.MinBy(c => Math.Abs(c.Start - span.Start))] : [];
    }

    private static ImmutableArray<TextSpan> ByText(Anchor anchor, SourceText article, string sidecarPath, string what, List<Diagnostic> diagnostics, string t)
    {
        var node = anchor.TextNode?.Span ?? anchor.Node.Span;
        var found = Occurrences(article.Text, t);
        if (found.Count == 0)
        {
            var (hint, meant) = Hint(article.Text, t);
            // The fix writes what the article says: the mention then anchors where the annotator meant it to.
            var fixes = meant is null || anchor.TextNode is null ? [] : new[] { new Fix($"Change the text to '{Shorten(meant)}'", [new TextEdit(sidecarPath, anchor.TextNode.Span, YamlEdits.Quote(meant))], IsPreferred: true) };
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.AnchorNotFound, sidecarPath, node,
                $"'{Shorten(t)}' ({what}) does not occur in the article.{hint}", fixes));
            return [];
        }
        var occ = anchor.Occurrence;
        if (occ.All) return found.ToImmutableArray();
        if (occ.IsUnspecified)
        {
            if (found.Count == 1) return [found[0]];
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.AnchorAmbiguous, sidecarPath, node,
                $"'{Shorten(t)}' occurs {found.Count} times in the article; add `occurrence: N` (1 to {found.Count}), a list, or `occurrence: all`."));
            return [found[0]];
        }
        var result = ImmutableArray.CreateBuilder<TextSpan>();
        foreach (var n in occ.Numbers)
        {
            if (n >= 1 && n <= found.Count) result.Add(found[n - 1]);
            else diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.OccurrenceOutOfRange, sidecarPath, occ.Node?.Span ?? node,
                $"Occurrence {n} of '{Shorten(t)}' does not exist; the article has {found.Count}."));
        }
        return result.ToImmutable();
    }

    /// <summary>Says what is there instead: a different case, or the closest word of similar length.</summary>
    private static (string Hint, string? Meant) Hint(string article, string text)
    {
        var ci = article.IndexOf(text, StringComparison.OrdinalIgnoreCase);
        if (ci >= 0) return ($" It occurs with different case: '{article.Substring(ci, text.Length)}'.", article.Substring(ci, text.Length));
        if (text.Contains(' ') || text.Length < 4) return ("", null);
        var closest = Fuzzy.ClosestMatch(text, article, ArticleChecks.NextWord);
        return closest is null ? ("", null) : ($" Did you mean '{closest}'?", closest);
    }

    public static string Shorten(string s) => s.Length > 60 ? s[..57] + "…" : s;
}
