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
    public static IEnumerable<Diagnostic> Check(DocumentAnalysis analysis, GazetteerIndex gazetteer, CorpusConfig config) =>
        FeatureContextRule.Check(analysis, gazetteer, config)
            .Concat(FeatureContextRule.CheckEvents(analysis, gazetteer))
            .Concat(NestedOccurrenceRule.Check(analysis))
            .Concat(EventRoleRules.Check(analysis))
            .ToList();
}
