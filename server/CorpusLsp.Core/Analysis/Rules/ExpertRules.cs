using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// The checks of one analysed sidecar that an expert annotator makes beyond validity (issue 18): context words against
/// the linked feature (CLS050), occurrences swallowing nested names (CLS051), a party listed as a place (CLS053), a
/// `when` that ends a period (CLS054). Coverage across the corpus (CLS052) is <see cref="CoverageRule"/>.
/// </summary>
public static class ExpertRules
{
    public static IEnumerable<Diagnostic> Check(DocumentAnalysis analysis, GazetteerIndex gazetteer, CorpusConfig config)
    {
        var found = new List<Diagnostic>();
        AddTo(found, analysis, gazetteer, config);
        return found;
    }

    /// <summary>The same, added to <paramref name="diagnostics"/> (the rules' iterators, chained and copied, were ~1 KB of each pair's analysis: issue 19).</summary>
    internal static void AddTo(List<Diagnostic> diagnostics, DocumentAnalysis analysis, GazetteerIndex gazetteer, CorpusConfig config)
    {
        if (analysis.Article is null) return;
        FeatureContextRule.Check(diagnostics, analysis, gazetteer, config);
        FeatureContextRule.CheckEvents(diagnostics, analysis, gazetteer);
        NestedOccurrenceRule.Check(diagnostics, analysis);
        EventRoleRules.Check(diagnostics, analysis);
    }

    /// <summary>The index of the place an event's `places` item names: by id, else by text (−1: none).</summary>
    internal static int PlaceNamed(Sidecar sidecar, string item)
    {
        var places = sidecar.Places;
        for (var i = 0; i < places.Length; i++)
            if (places[i].Id == item) return i;
        for (var i = 0; i < places.Length; i++)
            if (places[i].Anchor.Text == item) return i;
        return -1;
    }
}
