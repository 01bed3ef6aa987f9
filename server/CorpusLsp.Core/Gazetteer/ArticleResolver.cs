namespace CorpusLsp.Core.Gazetteer;

public sealed record ToponymMention(string Name, string? FollowingText);

/// <summary>
/// Resolves all toponyms of one article together, as a reader does: first each name alone, then again with
/// the article's context — its dominant country, the regions it names, and where its other places are —
/// repeated so that a confident pick (a unique town) can pull an ambiguous one (Paris) towards it. The source's
/// profile, when known, stands in for the corpus focus and adds the source's home regions and towns.
/// </summary>
public static class ArticleResolver
{
    public static IReadOnlyList<RankedCandidate?> Resolve(Gazetteer g, IReadOnlyList<ToponymMention> mentions, IReadOnlySet<string> corpusFocus, SourceProfile source, int rounds = 2)
    {
        // A source with a profile knows its home better than the corpus does: the Moscow Times in a corpus of US papers.
        var prior = source.IsEmpty ? corpusFocus : source.Countries;
        var baseContext = new ResolutionContext(prior, [], null, null, source);
        var ranked = mentions.Select(m => PlaceResolver.Rank(g, m.Name, baseContext with { FollowingWords = m.FollowingText })).ToList();
        var picks = ranked.Select(r => r.FirstOrDefault()).ToList();
        for (var round = 0; round < rounds; round++)
        {
            var countries = picks.OfType<RankedCandidate>().Select(p => p.Entry.CountryCode).Where(c => c.Length > 0).GroupBy(c => c).OrderByDescending(c => c.Count()).ToList();
            var focus = new HashSet<string>(prior);
            if (countries.Count > 0 && (countries[0].Count() >= 2 || countries.Count == 1)) focus.Add(countries[0].Key);
            var regions = picks.OfType<RankedCandidate>().Where(p => p.Entry.FeatureCode == "ADM1" || Confident(ranked, p))
                .Select(p => $"{p.Entry.CountryCode}.{p.Entry.Admin1}").ToHashSet();
            var next = new List<RankedCandidate?>(mentions.Count);
            for (var i = 0; i < mentions.Count; i++)
            {
                var self = mentions[i].Name;
                var nearby = picks.Where((p, k) => k != i && p is not null && !p.Entry.IsAdministrative && p.Entry.FeatureCode != "CONT" && !g.Matches(p.Entry, self))
                    .Select(p => (p!.Entry.Latitude, p.Entry.Longitude)).Distinct().ToList();
                next.Add(PlaceResolver.Rank(g, self, new ResolutionContext(focus, nearby, mentions[i].FollowingText, regions, source)).FirstOrDefault());
            }
            picks = next;
        }
        return picks;
    }

    private static bool Confident(List<IReadOnlyList<RankedCandidate>> ranked, RankedCandidate pick)
    {
        var list = ranked.FirstOrDefault(r => r.Count > 0 && ReferenceEquals(r[0].Entry, pick.Entry));
        return list is not null && (list.Count == 1 || list[0].Score - list[1].Score >= 3);
    }
}
