using System.Collections.Frozen;
using System.Text.Json;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// What the words around one mention say about the kind of place it names: an admin word ("Idlib province", "New York
/// state", "the state of New York"), a city word ("Mexico City" aside, "the city of Aleppo"), the region after a comma
/// ("Paris, Texas"), or the place before a comma whose region the name is ("Buffalo, New York"). A reader keeps one sense
/// of a name through an article, so <see cref="ArticleResolver"/> gives every mention of a name the cues found at any of
/// them (<see cref="Merge"/>), unless two of them disagree (<see cref="Conflicts"/>). The words are data
/// (Gazetteer/Data/place-cues.json).
/// </summary>
/// <param name="Admin">An admin word stands next to the name: the candidate that is an admin unit is meant.</param>
/// <param name="City">A city word stands next to the name: the populated place is meant.</param>
/// <param name="RegionWords">The capitalised words after a comma ("Texas" of "Paris, Texas"), or null.</param>
/// <param name="PlaceBefore">
/// Units that may contain the place named right before a comma ("Buffalo" of "Buffalo, New York"): country codes,
/// "CC.ADMIN1" and "CC.ADMIN1.ADMIN2" keys of its candidates; or null.
/// </param>
public sealed record MentionCues(bool Admin, bool City, string? RegionWords, IReadOnlySet<string>? PlaceBefore)
{
    public static readonly MentionCues None = new(false, false, null, null);

    private static readonly (FrozenSet<string> AdminAfter, string[] AdminBefore, FrozenSet<string> CityAfter, string[] CityBefore) Words = Load();

    public bool IsEmpty => !Admin && !City && RegionWords is null && PlaceBefore is null;

    /// <summary>The cues of one mention from its own words and the text right before and after it.</summary>
    /// <param name="foldedMention">The mention, folded ("aleppo province", "new york state").</param>
    /// <param name="preceding">Text right before the mention, or null.</param>
    /// <param name="following">Text right after the mention, or null.</param>
    /// <param name="placeBefore">Keys of the units that may contain the place named right before ", " (see <see cref="PlaceBefore"/>).</param>
    public static MentionCues Read(string foldedMention, string? preceding, string? following, IReadOnlySet<string>? placeBefore = null)
    {
        // The name's last word when it has several; the first folded word after it; the folded words before it. Compared in
        // place: the words and phrases were split and joined into strings for each mention and cue word (issue 19).
        var lastSpace = foldedMention.LastIndexOf(' ');
        var last = lastSpace < 0 ? null : foldedMention.AsSpan(lastSpace + 1).ToString();
        // Only words that touch the name count: "Aleppo, city of…" and "state: New York" are other sentences' words.
        var after = following?.TrimStart();
        var next = after is { Length: > 0 } && char.IsLetter(after[0]) ? FirstWord(NameFolding.Fold(after)) : "";
        var ahead = preceding?.TrimEnd();
        var before = ahead is { Length: > 0 } && char.IsLetter(ahead[^1]) ? NameFolding.Fold(ahead) : null;
        var regionWords = following is null ? null : RegionCue.AfterComma().Match(following) is { Success: true } m ? m.Groups["r"].Value : null;
        return new MentionCues(Has(Words.AdminAfter, Words.AdminBefore, foldedMention, last, next, before),
            Has(Words.CityAfter, Words.CityBefore, foldedMention, last, next, before), regionWords,
            placeBefore is { Count: > 0 } ? placeBefore : null);
    }

    private static string FirstWord(string folded) => folded.IndexOf(' ') is var space and >= 0 ? folded[..space] : folded;

    /// <summary>
    /// A cue word right after the name (its own last word, or the next word), or a cue phrase opening the name or ending
    /// the words before it (<paramref name="before"/>, folded; null when no word touches the name).
    /// </summary>
    private static bool Has(FrozenSet<string> after, string[] phrases, string foldedMention, string? last, string next, string? before)
    {
        if ((last is not null && after.Contains(last)) || after.Contains(next)) return true;
        foreach (var p in phrases)
            if (StartsWithWords(foldedMention, p) || (before is not null && EndsWithWords(before, p))) return true;
        return false;
    }

    /// <summary>Whether <paramref name="text"/> starts with <paramref name="phrase"/> followed by a space.</summary>
    private static bool StartsWithWords(string text, string phrase) =>
        text.Length > phrase.Length && text[phrase.Length] == ' ' && text.StartsWith(phrase, StringComparison.Ordinal);

    /// <summary>Whether " " + <paramref name="text"/> ends with " " + <paramref name="phrase"/>.</summary>
    private static bool EndsWithWords(string text, string phrase) =>
        text.Length >= phrase.Length && text.EndsWith(phrase, StringComparison.Ordinal)
        && (text.Length == phrase.Length || text[text.Length - phrase.Length - 1] == ' ');

    /// <summary>
    /// Two mentions of one name whose cues point at different places: an admin word at one and a city word at the other
    /// ("Mexico state" and "Mexico City" aside, the same name), a city word against a place before a comma, or two
    /// different regions after a comma ("Paris, Texas" and "Paris, France").
    /// </summary>
    public static bool Conflicts(IEnumerable<MentionCues> cues)
    {
        var all = cues.Where(c => !c.IsEmpty).ToList();
        var city = all.Any(c => c.City);
        if (city && all.Any(c => c.Admin || c.PlaceBefore is not null)) return true;
        return all.Select(c => c.RegionWords).OfType<string>().Select(NameFolding.Fold).Distinct(StringComparer.Ordinal).Skip(1).Any();
    }

    /// <summary>All cues of a name's mentions together: what each of them gets when they do not conflict.</summary>
    public static MentionCues Merge(IEnumerable<MentionCues> cues)
    {
        var all = cues.Where(c => !c.IsEmpty).ToList();
        if (all.Count == 0) return None;
        if (all.Count == 1) return all[0];
        var placeBefore = all.Where(c => c.PlaceBefore is not null).SelectMany(c => c.PlaceBefore!).ToHashSet(StringComparer.Ordinal);
        return new MentionCues(all.Any(c => c.Admin), all.Any(c => c.City), all.Select(c => c.RegionWords).OfType<string>().FirstOrDefault(),
            placeBefore.Count > 0 ? placeBefore : null);
    }

    /// <summary>The units a place may lie in, as <see cref="PlaceBefore"/> keys: its country, its region and its county.</summary>
    public static IEnumerable<string> UnitsOf(GazetteerEntry e)
    {
        if (e.CountryCode.Length == 0) yield break;
        yield return e.CountryCode;
        if (e.IsCountry || e.Admin1.Length == 0) yield break;
        yield return $"{e.CountryCode}.{e.Admin1}";
        if (UnitSupport.CountyKey(e) is { } county) yield return county;
    }

    /// <summary>The key an admin unit or a country has among <see cref="UnitsOf"/>, or null for other places.</summary>
    public static string? UnitKey(GazetteerEntry e) => e.IsCountry ? e.CountryCode : e.FeatureCode switch
    {
        "ADM1" => $"{e.CountryCode}.{e.Admin1}",
        "ADM2" => UnitSupport.CountyKey(e),
        _ => null,
    };

    private static (FrozenSet<string>, string[], FrozenSet<string>, string[]) Load()
    {
        using var stream = typeof(MentionCues).Assembly.GetManifestResourceStream("CorpusLsp.Core.Gazetteer.place-cues.json")
            ?? throw new InvalidOperationException("place-cues.json is not embedded");
        var root = JsonDocument.Parse(stream).RootElement;
        string[] List(string kind, string where) => root.GetProperty(kind).GetProperty(where).EnumerateArray().Select(w => NameFolding.Fold(w.GetString()!)).ToArray();
        return (List("admin", "after").ToFrozenSet(StringComparer.Ordinal), List("admin", "before"),
            List("city", "after").ToFrozenSet(StringComparer.Ordinal), List("city", "before"));
    }
}
