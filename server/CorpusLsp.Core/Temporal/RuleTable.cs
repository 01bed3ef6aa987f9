using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// One example of a rule: the expression, what the resolver is told, and the value expected; <see cref="Before"/> and
/// <see cref="After"/> are the words around it in running text that a guard of the rule reads ("its [1990] invasion").
/// </summary>
public sealed record RuleExample(string Expression, DateOnly Published, Tense Tense, Timex? Previous, string Expected)
{
    public string Before { get; init; } = "";
    public string After { get; init; } = "";
}

/// <summary>
/// A rule of the table (Data/rules.txt): a pattern over tokens and lexicon sections, and a value template whose parts
/// the resolver fills in (<see cref="TimexResolver"/>). A rule loads only with at least one example.
/// </summary>
public sealed record TimexRule(string Name, string Pattern, string Template, ImmutableArray<RuleExample> Examples)
{
    internal ImmutableArray<PatternElement> Elements { get; init; } = [];

    /// <summary>The words a match can start with (lower case); a number starts one when <see cref="StartsWithNumber"/>.</summary>
    internal FrozenSet<string> FirstWords { get; init; } = FrozenSet<string>.Empty;

    /// <summary>
    /// Whether the tagger looks for the rule in running text (`prose: off` in the table says why not: below 90% precision
    /// on the dev split, the words are more often no date there). The normalizer reads its expressions either way.
    /// </summary>
    public bool InProse { get; init; } = true;
    internal bool StartsWithNumber { get; init; }

    /// <summary>What the words right before or after a match in running text must (not) be; the normalizer, reading a whole expression, has none.</summary>
    internal ImmutableArray<RuleGuard> Guards { get; init; } = [];

    internal bool CanStart(TimexToken token) => token.IsNumber ? StartsWithNumber : FirstWords.Contains(token.Key);
}

/// <summary>A pattern element: a literal (alternatives), a lexicon section, a number shape, or the rest of the expression.</summary>
internal sealed record PatternElement(PatternKind Kind, ImmutableArray<string> Words, string Slot, bool Optional);

/// <summary>A guard of a rule: a pattern the tokens right before (<paramref name="Before"/>) or after a match must form, or must not.</summary>
internal sealed record RuleGuard(bool Before, bool Negated, ImmutableArray<PatternElement> Elements);

internal enum PatternKind { Literal, Lexicon, Year, Day, Decade, Century, Rest }

/// <summary>A rule that matched tokens [Start, End) of a text, with the lexicon values it captured by slot.</summary>
public sealed record RuleMatch(TimexRule Rule, int Start, int End, ImmutableDictionary<string, string> Slots)
{
    private string? _filled;

    /// <summary>
    /// The rule's value template with the slots filled in (<see cref="TimexResolver"/>), made once per match: a whole
    /// expression's match is kept (<see cref="RuleTable.MatchWhole"/>) and resolved again for each date it stands for.
    /// </summary>
    internal string Filled(Func<string, ImmutableDictionary<string, string>, string> fill) => _filled ??= fill(Rule.Template, Slots);

    private TemplateOperation? _operation;

    /// <summary>
    /// The filled template's operation and its arguments, split once per match too: the split and the arguments' copy
    /// were ~1,000 instructions of every `when` a `check` resolves (issue 19). Shared by every resolution: never written.
    /// </summary>
    internal TemplateOperation Operation(Func<string, ImmutableDictionary<string, string>, string> fill)
    {
        if (Volatile.Read(ref _operation) is { } known) return known;
        var words = Filled(fill).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return _operation = new TemplateOperation(words[0], words[1..]);
    }
}

/// <summary>A filled value template: its operation (`weekday`) and the arguments after it (`Tuesday tense`).</summary>
internal sealed record TemplateOperation(string Name, string[] Arguments);

/// <summary>
/// The rule table: the temporal engine's knowledge of expression shapes as data. The tagger scans running text with it
/// (<see cref="Scan"/>) and the normalizer reads a whole expression with it (<see cref="MatchWhole"/>), so what one
/// reads the other finds.
/// </summary>
public sealed class RuleTable
{
    private readonly Lexicon _lexicon;

    // The rules each first word can start, and those a number starts, in table order: a scan of running text looks up
    // each token once instead of asking every rule (42 set look-ups a token made hover on a long article slow).
    private readonly FrozenDictionary<string, TimexRule[]> _byFirstWord;
    private readonly TimexRule[] _byNumber;
    private readonly FrozenDictionary<string, TimexRule[]> _inProseByFirstWord;
    private readonly TimexRule[] _inProseByNumber;

    public ImmutableArray<TimexRule> Rules { get; }

    private RuleTable(ImmutableArray<TimexRule> rules, Lexicon lexicon)
    {
        (Rules, _lexicon) = (rules, lexicon);
        _byFirstWord = rules.SelectMany(r => r.FirstWords).Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(w => w, w => rules.Where(r => r.FirstWords.Contains(w)).ToArray(), StringComparer.Ordinal);
        _byNumber = [.. rules.Where(r => r.StartsWithNumber)];
        _inProseByFirstWord = _byFirstWord.ToFrozenDictionary(x => x.Key, x => x.Value.Where(r => r.InProse).ToArray(), StringComparer.Ordinal);
        _inProseByNumber = [.. _byNumber.Where(r => r.InProse)];
        _wholeMatches = new ExpressionMemo<RuleMatch?>(MatchWholeOnce);
    }

    /// <summary>The rules that can start at <paramref name="token"/>, in table order (as <see cref="TimexRule.CanStart"/> selects them).</summary>
    private TimexRule[] Starting(TimexToken token) =>
        token.IsNumber ? _byNumber : _byFirstWord.TryGetValue(token.Key, out var rules) ? rules : [];

    /// <summary>As <see cref="Starting"/>, only the rules the tagger looks for in running text.</summary>
    private TimexRule[] StartingInProse(TimexToken token) =>
        token.IsNumber ? _inProseByNumber : _inProseByFirstWord.TryGetValue(token.Key, out var rules) ? rules : [];

    /// <summary>The letters of "1st", "2nd", "3rd", "4th", held once (a params array was made at each day token read).</summary>
    private static readonly char[] OrdinalSuffixLetters = ['s', 't', 'n', 'd', 'r', 'h'];

    /// <summary>The table shipped in Core, over the shipped lexicon.</summary>
    public static RuleTable Default { get; } = Parse(TemporalResources.Read("rules.txt"), Lexicon.Default, out _);

    /// <summary>Reads the rule format; a rule without an example, or one that cannot be read, is left out and listed.</summary>
    public static RuleTable Parse(string text, Lexicon lexicon, out List<string> problems)
    {
        problems = [];
        var rules = ImmutableArray.CreateBuilder<TimexRule>();
        foreach (var block in RuleBlocks(text))
        {
            var rule = RuleReader.Read(block, lexicon, out var problem);
            if (rule is null) problems.Add(problem!);
            else rules.Add(rule);
        }
        return new RuleTable(rules.ToImmutable(), lexicon);
    }

    private static IEnumerable<List<(int Line, string Key, string Value)>> RuleBlocks(string text)
    {
        var block = new List<(int, string, string)>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            var key = colon < 0 ? "" : line[..colon].Trim();
            var value = colon < 0 ? line : line[(colon + 1)..].Trim();
            if (key == "rule" && block.Count > 0) { yield return block; block = []; }
            block.Add((lineNumber, key, value));
        }
        if (block.Count > 0) yield return block;
    }

    /// <summary>
    /// Whole expressions already matched, by their words: matching was ~1.5% of a 10,000-pair `check` (issue 19).
    /// </summary>
    private readonly ExpressionMemo<RuleMatch?> _wholeMatches;

    /// <summary>The first rule (in table order) whose pattern spans all of <paramref name="expression"/>.</summary>
    public RuleMatch? MatchWhole(string expression) => _wholeMatches.Of(expression);

    private RuleMatch? MatchWholeOnce(string expression)
    {
        var tokens = TimexToken.Split(expression, 0, expression.Length);
        if (tokens.Count == 0) return null;
        foreach (var rule in Starting(tokens[0]))
            if (Match(rule, tokens, 0, prose: false, whole: true) is { } m && m.End == tokens.Count) return m;
        return null;
    }

    /// <summary>Every expression of the table in running text, longest first at each place, none overlapping.</summary>
    public List<(int Start, int End, RuleMatch Match)> Scan(string text, int start, int end)
    {
        var tokens = TimexToken.Split(text, start, end);
        var found = new List<(int, int, RuleMatch)>();
        for (var i = 0; i < tokens.Count;)
        {
            RuleMatch? best = null;
            foreach (var rule in StartingInProse(tokens[i]))
                if (Match(rule, tokens, i, prose: true, whole: false) is { } m && (best is null || m.End > best.End) && !InsideWord(tokens, m) && GuardsHold(m, tokens))
                    best = m;
            if (best is null) { i++; continue; }
            found.Add((tokens[best.Start].Start, tokens[best.End - 1].End, best));
            i = best.End;
        }
        return found;
    }

    /// <summary>
    /// A match that ends at a hyphen inside a word or starts right after one ("the year" of "the year-earlier net") is no
    /// date of its own: it is not taken, so that a rule starting later in those words ("year-earlier") still can be.
    /// </summary>
    private static bool InsideWord(List<TimexToken> tokens, RuleMatch m) => HyphenInWord(tokens, m.End) || HyphenInWord(tokens, m.Start - 1);

    /// <summary>A hyphen at token <paramref name="h"/> joining two words ("year-earlier").</summary>
    private static bool HyphenInWord(List<TimexToken> tokens, int h) =>
        h > 0 && h + 1 < tokens.Count && tokens[h].Text == "-" && tokens[h - 1].End == tokens[h].Start && tokens[h].End == tokens[h + 1].Start
        && char.IsLetterOrDigit(tokens[h + 1].Text[0]) && char.IsLetterOrDigit(tokens[h - 1].Text[^1]);

    /// <summary>Whether the tokens around a match satisfy its rule's guards: one positive guard of each side that has any, no negative one.</summary>
    private bool GuardsHold(RuleMatch m, List<TimexToken> tokens)
    {
        var guards = m.Rule.Guards;
        if (guards.IsEmpty) return true;
        foreach (var before in new[] { true, false })
        {
            var side = guards.Where(g => g.Before == before).ToList();
            if (side.Any(g => g.Negated && GuardMatches(g, tokens, m))) return false;
            var positive = side.Where(g => !g.Negated).ToList();
            if (positive.Count > 0 && !positive.Any(g => GuardMatches(g, tokens, m))) return false;
        }
        return true;
    }

    private bool GuardMatches(RuleGuard guard, List<TimexToken> tokens, RuleMatch m)
    {
        var scratch = new List<KeyValuePair<string, string>>();
        if (!guard.Before) return MatchFrom(guard.Elements, 0, tokens, m.End, prose: true, whole: false, scratch) > m.End;
        // Before a match: a start a few tokens back from which the guard's words end right at the match.
        for (var from = m.Start - 1; from >= Math.Max(0, m.Start - 6); from--)
            if (MatchFrom(guard.Elements, 0, tokens, from, prose: true, whole: false, scratch) == m.Start) return true;
        return false;
    }

    private RuleMatch? Match(TimexRule rule, List<TimexToken> tokens, int at, bool prose, bool whole)
    {
        // Slots as a list that backtracking truncates; the dictionary is built only for a match (most tries fail).
        var slots = new List<KeyValuePair<string, string>>();
        var end = MatchFrom(rule.Elements, 0, tokens, at, prose, whole, slots);
        if (end <= at) return null;
        var captured = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (slot, value) in slots) captured[slot] = value;
        return new RuleMatch(rule, at, end, captured.ToImmutable());
    }

    /// <summary>Matches elements[e..] from token i; the end token index, or -1. Greedy: an optional element is tried first.</summary>
    private int MatchFrom(ImmutableArray<PatternElement> elements, int e, List<TimexToken> tokens, int i, bool prose, bool whole,
        List<KeyValuePair<string, string>> slots)
    {
        if (e == elements.Length) return i;
        var element = elements[e];
        if (element.Kind == PatternKind.Rest) return whole ? tokens.Count : i;
        if (Step(element, tokens, i, prose, out var length, out var value))
        {
            var saved = slots.Count;
            if (element.Slot.Length > 0) slots.Add(new(element.Slot, value));
            var end = MatchFrom(elements, e + 1, tokens, i + length, prose, whole, slots);
            if (end >= 0) return end;
            slots.RemoveRange(saved, slots.Count - saved);
        }
        return element.Optional ? MatchFrom(elements, e + 1, tokens, i, prose, whole, slots) : -1;
    }

    /// <summary>
    /// A decade at token <paramref name="i"/>: "1990s", "1990's", "'80s", "'80's" (two digits need their apostrophe: "in
    /// her 80s" is an age). The value is the decade's first year, a two-digit one in the 1900s.
    /// </summary>
    private static bool DecadeAt(List<TimexToken> tokens, int i, out int length, out string value)
    {
        (length, value) = (0, "");
        var apostrophe = tokens[i].Text is "'" or "’";
        var at = apostrophe ? i + 1 : i;
        if (at >= tokens.Count || !tokens[at].IsNumber || (apostrophe && tokens[at].Start != tokens[i].End)) return false;
        var text = tokens[at].Text;
        var possessive = !text.EndsWith('s') && at + 2 < tokens.Count && tokens[at + 1].Text is "'" or "’" && tokens[at + 2].Text == "s"
            && tokens[at + 1].Start == tokens[at].End && tokens[at + 2].Start == tokens[at + 1].End;
        var digits = text.EndsWith('s') ? text[..^1] : possessive ? text : "";
        if (!digits.All(char.IsAsciiDigit) || digits.Length != (apostrophe ? 2 : 4) || digits[^1] != '0' || !(text.EndsWith('s') || possessive)) return false;
        var year = int.Parse(digits, CultureInfo.InvariantCulture);
        if (digits.Length == 4 && year is < 1000 or > 2990) return false;
        value = (digits.Length == 2 ? 1900 + year : year).ToString(CultureInfo.InvariantCulture);
        length = at - i + (possessive ? 3 : 1);
        return true;
    }

    private bool Step(PatternElement element, List<TimexToken> tokens, int i, bool prose, out int length, out string value)
    {
        length = 1;
        value = "";
        if (i >= tokens.Count) return false;
        var token = tokens[i];
        switch (element.Kind)
        {
            case PatternKind.Literal:
                value = token.Key;
                return element.Words.Contains(token.Key);
            case PatternKind.Lexicon when element.Words[0] == "number" && token.IsNumber && token.Text.All(char.IsAsciiDigit):
                // Digits are numbers too: "14 days ago" as "fourteen days ago".
                value = token.Text;
                return true;
            case PatternKind.Lexicon:
                return _lexicon.TryMatch(element.Words[0], tokens, i, prose, out value, out length);
            case PatternKind.Year:
                value = token.Text;
                return token.Text.Length == 4 && token.IsNumber && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1000 and <= 2999;
            case PatternKind.Decade:
                return DecadeAt(tokens, i, out length, out value);
            case PatternKind.Century:
                value = token.Text.Length is 3 or 4 ? token.Text[..^2] : "";
                return token.IsNumber && char.IsAsciiLetterLower(token.Text[^1]) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= 99;
            case PatternKind.Day:
                value = token.Text.TrimEnd(OrdinalSuffixLetters);
                return token.IsNumber && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 31 && token.Text.Length <= 4;
            default:
                return false;
        }
    }
}
