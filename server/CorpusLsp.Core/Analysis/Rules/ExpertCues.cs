using System.Collections.Frozen;
using System.Text.Json;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// The cue words of the expert checks, read from Analysis/Rules/Data/expert-cues.json (data with its provenance, not
/// branches of code), and the small text readers that find them next to a mention.
/// </summary>
public sealed class ExpertCues
{
    public static readonly ExpertCues Default = Load();

    public required FrozenSet<string> AdminAfter { get; init; }
    public required IReadOnlyList<string[]> AdminBefore { get; init; }
    public required FrozenSet<string> PlaceAfter { get; init; }
    public required IReadOnlyList<string[]> PlaceBefore { get; init; }
    public required IReadOnlyList<string[]> PartyBefore { get; init; }
    public required FrozenSet<string> PartyJoiners { get; init; }
    public required IReadOnlyList<string> PartySuffix { get; init; }
    public required IReadOnlyList<string[]> PeriodEndBefore { get; init; }

    private static ExpertCues Load()
    {
        using var stream = typeof(ExpertCues).Assembly.GetManifestResourceStream("CorpusLsp.Core.Analysis.Rules.expert-cues.json")
            ?? throw new InvalidOperationException("expert-cues.json is not embedded");
        var root = JsonDocument.Parse(stream).RootElement;
        IEnumerable<string> Strings(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);
        IReadOnlyList<string[]> Phrases(string name) => Strings(name).Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .OrderByDescending(p => p.Length).ToArray();
        return new ExpertCues
        {
            AdminAfter = Strings("adminAfter").ToFrozenSet(StringComparer.Ordinal),
            AdminBefore = Phrases("adminBefore"),
            PlaceAfter = Strings("placeAfter").ToFrozenSet(StringComparer.Ordinal),
            PlaceBefore = Phrases("placeBefore"),
            PartyBefore = Phrases("partyBefore"),
            PartyJoiners = Strings("partyJoiners").ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            PartySuffix = Strings("partySuffix").ToArray(),
            PeriodEndBefore = Phrases("periodEndBefore"),
        };
    }

    /// <summary>The lowercase word right after <paramref name="end"/> (one run of spaces between) when it is one of <paramref name="words"/>.</summary>
    public static string? WordAfter(string text, int end, FrozenSet<string> words)
    {
        var i = end;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i == end) return null;
        var start = i;
        while (i < text.Length && char.IsLetter(text[i])) i++;
        var word = text[start..i];
        return words.Contains(word) ? word : null;
    }

    /// <summary>
    /// The longest phrase of <paramref name="phrases"/> that ends right before <paramref name="start"/> (words one run of
    /// spaces apart, case ignored: a sentence may open with "Southern"); returns its start offset and text.
    /// </summary>
    public static (int Start, string Text)? PhraseBefore(string text, int start, IReadOnlyList<string[]> phrases)
    {
        var words = WordsBefore(text, start, phrases.Count == 0 ? 0 : phrases.Max(p => p.Length));
        foreach (var phrase in phrases)
        {
            if (phrase.Length > words.Count) continue;
            var ok = true;
            for (var k = 0; k < phrase.Length && ok; k++)
                ok = string.Equals(words[words.Count - phrase.Length + k].Word, phrase[k], StringComparison.OrdinalIgnoreCase);
            if (ok)
            {
                var from = words[words.Count - phrase.Length].Start;
                return (from, text[from..start].TrimEnd());
            }
        }
        return null;
    }

    /// <summary>Up to <paramref name="max"/> words before an offset, nearest last, stopping at punctuation or a line break.</summary>
    private static List<(int Start, string Word)> WordsBefore(string text, int offset, int max)
    {
        var result = new List<(int, string)>();
        var i = offset;
        while (result.Count < max)
        {
            var gap = i;
            while (i > 0 && text[i - 1] is ' ' or '\t') i--;
            if (i == gap && result.Count > 0) break;
            var end = i;
            while (i > 0 && char.IsLetter(text[i - 1])) i--;
            if (i == end) break;
            result.Insert(0, (i, text[i..end]));
        }
        return result;
    }
}
