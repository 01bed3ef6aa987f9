using System.Collections.Immutable;
using System.Runtime.InteropServices;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

/// <summary>
/// An entry of the sidecar as a cache key: its whole lines (from the start of its first line to the end of its last) and
/// where in them it starts. Two entries with the same lines read into the same model at the same relative positions, so
/// what was computed for one holds for the other, moved by the distance between them. An entry whose lines hold an
/// alias (`*name`) is never a key: its model depends on text elsewhere. The lines are a window on the sidecar's text,
/// not a copy: an edit of a 2,000-mention sidecar made each entry's lines a string again (~300 KB per edit; issue 19).
/// </summary>
internal readonly record struct EntryKey(ReadOnlyMemory<char> Lines, int Offset, MentionKind Kind)
{
    // Hashed once: a key is looked up in the previous memo and stored in the next, alone and inside place and `when` keys.
    private readonly int _hash = HashCode.Combine(string.GetHashCode(Lines.Span, StringComparison.Ordinal), Offset, Kind);

    public bool Equals(EntryKey other) =>
        _hash == other._hash && Offset == other.Offset && Kind == other.Kind && Lines.Span.SequenceEqual(other.Lines.Span);

    public override int GetHashCode() => _hash;

    /// <param name="near">The line of the entry found before (see <see cref="SourceText.GetLineColumn(int, ref int)"/>): entries come in order.</param>
    public static EntryKey? Of(SourceText text, Mention m, ref int near, out int start, out int end)
    {
        var span = m.Node.Span;
        var (first, _) = text.GetLineColumn(span.Start, ref near);
        var (last, _) = text.GetLineColumn(Math.Max(span.Start, span.End - 1), ref near);
        start = text.LineStart(first);
        end = Math.Max(span.End, text.LineEnd(last));
        var lines = text.Text.AsMemory(start, end - start);
        return lines.Span.Contains('*') ? null : new EntryKey(lines, span.Start - start, m.Kind);
    }
}

/// <summary>A result computed for an entry whose lines began at <paramref name="Start"/>, with the diagnostics it produced there.</summary>
internal sealed record Stored<T>(int Start, T Value, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// What one analysis of a sidecar computed, kept for the next analysis of the same sidecar so that an edit re-analyses the
/// entries it touches and what depends on them, not the whole sidecar (issue 19). Each result is keyed by everything it
/// was computed from: the entry's lines (<see cref="EntryKey"/>) and the inputs of its kind — the article for anchors and
/// `when`, the gazetteer and overlay for place checks, every place name, position and link for the joint place resolution.
/// Built once by an analysis and never changed after, so snapshots carry it like the analysis itself.
/// </summary>
internal sealed class AnalysisMemo
{
    public required string Path { get; init; }
    public required SourceText? Article { get; init; }
    public required GazetteerIndex Gazetteer { get; init; }
    public required string? OverlayPath { get; init; }
    public required CorpusConfig Config { get; init; }
    public required string SourceFingerprint { get; init; }

    public Dictionary<EntryKey, Stored<ImmutableArray<TextSpan>>> Anchors { get; } = [];
    public Dictionary<PlaceKey, Stored<bool>> Places { get; } = [];
    public Dictionary<WhenKey, Stored<(TextSpan? Span, Normalization Normalization)>> Whens { get; } = [];

    /// <summary>
    /// Each annotated name's runs of article words a small edit from it (CLS055), whatever the mentions cover: filled when
    /// the article's checks first ask for a name, and handed to the next analysis while the article is the same text, so a
    /// sidecar edit does not compare every run of a long article with every name again. The one part filled after the analysis.
    /// </summary>
    public required DriftedTable Drifted { get; init; }

    /// <summary>
    /// Whether entries' results are kept for a next analysis. A pair nothing retains (every pair of a `check`) is analysed
    /// once: its entry keys, hashed lines and tables were ~4% of what a 10,000-pair check allocated, for no later reader.
    /// </summary>
    public bool KeepsEntries { get; init; } = true;

    /// <summary>Tables sized for as many entries as the previous analysis had: an edit of a long sidecar keeps most of them.</summary>
    public void SizeLike(AnalysisMemo? previous)
    {
        if (previous is null) return;
        Anchors.EnsureCapacity(previous.Anchors.Count);
        Places.EnsureCapacity(previous.Places.Count);
        Whens.EnsureCapacity(previous.Whens.Count);
    }

    /// <summary>Tables sized for a sidecar's entries when no analysis came before (growing them was ~8 KB of a pair's check).</summary>
    public void SizeFor(Model.Sidecar sidecar, int mentions)
    {
        Anchors.EnsureCapacity(mentions);
        Places.EnsureCapacity(sidecar.Places.Length);
        Whens.EnsureCapacity(sidecar.Events.Length);
    }

    /// <summary>What an analysis of <paramref name="path"/> over <paramref name="article"/> may keep of the previous one's drifted runs.</summary>
    public static DriftedTable DriftedFor(AnalysisMemo? previous, string path, SourceText? article) =>
        previous is not null && previous.Path == path && SameText(previous.Article, article) ? previous.Drifted : new();

    /// <summary>The entry of each `ref` met, null when unknown: a long sidecar links the same few places many times.</summary>
    public Dictionary<string, GazetteerEntry?> Links { get; } = new(StringComparer.Ordinal);

    /// <summary>The joint place resolution, for the very same names, positions and links.</summary>
    public IReadOnlyList<ArticleMention>? JointInput { get; set; }
    public IReadOnlyList<MentionResolution>? JointOutput { get; set; }

    /// <summary>The inputs of a place check beyond its entry: the name judged, whether it is in the article, its candidates.</summary>
    internal readonly record struct PlaceKey(EntryKey Entry, string? Name, bool Anchored, string Candidates);

    /// <summary>The inputs of locating and normalizing an event's `when` beyond its entry.</summary>
    internal readonly record struct WhenKey(EntryKey Entry, TextSpan? Trigger, DateOnly? Published, DateOnly? Reference, Timex? PreviousDate, Timex? Date);

    /// <summary>What a previous analysis may lend to this one: each part only when the inputs it depends on are unchanged.</summary>
    public sealed class Lender(AnalysisMemo? previous, AnalysisMemo next)
    {
        private readonly bool _sameArticle = previous is not null && previous.Path == next.Path && SameText(previous.Article, next.Article);
        private readonly bool _sameGazetteer = previous is not null && ReferenceEquals(previous.Gazetteer, next.Gazetteer) && previous.OverlayPath == next.OverlayPath;
        private readonly bool _sameSetting = previous is not null && ReferenceEquals(previous.Config, next.Config) && previous.SourceFingerprint == next.SourceFingerprint;

        public AnalysisMemo Next => next;

        /// <summary>An entry's result: reused (its diagnostics moved with the entry) or computed and remembered.</summary>
        public T Entry<TKey, T, TState>(Func<AnalysisMemo, Dictionary<TKey, Stored<T>>> table, bool reusable, TKey? key, int start, int end,
            List<Diagnostic> diagnostics, TState state, Func<List<Diagnostic>, TState, T> compute) where TKey : struct
        {
            if (key is not { } k || (!next.KeepsEntries && previous is null))
                return compute(diagnostics, state);
            if (reusable && previous is not null && table(previous).TryGetValue(k, out var known))
            {
                var moved = Move(known.Diagnostics, start - known.Start, next.Path);
                // A loop: AddRange of an ImmutableArray boxes it and enumerates through the interface, once per entry.
                foreach (var d in moved) diagnostics.Add(d);
                if (next.KeepsEntries) table(next).TryAdd(k, known.Start == start ? known : known with { Start = start, Diagnostics = moved });
                return known.Value;
            }
            var produced = new List<Diagnostic>();
            var value = compute(produced, state);
            diagnostics.AddRange(produced);
            // A diagnostic or fix outside the entry's lines would not move with it: such a result is not kept.
            if (next.KeepsEntries && AllWithin(produced, start, end, next.Path))
                table(next).TryAdd(k, new Stored<T>(start, value, [.. produced]));
            return value;
        }

        /// <summary>Whether an entry's key is of any use: its result may be lent or kept.</summary>
        public bool UsesKeys => next.KeepsEntries || previous is not null;

        /// <summary>The entry a `ref` names, looked up once per analysis and handed on while the gazetteer is the same.</summary>
        public GazetteerEntry? Link(string reference)
        {
            // Nothing to hand on (every pair of a `check`): the table cost more than the lookups it saved, and ~1 KB a pair (issue 19).
            if (!UsesKeys) return next.Gazetteer.Find(reference);
            if (next.Links.TryGetValue(reference, out var entry)) return entry;
            if (!_sameGazetteer || !previous!.Links.TryGetValue(reference, out entry)) entry = next.Gazetteer.Find(reference);
            next.Links[reference] = entry;
            return entry;
        }

        public bool ArticleUnchanged => _sameArticle;
        public bool PlacesReusable => _sameArticle && _sameGazetteer;
        public bool JointReusable => _sameArticle && _sameGazetteer && _sameSetting;
        public AnalysisMemo? Previous => previous;
    }

    private static bool SameText(SourceText? a, SourceText? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && string.Equals(a.Text, b.Text, StringComparison.Ordinal));

    private static bool Within(Diagnostic d, int start, int end, string path) =>
        (d.Path != path || (d.Span.Start >= start && d.Span.End <= end))
        && d.Fixes.All(f => f.Edits.All(e => e.Path != path || (e.Span.Start >= start && e.Span.End <= end)));

    private static bool AllWithin(List<Diagnostic> diagnostics, int start, int end, string path)
    {
        foreach (var d in diagnostics)
            if (!Within(d, start, end, path)) return false;
        return true;
    }

    // Nothing is made for an entry that did not move.
    private static ImmutableArray<Diagnostic> Move(ImmutableArray<Diagnostic> diagnostics, int delta, string path) =>
        delta == 0 ? diagnostics : MoveBy(diagnostics, delta, path);

    /// <summary>
    /// Arrays filled and handed over as they are, not builders: after a line typed at the top every entry's diagnostics move,
    /// and a builder per entry (and per fix) was ~90 KB of each edit of a 2,000-mention sidecar (issue 19).
    /// </summary>
    private static ImmutableArray<Diagnostic> MoveBy(ImmutableArray<Diagnostic> diagnostics, int delta, string path)
    {
        var moved = new Diagnostic[diagnostics.Length];
        for (var i = 0; i < moved.Length; i++)
        {
            var d = diagnostics[i];
            moved[i] = d with
            {
                Span = d.Path == path ? Shift(d.Span, delta) : d.Span,
                Fixes = d.Fixes.IsEmpty ? d.Fixes : MoveFixes(d.Fixes, delta, path),
            };
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(moved);
    }

    /// <summary>Loops, not Select: after a line typed at the top, every entry's diagnostics move (2,000 on a long sidecar).</summary>
    private static ImmutableArray<Fix> MoveFixes(ImmutableArray<Fix> fixes, int delta, string path)
    {
        var moved = new Fix[fixes.Length];
        for (var i = 0; i < moved.Length; i++)
        {
            var f = fixes[i];
            var edits = new TextEdit[f.Edits.Length];
            for (var k = 0; k < edits.Length; k++) edits[k] = f.Edits[k].Path == path ? f.Edits[k] with { Span = Shift(f.Edits[k].Span, delta) } : f.Edits[k];
            moved[i] = f with { Edits = ImmutableCollectionsMarshal.AsImmutableArray(edits) };
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(moved);
    }

    private static TextSpan Shift(TextSpan s, int delta) => new(s.Start + delta, s.End + delta);
}

/// <summary>
/// Names → their drifted runs (see <see cref="AnalysisMemo.Drifted"/>): a table never changed once published, replaced by
/// a copy with the names added. A concurrent dictionary took a lock per name added, ~1.7 s of 10,000 pairs' check, for
/// a table written once per analysis in `check` and rarely at once in an editor; names computed twice at once get the
/// same runs, and the first published stays.
/// </summary>
internal sealed class DriftedTable
{
    private static readonly Dictionary<string, TextSpan[]> None = new(StringComparer.Ordinal);
    private Dictionary<string, TextSpan[]> _runs = None;

    public IReadOnlyDictionary<string, TextSpan[]> Current => Volatile.Read(ref _runs);

    /// <summary>The table with <paramref name="found"/> added (names present already keep their runs).</summary>
    public IReadOnlyDictionary<string, TextSpan[]> Add(Dictionary<string, TextSpan[]> found)
    {
        while (true)
        {
            var before = Volatile.Read(ref _runs);
            Dictionary<string, TextSpan[]> next;
            if (before.Count == 0) next = found;
            else
            {
                next = new Dictionary<string, TextSpan[]>(before, StringComparer.Ordinal);
                foreach (var (name, runs) in found) next.TryAdd(name, runs);
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _runs, next, before), before)) return next;
        }
    }
}
