namespace CorpusLsp.Core.Diagnostics;

/// <param name="Code">Stable code; never reused for another meaning.</param>
/// <param name="Name">Short kebab-case name, used in docs and SARIF rule names.</param>
/// <param name="Help">What the rule means and what to do about it: the doc entry.</param>
public sealed record DiagnosticDescriptor(string Code, string Name, Severity DefaultSeverity, string Title, string Help);

/// <summary>
/// The one catalog of diagnostics. Docs (README table, SARIF rules, hover help) are generated from it,
/// and a test makes sure every entry is produced by some fixture.
/// </summary>
public static class DiagnosticCatalog
{
    // Files and YAML
    public static readonly DiagnosticDescriptor YamlSyntax = new("CLS001", "yaml-syntax", Severity.Error,
        "YAML syntax error", "The file is not valid YAML. Fix the syntax at the position shown. In a sidecar, the lines that do not parse are left out until then and the rest of the file is checked as usual (an entry being typed, such as `ref: geonames:`, keeps the others' diagnostics).");
    public static readonly DiagnosticDescriptor SchemaType = new("CLS002", "schema-value", Severity.Error,
        "Value does not match the schema", "A value has the wrong type or is not one of the allowed values. The message names what the schema expects.");
    public static readonly DiagnosticDescriptor UnknownKey = new("CLS003", "unknown-key", Severity.Warning,
        "Unknown key", "The schema does not define this key. It is probably misspelt: the message suggests the closest known key.");
    public static readonly DiagnosticDescriptor MissingKey = new("CLS004", "missing-key", Severity.Error,
        "Required key missing", "A required key is missing from this mapping. Add it.");
    public static readonly DiagnosticDescriptor DuplicateKey = new("CLS005", "duplicate-key", Severity.Error,
        "Duplicate key", "The same key appears twice in one mapping; YAML keeps only one of them. Remove or merge the duplicate.");
    public static readonly DiagnosticDescriptor YamlUnsupported = new("CLS006", "yaml-unsupported", Severity.Error,
        "Unsupported YAML feature or limit exceeded", "Anchors, aliases and custom tags are not allowed in corpus files, and nesting depth and scalar size are bounded, so that a hostile file cannot exhaust memory. Write the value out in full.");
    public static readonly DiagnosticDescriptor FileUnreadable = new("CLS007", "file-unreadable", Severity.Error,
        "File cannot be read", "The file could not be read or is not valid UTF-8. Re-save it as UTF-8; the message gives the byte offset of the first invalid sequence.");
    public static readonly DiagnosticDescriptor SidecarWithoutArticle = new("CLS008", "sidecar-without-article", Severity.Error,
        "Sidecar without article", "No article was found for this sidecar. Add the article next to it, or name it with the sidecar's `article` key.");
    public static readonly DiagnosticDescriptor ArticleWithoutSidecar = new("CLS009", "article-without-sidecar", Severity.Information,
        "Article without sidecar", "This article has no annotations yet. Create NAME.yaml next to it (the code action does).");
    public static readonly DiagnosticDescriptor PathOutsideCorpus = new("CLS010", "path-outside-corpus", Severity.Error,
        "Path outside the corpus", "A path must stay inside the corpus folder: absolute paths and `..` that leave it are refused.");

    // Anchoring
    public static readonly DiagnosticDescriptor AnchorNotFound = new("CLS011", "anchor-not-found", Severity.Error,
        "Mention text not found in the article", "The `text` of a mention does not occur in the article as a whole word. Correct the text, or the article if it was edited by mistake.");
    public static readonly DiagnosticDescriptor AnchorAmbiguous = new("CLS012", "anchor-ambiguous", Severity.Error,
        "Mention text occurs more than once", "The text occurs several times in the article. Say which with `occurrence: N` (1-based), a list of occurrences, or `occurrence: all`.");
    public static readonly DiagnosticDescriptor OccurrenceOutOfRange = new("CLS013", "occurrence-out-of-range", Severity.Error,
        "Occurrence out of range", "`occurrence` names an occurrence the article does not have. The message says how many there are.");
    public static readonly DiagnosticDescriptor SpanOutOfRange = new("CLS014", "span-out-of-range", Severity.Error,
        "Span out of range", "`span: [start, end]` must satisfy 0 <= start < end <= the article's length in Unicode code points.");
    public static readonly DiagnosticDescriptor SpanTextMismatch = new("CLS015", "span-text-mismatch", Severity.Error,
        "Span text differs from the mention text", "The article's text at `span` is not the mention's `text`; the article was probably edited and the span drifted. The code action re-anchors the span.");
    public static readonly DiagnosticDescriptor CrossingMentions = new("CLS016", "crossing-mentions", Severity.Error,
        "Mentions overlap without nesting", "Two mentions overlap partly. Mentions may nest (\"Aleppo\" inside \"Aleppo province\") but may not cross.");
    public static readonly DiagnosticDescriptor DuplicateMention = new("CLS017", "duplicate-mention", Severity.Warning,
        "Same span annotated twice", "Two entries of the same kind cover the same text. Remove one of them.");
    public static readonly DiagnosticDescriptor UnknownMentionReference = new("CLS018", "unknown-mention-reference", Severity.Error,
        "Reference to an unknown mention", "An event's `places` or `participants` names no place, person or organisation of this sidecar (by `id` or `text`).");
    public static readonly DiagnosticDescriptor DuplicateId = new("CLS019", "duplicate-id", Severity.Error,
        "Same id used twice", "An `id` names one thing: one mention of a sidecar (places, people, organisations and events share the ids), or one overlay entry across all overlays. A second use makes references to it ambiguous (the first would win silently). Rename one of them.");

    // Places
    public static readonly DiagnosticDescriptor UnknownPlaceRef = new("CLS020", "unknown-place-ref", Severity.Error,
        "Unknown gazetteer reference", "`ref` names no gazetteer entry. Use `geonames:ID` for a GeoNames entry or `overlay:ID` for an entry of the corpus overlay.");
    public static readonly DiagnosticDescriptor PlaceNotInGazetteer = new("CLS021", "place-not-in-gazetteer", Severity.Warning,
        "Place name not in the gazetteer", "No gazetteer entry has this name, even allowing for spelling variants. Fix a misspelling (closest names are suggested) or add the place to the overlay. A feature's name (\"Neches River\", \"Lake Ontario\", \"Jackson Township\": the words of Gazetteer/Data/feature-words.json) with no entry names the places that share its name without the feature word: they tell the ranking where the feature probably lies and start the overlay entry's coordinates, but are never offered as its link.");
    public static readonly DiagnosticDescriptor PlaceAmbiguous = new("CLS022", "place-ambiguous", Severity.Warning,
        "Ambiguous place without reference", "Several gazetteer entries carry this name. Pick one with `ref` (the candidates are listed best first).");
    public static readonly DiagnosticDescriptor PlaceUnlinked = new("CLS023", "place-unlinked", Severity.Information,
        "Place not linked", "The place has no `ref`. It resolves to one entry; the code action adds the reference.");
    public static readonly DiagnosticDescriptor RefNameMismatch = new("CLS024", "ref-name-mismatch", Severity.Warning,
        "Reference does not match the mention", "None of the names of the referenced entry matches the mention, even allowing for transliteration variants. Check that `ref` points at the right place. A feature linked to the town named after it (\"Neches River\" to Neches) is such a mismatch: the message says so.");
    public static readonly DiagnosticDescriptor UndeclaredFeature = new("CLS025", "undeclared-feature", Severity.Warning,
        "Undeclared feature type or field", "An overlay entry uses a feature type or field that `corpus.yaml` does not declare under `schema`. Declare it there or correct it.");
    public static readonly DiagnosticDescriptor GazetteerRowMalformed = new("CLS026", "gazetteer-row-malformed", Severity.Warning,
        "Malformed gazetteer row", "A row of a GeoNames file could not be read (wrong column count or number). The row is skipped; the rest of the file loads.");
    public static readonly DiagnosticDescriptor GazetteerSourceMissing = new("CLS027", "gazetteer-source-missing", Severity.Error,
        "Gazetteer file missing", "A gazetteer file named in `corpus.yaml` does not exist. Correct the path.");

    // Dates
    public static readonly DiagnosticDescriptor InvalidDate = new("CLS030", "invalid-date", Severity.Error,
        "Invalid date", "Dates are ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Wnn, and must exist in the calendar.");
    public static readonly DiagnosticDescriptor WeekdayMismatch = new("CLS031", "weekday-mismatch", Severity.Error,
        "Weekday in the text does not match the date", "The date expression names a weekday the annotated date does not fall on. Correct the date (the code action offers the one the text implies).");
    public static readonly DiagnosticDescriptor EventAfterPublication = new("CLS032", "event-after-publication", Severity.Error,
        "Event after publication", "A reported event cannot happen after the article was published. Correct the date or `published`; mark announced events with `status: planned`.");
    public static readonly DiagnosticDescriptor DatelineVsPublished = new("CLS033", "dateline-vs-published", Severity.Warning,
        "Date line disagrees with `published`", "The date printed in the article differs from `meta.published` by more than a day (a day apart is a time zone: a wire dates a story in local time). Often a crawl date left in the date line: say so in `meta.dateline.note` or fix one of them.");
    public static readonly DiagnosticDescriptor DatelineSelfInconsistent = new("CLS034", "dateline-self-inconsistent", Severity.Warning,
        "Date line contradicts itself", "The date line names a weekday that its own date does not fall on.");
    public static readonly DiagnosticDescriptor RelativeWithoutPublished = new("CLS035", "relative-without-published", Severity.Warning,
        "Relative date without publication date", "Expressions like \"on Thursday\" or \"two days earlier\" resolve only against `meta.published`. Add it.");
    public static readonly DiagnosticDescriptor DateDiffersFromExpression = new("CLS036", "date-differs-from-expression", Severity.Error,
        "Date differs from what the text says", "Resolved against `published`, the anchoring expression means another date than the one annotated. Correct the date (the code action offers the resolved one).");
    public static readonly DiagnosticDescriptor DateAnchorNotInSentence = new("CLS037", "date-anchor-not-in-sentence", Severity.Warning,
        "Date anchor outside the event's sentence", "The `when` expression was not found in the sentence of the event's trigger. Anchor it with `occurrence` or `span`, or correct it.");
    public static readonly DiagnosticDescriptor EventDatedDifferently = new("CLS038", "event-dated-differently", Severity.Warning,
        "Same event dated differently in two articles", "Events with the same `key` carry different dates in different articles of the corpus.");
    public static readonly DiagnosticDescriptor StatedOrderContradicted = new("CLS039", "stated-order-contradicted", Severity.Warning,
        "Order stated in the text contradicted", "The text says one event came N days before or after another (\"two days earlier\"), but the annotated dates say otherwise.");
    public static readonly DiagnosticDescriptor PublishedFarFromEvents = new("CLS040", "published-far-from-events", Severity.Warning,
        "Publication date far from every event", "`published` is more than a year away from every dated event of the article; it may be a crawl date.");
    public static readonly DiagnosticDescriptor UnparsedDateExpression = new("CLS041", "unparsed-date-expression", Severity.Information,
        "Date expression not understood", "The `when` expression could not be normalized, so the date was not checked against it.");

    // Expert checks (issue 18, Analysis/Rules). Each code sits with its message template: {0}, {1}… are filled by the rule,
    // and the message ends with what to do.
    public static readonly DiagnosticDescriptor ContextContradictsFeature = new("CLS050", "context-contradicts-feature", Severity.Warning,
        "Words around the mention contradict the linked feature", "The text says \"Aleppo province\", \"southern Idlib\", \"the region of Afrin\" (an administrative unit) but the mention links a town of that name, or \"Idlib city\", \"the town of X\" while it links the administrative unit. The cue words are data (Analysis/Rules/Data/expert-cues.json). The fix links the entry of the other kind, ranked by the place engine; for an `occurrence: all` or a list it moves that occurrence into an entry of its own. The same holds for an event's `places`: an item that is the town while the event's sentence names the unit of that name, annotated as another mention (\"seizing towns in the west of Aleppo province\" with `places: [aleppo]`, the city), or the reverse; the fix lists that mention instead.");
    public const string EventPlaceContradictsSentenceMessage = "`places` lists '{0}', {1}, but the sentence of this {2} says '{3}', {4}. List '{5}' instead.";
    public const string ContextContradictsFeatureMessage = "'{0}' (occurrence {1}) stands in '{2}', which names {3}, but it links {4}. Link {5}.";
    public static readonly DiagnosticDescriptor OccurrenceSwallowsNested = new("CLS051", "occurrence-swallows-nested", Severity.Warning,
        "Occurrences include a name inside another mention", "`occurrence: all` (or a list) takes every occurrence of the text, including one inside another annotated mention with a different reference (\"Aleppo\" in \"northern Aleppo province\") or inside an organisation's or a person's name (\"Syria\" in \"International Syria Support Group\"). The fix narrows the occurrences to the free ones.");
    public const string OccurrenceSwallowsNestedMessage = "`occurrence` of '{0}' includes {1} inside {2}. Narrow it to {3}.";
    public static readonly DiagnosticDescriptor NameNotAnnotatedHere = new("CLS052", "name-not-annotated-here", Severity.Hint,
        "Name annotated elsewhere but not here", "The name is annotated as a place, person or organisation elsewhere in this article, or in the corpus where most of its occurrences are annotated, but this occurrence is not (and is not part of a longer name such as an organisation's). Annotate it the same way (the fix adds the entry), or leave it when it means something else here. A hint: on the gold annotations of LGL and TR-News it fires 20–36 times per 1,000 (`bench … expert-eval`), mostly on names those corpora leave unannotated.");
    public const string NameNotAnnotatedHereMessage = "'{0}' is annotated as {1} {2}, but not here. Annotate it (or leave it if it means something else here).";
    public static readonly DiagnosticDescriptor PartyAsPlace = new("CLS053", "party-as-place", Severity.Warning,
        "A party of the event listed as its place", "An event's `places` names a country that the sentence presents as a party (\"a ceasefire worked out between Russia and the US\", \"brokered by the United States\", \"a Russia-brokered truce\"): the country acts, it is not where the event happened. Remove it from `places` (the fix does) and, if the corpus annotates governments, list it under `participants`. \"between\" counts only after a word of agreement or conflict (\"talks between\", \"a deal worked out between\"; not after a route or border word): alone it joins the ends of a route or a border (\"flights between Moscow and the United States\"), as every bare \"between\" among the alarms did. The cues are read inside the sentence. On events built from the gold countries of LGL, TR-News and GeoVirus (2,181 events, `bench … expert-eval`) it raises 24 alarms; read one by one, 3 are not parties (1.4 per 1,000).");
    public const string PartyAsPlaceMessage = "'{0}' is a party of this {1} ('{2}'), not where it happened. Remove it from `places`.";
    public static readonly DiagnosticDescriptor WhenEndsPeriod = new("CLS054", "when-ends-period", Severity.Warning,
        "The date expression is the end of a period", "The `when` expression follows \"until\", \"till\", \"through\"… (\"suspended until February 25\"): it dates the end of the state the event starts, not the event. Date the event by when it happened (if the text does not say, drop `when` and say where the date comes from in `note`; the fix drops `when`), or annotate the end as an event of its own.");
    public const string WhenEndsPeriodMessage = "'{0}' follows '{1}': it dates the end of a period, not the {2} itself. Date the event by when it happened, or drop `when` and give the source of the date in `note`.";

    // Articles (reported on the article, from what its sidecar annotates)
    public static readonly DiagnosticDescriptor ArticleNameDrift = new("CLS055", "article-name-drift", Severity.Warning,
        "Word close to an annotated place name, not annotated", "A word of the article is a small edit away from the name of a place its sidecar annotates (\"Kanaser\" beside \"Khanaser\"), and no mention covers it: the article was edited and a name misspelt, or a variant spelling was missed. Annotate it (the code action adds the place with the same `ref` to the sidecar) or correct the article. Demonyms and inflections (\"Syrian\", \"Aleppo's\") are not reported. In the editor, a name of several words edited so that the article no longer contains it (\"Ithrya-Kanaser road\") is reported where it was, against the name as the article had it when opened: correcting the article is the preferred fix, changing the annotation's text the other.");
    public const string ArticleNameLostMessage = "'{0}' is {1} edit(s) from '{2}', which the sidecar annotates and which this article no longer contains since it was opened: correct the article, or change the annotation's text if the new spelling is right.";
    public static readonly DiagnosticDescriptor OccurrenceCountChanged = new("CLS056", "occurrence-count-changed", Severity.Information,
        "Occurrences of an `occurrence: all` name changed", "In the editor: a name annotated with `occurrence: all` occurs a different number of times than when the article was opened, so the annotation now covers more or fewer mentions than it did. Check the edit (a misspelt name drops out of `all`). `check` reads each file once and never reports it.");

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = typeof(DiagnosticCatalog)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();

    public static DiagnosticDescriptor? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
