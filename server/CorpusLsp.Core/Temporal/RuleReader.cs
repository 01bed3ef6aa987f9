using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CorpusLsp.Core.Temporal;

/// <summary>Reads one rule block of Data/rules.txt: `rule:`, `pattern:`, `value:` and one or more `example:` lines.</summary>
internal static class RuleReader
{
    public static TimexRule? Read(List<(int Line, string Key, string Value)> block, Lexicon lexicon, out string? problem)
    {
        problem = null;
        string Get(string key) => block.FirstOrDefault(l => l.Key == key).Value ?? "";
        var name = Get("rule");
        var at = $"rule '{name}' (line {block[0].Line})";
        var (pattern, template) = (Get("pattern"), Get("value"));
        if (name.Length == 0 || pattern.Length == 0 || template.Length == 0) { problem = $"{at}: needs rule, pattern and value"; return null; }
        var examples = ImmutableArray.CreateBuilder<RuleExample>();
        foreach (var line in block.Where(l => l.Key == "example"))
        {
            if (ReadExample(line.Value) is { } example) examples.Add(example);
            else { problem = $"{at}: example '{line.Value}' is not `YYYY-MM-DD [past|future|unmarked] [previous=VALUE] | expression, or words before [expression] words after | value`"; return null; }
        }
        if (examples.Count == 0) { problem = $"{at}: has no example, so it does not load"; return null; }
        var elements = ReadPattern(pattern, lexicon, out var patternProblem);
        if (patternProblem is not null) { problem = $"{at}: {patternProblem}"; return null; }
        var (first, number) = FirstWords(elements, lexicon);
        // `prose: off: why` (the reason after a colon, as the source line gives the support).
        var prose = Get("prose").Split(':')[0].Trim();
        if (prose is not ("" or "on" or "off")) { problem = $"{at}: prose is 'on' or 'off', not '{prose}'"; return null; }
        var guards = ReadGuards(block, lexicon, out var guardProblem);
        if (guardProblem is not null) { problem = $"{at}: {guardProblem}"; return null; }
        return new TimexRule(name, pattern, template, examples.ToImmutable())
        {
            Elements = elements, FirstWords = first, StartsWithNumber = number, InProse = prose != "off", Guards = guards,
        };
    }

    /// <summary>
    /// `preceded-by:`, `not-preceded-by:`, `followed-by:`, `not-followed-by:` lines: a pattern of words, `a|b` and
    /// `@section` (no `?`, no `...`, no `#` shape but `#year`) the tokens right before or after a match in running text
    /// must (not) form. Several lines of one key: any of them (none of them, for `not-`).
    /// </summary>
    private static ImmutableArray<RuleGuard> ReadGuards(List<(int Line, string Key, string Value)> block, Lexicon lexicon, out string? problem)
    {
        problem = null;
        var guards = ImmutableArray.CreateBuilder<RuleGuard>();
        foreach (var (_, key, value) in block.Where(l => l.Key.EndsWith("-by", StringComparison.Ordinal)))
        {
            var side = key.StartsWith("not-", StringComparison.Ordinal) ? key[4..] : key;
            if (side is not ("preceded-by" or "followed-by")) { problem = $"no guard '{key}' (preceded-by, followed-by, not-preceded-by, not-followed-by)"; return []; }
            var elements = ReadPattern(value, lexicon, out problem);
            if (problem is not null) return [];
            if (elements.Length == 0 || elements.Any(e => e.Optional || e.Kind == PatternKind.Rest)) { problem = $"guard '{key}: {value}' has an optional element or `...`"; return []; }
            guards.Add(new RuleGuard(side == "preceded-by", key.StartsWith("not-", StringComparison.Ordinal), elements));
        }
        return guards.ToImmutable();
    }

    private static RuleExample? ReadExample(string text)
    {
        var parts = text.Split('|').Select(p => p.Trim()).ToArray();
        if (parts.Length != 3) return null;
        var given = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (given.Length == 0 || Timex.PlainDay(given[0]) is not { } published) return null;
        var tense = Tense.Past;
        Timex? previous = null;
        foreach (var word in given.Skip(1))
        {
            if (word.StartsWith("previous=", StringComparison.Ordinal) && Timex.ParseIso(word[9..]) is { } p) previous = p;
            else if (Enum.TryParse<Tense>(word, ignoreCase: true, out var t)) tense = t;
            else return null;
        }
        // "its [1990] invasion": the expression in brackets, the words around it what the rule's guards read.
        var (open, close) = (parts[1].IndexOf('['), parts[1].IndexOf(']'));
        if (open < 0 && close < 0) return new RuleExample(parts[1], published, tense, previous, parts[2]);
        if (open < 0 || close < open + 2) return null;
        return new RuleExample(parts[1][(open + 1)..close].Trim(), published, tense, previous, parts[2])
        {
            Before = parts[1][..open].Trim(), After = parts[1][(close + 1)..].Trim(),
        };
    }

    /// <summary>The words a match can start with: those of each leading optional element and of the first required one.</summary>
    private static (FrozenSet<string> Words, bool Number) FirstWords(ImmutableArray<PatternElement> elements, Lexicon lexicon)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var number = false;
        foreach (var element in elements)
        {
            if (element.Kind == PatternKind.Literal) words.UnionWith(element.Words);
            else if (element.Kind == PatternKind.Lexicon)
            {
                words.UnionWith(lexicon.FirstWords(element.Words[0]));
                // Digits start "14 days" (number) and "3rd quarter" (an ordinal written in digits).
                number |= element.Words[0] == "number" || lexicon.FirstWords(element.Words[0]).Any(w => char.IsAsciiDigit(w[0]));
            }
            else if (element.Kind is PatternKind.Year or PatternKind.Day or PatternKind.Century) number = true;
            else if (element.Kind == PatternKind.Decade) { number = true; words.Add("'"); }
            if (!element.Optional) break;
        }
        return (words.ToFrozenSet(StringComparer.Ordinal), number);
    }

    /// <summary>
    /// `word`, `a|b` (any of these words), `@section` (a form of the lexicon section, captured as the slot `section`),
    /// `#year`, `#day`, `#decade` ("1990s", "'80s"), `#century` ("20th"), `...` (the rest of the expression; nothing in running text); a trailing `?` makes one optional.
    /// </summary>
    private static ImmutableArray<PatternElement> ReadPattern(string pattern, Lexicon lexicon, out string? problem)
    {
        problem = null;
        var elements = ImmutableArray.CreateBuilder<PatternElement>();
        foreach (var raw in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var optional = raw.Length > 1 && raw.EndsWith('?');
            var word = optional ? raw[..^1] : raw;
            PatternElement element;
            if (word == "...") element = new PatternElement(PatternKind.Rest, [], "", true);
            else if (word.StartsWith('@'))
            {
                if (!lexicon.Sections.Contains(word[1..])) { problem = $"no lexicon section '{word[1..]}'"; return []; }
                element = new PatternElement(PatternKind.Lexicon, [word[1..]], word[1..], optional);
            }
            else if (word is "#year" or "#day" or "#decade" or "#century")
                element = new PatternElement(word switch { "#year" => PatternKind.Year, "#day" => PatternKind.Day, "#decade" => PatternKind.Decade, _ => PatternKind.Century }, [], word[1..], optional);
            else element = new PatternElement(PatternKind.Literal, [.. word.Split('|').Select(w => w.ToLowerInvariant().Replace('’', '\''))], "", optional);
            elements.Add(element);
        }
        return elements.ToImmutable();
    }
}
