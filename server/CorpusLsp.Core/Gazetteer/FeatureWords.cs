using System.Text.Json;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// The generic words that make a name a feature's ("Neches River", "Lake Ontario", "Jackson Township", "Port of Los
/// Angeles") and the kind of feature each names. The table is data (Gazetteer/Data/feature-words.json, with its
/// provenance); words are folded (<see cref="NameFolding.Fold"/>).
/// </summary>
public static class FeatureWords
{
    private static readonly ((string Word, string Kind)[] After, (string Word, string Kind)[] Before) Words = Load();

    /// <summary>
    /// The name without its feature word and the kind of feature ("neches river" → ("neches", "river")), or null when the
    /// name has no such word or nothing is left without it.
    /// </summary>
    public static (string Core, string Kind)? Split(string folded)
    {
        foreach (var (word, kind) in Words.After)
            if (folded.Length > word.Length + 1 && folded.EndsWith(" " + word, StringComparison.Ordinal))
                return (folded[..^(word.Length + 1)], kind);
        foreach (var (word, kind) in Words.Before)
            if (folded.Length > word.Length + 1 && folded.StartsWith(word + " ", StringComparison.Ordinal))
                return (folded[(word.Length + 1)..], kind);
        return null;
    }

    private static ((string, string)[], (string, string)[]) Load()
    {
        using var stream = typeof(FeatureWords).Assembly.GetManifestResourceStream("CorpusLsp.Core.Gazetteer.feature-words.json")
            ?? throw new InvalidOperationException("feature-words.json is not embedded");
        var root = JsonDocument.Parse(stream).RootElement;
        // Longest first, so that "zion national park" loses "national park", not only "park".
        (string, string)[] Table(string where) => root.GetProperty(where).EnumerateObject()
            .Select(p => (NameFolding.Fold(p.Name), p.Value.GetString()!)).OrderByDescending(p => p.Item1.Length).ToArray();
        return (Table("after"), Table("before"));
    }
}
