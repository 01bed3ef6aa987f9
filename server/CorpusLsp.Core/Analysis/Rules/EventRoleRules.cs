using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// CLS053: an event's `places` names a country the sentence presents as a party ("worked out between Russia and the
/// US"). CLS054: a dated event's `when` is the end of a period ("suspended until February 25").
/// </summary>
internal static class EventRoleRules
{
    public static void Check(List<Diagnostic> diagnostics, DocumentAnalysis analysis)
    {
        EventPlaceItems.Check(diagnostics, analysis, analysis, static (a, e, item, sentence) => PartyAsPlace(a, e, item, sentence));
        foreach (var date in analysis.Dates)
            if (EndOfPeriod(analysis, date) is { } d) diagnostics.Add(d);
    }

    private static Diagnostic? PartyAsPlace(DocumentAnalysis analysis, EventMention e, Yaml.YScalar item, TextSpan sentence)
    {
        if (ExpertRules.PlaceNamed(analysis.Sidecar, item.Value) is not (var at and >= 0)) return null;
        var place = analysis.Sidecar.Places[at];
        if (FeatureContextRule.PlaceAt(analysis, at, place)?.Entry is not { IsCountry: true }) return null;
        var text = analysis.Article!.Text;
        foreach (var span in analysis.ResolvedAt(at, place)?.Spans ?? [])
        {
            if (!sentence.Contains(span) || PartyCue(text, span) is not { } cue) continue;
            var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.PartyAsPlaceMessage, text[span.Start..span.End], e.Type ?? "event", cue);
            var remove = RuleEdits.RemoveItem(analysis.Sidecar.Path, analysis.Sidecar.Text, e.Node, "places", item);
            var fixes = remove is null ? [] : new[] { new Fix($"Remove '{item.Value}' from `places`", [remove], IsPreferred: true) };
            return Diagnostic.Create(DiagnosticCatalog.PartyAsPlace, analysis.Sidecar.Path, item.Span, message, fixes);
        }
        return null;
    }

    /// <summary>
    /// The words that make the name at <paramref name="span"/> a party: a cue phrase before it, over other names and
    /// joiners ("brokered by Russia and the US"), or a suffix on it ("Russia-engineered"). "between" alone is no cue, as it
    /// also joins the ends of a route or a border ("flights between Russia and Turkey", every bare "between" among the
    /// alarms of `bench expert-eval`): it needs a word of agreement or conflict before it ("a ceasefire worked out between",
    /// "talks between"), which the quote then starts with. Everything is read inside the name's sentence: a cue at the end of
    /// the previous one ("…brokered by Washington. Syria said…") is no cue. Null when there is none.
    /// </summary>
    public static string? PartyCue(string text, TextSpan span)
    {
        var cues = ExpertCues.Default;
        var sentence = Sentences.Containing(text, span.Start);
        foreach (var suffix in cues.PartySuffix)
            if (string.CompareOrdinal(text, span.End, suffix, 0, suffix.Length) == 0) return text[span.Start..(span.End + suffix.Length)];
        // Walk back over the coordination: names (capitalised, "U.S."), joiners and commas, never into the previous sentence.
        var at = span.Start;
        for (var steps = 0; steps < 8; steps++)
        {
            if (ExpertCues.PhraseBefore(text, at, cues.PartyBefore) is { } cue && cue.Start >= sentence.Start)
            {
                var coordinationEnd = CoordinationEnd(text, span.End, sentence.End);
                if (!cues.WeakPartyBefore.Contains(cue.Text)) return text[cue.Start..coordinationEnd];
                return ExpertCues.RelationBefore(text, cue.Start, sentence.Start) is { } relation ? text[relation..coordinationEnd] : null;
            }
            var end = at;
            while (end > sentence.Start && text[end - 1] is ' ' or '\t' or ',') end--;
            var start = end;
            while (start > sentence.Start && !char.IsWhiteSpace(text[start - 1])) start--;
            if (start == end) return null;
            var token = text[start..end];
            if (!cues.PartyJoiners.Contains(token) && !char.IsUpper(token[0])) return null;
            at = start;
        }
        return null;
    }

    /// <summary>The end of the names and joiners that follow a party ("Russia| and the US"), to quote the whole coordination; not past the sentence's end.</summary>
    private static int CoordinationEnd(string text, int end, int sentenceEnd)
    {
        var cues = ExpertCues.Default;
        var last = end;
        var i = end;
        for (var steps = 0; steps < 8; steps++)
        {
            while (i < sentenceEnd && text[i] is ' ' or ',') i++;
            var start = i;
            while (i < sentenceEnd && !char.IsWhiteSpace(text[i]) && text[i] != ',') i++;
            if (start == i) break;
            var token = text[start..i];
            if (cues.PartyJoiners.Contains(token)) continue;
            if (!char.IsUpper(token[0])) break;
            last = i;
        }
        return last;
    }

    private static Diagnostic? EndOfPeriod(DocumentAnalysis analysis, DateResolution date)
    {
        if (date.Annotated is null || date.Event.When is not { Text: { } when } anchor || analysis.Article is not { } article) return null;
        var cue = ExpertCues.PeriodEndCue(article.Text, date.WhenSpan, when);
        if (cue is null) return null;
        var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.WhenEndsPeriodMessage, when, cue, date.Event.Type ?? "event");
        var remove = RuleEdits.RemoveEntry(analysis.Sidecar.Path, analysis.Sidecar.Text, date.Event.Node, "when");
        var fixes = remove is null ? [] : new[] { new Fix("Remove `when` (it dates the end of the period)", [remove]) };
        return Diagnostic.Create(DiagnosticCatalog.WhenEndsPeriod, analysis.Sidecar.Path, anchor.TextNode?.Span ?? anchor.Node.Span, message, fixes);
    }
}
