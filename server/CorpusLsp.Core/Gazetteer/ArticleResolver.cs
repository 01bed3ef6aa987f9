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
        ArticleSetting? setting = null, RankingModel? model = null) =>
        ResolveSettled(gazetteer, article, mentions, Settled(gazetteer, mentions), setting, model);

    /// <summary>Which mentions are fixed points: linked, with a name the link matches (<see cref="Gazetteer.Matches"/>).</summary>
    public static bool[] Settled(Gazetteer gazetteer, IReadOnlyList<ArticleMention> mentions)
    {
        var settled = new bool[mentions.Count];
        for (var i = 0; i < settled.Length; i++)
            settled[i] = mentions[i] is { Linked: { } l, Text.Length: > 0 } m && gazetteer.Matches(l, m.Text);
        return settled;
    }

    /// <summary>The same, with the fixed points known already (<see cref="Settled"/>): the caller reads them too.</summary>
    internal static IReadOnlyList<MentionResolution> ResolveSettled(Gazetteer gazetteer, string? article, IReadOnlyList<ArticleMention> mentions, bool[] settled,
        ArticleSetting? setting = null, RankingModel? model = null)
    {
        setting ??= ArticleSetting.None;
        model ??= RankingModel.Default;
        var source = setting.Source;
        // A source with a profile knows its home better than the corpus does: the Moscow Times in a corpus of US papers.
        var focus = source.IsEmpty ? setting.FocusCountries : source.Countries;
        // Nothing to rank (a finished sidecar's places are all linked by their names): the context of every mention (the
        // words around it, its cues, its folded name) would be read for no ranking, ~4% of a `check` (issue 19).
        if (NothingToRank(mentions, settled))
        {
            var unranked = new MentionResolution[mentions.Count];
            for (var i = 0; i < unranked.Length; i++) unranked[i] = new MentionResolution(mentions[i], []);
            return unranked;
        }
        var following = mentions.Select(m => article is not null && m.End >= 0 && m.End < article.Length ? Window(article, m.End, m.End + 16) : null).ToArray();
        var dateline = mentions.Select(m => IsDateline(article, m)).ToArray();
        var lookups = new Dictionary<string, IReadOnlyList<NameMatch>>(StringComparer.Ordinal);
        IReadOnlyList<NameMatch> Lookup(string name) => lookups.TryGetValue(name, out var found) ? found : lookups[name] = gazetteer.LookupWithNamesakes(name);
        var folded = mentions.Select(m => NameFolding.Fold(m.Text)).ToArray();
        var cues = Cues(gazetteer, article, mentions, folded, following, Lookup);
        var baseContext = new ResolutionContext(focus, [], null, null, source);
        // Explanations are written once, in the last round: the earlier ones only pick.
        var ranked = mentions.Select((m, i) => settled[i] || m.Text.Length == 0 ? []
            : PlaceResolver.Rank(gazetteer, m.Text, baseContext with { FollowingWords = following[i], Dateline = dateline[i], Cues = cues[i] }, model, explain: false, Lookup(m.Text))).ToList();
        if (!ranked.Any(r => r.Count > 1))
            return mentions.Select((m, i) => new MentionResolution(m, ranked[i].Count == 0 ? ranked[i]
                : PlaceResolver.Rank(gazetteer, m.Text, baseContext with { FollowingWords = following[i], Dateline = dateline[i], Cues = cues[i] }, model, explain: true, Lookup(m.Text)))).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var explain = round == Rounds - 1;
            var picks = mentions.Select((m, i) => m.Linked ?? ranked[i].FirstOrDefault()?.Entry).ToArray();
            var support = UnitSupport.Shares(folded, mentions, ranked, possible: false);
            var possible = UnitSupport.Shares(folded, mentions, ranked, possible: true);
            var confident = picks.Select((p, i) => p is not null && (mentions[i].Linked is not null || Confident(ranked[i]))).ToArray();
            // Mentions of one name share their context: a long sidecar names the same few places many times.
            var contexts = new Dictionary<string, ResolutionContext>(StringComparer.Ordinal);
            ranked = mentions.Select((m, i) =>
            {
                if (settled[i] || m.Text.Length == 0) return ranked[i];
                if (!contexts.TryGetValue(folded[i], out var shared))
                    contexts[folded[i]] = shared = ContextOf(gazetteer, folded, picks, confident, m.Text, folded[i], focus, source)
                        with
                        {
                            Support = new UnitSupport(support.Total, OwnShares(support.ByName, folded[i])),
                            Possible = new UnitSupport(possible.Total, OwnShares(possible.ByName, folded[i])),
                        };
                return PlaceResolver.Rank(gazetteer, m.Text, shared with { FollowingWords = following[i], Dateline = dateline[i], Cues = cues[i] }, model, explain, Lookup(m.Text));
            }).ToList();
        }
        return mentions.Select((m, i) => new MentionResolution(m, ranked[i])).ToList();
    }

    /// <summary>Whether every mention is a fixed point (linked by its name) or has no name to rank.</summary>
    private static bool NothingToRank(IReadOnlyList<ArticleMention> mentions, bool[] settled)
    {
        for (var i = 0; i < mentions.Count; i++)
            if (!settled[i] && mentions[i].Text.Length > 0) return false;
        return true;
    }

    /// <summary>
    /// The cues of each mention (<see cref="MentionCues"/>): its own, or, one sense per discourse, those of all mentions
    /// of its name when they do not conflict ("Buffalo, New York" then "New York" is the state both times).
    /// </summary>
    private static MentionCues[] Cues(Gazetteer gazetteer, string? article, IReadOnlyList<ArticleMention> mentions, string[] folded, string?[] following,
        Func<string, IReadOnlyList<NameMatch>> lookup)
    {
        var own = new MentionCues[mentions.Count];
        var endings = new Dictionary<int, int>();
        for (var k = 0; k < mentions.Count; k++)
            if (mentions[k].End > 0) endings.TryAdd(mentions[k].End, k);
        for (var i = 0; i < mentions.Count; i++)
        {
            var m = mentions[i];
            var ok = article is not null && m.Start >= 0 && m.Start <= article.Length;
            var preceding = ok ? Window(article!, m.Start - 24, m.Start) : null;
            own[i] = MentionCues.Read(folded[i], preceding, following[i], ok ? PlaceBefore(article!, m.Start, mentions, endings, lookup) : null);
        }
        // Each name's cues in mention order, gathered in one pass (a scan of every mention per name was quadratic).
        var ofName = new Dictionary<string, List<MentionCues>>(StringComparer.Ordinal);
        for (var i = 0; i < mentions.Count; i++)
        {
            if (!ofName.TryGetValue(folded[i], out var list)) ofName[folded[i]] = list = new List<MentionCues>(1);
            list.Add(own[i]);
        }
        var merged = new Dictionary<string, MentionCues>(StringComparer.Ordinal);
        foreach (var (name, cues) in ofName)
            if (cues.Count > 1 && !MentionCues.Conflicts(cues)) merged[name] = MentionCues.Merge(cues);
        var result = new MentionCues[mentions.Count];
        for (var i = 0; i < result.Length; i++) result[i] = merged.GetValueOrDefault(folded[i]) ?? own[i];
        return result;
    }

    /// <summary>
    /// The article's text from <paramref name="from"/> to <paramref name="to"/>, clamped, without half of a surrogate pair
    /// at either end ("😀" cut in two is no text that folding accepts).
    /// </summary>
    private static string Window(string article, int from, int to)
    {
        from = Math.Clamp(from, 0, article.Length);
        to = Math.Clamp(to, from, article.Length);
        if (from < to && char.IsLowSurrogate(article[from])) from++;
        if (from < to && char.IsHighSurrogate(article[to - 1])) to--;
        return article[from..to];
    }

    /// <summary>"Buffalo, New York": the units the mention that ends right before ", " may lie in, or null.</summary>
    private static HashSet<string>? PlaceBefore(string article, int start, IReadOnlyList<ArticleMention> mentions, Dictionary<int, int> endings,
        Func<string, IReadOnlyList<NameMatch>> lookup)
    {
        var at = start - 1;
        while (at >= 0 && article[at] == ' ') at--;
        if (at < 0 || article[at] != ',') return null;
        at--;
        while (at >= 0 && article[at] == ' ') at--;
        if (!endings.TryGetValue(at + 1, out var k) || mentions[k].Text.Length == 0) return null;
        IEnumerable<GazetteerEntry> places = mentions[k].Linked is { } linked ? [linked] : lookup(mentions[k].Text).Select(n => n.Entry);
        var units = places.Where(e => !e.IsCountry).SelectMany(MentionCues.UnitsOf).ToHashSet(StringComparer.Ordinal);
        return units.Count > 0 ? units : null;
    }

    /// <summary>
    /// The support a name leaves out: its own, and that of the longer names that contain it ("Mexico City" for "Mexico"),
    /// whose places have a name of their own in the article.
    /// </summary>
    private static IReadOnlyDictionary<string, double>? OwnShares(Dictionary<string, Dictionary<string, double>> byName, string name)
    {
        var own = byName.GetValueOrDefault(name);
        Dictionary<string, double>? sum = null;
        foreach (var (other, shares) in byName)
        {
            if (other.Length <= name.Length || !(" " + other + " ").Contains(" " + name + " ", StringComparison.Ordinal)) continue;
            sum ??= own is null ? new(StringComparer.Ordinal) : new(own, StringComparer.Ordinal);
            foreach (var (key, p) in shares) sum[key] = sum.GetValueOrDefault(key) + p;
        }
        return sum ?? own;
    }

    /// <summary>"WASHINGTON (AP) —", "BEIRUT, Lebanon —": a name in capitals that opens a line.</summary>
    private static bool IsDateline(string? article, ArticleMention m)
    {
        if (article is null || m.Start < 0 || m.End > article.Length || m.Text.Length < 3 || !HasAny(m.Text, char.IsLetter) || HasAny(m.Text, char.IsLower)) return false;
        var lineStart = article.LastIndexOf('\n', Math.Max(0, m.Start - 1)) + 1;
        return m.Start == 0 || article.AsSpan(lineStart, m.Start - lineStart).Trim().IsEmpty;
    }

    /// <summary>LINQ's Any over a string's characters, without the boxed enumerator it makes (one per mention of every analysis).</summary>
    private static bool HasAny(string text, Func<char, bool> predicate)
    {
        foreach (var c in text)
            if (predicate(c)) return true;
        return false;
    }

    /// <summary>The context of a name: the picks of the article's other names (a place the name itself could mean does not count).</summary>
    private static ResolutionContext ContextOf(Gazetteer g, string[] folded, GazetteerEntry?[] picks, bool[] confident, string name, string foldedName,
        IReadOnlySet<string> focus, SourceProfile source)
    {
        var others = new List<(GazetteerEntry Entry, bool Confident)>();
        var matches = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var k = 0; k < picks.Length; k++)
        {
            if (picks[k] is not { } p || folded[k] == foldedName) continue;
            if (!matches.TryGetValue(p.Id, out var same)) matches[p.Id] = same = g.Matches(p, name);
            if (!same) others.Add((p, confident[k]));
        }
        var located = others.Where(o => o.Entry.CountryCode.Length > 0).ToList();
        var shares = located.GroupBy(o => o.Entry.CountryCode).ToDictionary(c => c.Key, c => (double)c.Count() / located.Count, StringComparer.Ordinal);
        var named = others.Where(o => o.Entry.IsCountry).Select(o => o.Entry.CountryCode).ToHashSet(StringComparer.Ordinal);
        // A region counts when the article names it or one of its counties, or when a confident pick lies in it.
        var regions = others.Where(o => o.Entry.Admin1.Length > 0 && !o.Entry.IsCountry && (o.Entry.FeatureCode is "ADM1" or "ADM2" || o.Confident))
            .Select(o => $"{o.Entry.CountryCode}.{o.Entry.Admin1}").ToHashSet(StringComparer.Ordinal);
        // A sidecar with hundreds of places gains nothing from the 65th neighbour and would pay for each.
        var nearby = others.Where(o => !o.Entry.IsAdministrative && o.Entry.FeatureCode is not ("CONT" or "RGN"))
            .Select(o => (o.Entry.Latitude, o.Entry.Longitude)).Distinct().Take(64).ToList();
        // "Mexico" beside "Mexico City": the longer name's place has its own name in the article.
        HashSet<string>? longer = null;
        for (var k = 0; k < picks.Length; k++)
            if (picks[k] is { } p && folded[k].Length > foldedName.Length && (" " + folded[k] + " ").Contains(" " + foldedName + " ", StringComparison.Ordinal))
                (longer ??= new HashSet<string>(StringComparer.Ordinal)).Add(p.Id);
        return new ResolutionContext(focus, nearby, null, regions, source, shares, named, LongerNamePicks: longer);
    }

    /// <summary>The model is a conditional logit: a lead of ln 9 ≈ 2.2 over the runner-up means a probability of 0.9 or more.</summary>
    private static bool Confident(IReadOnlyList<RankedCandidate> ranked) =>
        ranked.Count == 1 || (ranked.Count > 1 && ranked[0].Score - ranked[1].Score >= Math.Log(9));
}

/// <summary>
/// The probability mass an article's names put on each county ("CC.A1.A2") and first-level region ("CC.A1"): for each
/// distinct name, the softmax of its candidates' scores (a linked name puts all of it on its entry), summed over names.
/// With <c>possible</c>, each name counts 1 for every unit one of its candidates lies in, whatever their scores: how many
/// of the article's names could lie there. A name's support for a unit leaves out its own share.
/// </summary>
public sealed class UnitSupport(IReadOnlyDictionary<string, double> total, IReadOnlyDictionary<string, double>? own)
{
    public double Of(string key) => Math.Max(0, total.GetValueOrDefault(key) - (own?.GetValueOrDefault(key) ?? 0));

    public static string? CountyKey(GazetteerEntry e) =>
        e.Admin2.Length > 0 && e.Admin1.Length > 0 && !e.IsCountry ? $"{e.CountryCode}.{e.Admin1}.{e.Admin2}" : null;

    internal static (Dictionary<string, double> Total, Dictionary<string, Dictionary<string, double>> ByName) Shares(
        string[] folded, IReadOnlyList<ArticleMention> mentions, IReadOnlyList<IReadOnlyList<RankedCandidate>> ranked, bool possible)
    {
        var byName = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        for (var i = 0; i < mentions.Count; i++)
        {
            if (folded[i].Length == 0 || byName.ContainsKey(folded[i])) continue;
            var shares = new Dictionary<string, double>(StringComparer.Ordinal);
            if (mentions[i].Linked is { } linked) Add(shares, linked, 1);
            else if (possible)
                foreach (var c in ranked[i]) Set(shares, c.Entry);
            else if (ranked[i].Count > 0)
            {
                var top = ranked[i][0].Score;
                var z = ranked[i].Sum(c => Math.Exp(c.Score - top));
                foreach (var c in ranked[i]) Add(shares, c.Entry, Math.Exp(c.Score - top) / z);
            }
            byName[folded[i]] = shares;
        }
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var shares in byName.Values)
            foreach (var (key, p) in shares) total[key] = total.GetValueOrDefault(key) + p;
        return (total, byName);
    }

    private static void Set(Dictionary<string, double> shares, GazetteerEntry e)
    {
        if (e.IsCountry || e.Admin1.Length == 0) return;
        shares[$"{e.CountryCode}.{e.Admin1}"] = 1;
        if (CountyKey(e) is { } county) shares[county] = 1;
    }

    private static void Add(Dictionary<string, double> shares, GazetteerEntry e, double p)
    {
        if (e.IsCountry || e.Admin1.Length == 0 || p < 1e-4) return;
        var region = $"{e.CountryCode}.{e.Admin1}";
        shares[region] = shares.GetValueOrDefault(region) + p;
        if (CountyKey(e) is { } county) shares[county] = shares.GetValueOrDefault(county) + p;
    }
}
