using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

/// <summary>A name ranked within an article, through <see cref="ArticleResolver.Resolve"/>, for `place --context`, completion and "annotate".</summary>
public static class ArticlePlaces
{
    /// <summary>
    /// The article's own ranking of an unlinked mention of that name when it has one (what hover and `check` show),
    /// else the name resolved jointly with the article's places; without an article, the name alone with the corpus focus.
    /// </summary>
    public static IReadOnlyList<RankedCandidate> RankIn(GazetteerIndex gazetteer, CorpusConfig config, DocumentAnalysis? analysis, string name)
    {
        var focus = config.FocusCountries.ToHashSet(StringComparer.Ordinal);
        if (analysis is null) return ArticleResolver.Resolve(gazetteer, null, [new ArticleMention(name)], new ArticleSetting(focus, SourceProfile.None))[0].Candidates;
        var places = PlacesOf(analysis, gazetteer, focus);
        if (places.Unlinked.TryGetValue(NameFolding.Fold(name), out var own)) return own;
        var article = analysis.Article?.Text;
        var at = article?.IndexOf(name, StringComparison.Ordinal) ?? -1;
        var named = new ArticleMention(name, at, at < 0 ? -1 : at + name.Length);
        // Ranking a name in an article resolves all the article's places again (2,000 of them in a long sidecar), and each
        // keystroke of a `ref:` value asks again with the same places: the answer is kept per article text and gazetteer,
        // under everything else it depends on (the places with their spans and links, the focus, the source's profile).
        var byPlaces = Ranked.GetOrCreateValue(article ?? NoArticle).GetOrCreateValue(gazetteer);
        // The places as they are and a few names typed in a row; bounded all the same.
        if (byPlaces.Count >= 16 && !byPlaces.ContainsKey(places.Signature)) byPlaces.Clear();
        var memo = byPlaces.GetOrAdd(places.Signature, _ => new ConcurrentDictionary<string, IReadOnlyList<RankedCandidate>>(StringComparer.Ordinal));
        var signature = Signature(named);
        if (memo.TryGetValue(signature, out var known)) return known;
        var ranked = ArticleResolver.Resolve(gazetteer, article, [.. places.Mentions, named], new ArticleSetting(focus, analysis.Source))[^1].Candidates;
        if (memo.Count >= 64) memo.Clear();
        memo.TryAdd(signature, ranked);
        return ranked;
    }

    /// <summary>
    /// The article's places as the resolver reads them, once per analysis: the mentions with their spans and links, what
    /// tells them apart from other places (<see cref="Signature(ArticleMention)"/>, with the focus and the source's
    /// profile), and the article's own ranking of each unlinked name (the first mention of it with candidates).
    /// </summary>
    private sealed record Places(List<ArticleMention> Mentions, string Signature, Dictionary<string, IReadOnlyList<RankedCandidate>> Unlinked);

    private static Places PlacesOf(DocumentAnalysis analysis, GazetteerIndex gazetteer, HashSet<string> focus)
    {
        var key = string.Join(",", focus.Order(StringComparer.Ordinal));
        var byGazetteer = Read.GetOrCreateValue(analysis).GetOrCreateValue(gazetteer);
        if (byGazetteer.TryGetValue(key, out var known)) return known;
        var mentions = new List<ArticleMention>();
        var unlinked = new Dictionary<string, IReadOnlyList<RankedCandidate>>(StringComparer.Ordinal);
        var signature = new System.Text.StringBuilder(key).Append('\n').Append(analysis.Source.Fingerprint);
        foreach (var p in analysis.Places)
        {
            var span = analysis.Resolved(p.Mention)?.Spans.FirstOrDefault();
            var text = p.Mention.Anchor.Text ?? (analysis.Article is { } a && span is { IsEmpty: false } s ? a.Slice(s) : "");
            if (p.Candidates.Count > 0 && p.Mention.Ref is null) unlinked.TryAdd(NameFolding.Fold(text), p.Candidates);
            var mention = new ArticleMention(text, span?.Start ?? -1, span?.End ?? -1, p.Mention.Ref is { } r ? gazetteer.Find(r) : null);
            mentions.Add(mention);
            signature.Append(Signature(mention));
        }
        return byGazetteer.GetOrAdd(key, new Places(mentions, signature.ToString(), unlinked));
    }

    private static string Signature(ArticleMention m) =>
        FormattableString.Invariant($"\n{m.Text.Length}:{m.Text} {m.Start} {m.End}{(m.Linked is { } l ? " =" + l.Id : " -")}");

    private static readonly ConditionalWeakTable<DocumentAnalysis, ConditionalWeakTable<GazetteerIndex, ConcurrentDictionary<string, Places>>> Read = new();
    private static readonly string NoArticle = new('\0', 1);
    private static readonly ConditionalWeakTable<string, ConditionalWeakTable<GazetteerIndex, ConcurrentDictionary<string, ConcurrentDictionary<string, IReadOnlyList<RankedCandidate>>>>> Ranked = new();

    /// <summary>
    /// The candidates of <paramref name="name"/> standing at <paramref name="span"/> of the analysed article, ranked jointly
    /// with the article's other places (their links fixed), so the words around that occurrence count ("… province"):
    /// what a fix that relinks one occurrence offers.
    /// </summary>
    public static IReadOnlyList<RankedCandidate> RankAt(GazetteerIndex gazetteer, CorpusConfig config, DocumentAnalysis analysis, string name, Text.TextSpan span)
    {
        var mentions = new List<ArticleMention>();
        foreach (var p in analysis.Places)
        {
            var at = analysis.Resolved(p.Mention)?.Spans.FirstOrDefault();
            if (p.Mention.Ref is null || at is not { IsEmpty: false } s || s == span) continue;
            mentions.Add(new ArticleMention(analysis.Article?.Slice(s) ?? "", s.Start, s.End, gazetteer.Find(p.Mention.Ref)));
        }
        mentions.Add(new ArticleMention(name, span.Start, span.Start + name.Length));
        var setting = new ArticleSetting(config.FocusCountries.ToHashSet(StringComparer.Ordinal), analysis.Source);
        return ArticleResolver.Resolve(gazetteer, analysis.Article?.Text, mentions, setting)[^1].Candidates;
    }
}
