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

    /// <summary>The word indexes last used, held strongly: a few per core, so that parallel analyses do not evict each other's.</summary>
    private static readonly (string? Article, WordStarts? Index, long Used)[] Recent = new (string?, WordStarts?, long)[16];
    private static long _uses;

    /// <summary>Start offsets of every word of the article, by word: built once per article text while it is in use, it makes anchoring a long sidecar linear.</summary>
    private static WordStarts WordIndex(string article)
    {
        lock (Recent)
        {
            for (var i = 0; i < Recent.Length; i++)
                if (ReferenceEquals(Recent[i].Article, article)) { Recent[i].Used = ++_uses; return Recent[i].Index!; }
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
            Recent[oldest] = (article, index, ++_uses);
        }
        return index;
    }

    /// <summary>The article's word index while one is kept (for a test that it is let go).</summary>
    internal static object? KeptWordIndex(string article) =>
        WordIndexes.TryGetValue(article, out var weak) && weak.TryGetTarget(out var index) ? index : null;

    /// <summary>
    /// Every word start of an article, as one sorted array of (hash of the word, start): the starts of a word are a run
    /// found by binary search, in text order. A dictionary of words to lists of starts was ~32 KB per 5 KB article in a
    /// `check` (a string, a list and an entry per distinct word); this is 8 bytes per word and no string (issue 19). Words
    /// whose hashes collide share a run: a caller compares the text at each start anyway, so a run may hold more starts
    /// than the word's, never fewer.
    /// </summary>
    private sealed class WordStarts
    {
        private readonly ulong[] _keys;

        public WordStarts(string a)
        {
            // Gathered in a pooled buffer and copied out at their count: a list of a sixth of the article's length, then the
            // copy, was ~7 KB of each generated pair's analysis (issue 19).
            var keys = System.Buffers.ArrayPool<ulong>.Shared.Rent(a.Length / 6 + 1);
            var count = 0;
            var i = 0;
            while (i < a.Length)
            {
                if (!IsWordChar(a[i])) { i++; continue; }
                var start = i;
                while (i < a.Length && IsWordChar(a[i])) i++;
                if (count == keys.Length) keys = Grown(keys);
                keys[count++] = Key(Hash(a.AsSpan(start, i - start)), start);
            }
            _keys = keys.AsSpan(0, count).ToArray();
            System.Buffers.ArrayPool<ulong>.Shared.Return(keys);
            Array.Sort(_keys);
        }

        private static ulong[] Grown(ulong[] keys)
        {
            var grown = System.Buffers.ArrayPool<ulong>.Shared.Rent(keys.Length * 2);
            keys.CopyTo(grown, 0);
            System.Buffers.ArrayPool<ulong>.Shared.Return(keys);
            return grown;
        }

        private static ulong Key(uint hash, int start) => ((ulong)hash << 32) | (uint)start;

        private static uint Hash(ReadOnlySpan<char> word)
        {
            var h = 2166136261u;
            foreach (var c in word) h = (h ^ c) * 16777619u;
            return h;
        }

        /// <summary>The run of starts of words hashed as <paramref name="word"/> (empty when no word of the article is).</summary>
        public ReadOnlySpan<ulong> Run(ReadOnlySpan<char> word)
        {
            var hash = Hash(word);
            var from = LowerBound(Key(hash, 0));
            var to = hash == uint.MaxValue ? _keys.Length : LowerBound(Key(hash + 1, 0));
            return _keys.AsSpan(from, to - from);
        }

        public static int StartOf(ulong key) => (int)(uint)key;

        private int LowerBound(ulong key)
        {
            var (lo, hi) = (0, _keys.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_keys[mid] < key) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }

    /// <summary>Whole-word occurrences: "Syria" does not occur inside "Syrian".</summary>
    public static List<TextSpan> Occurrences(string article, string text, TextSpan? within = null)
    {
        var result = new List<TextSpan>();
        if (text.Length == 0) return result;
        if (IsWordChar(text[0]) && article.Length > 4096)
        {
            // Every word of the text stands whole in the article wherever the text occurs (the first at a word start, the
            // last before a word end unless the text ends in punctuation), so the occurrences are among the starts of its
            // rarest word: "Strike 9999" is looked for where "9999" stands, not at each of 10,000 "Strike"s.
            var index = WordIndex(article);
            var starts = ReadOnlySpan<ulong>.Empty;
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
            foreach (var key in starts)
            {
                var start = WordStarts.StartOf(key) - wordOffset;
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

    /// <remarks>ASCII by its ranges: no ASCII character is a non-spacing mark, and asking each space and comma its category was most of an article's word index.</remarks>
    private static bool IsWordChar(char c) => c < 128 ? char.IsAsciiLetterOrDigit(c)
        : char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark;

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
        var closest = Fuzzy.ClosestMatch(text, article, Word());
        return closest is null ? ("", null) : ($" Did you mean '{closest}'?", closest);
    }

    public static string Shorten(string s) => s.Length > 60 ? s[..57] + "…" : s;

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}[\p{L}\p{Mn}'’-]*")]
    private static partial System.Text.RegularExpressions.Regex Word();
}
