using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// The `places` items of each event whose trigger is anchored, each with the sentence of its trigger: what the rules on an
/// event's places (CLS053, the feature-context check) read.
/// </summary>
internal static class EventPlaceItems
{
    /// <summary>Adds what <paramref name="check"/> finds for each item.</summary>
    /// <remarks>A callback with its state passed in, not an iterator or a closure: these rules run on every pair of a check (issue 19).</remarks>
    public static void Check<TState>(List<Diagnostic> diagnostics, DocumentAnalysis analysis, TState state,
        Func<TState, EventMention, Yaml.YScalar, TextSpan, Diagnostic?> check)
    {
        var article = analysis.Article!;
        var events = analysis.Sidecar.Events;
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (e.Places.IsEmpty || analysis.ResolvedAt(analysis.FirstEvent + i, e) is not { Spans: { Length: > 0 } trigger }) continue;
            var sentence = Sentences.Containing(article.Text, trigger[0].Start);
            foreach (var item in e.Places)
                if (check(state, e, item, sentence) is { } d) diagnostics.Add(d);
        }
    }
}
