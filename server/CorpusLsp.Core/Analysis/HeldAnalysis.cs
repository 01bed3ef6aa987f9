using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis;

/// <summary>
/// What the corpus-wide features read of one pair's analysis, small enough to keep for every pair of a large corpus when
/// the analysis itself is let go (issue 19: 10,000 analyses with their parsed sidecars were ~1 GB): the mention counts per
/// entry id, the keyed events' dates (CLS038), the names and covered spans CLS052 scans, and the pair's own diagnostics.
/// </summary>
/// <param name="Counts">Entry id → spans of the places linked to it, in the order the ids first occur.</param>
/// <param name="Keyed">Each keyed event's annotated date and where it stands in the sidecar, in sidecar order.</param>
/// <param name="Diagnostics">The sidecar's own diagnostics (the analysis's).</param>
/// <param name="ArticleDiagnostics">The article's checks against this sidecar when it is the article's sidecar (made with the facts, so the publish of every file does not analyse the pair again); null when not.</param>
/// <param name="Mentions">Every mention as find references and workspace symbols read it, in sidecar order; null when not kept
/// (a one-pass snapshot's: ~2.5 KB of each pair's facts and a span array per mention, which outlived every collection of a `check`).</param>
internal sealed record PairFacts((string Id, int Count)[] Counts, (string Key, string Date, TextSpan Span)[] Keyed, Rules.CoverageFacts Coverage,
    ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Diagnostic>? ArticleDiagnostics, MentionFact[]? Mentions)
{
    public static (string Id, int Count)[] CountsOf(DocumentAnalysis a)
    {
        // One slot per place at most, the ids searched in a row while few (a table once there are many): a table, a list
        // grown and its copy were ~2 KB of each pair a `check` reads (issue 19).
        var counts = new (string Id, int Count)[a.Places.Length];
        var n = 0;
        Dictionary<string, int>? at = null;
        for (var place = 0; place < a.Places.Length; place++)
        {
            var p = a.Places[place];
            if (p.Entry?.Id is not { } id) continue;
            // By place: places lead the mentions in sidecar order, so each is found without the table by identity.
            var spans = a.ResolvedAt(place, p.Mention)?.Spans.Length ?? 0;
            if (SlotOf(counts, n, at, id) is var i and >= 0) { counts[i].Count += spans; continue; }
            counts[n] = (id, spans);
            if (at is not null) at[id] = n;
            else if (n == ManyIds)
            {
                at = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var k = 0; k <= n; k++) at[counts[k].Id] = k;
            }
            n++;
        }
        return n == counts.Length ? counts : counts[..n];
    }

    private const int ManyIds = 16;

    private static int SlotOf((string Id, int Count)[] counts, int n, Dictionary<string, int>? at, string id)
    {
        if (at is not null) return at.TryGetValue(id, out var i) ? i : -1;
        for (var k = 0; k < n; k++)
            if (string.Equals(counts[k].Id, id, StringComparison.Ordinal)) return k;
        return -1;
    }

    /// <param name="pooled">One string for equal names and ids across the corpus's pairs.</param>
    public static MentionFact[] MentionsOf(DocumentAnalysis a, Func<string?, string?> pooled)
    {
        var sidecar = a.Sidecar;
        var facts = new MentionFact[sidecar.Places.Length + sidecar.People.Length + sidecar.Organisations.Length + sidecar.Events.Length];
        var at = 0;
        foreach (var m in sidecar.AllMentions)
        {
            var entry = m is Model.PlaceMention p ? a.PlaceOf(p)?.Entry?.Id : null;
            // Without an article, an analysis has no resolved mentions: references then list none of this pair's.
            var spans = a.Article is null ? (ImmutableArray<TextSpan>?)null : a.Resolved(m)?.Spans ?? [];
            facts[at++] = new MentionFact(m.Kind, pooled(m.Anchor.Text), pooled(m.Id), pooled(entry), m.Anchor.TextNode?.Span ?? m.Node.Span, spans);
        }
        return facts;
    }

    public static (string Key, string Date, TextSpan Span)[] KeyedOf(DocumentAnalysis a) =>
        [.. a.Dates.Where(d => d.Event.Key is not null && d.Annotated is not null && d.Event.DateNode is not null)
            .Select(d => (d.Event.Key!, d.Annotated!.Value, d.Event.DateNode!.Span))];
}

/// <summary>One mention of a sidecar as corpus-wide navigation reads it.</summary>
/// <param name="Text">The mention's `text`, if any.</param>
/// <param name="EntryId">The gazetteer entry a place is resolved to.</param>
/// <param name="At">Where it stands in the sidecar: its `text` value, else its entry.</param>
/// <param name="Spans">Where it occurs in the article; null when the pair has no article.</param>
internal readonly record struct MentionFact(Model.MentionKind Kind, string? Text, string? Id, string? EntryId, TextSpan At, ImmutableArray<TextSpan>? Spans)
{
    /// <summary>The name used for display (as <see cref="Model.Mention.Label"/>).</summary>
    public string Label => Model.Mention.LabelOf(Id, Text);
}

/// <summary>
/// A pair's analysis as a snapshot holds it: strongly while its pair is retained (an open document's), else weakly beside
/// its <see cref="PairFacts"/>, so that a collected analysis is made again only when something asks for more than the facts.
/// The inputs it was made from are kept to tell whether it still holds (their texts are the snapshot's anyway).
/// </summary>
internal sealed class HeldAnalysis
{
    private readonly DocumentAnalysis? _strong;
    private readonly WeakReference<DocumentAnalysis>? _weak;
    private PairFacts? _facts;

    /// <summary>
    /// The texts' strings of a pair a server keeps open: a text read from disk makes its string again once nothing holds
    /// it, and the caches of an article's words, names and rankings are keyed by that string.
    /// </summary>
    private readonly (string Sidecar, string? Article)? _texts;

    private HeldAnalysis(DocumentAnalysis analysis, bool strong, PairFacts? facts, bool holdTexts, bool keepsWeakly = true)
    {
        if (strong) _strong = analysis; else if (keepsWeakly) _weak = new WeakReference<DocumentAnalysis>(analysis);
        if (strong && holdTexts) _texts = (analysis.Sidecar.Text.Text, analysis.Article?.Text);
        _facts = facts;
        SidecarText = analysis.Sidecar.Text;
        ArticlePath = analysis.ArticlePath;
        Article = analysis.Article;
        Source = analysis.Source;
    }

    public SourceText SidecarText { get; }
    public string? ArticlePath { get; }
    public SourceText? Article { get; }
    public SourceProfile Source { get; }
    public bool Strong => _strong is not null;

    /// <summary>The analysis, unless it was held weakly and collected, or not kept at all.</summary>
    public DocumentAnalysis? Analysis => _strong ?? (_weak is not null && _weak.TryGetTarget(out var a) ? a : null);

    /// <summary>Facts known already (a weakly held analysis always has them).</summary>
    public PairFacts? KnownFacts => Volatile.Read(ref _facts);

    /// <summary>The facts, made from the analysis on first use when it is held strongly.</summary>
    public PairFacts Facts(Func<DocumentAnalysis, PairFacts> make) => Volatile.Read(ref _facts) ?? Interlocked.CompareExchange(ref _facts, make(_strong!), null) ?? _facts!;

    /// <summary>
    /// CLS052 findings made for this pair, by what they depend on besides the analysis: a finding of a closed pair is
    /// made again after each edit elsewhere (the corpus's findings are per snapshot), and must not analyse it again.
    /// </summary>
    /// <remarks>Null while the pair has none (most pairs: an empty table per pair of 10,000 is megabytes).</remarks>
    public Dictionary<(string Name, TextSpan Span, Rules.AnnotatedName Use, bool Here), Diagnostic>? Coverage { get; private set; }

    /// <summary>Keeps only the findings a new run made (the lexicon may have moved on): the table stays the size of the pair's findings.</summary>
    public void KeepCoverage(Dictionary<(string, TextSpan, Rules.AnnotatedName, bool), Diagnostic>? used) => Coverage = used;

    /// <summary>Held strongly (retained) or weakly with its facts (made now when not known).</summary>
    /// <param name="holdTexts">Retained among pairs let go (a server's open pair): hold the texts' strings too.</param>
    /// <param name="keepsWeakly">Not retained: hold the analysis weakly (else only its facts are kept).</param>
    public static HeldAnalysis Hold(DocumentAnalysis analysis, bool strong, PairFacts? facts, Func<DocumentAnalysis, PairFacts> make, bool holdTexts, bool keepsWeakly) =>
        new(analysis, strong, strong ? facts : facts ?? make(analysis), holdTexts, keepsWeakly);

    /// <summary>The same analysis held the other way, when its pair was opened or closed; itself when nothing changes.</summary>
    public HeldAnalysis Rehold(bool strong, Func<DocumentAnalysis, PairFacts> make, bool holdTexts)
    {
        if ((strong == Strong && (holdTexts && strong) == _texts.HasValue) || Analysis is not { } analysis) return this;
        return new HeldAnalysis(analysis, strong, strong ? KnownFacts : KnownFacts ?? make(analysis), holdTexts) { Coverage = Coverage };
    }
}

/// <summary>
/// A sidecar's parse as a snapshot holds it: strongly while its pair is retained, else weakly beside what the corpus-wide
/// parts read of it (the article it names, its source, the places it links), so that pairs and source profiles are made
/// again without parsing it again.
/// </summary>
internal sealed class HeldParsed
{
    private readonly CorpusSnapshot.ParsedSidecar? _strong;
    private readonly WeakReference<CorpusSnapshot.ParsedSidecar>? _weak;

    /// <param name="pooled">One string for equal links across the corpus's sidecars.</param>
    public HeldParsed(CorpusSnapshot.ParsedSidecar parsed, bool strong, Func<string?, string?> pooled) : this(parsed.Sidecar, pooled)
    {
        if (strong) _strong = parsed; else _weak = new WeakReference<CorpusSnapshot.ParsedSidecar>(parsed);
    }

    /// <summary>
    /// The facts alone, of a sidecar read without its schema check: a pair not retained is parsed for its analysis anyway,
    /// so the pairs and source profiles read its facts and no parse of it is held (`check` parsed each sidecar up to three
    /// times, as the weakly held parse was collected between the passes).
    /// </summary>
    public HeldParsed(Model.Sidecar sidecar, Func<string?, string?> pooled)
    {
        Text = sidecar.Text;
        ArticleName = sidecar.ArticleName;
        ProfileKey = SourceProfiles.KeyOf(sidecar);
        Links = [.. sidecar.Places.Select(p => pooled(p.Ref)).OfType<string>()];
    }

    /// <summary>The facts alone, read from the sidecar's tree (<see cref="Model.SidecarReader.ReadFacts"/>).</summary>
    public HeldParsed(string path, SourceText text, Func<string?, string?> pooled)
    {
        var (articleName, source, refs) = Model.SidecarReader.ReadFacts(path, text);
        Text = text;
        ArticleName = articleName;
        ProfileKey = SourceProfiles.KeyOf(source);
        Links = new string[refs.Count];
        for (var i = 0; i < refs.Count; i++) Links[i] = pooled(refs[i])!;
    }

    /// <summary>
    /// The facts guessed from the sidecar's lines (<see cref="Model.SidecarReader.GuessFacts"/>), null when it cannot guess:
    /// held until <see cref="Confirm"/> is told the full read's.
    /// </summary>
    public static HeldParsed? Guess(SourceText text, Func<string?, string?> pooled) =>
        Model.SidecarReader.GuessFacts(text) is var (articleName, source, refs) ? new HeldParsed(text, articleName, source, refs, pooled) : null;

    private HeldParsed(SourceText text, string? articleName, string? source, List<string> refs, Func<string?, string?> pooled)
    {
        Text = text;
        ArticleName = articleName;
        _guessedSource = source;
        ProfileKey = SourceProfiles.KeyOf(source);
        Links = new string[refs.Count];
        for (var i = 0; i < refs.Count; i++) Links[i] = pooled(refs[i])!;
        _unconfirmed = true;
    }

    /// <summary>The `meta.source` a guess read: the same value needs no key made to confirm it.</summary>
    private readonly string? _guessedSource;

    private volatile bool _unconfirmed;

    /// <summary>Guessed, and not yet confirmed by the sidecar's full read.</summary>
    public bool Unconfirmed => _unconfirmed;

    /// <summary>Whether the full read of the same text has these facts; a guess it confirms is held as known from then on.</summary>
    public bool Confirm(Model.Sidecar sidecar)
    {
        if (!_unconfirmed) return true;
        if (ArticleName != sidecar.ArticleName || (_guessedSource != sidecar.Meta.Source && ProfileKey != SourceProfiles.KeyOf(sidecar))) return false;
        var at = 0;
        foreach (var p in sidecar.Places)
            if (p.Ref is { } reference && (at == Links.Length || Links[at++] != reference)) return false;
        if (at != Links.Length) return false;
        _unconfirmed = false;
        return true;
    }

    /// <summary>Whether facts read exactly (see <see cref="Model.SidecarReader.ReadFacts"/>) are these; a guess they confirm is held as known.</summary>
    public bool Confirm(HeldParsed exact)
    {
        if (!_unconfirmed) return true;
        if (ArticleName != exact.ArticleName || ProfileKey != exact.ProfileKey || !Links.AsSpan().SequenceEqual(exact.Links)) return false;
        _unconfirmed = false;
        return true;
    }

    public SourceText Text { get; }
    public bool Strong => _strong is not null;
    public string? ArticleName { get; }
    public string ProfileKey { get; }
    public string[] Links { get; }

    /// <summary>The parse, unless it was held weakly and collected, or only the facts were kept.</summary>
    public CorpusSnapshot.ParsedSidecar? Parsed => _strong ?? (_weak is not null && _weak.TryGetTarget(out var p) ? p : null);
}
