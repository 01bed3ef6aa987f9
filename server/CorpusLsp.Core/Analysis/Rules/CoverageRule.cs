using System.Globalization;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Analysis.Rules;

/// <summary>
/// CLS052: a name annotated as a place, person or organisation in this article or elsewhere in the corpus, left
/// unannotated here. Reported in the article, at the occurrence; the fix annotates it in the sidecar the same way.
/// An occurrence inside another annotated mention, or inside a longer run of capitalised words ("Washington Post",
/// "George Washington"), is part of another name and is left alone.
/// </summary>
public static class CoverageRule
{
    /// <summary>How a name is annotated somewhere: its kind, the sidecar and the mention that show it.</summary>
    private sealed record Use(MentionKind Kind, string SidecarPath, Mention Mention);

    /// <param name="analyses">Every analysed sidecar of the corpus: their annotated names are what is looked for.</param>
    /// <param name="displayPath">How messages name another sidecar (default: its file name).</param>
    /// <param name="reportIn">The articles to report in (default: all).</param>
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<DocumentAnalysis> analyses, Func<string, string>? displayPath = null, Func<DocumentAnalysis, bool>? reportIn = null)
    {
        displayPath ??= p => p[(p.LastIndexOf('/') + 1)..];
        var uses = new Dictionary<string, Use>(StringComparer.Ordinal);
        var annotated = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in analyses)
            foreach (var (name, use, count) in Names(a))
            {
                uses.TryAdd(name, use);
                annotated[name] = annotated.GetValueOrDefault(name) + count;
            }
        var byFirstWord = uses.Keys.GroupBy(FirstWord, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.Length).ToArray(), StringComparer.Ordinal);
        var found = new List<(DocumentAnalysis Analysis, string Name, TextSpan Span, Use? Own)>();
        var free = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in analyses)
        {
            if (a.Article is not { } article || a.ArticlePath is null) continue;
            var own = Names(a).ToDictionary(n => n.Name, n => (Use?)n.Use, StringComparer.Ordinal);
            var covered = a.Mentions.Where(m => m.Mention.Kind is MentionKind.Place or MentionKind.Person or MentionKind.Organisation)
                .SelectMany(m => m.Spans).OrderBy(s => s.Start).ToArray();
            foreach (var (name, span) in Unannotated(article.Text, byFirstWord, covered))
            {
                free[name] = free.GetValueOrDefault(name) + 1;
                if (reportIn?.Invoke(a) != false) found.Add((a, name, span, own.GetValueOrDefault(name)));
            }
        }
        // Within an article an unannotated repeat is always worth a look. Across articles only a name the corpus mostly
        // annotates is: "Meredith" annotated once as a town and written ten times as a person's name is the other way round.
        return found.Where(f => f.Own is not null || annotated[f.Name] >= free[f.Name])
            .Select(f => Report(f.Analysis, f.Name, f.Span, f.Own ?? uses[f.Name], f.Own is not null, displayPath)).ToList();
    }

    /// <summary>The surface texts of the annotated names of one sidecar: the first annotation of each, and how many times it is annotated.</summary>
    private static IEnumerable<(string Name, Use Use, int Count)> Names(DocumentAnalysis a)
    {
        if (a.Article is not { } article) return [];
        var result = new Dictionary<string, (Use Use, int Count)>(StringComparer.Ordinal);
        foreach (var m in a.Mentions)
        {
            if (m.Mention.Kind is not (MentionKind.Place or MentionKind.Person or MentionKind.Organisation)) continue;
            foreach (var s in m.Spans)
            {
                var name = article.Slice(s);
                if (name.Length < 2 || !char.IsUpper(name[0]) || !char.IsLetter(name[^1]) && name[^1] != '.') continue;
                result[name] = result.TryGetValue(name, out var known) ? (known.Use, known.Count + 1) : (new Use(m.Mention.Kind, a.Sidecar.Path, m.Mention), 1);
            }
        }
        return result.Select(r => (r.Key, r.Value.Use, r.Value.Count));
    }

    private static string FirstWord(string name)
    {
        var end = 0;
        while (end < name.Length && char.IsLetterOrDigit(name[end])) end++;
        return name[..end];
    }

    /// <summary>Occurrences of known names not covered by a mention and not part of a longer name; the longest name wins.</summary>
    private static IEnumerable<(string Name, TextSpan Span)> Unannotated(string text, Dictionary<string, string[]> byFirstWord, TextSpan[] covered)
    {
        var i = 0;
        var next = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            if (start < next || !byFirstWord.TryGetValue(text[start..i], out var names)) continue;
            foreach (var name in names)
            {
                var end = start + name.Length;
                if (end > text.Length || string.CompareOrdinal(text, start, name, 0, name.Length) != 0) continue;
                if (end < text.Length && char.IsLetterOrDigit(text[end]) && char.IsLetterOrDigit(name[^1])) continue;
                var span = new TextSpan(start, end);
                if (!Overlaps(covered, span) && !PartOfLongerName(text, span)) yield return (name, span);
                next = end;
                break;
            }
        }
    }

    private static bool Overlaps(TextSpan[] sorted, TextSpan span)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid].Start < span.End) lo = mid + 1; else hi = mid; }
        // Spans starting before the end, scanned back: mentions are short, so a bounded look-back suffices.
        for (var k = lo - 1; k >= 0 && k >= lo - 64; k--)
            if (sorted[k].Overlaps(span)) return true;
        return false;
    }

    /// <summary>"Washington Post", "George Washington", "Aleppo Province": a capitalised word joined on either side.</summary>
    public static bool PartOfLongerName(string text, TextSpan span)
    {
        var after = span.End;
        if (after + 1 < text.Length && text[after] == ' ' && char.IsUpper(text[after + 1])) return true;
        var before = span.Start;
        if (before < 2 || text[before - 1] != ' ' || !char.IsLetter(text[before - 2])) return false;
        var wordStart = before - 1;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1])) wordStart--;
        return char.IsUpper(text[wordStart]) && !IsSentenceStart(text, wordStart);
    }

    private static bool IsSentenceStart(string text, int offset)
    {
        var i = offset;
        while (i > 0 && text[i - 1] is ' ' or '"' or '“' or '\'' or '‘' or '(') i--;
        return i == 0 || text[i - 1] is '.' or '!' or '?' or '\n' or ':' or '—' or '–';
    }

    private static Diagnostic Report(DocumentAnalysis a, string name, TextSpan span, Use use, bool here, Func<string, string> displayPath)
    {
        var kind = use.Kind switch { MentionKind.Place => "a place", MentionKind.Person => "a person", _ => "an organisation" };
        var where = here ? "elsewhere in this article" : $"in {displayPath(use.SidecarPath)}";
        var message = string.Format(CultureInfo.InvariantCulture, DiagnosticCatalog.NameNotAnnotatedHereMessage, name, kind, where);
        return Diagnostic.Create(DiagnosticCatalog.NameNotAnnotatedHere, a.ArticlePath!, span, message, AnnotateFix(a, name, span, use, kind));
    }

    /// <summary>Adds the occurrence to this sidecar's mention of the same text and kind when it lists occurrences, else a new entry.</summary>
    private static Fix AnnotateFix(DocumentAnalysis a, string name, TextSpan span, Use use, string kind)
    {
        var sidecar = a.Sidecar;
        var occurrences = Anchoring.Occurrences(a.Article!.Text, name);
        var number = occurrences.IndexOf(span) + 1;
        var sameText = sidecar.AllMentions.FirstOrDefault(m => m.Kind == use.Kind && m.Anchor.Text == name && m.Anchor.CodePointSpan is null);
        if (sameText is not null && a.Resolved(sameText) is { } resolved)
        {
            var numbers = resolved.Spans.Select(s => occurrences.IndexOf(s) + 1).Where(n => n > 0).Append(number).Distinct().ToList();
            return new Fix($"Annotate occurrence {number} of '{name}' like the others", [RuleEdits.SetOccurrence(sidecar.Path, sidecar.Text, sameText, numbers)], IsPreferred: true);
        }
        var item = new List<(string, string)>();
        if (use.Mention.Id is { } id && !sidecar.AllMentions.Any(m => m.Id == id)) item.Add(("id", YamlEdits.Quote(id)));
        item.Add(("text", YamlEdits.Quote(name)));
        if (occurrences.Count > 1) item.Add(("occurrence", number.ToString(CultureInfo.InvariantCulture)));
        switch (use.Mention)
        {
            case PlaceMention { Ref: { } r }: item.Add(("ref", r.All(c => char.IsLetterOrDigit(c) || c is ':' or '-' or '_' or '.') ? r : YamlEdits.Quote(r))); break;
            case PersonMention { Name: { } n }: item.Add(("name", YamlEdits.Quote(n))); break;
            case OrganisationMention { OrgKind: { } k }: item.Add(("kind", YamlEdits.Quote(k))); break;
        }
        var key = use.Kind switch { MentionKind.Place => "places", MentionKind.Person => "people", _ => "organisations" };
        return new Fix($"Annotate '{name}' as {kind}", [YamlEdits.AppendItem(sidecar.Path, sidecar.Text, sidecar.Root, key, item)], IsPreferred: true);
    }
}
