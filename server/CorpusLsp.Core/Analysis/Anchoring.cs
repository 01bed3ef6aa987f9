using System.Collections.Immutable;
using System.Globalization;
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
    /// Every word start of an article, grouped by word: the starts of a word are a run found by one hash probe, in text
    /// order. Words are told apart by a hash of their characters; words whose hashes collide share a run: a caller compares
    /// the text at each start anyway, so a run may hold more starts than the word's, never fewer.
    /// </summary>
    /// <remarks>
    /// Grouped by a counting sort over the words' first sightings, in time linear in the article: sorting (hash, start)
    /// keys through the generic comparer made an index of a 5 KB article cost ~0.9 M instructions, more than scanning it
    /// for each of its ~90 anchors, so articles under 4 KB were scanned instead (issue 19). Four bytes per word, plus 4
    /// per distinct word and 8 per slot of the table (at least twice as many slots as distinct words).
    /// </remarks>
    private sealed class WordStarts
    {
        /// <summary>Every word's start, grouped by word, each group in text order: group g is _starts[_group[g].._group[g + 1]].</summary>
        private readonly int[] _starts;
        private readonly int[] _group;

        /// <summary>Open addressing by hash: a slot holds a word's hash (high half) and its group + 1 (low half; 0: empty).</summary>
        private readonly ulong[] _slots;
        private readonly int _mask;

        private readonly WeakReference<string> _article;
        private readonly int _length;

        /// <summary>Whether this is the index of <paramref name="article"/> (the same string, not equal text).</summary>
        public bool Indexes(string article) => article.Length == _length && _article.TryGetTarget(out var a) && ReferenceEquals(a, article);

        public WordStarts(string a)
        {
            (_article, _length) = (new WeakReference<string>(a), a.Length);
            // Passes of their own, each with no call in its loop: in one method, or with a call per word or character, the
            // JIT kept the loops' locals in memory, ~70 instructions a word for the table alone (issue 19).
            var (found, count) = Scanned(a);
            var pool = System.Buffers.ArrayPool<int>.Shared;
            var groups = pool.Rent(count);
            // A word's group is the number of its first sighting: at most one per word.
            var sizes = pool.Rent(count + 1);
            var (table, mask, distinct) = Group(a.Length, found, count, groups, sizes);
            (_starts, _group) = Sorted(found, count, groups, sizes, distinct);
            // The table as it is, copied out of the pool, unless it has far more slots than needed (an article repeating
            // few words): moving each word into one sized to them takes longer than the copy.
            if (mask + 1 <= 2 * SlotsFor(distinct)) _slots = table.AsSpan(0, mask + 1).ToArray();
            else Move(table, mask, _slots = new ulong[SlotsFor(distinct)], SlotsFor(distinct) - 1);
            _mask = _slots.Length - 1;
            System.Buffers.ArrayPool<ulong>.Shared.Return(table);
            pool.Return(found);
            pool.Return(groups);
            pool.Return(sizes);
        }

        /// <summary>Every word's start and hash (at 2k and 2k + 1 of a pooled buffer), in text order, and the number of words.</summary>
        private static (int[] Found, int Count) Scanned(string article)
        {
            var found = System.Buffers.ArrayPool<int>.Shared.Rent(2 * (article.Length / 5 + 16));
            var (count, at) = (0, 0);
            while (true)
            {
                count += Scan(article, ref at, found.AsSpan(2 * count)) / 2;
                if (at == article.Length) return (found, count);
                found = Grown(found);
            }
        }

        /// <summary>
        /// The words from <paramref name="at"/> on, each word's start and hash (<see cref="Hash"/>, computed on the way) put
        /// in <paramref name="found"/> until it is full or the text ends; moves <paramref name="at"/> past the last word put
        /// (to the end of the text when it ended) and returns the number of items put.
        /// </summary>
        private static int Scan(ReadOnlySpan<char> text, ref int at, Span<int> found)
        {
            ref var classes = ref WordChars.Classes;
            var (i, n) = (at, 0);
            for (; n + 1 < found.Length; n += 2)
            {
                while (i < text.Length && (WordChars.Of(ref classes, text[i]) & WordChars.Word) == 0) i++;
                if (i == text.Length) break;
                var start = i;
                var hash = HashSeed;
                for (; i < text.Length; i++)
                {
                    var c = text[i];
                    if ((WordChars.Of(ref classes, c) & WordChars.Word) == 0) break;
                    hash = (hash ^ c) * HashPrime;
                }
                found[n] = start;
                found[n + 1] = (int)Hashed(hash, i - start);
            }
            // Full: the rest is read into a larger buffer from the next word on.
            at = n + 1 < found.Length ? text.Length : i;
            return n;
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

        /// <summary>
        /// Each word's group (<paramref name="groups"/>) and each group's number of words (<paramref name="sizes"/>, from 1),
        /// by the words' hashes in a pooled table of slots, which is returned with its mask and the number of groups.
        /// </summary>
        private static (ulong[] Table, int Mask, int Distinct) Group(int length, int[] found, int count, int[] groups, int[] sizes)
        {
            // Sized for as many distinct words as a sixth of the article's length holds words: rarely grown.
            var (table, mask) = Rented((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(length / 5 + 16)));
            var distinct = 0;
            for (var k = 0; k < count; k++)
            {
                var hash = (uint)found[2 * k + 1];
                ref var slot = ref Slot(table, mask, hash);
                int g;
                if (slot != 0) g = (int)(uint)slot;
                else
                {
                    slot = ((ulong)hash << 32) | (uint)(g = ++distinct);
                    sizes[g] = 0;
                    if (g * 2 > mask) (table, mask) = Regrown(table, mask);
                }
                sizes[g]++;
                groups[k] = g - 1;
            }
            return (table, mask, distinct);
        }

        /// <summary>A counting sort of the starts by group, stable: each word's starts stay in text order.</summary>
        private static (int[] Starts, int[] Group) Sorted(int[] found, int count, int[] groups, int[] sizes, int distinct)
        {
            var group = new int[distinct + 1];
            for (var g = 0; g < distinct; g++) group[g + 1] = group[g] + sizes[g + 1];
            var next = sizes;
            group.AsSpan(0, distinct).CopyTo(next);
            var starts = new int[count];
            for (var k = 0; k < count; k++) starts[next[groups[k]]++] = found[2 * k];
            return (starts, group);
        }

        /// <summary>A power of two at least twice the words to hold: probes stay short.</summary>
        private static int SlotsFor(int words) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(words, 8) * 2);

        private static int[] Grown(int[] buffer)
        {
            var grown = System.Buffers.ArrayPool<int>.Shared.Rent(buffer.Length * 2);
            buffer.CopyTo(grown, 0);
            System.Buffers.ArrayPool<int>.Shared.Return(buffer);
            return grown;
        }

        /// <summary>A pooled table of <paramref name="size"/> (a power of two) empty slots; the array may be longer.</summary>
        private static (ulong[] Table, int Mask) Rented(int size)
        {
            var table = System.Buffers.ArrayPool<ulong>.Shared.Rent(size);
            Array.Clear(table, 0, size);
            return (table, size - 1);
        }

        private static (ulong[] Table, int Mask) Regrown(ulong[] table, int mask)
        {
            var grown = Rented((mask + 1) * 2);
            Move(table, mask, grown.Table, grown.Mask);
            System.Buffers.ArrayPool<ulong>.Shared.Return(table);
            return grown;
        }

        private static void Move(ulong[] from, int fromMask, ulong[] to, int toMask)
        {
            for (var s = 0; s <= fromMask; s++)
                if (from[s] != 0) Slot(to, toMask, (uint)(from[s] >> 32)) = from[s];
        }

        /// <summary>The slot of <paramref name="hash"/>, or the empty slot it would take.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ref ulong Slot(ulong[] table, int mask, uint hash)
        {
            // The top bits of a Fibonacci hash: the FNV hash's low bits cluster for words differing in their last letter.
            for (var s = (int)((hash * 2654435769u) >> System.Numerics.BitOperations.LeadingZeroCount((uint)mask)); ; s = (s + 1) & mask)
            {
                ref var slot = ref table[s];
                if (slot == 0 || (uint)(slot >> 32) == hash) return ref slot;
            }
        }

        /// <summary>The starts of the words hashed as <paramref name="word"/>, in text order (empty when no word of the article is).</summary>
        public ReadOnlySpan<int> Run(ReadOnlySpan<char> word)
        {
            var slot = Slot(_slots, _mask, Hash(word));
            if (slot == 0) return [];
            var g = (int)(uint)slot;
            return _starts.AsSpan(_group[g - 1], _group[g] - _group[g - 1]);
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
