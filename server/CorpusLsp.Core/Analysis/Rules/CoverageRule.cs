using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// CLS052: a name annotated as a place, person or organisation in this article or elsewhere in the corpus, left
/// unannotated here. Reported in the article, at the occurrence; the fix annotates it in the sidecar the same way.
/// An occurrence inside another annotated mention, or inside a longer run of capitalised words ("Washington Post",
/// "George Washington"), is part of another name and is left alone.
/// </summary>
public static class CoverageRule
{
    /// <param name="analyses">Every analysed sidecar of the corpus: their annotated names are what is looked for.</param>
    /// <param name="displayPath">How messages name another sidecar (default: its file name).</param>
    /// <param name="reportIn">The articles to report in (default: all).</param>
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<DocumentAnalysis> analyses, Func<string, string>? displayPath = null, Func<DocumentAnalysis, bool>? reportIn = null)
    {
        displayPath ??= p => p[(p.LastIndexOf('/') + 1)..];
        var report = Reporter(i => analyses[i], displayPath);
        return Check(analyses.Select(a => CoverageFacts.Of(a)).ToList(), (i, name, span, use, here) => report(i, name, span, use, here),
            reportIn is null ? null : i => reportIn(analyses[i]));
    }

    /// <summary>
    /// The same over the pairs' <see cref="CoverageFacts"/> (what a server keeps of a pair whose analysis it let go):
    /// <paramref name="report"/> makes the finding of a name at a span of pair i, annotated like <see cref="AnnotatedName"/>
    /// (here: in the same article), see <see cref="Reporter"/>; only pairs with a finding need their analysis for its fix.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<CoverageFacts> pairs, Func<int, string, TextSpan, AnnotatedName, bool, Diagnostic> report, Func<int, bool>? reportIn = null)
    {
        var lexicon = Lexicon(pairs.Select(p => p.Names));
        var (found, free) = Scan(pairs, lexicon, reportIn);
        return found.Where(f => f.Own is not null || Reported(lexicon[f.Name].Count, free[f.Name]))
            .Select(f => report(f.Pair, f.Name, f.Span, f.Own ?? lexicon[f.Name], f.Own is not null)).ToList();
    }

    /// <summary>Makes findings for <see cref="Check(IReadOnlyList{CoverageFacts}, Func{int, string, TextSpan, AnnotatedName, bool, Diagnostic}, Func{int, bool}?)"/> from pair i's analysis (asked once per pair).</summary>
    public static Func<int, string, TextSpan, AnnotatedName, bool, Diagnostic> Reporter(Func<int, DocumentAnalysis> analysisOf, Func<string, string> displayPath)
    {
        var numbering = new Numbering();
        var analyses = new Dictionary<int, DocumentAnalysis>();
        return (i, name, span, use, here) =>
        {
            if (!analyses.TryGetValue(i, out var a)) analyses[i] = a = analysisOf(i);
            return Report(a, name, span, use, here, displayPath, numbering);
        };
    }

    /// <summary>
    /// Across articles only a name the corpus mostly annotates is worth a look: "Meredith" annotated once as a town and
    /// written ten times as a person's name is the other way round. (Within an article an unannotated repeat always is.)
    /// </summary>
    public static bool Reported(int annotated, int unannotated) => annotated >= unannotated;

    /// <summary>What one shard of a corpus can say, given the corpus's <see cref="Lexicon"/>: see <see cref="CheckPart"/>.</summary>
    /// <param name="Certain">Findings of names annotated in the same article: reported whatever the other shards hold.</param>
    /// <param name="Candidates">Findings of names annotated only in other articles: reported when, over every shard,
    /// <see cref="Reported"/> holds for the name; those that cannot pass already (more unannotated here alone) are left out.</param>
    /// <param name="Unannotated">Name → unannotated occurrences in this shard's articles, to be summed over the shards.</param>
    public sealed record Part(IReadOnlyList<Diagnostic> Certain, IReadOnlyList<(string Name, Diagnostic Diagnostic)> Candidates, SortedDictionary<string, int> Unannotated);

    /// <summary>CLS052 for a shard's analyses against the whole corpus's annotated names; the merge finishes <see cref="Part.Candidates"/>.</summary>
    public static Part CheckPart(IReadOnlyList<DocumentAnalysis> analyses, IReadOnlyDictionary<string, AnnotatedName> lexicon, Func<string, string> displayPath)
    {
        var (found, free) = Scan(analyses.Select(a => CoverageFacts.Of(a)).ToList(), lexicon, null);
        var numbering = new Numbering();
        var certain = found.Where(f => f.Own is not null).Select(f => Report(analyses[f.Pair], f.Name, f.Span, f.Own!.Value, true, displayPath, numbering)).ToList();
        var candidates = found.Where(f => f.Own is null && Reported(lexicon[f.Name].Count, free[f.Name]))
            .Select(f => (f.Name, Report(analyses[f.Pair], f.Name, f.Span, lexicon[f.Name], false, displayPath, numbering))).ToList();
        return new Part(certain, candidates, new SortedDictionary<string, int>(free, StringComparer.Ordinal));
    }

    /// <summary>
    /// The corpus's annotated names from each sidecar's <see cref="NamesOf(DocumentAnalysis)"/>, given in sidecar path order:
    /// per name, how often it is annotated and its first annotation.
    /// </summary>
    public static Dictionary<string, AnnotatedName> Lexicon(IEnumerable<IEnumerable<AnnotatedName>> inSidecarOrder)
    {
        var lexicon = new Dictionary<string, AnnotatedName>(StringComparer.Ordinal);
        AddTo(lexicon, inSidecarOrder);
        return lexicon;
    }

    /// <summary>Adds the names of further sidecars (later by path than those in it already) to a <see cref="Lexicon"/>.</summary>
    public static void AddTo(Dictionary<string, AnnotatedName> lexicon, IEnumerable<IEnumerable<AnnotatedName>> inSidecarOrder)
    {
        // The later annotations' counts are summed first and each name's record made once: a record per name per sidecar
        // was ~1.5 KB of each pair of a 10,000-pair check, on the one thread that gathers the lexicon. Each annotation is
        // one lookup in the names of this call (a name already in the lexicon is looked up there once): a look in the
        // lexicon and then in the sums was two per repeat, on that one thread.
        var added = new Dictionary<string, (AnnotatedName? First, int More)>(StringComparer.Ordinal);
        foreach (var names in inSidecarOrder)
            foreach (var n in names)
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(added, n.Name, out var seen);
                if (seen) sum.More += n.Count;
                else sum = lexicon.ContainsKey(n.Name) ? (null, n.Count) : (n, 0);
            }
        // In the order names first came, as they were added before.
        foreach (var (name, (first, more)) in added)
            if (first is { } f) lexicon.Add(name, more == 0 ? f : f with { Count = f.Count + more });
            else lexicon[name] = lexicon[name] with { Count = lexicon[name].Count + more };
    }

    /// <param name="Pair">The index of the pair in the scan's input.</param>
    private sealed record Finding(int Pair, string Name, TextSpan Span, AnnotatedName? Own);

    /// <summary>Every unannotated occurrence of a lexicon name in the articles, and per name how many there are (in all articles).</summary>
    private static (List<Finding> Found, Dictionary<string, int> Free) Scan(IReadOnlyList<CoverageFacts> pairs, IReadOnlyDictionary<string, AnnotatedName> lexicon, Func<int, bool>? reportIn)
    {
        var byFirstWord = lexicon.Keys.GroupBy(FirstWord, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        // The articles are read in parallel (after every analysis, on one thread, this was the one serial stretch of a
        // 10,000-pair check besides its output), their occurrences counted and kept in pair order as before.
        var each = new List<(string Name, TextSpan Span)>?[pairs.Count];
        var lengths = LengthsByFirstChar(byFirstWord.Keys);
        var (low, high) = AsciiStarts(lengths);
        Parallel.For(0, pairs.Count, new ParallelOptions { TaskScheduler = TaskScheduler.Current }, i =>
        {
            BackgroundPause.Point();
            if (pairs[i] is not { Article: { } article, ArticlePath: not null } pair) return;
            // Read without a string of the article: its analysis let go of the one it made.
            var text = article.Chars(out var buffer);
            each[i] = Unannotated(text, byFirstWord, lengths, low, high, pair.Covered);
            SourceText.ReturnBuffer(buffer);
        });
        var found = new List<Finding>();
        var free = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (each[i] is not { } occurrences) continue;
            Dictionary<string, AnnotatedName>? own = null;
            foreach (var (name, span) in occurrences)
            {
                free[name] = free.GetValueOrDefault(name) + 1;
                own ??= pair.Names.ToDictionary(n => n.Name, StringComparer.Ordinal);
                if (reportIn?.Invoke(i) != false) found.Add(new Finding(i, name, span, own.TryGetValue(name, out var use) ? use : null));
            }
        }
        return (found, free);
    }

    /// <summary>The annotated names of one analysed sidecar: the first annotation of each, and how many times it is annotated.</summary>
    /// <param name="pool">One string for equal names, ids and links across a corpus's pairs (none: each its own).</param>
    public static IReadOnlyList<AnnotatedName> NamesOf(DocumentAnalysis a, NamePool? pool = null) =>
        a.Article is not { } article ? [] : pool is null ? NamesOf(a.Sidecar.Path, a.Mentions, article) : PooledNamesOf(a.Sidecar.Path, a.Mentions, article, pool);

    /// <summary>
    /// The same without the analysis: the sidecar's people, places and organisations anchored in its article. What a pass
    /// over the whole corpus (`corpuslsp profiles`) computes for shards, equal to what the analyses give.
    /// </summary>
    public static IReadOnlyList<AnnotatedName> NamesOf(Sidecar sidecar, SourceText article)
    {
        var ignored = new List<Diagnostic>();
        var mentions = sidecar.AllMentions.Where(m => m.Kind is MentionKind.Place or MentionKind.Person or MentionKind.Organisation)
            .Select(m => new ResolvedMention(m, Anchoring.Resolve(m.Anchor, article, sidecar.Path, "", ignored)));
        return NamesOf(sidecar.Path, mentions, article);
    }

    private static List<AnnotatedName> NamesOf(string sidecarPath, IEnumerable<ResolvedMention> mentions, SourceText article)
    {
        // Each name's first annotation and how many spans name it, looked up by the span's text: a string is made for a
        // new name only, and a repeat counts without a new record (every pair of a 10,000-pair check does this).
        var n = mentions.TryGetNonEnumeratedCount(out var known) ? known : 0;
        // Sized for a name per mention, and the counts added in place: grown lists and a copy were ~0.5 KB a pair (issue 19).
        var first = new List<AnnotatedName>(n);
        var counts = new List<int>(n);
        CountNames(sidecarPath, mentions, article.Text, n, first, counts);
        return Counted(first, counts);
    }

    /// <summary>The same with the corpus's pool, over the analysis's array itself (enumerated as an interface, ~2 K instructions a pair).</summary>
    private static List<AnnotatedName> PooledNamesOf(string sidecarPath, ImmutableArray<ResolvedMention> mentions, SourceText article, NamePool pool)
    {
        // Sized for a name per person, place and organisation (a pair keeps its list to the end of a check; sized for its
        // events too, it was ~4 KB a pair to clear), with the spans that could name them.
        int named = 0, spans = 0;
        foreach (var m in mentions)
            if (IsNamed(m.Mention)) (named, spans) = (named + 1, spans + m.Spans.Length);
        var first = new List<AnnotatedName>(named);
        var counts = new List<int>(named);
        CountNames(sidecarPath, mentions, article.Text, spans, first, counts, pool);
        return Counted(first, counts);
    }

    private static List<AnnotatedName> Counted(List<AnnotatedName> first, List<int> counts)
    {
        for (var i = 0; i < first.Count; i++)
            if (counts[i] > 0) first[i] = first[i] with { Count = first[i].Count + counts[i] };
        return first;
    }

    private static void CountNames(string sidecarPath, IEnumerable<ResolvedMention> mentions, string text, int n, List<AnnotatedName> first, List<int> counts)
    {
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var byText = index.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var m in mentions)
        {
            if (!IsNamed(m.Mention)) continue;
            foreach (var s in m.Spans)
            {
                if (!IsName(text, s, out var name)) continue;
                if (byText.TryGetValue(name, out var at)) { counts[at]++; continue; }
                var named = AnnotatedName.Of(name.ToString(), sidecarPath, m.Mention);
                index[named.Name] = first.Count;
                first.Add(named);
                counts.Add(0);
            }
        }
    }

    /// <summary>
    /// The same with the corpus's pool: each span's name is looked up in the pool only, and a repeat in the pair found by
    /// the pool's entry (by reference): a lookup by the text in the pair and another in the pool, and the name hashed again
    /// to add it to the pair's, were ~15 K instructions of a generated pair's ~47 K here (issue 19).
    /// </summary>
    private static void CountNames(string sidecarPath, ImmutableArray<ResolvedMention> mentions, string text, int spans, List<AnnotatedName> first, List<int> counts, NamePool pool)
    {
        // By the entry's number, in a table of its own (a dictionary of objects by reference hashed them through an interface,
        // ~130 instructions a span; a dictionary of numbers was ~3 K instructions a pair, made and asked).
        // Twice the spans at least (a pair has no more names than spans): never full, and a missing number meets a free slot soon.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(32, 2 * spans));
        var index = new NumberIndex(size <= 256 ? stackalloc ulong[size] : new ulong[size]);
        foreach (var m in mentions)
        {
            if (!IsNamed(m.Mention)) continue;
            // A mention's spans mostly read alike ("Syria", occurrence: all): a span like the one before it counts for the
            // same name without a lookup in the pool and in the pair (~360 instructions a span).
            ReadOnlySpan<char> before = default;
            var at = -1;
            foreach (var s in m.Spans)
            {
                if (!IsName(text, s, out var name)) continue;
                if (at >= 0 && name.SequenceEqual(before)) { counts[at]++; continue; }
                before = name;
                var entry = pool.EntryOf(name);
                if (index.Find(entry.Number, first.Count) is var found and >= 0) { at = found; counts[at]++; continue; }
                at = first.Count;
                first.Add(pool.Named(entry, sidecarPath, m.Mention));
                counts.Add(0);
            }
        }
    }

    /// <summary>A pair's names by their pool number (positive), each with its place among the pair's first annotations.</summary>
    private readonly ref struct NumberIndex(Span<ulong> slots)
    {
        private readonly Span<ulong> _slots = Clear(slots);

        private static Span<ulong> Clear(Span<ulong> slots)
        {
            slots.Clear();
            return slots;
        }

        /// <summary>The place of the number's name, or -1 and the number added at <paramref name="next"/> (half the slots at most).</summary>
        public int Find(int number, int next)
        {
            var mask = _slots.Length - 1;
            for (var i = (int)((uint)number * 0x9E3779B1u) & mask; ; i = (i + 1) & mask)
            {
                var slot = _slots[i];
                if (slot == 0)
                {
                    _slots[i] = (ulong)(uint)number << 32 | (uint)next;
                    return -1;
                }
                if ((int)(slot >> 32) == number) return (int)(uint)slot;
            }
        }
    }

    private static bool IsNamed(Mention m) => m.Kind is MentionKind.Place or MentionKind.Person or MentionKind.Organisation;

    /// <summary>The article's characters at a span, when they could be a name CLS052 looks for (a capital first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsName(string text, TextSpan s, out ReadOnlySpan<char> name)
    {
        var start = Math.Clamp(s.Start, 0, text.Length);
        name = text.AsSpan(start, Math.Clamp(s.End, 0, text.Length) - start);
        return name.Length >= 2 && char.IsUpper(name[0]) && (char.IsLetter(name[^1]) || name[^1] == '.');
    }

    private static string FirstWord(string name)
    {
        var end = 0;
        while (end < name.Length && char.IsLetterOrDigit(name[end])) end++;
        return name[..end];
    }

    /// <summary>
    /// For each ASCII character, the lengths of the first words that start with it (a bit per length, the last for 63 and
    /// longer): a word of the article is looked up only when one could match. Hashing every word of every article for the
    /// table was two thirds of this scan (98 M instructions of a 500-pair check, 69 M with this), and most words start no annotated name (issue 19).
    /// </summary>
    private static ulong[] LengthsByFirstChar(IEnumerable<string> firstWords)
    {
        var lengths = new ulong[128];
        foreach (var word in firstWords)
            if (word.Length > 0 && word[0] < 128) lengths[word[0]] |= LengthBit(word.Length);
        return lengths;
    }

    private static ulong LengthBit(int length) => 1UL << Math.Min(length, 63);

    /// <summary>The lowest and highest ASCII characters some first word starts with (both U+FFFF when none does).</summary>
    private static (ushort Low, ushort High) AsciiStarts(ulong[] lengths)
    {
        var (low, high) = (ushort.MaxValue, ushort.MaxValue);
        for (var c = 0; c < lengths.Length; c++)
            if (lengths[c] != 0) (low, high) = (low == ushort.MaxValue ? (ushort)c : low, (ushort)c);
        return (low, high);
    }

    /// <summary>
    /// The first offset at or after <paramref name="i"/> whose character may start a first word (an ASCII one some first
    /// word starts with, its <paramref name="lengths"/> not 0, or any other), else the text's length. Sixteen characters at
    /// a time, those outside <paramref name="low"/>..<paramref name="high"/> passed over at once: most words start no
    /// annotated name, and a library search started at every capital was ~270 instructions a capital, 40 K a generated
    /// pair (issue 19).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextStop(ReadOnlySpan<char> text, int i, ulong[] lengths, ushort low, ushort high)
    {
        if (System.Runtime.Intrinsics.X86.Sse2.IsSupported)
        {
            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var (from, width) = (Vector128.Create(low), Vector128.Create((ushort)(high - low)));
            for (; i <= text.Length - 16; i += 16)
            {
                var near = Near(Vector128.LoadUnsafe(ref first, (nuint)i), from, width);
                var nearAfter = Near(Vector128.LoadUnsafe(ref first, (nuint)(i + 8)), from, width);
                // Each lane all ones or zeros: packed to bytes as they are, their top bits read at once (a mask of 16-bit
                // lanes is no single instruction: it was a call per block).
                var bits = System.Runtime.Intrinsics.X86.Sse2.PackSignedSaturate(near.AsInt16(), nearAfter.AsInt16()).ExtractMostSignificantBits();
                for (; bits != 0; bits &= bits - 1)
                {
                    var at = i + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    if (text[at] >= 128 || lengths[text[at]] != 0) return at;
                }
            }
        }
        for (; i < text.Length; i++)
            if (text[i] >= 128 || lengths[text[i]] != 0) return i;
        return text.Length;
    }

    /// <summary>Lanes of <paramref name="units"/> from <paramref name="from"/> to <paramref name="from"/> + <paramref name="width"/>, or not ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Near(Vector128<ushort> units, Vector128<ushort> from, Vector128<ushort> width) =>
        Vector128.LessThanOrEqual(units - from, width) | Vector128.GreaterThan(units, Vector128.Create((ushort)127));

    /// <summary>Occurrences of known names not covered by a mention and not part of a longer name; the longest name wins (null: none).</summary>
    /// <param name="lengths">What <see cref="LengthsByFirstChar"/> made of <paramref name="byFirstWord"/>'s keys.</param>
    /// <param name="low">The lowest ASCII character a first word starts with (<see cref="AsciiStarts"/>).</param>
    /// <param name="high">The highest.</param>
    private static List<(string Name, TextSpan Span)>? Unannotated(ReadOnlySpan<char> text, Dictionary<string, string[]> byFirstWord, ulong[] lengths,
        ushort low, ushort high, TextSpan[] covered)
    {
        // Looked up by the word's span: a string per word of the article was most of what CLS052 allocated after an edit.
        var byWord = byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        List<(string Name, TextSpan Span)>? found = null;
        var i = 0;
        var next = 0;
        while (i < text.Length)
        {
            i = NextStop(text, i, lengths, low, high);
            if (i == text.Length) break;
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            // Words are runs of letters and digits: one starts where the character before is neither.
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            if ((start > 0 && char.IsLetterOrDigit(text[start - 1])) || start < next
                || (text[start] < 128 && (lengths[text[start]] & LengthBit(i - start)) == 0) || !byWord.TryGetValue(text[start..i], out var names)) continue;
            foreach (var name in names)
            {
                var end = start + name.Length;
                if (end > text.Length || !text[start..end].SequenceEqual(name)) continue;
                if (end < text.Length && char.IsLetterOrDigit(text[end]) && char.IsLetterOrDigit(name[^1])) continue;
                var span = new TextSpan(start, end);
                if (!Overlaps(covered, span) && !PartOfLongerName(text, span)) (found ??= []).Add((name, span));
                next = end;
                break;
            }
        }
        return found;
    }

    private static bool Overlaps(TextSpan[] sorted, TextSpan span)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid].Start < span.End) lo = mid + 1; else hi = mid; }
        // Spans starting before the end, scanned back: mentions are short, so a bounded look-back suffices.
        for (var k = lo - 1; k >= 0 && k >= lo - 64; k--)
            if (sorted[k].Overlaps(span)) return true;
        return false;
    }

    /// <summary>"Washington Post", "George Washington", "Aleppo Province": a capitalised word joined on either side.</summary>
    public static bool PartOfLongerName(ReadOnlySpan<char> text, TextSpan span)
    {
        var after = span.End;
        if (after + 1 < text.Length && text[after] == ' ' && char.IsUpper(text[after + 1])) return true;
        var before = span.Start;
        if (before < 2 || text[before - 1] != ' ' || !char.IsLetter(text[before - 2])) return false;
        var wordStart = before - 1;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1])) wordStart--;
        return char.IsUpper(text[wordStart]) && !IsSentenceStart(text, wordStart);
    }

    private static bool IsSentenceStart(ReadOnlySpan<char> text, int offset)
    {
        var i = offset;
        while (i > 0 && text[i - 1] is ' ' or '"' or '“' or '\'' or '‘' or '(') i--;
        return i == 0 || text[i - 1] is '.' or '!' or '?' or '\n' or ':' or '—' or '–';
    }

    private static Diagnostic Report(DocumentAnalysis a, string name, TextSpan span, AnnotatedName use, bool here, Func<string, string> displayPath, Numbering numbering)
    {
        var fix = new Fix(numbering.FixesOf(a, name, use), numbering.Of(a, name).Number(span), IsPreferred: true);
        return new Diagnostic(DiagnosticCatalog.NameNotAnnotatedHere, a.ArticlePath!, span, numbering.Message(name, use, here, displayPath),
            DiagnosticCatalog.NameNotAnnotatedHere.DefaultSeverity, [fix]);
    }

    private static string Described(MentionKind kind) => kind switch { MentionKind.Place => "a place", MentionKind.Person => "a person", _ => "an organisation" };

    /// <summary>
    /// The fixes of one name's findings in one article, made when asked for (a code action there, `check`'s JSON), each from
    /// its occurrence's number: it adds the occurrence to this sidecar's mention of the same text and kind when it lists
    /// occurrences, else appends a new entry. Holds what they need of the pair, not its analysis (a server lets that go).
    /// </summary>
    private sealed class AnnotateLike : DeferredFix
    {
        private readonly string _name;
        private readonly string _kind;
        private readonly string _sidecarPath;
        private readonly SourceText _sidecarText;
        /// <summary>Whether the name occurs more than once (a new entry then says which occurrence).</summary>
        private readonly bool _numbered;
        private readonly Mention? _sameText;
        private readonly int[] _annotated;
        private readonly string _key;
        private readonly YamlEdits.ItemPlace _place;
        /// <summary>The new entry's keys before its occurrence (id, text) and after it (what it links).</summary>
        private readonly (string, string)[] _before, _after;

        public AnnotateLike(DocumentAnalysis a, string name, AnnotatedName use, bool numbered, (Mention? Mention, int[] Numbers) sameText)
        {
            var sidecar = a.Sidecar;
            _name = name;
            _kind = Described(use.Kind);
            _sidecarPath = sidecar.Path;
            _sidecarText = sidecar.Text;
            _numbered = numbered;
            (_sameText, _annotated) = sameText;
            _key = use.Kind switch { MentionKind.Place => "places", MentionKind.Person => "people", _ => "organisations" };
            if (_sameText is not null) { _before = _after = []; return; }
            _place = YamlEdits.WhereItemGoes(sidecar.Text, sidecar.Root, _key);
            _before = use.Id is { } id && !sidecar.AllMentions.Any(m => m.Id == id) ? [("id", YamlEdits.Quote(id)), ("text", YamlEdits.Quote(name))] : [("text", YamlEdits.Quote(name))];
            _after = (use.Kind, use.Value) switch
            {
                (MentionKind.Place, { } r) => [("ref", r.All(c => char.IsLetterOrDigit(c) || c is ':' or '-' or '_' or '.') ? r : YamlEdits.Quote(r))],
                (MentionKind.Person, { } n) => [("name", YamlEdits.Quote(n))],
                (MentionKind.Organisation, { } k) => [("kind", YamlEdits.Quote(k))],
                _ => [],
            };
        }

        public override string EditsIn => _sidecarPath;

        public override (string Title, ImmutableArray<TextEdit> Edits) Make(int number)
        {
            if (_sameText is not null)
            {
                var numbers = new List<int>(_annotated.Length + 1);
                foreach (var n in _annotated) if (!numbers.Contains(n)) numbers.Add(n);
                if (!numbers.Contains(number)) numbers.Add(number);
                return ($"Annotate occurrence {number} of '{_name}' like the others", [RuleEdits.SetOccurrence(_sidecarPath, _sidecarText, _sameText, numbers)]);
            }
            var item = new List<(string, string)>(_before.Length + 1 + _after.Length);
            item.AddRange(_before);
            if (_numbered) item.Add(("occurrence", number.ToString(CultureInfo.InvariantCulture)));
            item.AddRange(_after);
            return ($"Annotate '{_name}' as {_kind}", [YamlEdits.AppendItem(_sidecarPath, _place, _key, item)]);
        }
    }

    /// <summary>
    /// Per article and name, its occurrences numbered once, the sidecar's mention of that text, and what the findings' fixes
    /// and messages share: a 10 MB article has tens of thousands of findings of a few names, and numbering each by a scan of
    /// all the name's occurrences took half a minute.
    /// </summary>
    private sealed class Numbering
    {
        private readonly Dictionary<(DocumentAnalysis, string), Numbered> _occurrences = new();
        private readonly Dictionary<(DocumentAnalysis, string, AnnotatedName), AnnotateLike> _fixes = new();
        private readonly Dictionary<(string, MentionKind, string?), string> _messages = new();

        public Numbered Of(DocumentAnalysis a, string name)
        {
            if (!_occurrences.TryGetValue((a, name), out var numbered))
                _occurrences[(a, name)] = numbered = new Numbered(Anchoring.Occurrences(a.Article!.Text, name));
            return numbered;
        }

        public AnnotateLike FixesOf(DocumentAnalysis a, string name, AnnotatedName use)
        {
            if (!_fixes.TryGetValue((a, name, use), out var fixes))
                _fixes[(a, name, use)] = fixes = new AnnotateLike(a, name, use, Of(a, name).Count > 1, SameText(a, name, use.Kind));
            return fixes;
        }

        /// <summary>One string for the findings of a name annotated the same way (an article's repeats of it).</summary>
        public string Message(string name, AnnotatedName use, bool here, Func<string, string> displayPath)
        {
            var key = (name, use.Kind, here ? null : use.SidecarPath);
            if (_messages.TryGetValue(key, out var message)) return message;
            var kind = Described(use.Kind);
            var where = here ? "elsewhere in this article" : $"in {displayPath(use.SidecarPath)}";
            return _messages[key] = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.NameNotAnnotatedHereMessage, name, kind, where);
        }

        /// <summary>The sidecar's mention of this text and kind anchored by text (null: none), and the numbers of the occurrences it annotates.</summary>
        private (Mention? Mention, int[] Numbers) SameText(DocumentAnalysis a, string name, MentionKind kind)
        {
            var mention = a.Sidecar.AllMentions.FirstOrDefault(m => m.Kind == kind && m.Anchor.Text == name && m.Anchor.CodePointSpan is null);
            var resolved = mention is null ? null : a.Resolved(mention);
            var occurrences = Of(a, name);
            return resolved is null ? (null, []) : (mention, [.. resolved.Spans.Select(occurrences.Number).Where(n => n > 0)]);
        }
    }

    /// <summary>A name's occurrences in an article, in article order, numbered from 1.</summary>
    private sealed class Numbered(List<TextSpan> occurrences)
    {
        private readonly Dictionary<TextSpan, int> _numbers = occurrences.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => x.i + 1);

        public int Count => occurrences.Count;

        /// <summary>The occurrence's number (0: the span is not one).</summary>
        public int Number(TextSpan span) => _numbers.GetValueOrDefault(span);
    }
}

/// <summary>
/// What CLS052 reads of one pair besides its article: the names its sidecar annotates (<see cref="CoverageRule.NamesOf(DocumentAnalysis)"/>)
/// and the article spans its people, places and organisations cover, in order of start.
/// </summary>
public sealed record CoverageFacts(string SidecarPath, string? ArticlePath, SourceText? Article, IReadOnlyList<AnnotatedName> Names, TextSpan[] Covered)
{
    /// <param name="pool">One string for equal names, ids and links across a corpus's pairs (see <see cref="NamePool"/>).</param>
    public static CoverageFacts Of(DocumentAnalysis a, NamePool? pool = null) => new(a.Sidecar.Path, a.ArticlePath, a.Article, CoverageRule.NamesOf(a, pool),
        a.Article is null || a.ArticlePath is null ? [] : a.SortedSpans.Spans);
}

/// <summary>
/// How a name is annotated across a corpus (CLS052): how many times, and its first annotation (by sidecar path) — kind,
/// sidecar, id and what it links (a place's ref, a person's name, an organisation's kind) — which the fix copies.
/// A value, not an object: a `check` keeps every pair's names to the end (~30 a generated pair), and as records they were
/// two thirds of the objects it kept, each copied twice and marked by every full collection (issue 19).
/// </summary>
public readonly record struct AnnotatedName(string Name, int Count, MentionKind Kind, string SidecarPath, string? Id, string? Value)
{
    public static AnnotatedName Of(string name, string sidecarPath, Mention m) => new(name, 1, m.Kind, sidecarPath, m.Id, ValueOf(m));

    /// <summary>What the fix copies besides the kind and id: a place's ref, a person's name, an organisation's kind.</summary>
    public static string? ValueOf(Mention m) => m switch
    {
        PlaceMention p => p.Ref, PersonMention p => p.Name, OrganisationMention o => o.OrgKind, _ => null,
    };
}

/// <summary>
/// One string for equal names, ids and links across a corpus's pairs (what a check keeps of each pair's names), and for
/// each name the id and link it was last annotated with: a name is annotated alike across pairs, so its id and link are
/// compared with those, not looked up. Pooling a pair's ~30 names, ids and links by three hash lookups each was half of
/// CLS052's per-pair names (~30 K instructions of ~57 K, issue 19).
/// </summary>
public sealed class NamePool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    // The entries by name: an open-addressed table, read without a lock (an entry, once in, stays in its slot of that
    // array) and added to under one. A concurrent dictionary's lookup by characters was ~250 instructions a name (issue 19).
    private Entry?[] _table = new Entry?[256];
    private int _entries;
    private readonly Lock _adding = new();

    // Made once: asked for per name, the lookup was a sixth of the cost of pooling a pair's ~90 names, ids and links.
    public NamePool()
    {
        _byChars = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Of(string s) => _strings.GetOrAdd(s, s);

    public string Of(ReadOnlySpan<char> s) => _byChars.TryGetValue(s, out var known) ? known : _strings.GetOrAdd(s.ToString(), static made => made);

    private string? OfOrNull(string? s) => s is null ? null : Of(s);

    /// <summary>The name's first annotation in a pair, <see cref="AnnotatedName.Of"/> with the pool's strings.</summary>
    public AnnotatedName Named(ReadOnlySpan<char> name, string sidecarPath, Mention m) => Named(EntryOf(name), sidecarPath, m);

    /// <summary>The pool's entry of a name: one object per name, whichever pair reads it.</summary>
    internal Entry EntryOf(ReadOnlySpan<char> name)
    {
        var hash = NameHash.Of(name);
        return Find(Volatile.Read(ref _table), name, hash, out _) ?? Add(name, hash);
    }

    /// <summary>The name's entry in the table, or null and the free slot where it would go.</summary>
    private static Entry? Find(Entry?[] table, ReadOnlySpan<char> name, int hash, out int free)
    {
        var mask = table.Length - 1;
        for (free = hash & mask; Volatile.Read(ref table[free]) is { } e; free = (free + 1) & mask)
            if (e.Hash == hash && name.SequenceEqual(e.Name)) return e;
        return null;
    }

    private Entry Add(ReadOnlySpan<char> name, int hash)
    {
        lock (_adding)
        {
            var table = _table;
            if (Find(table, name, hash, out var free) is { } added) return added;
            // Kept at most half full, so that a missing name meets a free slot soon; a larger table is filled before it is read.
            if (2 * (_entries + 1) > table.Length)
            {
                table = Grown(table);
                Find(table, name, hash, out free);
            }
            var entry = new Entry(Of(name), ++_entries, hash);
            Volatile.Write(ref table[free], entry);
            Volatile.Write(ref _table, table);
            return entry;
        }
    }

    private static Entry?[] Grown(Entry?[] table)
    {
        var grown = new Entry?[table.Length * 2];
        foreach (var e in table)
            if (e is not null)
            {
                Find(grown, e.Name, e.Hash, out var free);
                grown[free] = e;
            }
        return grown;
    }

    internal AnnotatedName Named(Entry named, string sidecarPath, Mention m)
    {
        var value = AnnotatedName.ValueOf(m);
        // Read once and compared by characters: another pair may write it meanwhile, and any copy equal to this
        // mention's is as good as another.
        var last = named.Last;
        // Compared with ==, ordinal too: the overload taking a comparison was ~60 instructions a call, twice per name of a pair.
        if (last.Id != m.Id || last.Value != value)
            named.Last = last = (OfOrNull(m.Id), OfOrNull(value));
        return new(named.Name, 1, m.Kind, sidecarPath, last.Id, last.Value);
    }

    internal sealed class Entry(string name, int number, int hash)
    {
        public readonly string Name = name;
        public readonly int Hash = hash;

        /// <summary>One number per entry of a pool (one name), for a pair to tell its repeats by.</summary>
        public readonly int Number = number;
        public (string? Id, string? Value) Last;
    }
}

/// <summary>
/// A hash of a name's characters, four at a time (read in place), seeded per process (as string hashes are): what the name
/// pool looks names up by. The ordinal string hash reads two characters a round, ~100 instructions a name.
/// </summary>
internal static class NameHash
{
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

    public static int Of(ReadOnlySpan<char> s) => Finish(Add(Seed, s));

    private static ulong Add(ulong h, ReadOnlySpan<char> s)
    {
        // Read in place, eight bytes at a time; the last eight (or fewer) once, overlapping: the length is mixed in first.
        ref var at = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(s));
        var n = s.Length * 2;
        h ^= (ulong)n;
        if (n < 8)
            return Round(h, n >= 4 ? Unsafe.ReadUnaligned<uint>(ref at) | (ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref at, n - 4)) << 32
                : n == 2 ? Unsafe.ReadUnaligned<ushort>(ref at) : 0UL);
        for (var i = 0; i < n - 8; i += 8) h = Round(h, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, i)));
        return Round(h, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, n - 8)));
    }

    private static ulong Round(ulong h, ulong chunk) => BitOperations.RotateLeft((h ^ chunk) * 0x9E3779B97F4A7C15UL, 29);

    private static int Finish(ulong h)
    {
        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93UL;
        return (int)(h ^ (h >> 32));
    }
}
