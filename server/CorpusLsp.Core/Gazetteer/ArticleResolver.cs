namespace CorpusLsp.Core.Gazetteer;

/// <summary>A place name of an article: its text, where it stands (UTF-16 offsets into the article, −1 when unknown) and the entry a sidecar links it to, if any.</summary>
public sealed record ArticleMention(string Text, int Start = -1, int End = -1, GazetteerEntry? Linked = null);

/// <summary>What the corpus says about an article: the focus countries of corpus.yaml and the profile of the article's source.</summary>
public sealed record ArticleSetting(IReadOnlySet<string> FocusCountries, SourceProfile Source)
{
    public static readonly ArticleSetting None = new(new HashSet<string>(), SourceProfile.None);
}

/// <summary>A mention and its candidates, best first (empty when a link already settles it or nothing matches).</summary>
public sealed record MentionResolution(ArticleMention Mention, IReadOnlyList<RankedCandidate> Candidates)
{
    /// <summary>The place meant: the linked entry, else the best candidate.</summary>
    public GazetteerEntry? Pick => Mention.Linked ?? Candidates.FirstOrDefault()?.Entry;
}

/// <summary>
/// Resolves all toponyms of one article together, as a reader does: first each name alone, then again with what the
/// others tell — the countries the article's places lie in and the countries it names, the regions it names, where its
/// other places are — repeated so that a confident pick (a unique town) can pull an ambiguous one (Paris) towards it.
/// Linked mentions whose link matches their name are fixed points. This is the one resolver `check`, hover,
/// completion, quick fixes, `corpuslsp place`/`resolve` and the evaluation (bench geo-eval) all run.
/// </summary>
public static class ArticleResolver
{
    /// <summary>Rounds of re-ranking with the other mentions' picks as context (two: a third changes nothing on LGL).</summary>
    public const int Rounds = 2;

    /// <summary>
    /// Ranks the candidates of every mention of one article, jointly.
    /// </summary>
    /// <param name="gazetteer">Where names are looked up.</param>
    /// <param name="article">The article's text (for the words after each mention: "province", ", Texas"), or null.</param>
    /// <param name="mentions">The article's place names, in any order; offsets are UTF-16 into <paramref name="article"/>.</param>
    /// <param name="setting">Corpus focus countries and source profile; <see cref="ArticleSetting.None"/> for a lone text.</param>
    /// <param name="model">The scoring model; the shipped, trained one by default.</param>
    /// <returns>One resolution per mention, in the order given; each candidate carries its score and explanation.</returns>
    public static IReadOnlyList<MentionResolution> Resolve(Gazetteer gazetteer, string? article, IReadOnlyList<ArticleMention> mentions,
        ArticleSetting? setting = null, RankingModel? model = null)
    {
        setting ??= ArticleSetting.None;
        model ??= RankingModel.Default;
        var source = setting.Source;
        // A source with a profile knows its home better than the corpus does: the Moscow Times in a corpus of US papers.
        var focus = source.IsEmpty ? setting.FocusCountries : source.Countries;
        var following = mentions.Select(m => article is not null && m.End >= 0 && m.End < article.Length ? article.Substring(m.End, Math.Min(16, article.Length - m.End)) : null).ToArray();
        var settled = mentions.Select(m => m.Linked is { } l && m.Text.Length > 0 && gazetteer.Matches(l, m.Text)).ToArray();
        var dateline = mentions.Select(m => IsDateline(article, m)).ToArray();
        var baseContext = new ResolutionContext(focus, [], null, null, source);
        var ranked = mentions.Select((m, i) => settled[i] || m.Text.Length == 0 ? []
            : PlaceResolver.Rank(gazetteer, m.Text, baseContext with { FollowingWords = following[i], Dateline = dateline[i] }, model)).ToList();
        for (var round = 0; round < Rounds && ranked.Any(r => r.Count > 1); round++)
        {
            var picks = mentions.Select((m, i) => m.Linked ?? ranked[i].FirstOrDefault()?.Entry).ToArray();
            var confident = picks.Select((p, i) => p is not null && (mentions[i].Linked is not null || Confident(ranked[i]))).ToArray();
            ranked = mentions.Select((m, i) => settled[i] || m.Text.Length == 0 ? ranked[i]
                : PlaceResolver.Rank(gazetteer, m.Text, ContextOf(gazetteer, mentions, picks, confident, i, focus, source, following[i]) with { Dateline = dateline[i] }, model)).ToList();
        }
        return mentions.Select((m, i) => new MentionResolution(m, ranked[i])).ToList();
    }

    /// <summary>"WASHINGTON (AP) —", "BEIRUT, Lebanon —": a name in capitals that opens a line.</summary>
    private static bool IsDateline(string? article, ArticleMention m)
    {
        if (article is null || m.Start < 0 || m.End > article.Length || m.Text.Length < 3 || !m.Text.Any(char.IsLetter) || m.Text.Any(char.IsLower)) return false;
        var lineStart = article.LastIndexOf('\n', Math.Max(0, m.Start - 1)) + 1;
        return m.Start == 0 || article.AsSpan(lineStart, m.Start - lineStart).Trim().IsEmpty;
    }

    /// <summary>The context of mention <paramref name="self"/>: the other mentions' picks, except those of the same name.</summary>
    private static ResolutionContext ContextOf(Gazetteer g, IReadOnlyList<ArticleMention> mentions, GazetteerEntry?[] picks, bool[] confident, int self,
        IReadOnlySet<string> focus, SourceProfile source, string? following)
    {
        var name = mentions[self].Text;
        var others = new List<(GazetteerEntry Entry, bool Confident)>();
        for (var k = 0; k < picks.Length; k++)
            if (k != self && picks[k] is { } p && !NameFolding.Fold(mentions[k].Text).Equals(NameFolding.Fold(name), StringComparison.Ordinal) && !g.Matches(p, name)) others.Add((p, confident[k]));
        var located = others.Where(o => o.Entry.CountryCode.Length > 0).ToList();
        var shares = located.GroupBy(o => o.Entry.CountryCode).ToDictionary(c => c.Key, c => (double)c.Count() / located.Count, StringComparer.Ordinal);
        var named = others.Where(o => o.Entry.IsCountry).Select(o => o.Entry.CountryCode).ToHashSet(StringComparer.Ordinal);
        // A region counts when the article names it, or when a confident pick lies in it.
        var regions = others.Where(o => o.Entry.Admin1.Length > 0 && !o.Entry.IsCountry && (o.Entry.FeatureCode == "ADM1" || o.Confident))
            .Select(o => $"{o.Entry.CountryCode}.{o.Entry.Admin1}").ToHashSet(StringComparer.Ordinal);
        // A sidecar with hundreds of places gains nothing from the 65th neighbour and would pay for each.
        var nearby = others.Where(o => !o.Entry.IsAdministrative && o.Entry.FeatureCode is not ("CONT" or "RGN"))
            .Select(o => (o.Entry.Latitude, o.Entry.Longitude)).Distinct().Take(64).ToList();
        return new ResolutionContext(focus, nearby, following, regions, source, shares, named);
    }

    /// <summary>The model is a conditional logit: a lead of ln 9 ≈ 2.2 over the runner-up means a probability of 0.9 or more.</summary>
    private static bool Confident(IReadOnlyList<RankedCandidate> ranked) =>
        ranked.Count == 1 || (ranked.Count > 1 && ranked[0].Score - ranked[1].Score >= Math.Log(9));
}
