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
        var folded = NameFolding.Fold(name);
        var mentions = new List<ArticleMention>();
        foreach (var p in analysis.Places)
        {
            var span = analysis.Resolved(p.Mention)?.Spans.FirstOrDefault();
            var text = p.Mention.Anchor.Text ?? (analysis.Article is { } a && span is { IsEmpty: false } s ? a.Slice(s) : "");
            if (p.Candidates.Count > 0 && p.Mention.Ref is null && NameFolding.Fold(text) == folded) return p.Candidates;
            mentions.Add(new ArticleMention(text, span?.Start ?? -1, span?.End ?? -1, p.Mention.Ref is { } r ? gazetteer.Find(r) : null));
        }
        var article = analysis.Article?.Text;
        var at = article?.IndexOf(name, StringComparison.Ordinal) ?? -1;
        mentions.Add(new ArticleMention(name, at, at < 0 ? -1 : at + name.Length));
        return ArticleResolver.Resolve(gazetteer, article, mentions, new ArticleSetting(focus, analysis.Source))[^1].Candidates;
    }

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
