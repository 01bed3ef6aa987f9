using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// CLS050: the words around a linked place say it is an administrative unit ("Aleppo province", "southern Idlib",
/// "the region of Afrin") while it links a town, or a town ("Idlib city", "the town of X") while it links the unit —
/// reported only when the gazetteer has an entry of the other kind with that name, which the fix links.
/// </summary>
internal static class FeatureContextRule
{
    private enum Want { Admin, Town }

    public static void Check(List<Diagnostic> diagnostics, DocumentAnalysis analysis, GazetteerIndex gazetteer, CorpusConfig config)
    {
        for (var i = 0; i < analysis.Places.Length; i++)
        {
            var place = analysis.Places[i];
            if (place.Mention.Ref is null || place.Entry is not { } linked || place.Mention.RefNode is null || !Contradictable(linked)) continue;
            if (analysis.ResolvedAt(i, place.Mention) is not { Spans: { Length: > 0 } spans }) continue;
            foreach (var span in spans)
                if (Contradiction(analysis, gazetteer, config, place, linked, span) is { } d)
                {
                    diagnostics.Add(d);
                    break; // one per mention: its fix rewrites the mention, a second would conflict with it
                }
        }
    }

    /// <summary>
    /// Whether any cue could contradict the link (see <see cref="Contradiction"/>): only a town's or a unit's below a
    /// country. A country, a region or a road is never reported, so its spans are not read: a country annotated with
    /// `occurrence: all` was most of the spans this rule read, ~400 instructions each (issue 19).
    /// </summary>
    private static bool Contradictable(GazetteerEntry linked) => linked.FeatureClass == 'P' || (linked.IsAdministrative && !linked.IsCountry);

    /// <summary>
    /// Asked for every span of every linked place on every edit (issue 19): a span without a cue leaves before anything is
    /// made. The mention's surface and the closure of <see cref="Reported"/> (which captures the parameters, so C# makes it
    /// on entry) were one string and one object per place per edit of a 2,000-mention sidecar.
    /// </summary>
    private static Diagnostic? Contradiction(DocumentAnalysis analysis, GazetteerIndex gazetteer, CorpusConfig config, PlaceResolution place, GazetteerEntry linked, TextSpan span)
    {
        if (ExpertCues.FeatureCue(analysis.Article!.Text, span) is not var (wantsAdmin, cue, name)) return null;
        var want = wantsAdmin ? Want.Admin : Want.Town;
        var contradicts = want == Want.Admin ? linked.FeatureClass == 'P' : linked.IsAdministrative && !linked.IsCountry;
        // An occurrence inside another mention ("Aleppo" in "Aleppo province") is CLS051's.
        if (!contradicts || NestedOccurrenceRule.InsideAnother(analysis, place.Mention, span)) return null;
        return Reported(analysis, gazetteer, config, place, linked, span, want, cue, name);
    }

    /// <summary>The finding of a contradicting cue, when the gazetteer has an entry of the kind the words name.</summary>
    private static Diagnostic? Reported(DocumentAnalysis analysis, GazetteerIndex gazetteer, CorpusConfig config, PlaceResolution place, GazetteerEntry linked,
        TextSpan span, Want want, string cue, string name)
    {
        var article = analysis.Article!;
        var surface = article.Slice(span);
        // The other entry is the town's own unit, or a town of the linked unit: "rural Paris" of Paris, Illinois is not France's Paris.
        bool OtherKind(GazetteerEntry e) => want == Want.Admin ? e.IsAdministrative && Within(linked, e) : e.FeatureClass == 'P' && Within(e, linked);
        var nameSpan = new TextSpan(span.Start, span.Start + name.Length);
        var ranked = ArticlePlaces.RankAt(gazetteer, config, analysis, name, nameSpan).Select(c => c.Entry)
            .Concat(gazetteer.Lookup(name).Select(m => m.Entry))
            .Where(e => OtherKind(e) && e.Id != linked.Id).DistinctBy(e => e.Id).ToList();
        if (ranked.Count == 0) return null;
        var best = ranked[0];
        var sidecar = analysis.Sidecar;
        var number = OccurrenceNumber(article.Text, place.Mention.Anchor.Text, span);
        var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.ContextContradictsFeatureMessage,
            surface, number?.ToString(CultureInfo.InvariantCulture) ?? "at its span", cue, want == Want.Admin ? "an administrative unit" : "a town",
            DocumentAnalyzer.Label(gazetteer, linked), DocumentAnalyzer.Label(gazetteer, best));
        var fixes = ranked.Take(3).Select((e, k) => FixFor(analysis, place.Mention, span, number, e, k == 0)).OfType<Fix>().ToArray();
        return Diagnostic.Create(DiagnosticCatalog.ContextContradictsFeature, sidecar.Path, place.Mention.RefNode!.Span, message, fixes);
    }

    /// <summary>
    /// CLS050 on an event: a `places` item is a town while the event's sentence names the administrative unit of that
    /// name, annotated as another mention ("seizing towns in the west of Aleppo province" with `places: [aleppo]`, the
    /// city), or the reverse ("shelling in Idlib city" listing the governorate). The item's own mention must not stand in
    /// the sentence. The fix points the item at the mention the sentence names.
    /// </summary>
    public static void CheckEvents(List<Diagnostic> diagnostics, DocumentAnalysis analysis, GazetteerIndex gazetteer) =>
        EventPlaceItems.Check(diagnostics, analysis, (analysis, gazetteer),
            static (s, e, item, sentence) => EventPlace(s.analysis, s.gazetteer, e, item, sentence));

    private static Diagnostic? EventPlace(DocumentAnalysis analysis, GazetteerIndex gazetteer, EventMention e, Yaml.YScalar item, TextSpan sentence)
    {
        // Loops over the places by index: lambdas per item, and tables of every mention behind the lookups, were most of this check (issue 19).
        if (ExpertRules.PlaceNamed(analysis.Sidecar, item.Value) is not (var at and >= 0)) return null;
        var listed = analysis.Sidecar.Places[at];
        if (PlaceAt(analysis, at, listed)?.Entry is not { } linked || linked.IsCountry) return null;
        // A loop, not Any(sentence.Contains): that made a delegate over a boxed span for every event's place (issue 19).
        foreach (var own in analysis.ResolvedAt(at, listed)?.Spans ?? [])
            if (sentence.Contains(own)) return null;
        var text = analysis.Article!.Text;
        for (var k = 0; k < analysis.Places.Length; k++)
        {
            var other = analysis.Places[k];
            if (ReferenceEquals(other.Mention, listed) || other.Entry is not { IsCountry: false } entry || entry.Id == linked.Id) continue;
            // Neither cue could fit this pair of entries (below): its spans are not read.
            if (!(entry.IsAdministrative && linked.FeatureClass == 'P') && !(entry.FeatureClass == 'P' && linked.IsAdministrative)) continue;
            foreach (var span in analysis.ResolvedAt(k, other.Mention)?.Spans ?? [])
            {
                if (!sentence.Contains(span) || ExpertCues.FeatureCue(text, span) is not var (wantsAdmin, cue, name)) continue;
                var fits = wantsAdmin ? entry.IsAdministrative && linked.FeatureClass == 'P' : entry.FeatureClass == 'P' && linked.IsAdministrative;
                if (!fits || !linked.AllNames.Append(listed.Anchor.Text ?? "").Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))) continue;
                var target = other.Mention.Id ?? other.Mention.Anchor.Text!;
                var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.EventPlaceContradictsSentenceMessage,
                    item.Value, DocumentAnalyzer.Label(gazetteer, linked), e.Type ?? "event", cue, DocumentAnalyzer.Label(gazetteer, entry), target);
                var path = analysis.Sidecar.Path;
                var fix = e.Places.Any(p => p.Value == target)
                    ? RuleEdits.RemoveItem(path, analysis.Sidecar.Text, e.Node, "places", item) is { } remove ? new Fix($"Remove '{item.Value}' (the event lists '{target}')", [remove], IsPreferred: true) : null
                    : new Fix($"List '{target}' instead of '{item.Value}'", [new TextEdit(path, item.Span, YamlEdits.Quote(target))], IsPreferred: true);
                return Diagnostic.Create(DiagnosticCatalog.ContextContradictsFeature, path, item.Span, message, fix is null ? [] : [fix]);
            }
        }
        return null;
    }

    /// <summary>The resolution of the sidecar's place at <paramref name="index"/> (the analysis's places are in the sidecar's order).</summary>
    internal static PlaceResolution? PlaceAt(DocumentAnalysis analysis, int index, PlaceMention place) =>
        index < analysis.Places.Length && ReferenceEquals(analysis.Places[index].Mention, place) ? analysis.Places[index] : analysis.PlaceOf(place);

    /// <summary>Whether the place lies in the administrative unit, by the codes both carry (a unit without an admin1 code is a country).</summary>
    private static bool Within(GazetteerEntry place, GazetteerEntry unit) =>
        unit.CountryCode == place.CountryCode && (unit.Admin1.Length == 0 || unit.Admin1 == place.Admin1)
        && (unit.FeatureCode != "ADM2" || unit.Admin2.Length == 0 || unit.Admin2 == place.Admin2);

    /// <summary>1-based number of the occurrence among the article's occurrences of the mention's text (null when span-anchored).</summary>
    public static int? OccurrenceNumber(string article, string? text, TextSpan span)
    {
        if (text is null) return null;
        var index = Anchoring.Occurrences(article, text).IndexOf(span);
        return index < 0 ? null : index + 1;
    }

    /// <summary>
    /// Relink a mention of one occurrence; for a mention of several, narrow its occurrences and give this one an entry of
    /// its own with the other link.
    /// </summary>
    private static Fix? FixFor(DocumentAnalysis analysis, PlaceMention mention, TextSpan span, int? number, GazetteerEntry entry, bool preferred)
    {
        var sidecar = analysis.Sidecar;
        var path = sidecar.Path;
        var spans = analysis.Resolved(mention)!.Spans;
        if (spans.Length == 1)
            return new Fix($"Link to {entry.Name} ({entry.Id})", [new TextEdit(path, mention.RefNode!.Span, entry.Id)], preferred);
        if (number is null || mention.Anchor.Text is not { } text) return null;
        var occurrences = Anchoring.Occurrences(analysis.Article!.Text, text);
        var rest = spans.Where(s => s != span).Select(s => occurrences.IndexOf(s) + 1).Where(n => n > 0).ToList();
        var item = new List<(string, string)> { ("text", YamlEdits.Quote(text)), ("occurrence", number.Value.ToString(CultureInfo.InvariantCulture)), ("ref", entry.Id) };
        return new Fix($"Link occurrence {number} to {entry.Name} ({entry.Id}) in an entry of its own",
            RuleEdits.Edits(RuleEdits.SetOccurrence(path, sidecar.Text, mention, rest), YamlEdits.AppendItem(path, sidecar.Text, sidecar.Root, "places", item)), preferred);
    }
}
