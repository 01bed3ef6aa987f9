using System.Collections.Frozen;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// The temporal lexicon (Data/lexicon.txt, embedded): month and weekday names, number words, units, holidays, parts of
/// the day, seasons, reference words and tense cues. One vocabulary for the tagger, the rule table and the normalizer.
/// </summary>
public sealed class Lexicon
{
    private sealed record Form(string[] Tokens, bool OptionalPeriod, string Value);

    private readonly FrozenDictionary<string, FrozenDictionary<string, Form[]>> _sections;
    private readonly FrozenSet<string> _capitalized;
    private readonly FrozenSet<string> _dotted;

    private Lexicon(Dictionary<string, Dictionary<string, List<Form>>> sections, HashSet<string> capitalized, HashSet<string> dotted)
    {
        _sections = sections.ToFrozenDictionary(s => s.Key, s => s.Value.ToFrozenDictionary(f => f.Key, f => f.Value.OrderByDescending(x => x.Tokens.Length).ToArray()));
        _capitalized = capitalized.ToFrozenSet();
        _dotted = dotted.ToFrozenSet();
    }

    /// <summary>The lexicon shipped in Core.</summary>
    public static Lexicon Default { get; } = Parse(TemporalResources.Read("lexicon.txt"), out _);

    public IEnumerable<string> Sections => _sections.Keys;

    /// <summary>Running text must capitalise this section's words for the tagger to take them ("May", not "may").</summary>
    public bool IsCapitalized(string section) => _capitalized.Contains(section);

    /// <summary>Running text must write this section's abbreviations with their period for the tagger ("Sun.", not "Sun").</summary>
    public bool IsDotted(string section) => _dotted.Contains(section);

    /// <summary>Reads the lexicon format; lines it cannot read are listed in <paramref name="problems"/> and skipped.</summary>
    public static Lexicon Parse(string text, out List<string> problems)
    {
        problems = [];
        var sections = new Dictionary<string, Dictionary<string, List<Form>>>(StringComparer.Ordinal);
        var capitalized = new HashSet<string>(StringComparer.Ordinal);
        var dotted = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, List<Form>>? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var header = line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = sections.TryGetValue(header[0], out var existing) ? existing : sections[header[0]] = new(StringComparer.Ordinal);
                if (header.Contains("capitalized")) capitalized.Add(header[0]);
                if (header.Contains("dotted")) dotted.Add(header[0]);
                continue;
            }
            // A line without a value lists words (tense cues, prepositions).
            var eq = line.LastIndexOf('=');
            if (current is null) { problems.Add($"line {lineNumber}: expected a [section] before `form, form = value`"); continue; }
            var value = eq < 0 ? "" : line[(eq + 1)..].Trim();
            if (eq < 0) eq = line.Length;
            foreach (var form in line[..eq].Split(',').Select(f => f.Trim()).Where(f => f.Length > 0)) Add(current, form, value);
        }
        return new Lexicon(sections, capitalized, dotted);
    }

    private static void Add(Dictionary<string, List<Form>> section, string form, string value)
    {
        var period = form.EndsWith('.');
        var tokens = TimexToken.Split(period ? form[..^1] : form, 0, form.Length - (period ? 1 : 0)).Select(t => t.Key).ToArray();
        if (tokens.Length == 0) return;
        if (!section.TryGetValue(tokens[0], out var list)) section[tokens[0]] = list = [];
        list.Add(new Form(tokens, period, value));
    }

    /// <summary>
    /// The longest form of <paramref name="section"/> that starts at <paramref name="tokens"/>[<paramref name="at"/>]:
    /// its value and how many tokens it spans (its optional period included). With <paramref name="prose"/>, a
    /// capitalised section's first word must be capitalised, and a dotted section's abbreviation must have its period.
    /// </summary>
    public bool TryMatch(string section, IReadOnlyList<TimexToken> tokens, int at, bool prose, out string value, out int length)
    {
        value = "";
        length = 0;
        if (at >= tokens.Count || !_sections.TryGetValue(section, out var forms) || !forms.TryGetValue(tokens[at].Key, out var candidates)) return false;
        if (prose && IsCapitalized(section) && !char.IsUpper(tokens[at].Text[0])) return false;
        foreach (var form in candidates)
        {
            if (!Matches(form, tokens, at)) continue;
            length = form.Tokens.Length;
            var last = tokens[at + length - 1];
            var period = form.OptionalPeriod && at + length < tokens.Count && tokens[at + length] is { Text: "." } dot && dot.Start == last.End;
            if (period) length++;
            else if (form.OptionalPeriod && prose && IsDotted(section)) continue;
            value = form.Value;
            return true;
        }
        length = 0;
        return false;
    }

    private static bool Matches(Form form, IReadOnlyList<TimexToken> tokens, int at)
    {
        if (at + form.Tokens.Length > tokens.Count) return false;
        for (var k = 1; k < form.Tokens.Length; k++)
            if (!string.Equals(tokens[at + k].Key, form.Tokens[k], StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>The value of <paramref name="phrase"/> when it is, as a whole, a form of <paramref name="section"/>.</summary>
    public string? ValueOf(string section, string phrase)
    {
        var tokens = TimexToken.Split(phrase, 0, phrase.Length);
        return tokens.Count > 0 && TryMatch(section, tokens, 0, prose: false, out var value, out var length) && length == tokens.Count ? value : null;
    }

    public bool Contains(string section, string phrase) => ValueOf(section, phrase) is not null;

    /// <summary>Whether one token's key (<see cref="TimexToken.Key"/>) is a one-word form of the section: no tokenizing.</summary>
    public bool ContainsWord(string section, string key) =>
        _sections.TryGetValue(section, out var forms) && forms.TryGetValue(key, out var candidates) && candidates.Any(f => f.Tokens.Length == 1);

    /// <summary>The first words of a section's forms, lower case: what a token must be to start one.</summary>
    public IEnumerable<string> FirstWords(string section) => _sections.TryGetValue(section, out var forms) ? forms.Keys : [];

    /// <summary>Every form of a section with its value, as written in the lexicon (periods dropped).</summary>
    public IEnumerable<(string Form, string Value)> Entries(string section) =>
        _sections.TryGetValue(section, out var forms) ? forms.Values.SelectMany(l => l).Select(f => (string.Join(' ', f.Tokens), f.Value)) : [];
}
