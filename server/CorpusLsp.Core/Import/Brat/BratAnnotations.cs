using System.Collections.Immutable;
using System.Globalization;

namespace CorpusLsp.Core.Import.Brat;

/// <summary>A text span of a brat annotation, in code points of the document, end exclusive.</summary>
public readonly record struct BratFragment(int Start, int End);

/// <summary>One line of a brat standoff (.ann) file. <c>Line</c> is 1-based.</summary>
public abstract record BratLine(string Id, int Line);

/// <summary><c>T1	Location 0 5;16 23	North America</c></summary>
public sealed record BratTextBound(string Id, int Line, string Type, ImmutableArray<BratFragment> Fragments, string Text) : BratLine(Id, Line);

/// <summary><c>E1	Attack:T3 Place:T1 Time:T5</c></summary>
public sealed record BratEvent(string Id, int Line, string Type, string Trigger, ImmutableArray<(string Role, string Target)> Arguments) : BratLine(Id, Line);

/// <summary><c>R1	Located_in Arg1:T1 Arg2:T2</c></summary>
public sealed record BratRelation(string Id, int Line, string Type, ImmutableArray<(string Role, string Target)> Arguments) : BratLine(Id, Line);

/// <summary><c>*	Equiv T1 T2</c> (no id of its own).</summary>
public sealed record BratEquiv(int Line, string Type, ImmutableArray<string> Targets) : BratLine("*", Line);

/// <summary><c>A1	Negation E1</c> or <c>A2	Confidence E2 L1</c> (older files write M for A).</summary>
public sealed record BratAttribute(string Id, int Line, string Type, string Target, string? Value) : BratLine(Id, Line);

/// <summary><c>N1	Reference T1 GeoNames:2643743	London</c></summary>
public sealed record BratNormalization(string Id, int Line, string Type, string Target, string Database, string Key, string? Text) : BratLine(Id, Line);

/// <summary><c>#1	AnnotatorNotes T1	free text</c></summary>
public sealed record BratNote(string Id, int Line, string Type, string Target, string Text) : BratLine(Id, Line);

/// <summary>A line that does not follow the standoff format, kept with the reason so nothing is dropped silently.</summary>
public sealed record BratMalformed(int Line, string Content, string Reason) : BratLine("", Line);

/// <summary>
/// Reads brat standoff annotation files (the format brat and INCEpTION write): one annotation per line, the id's first
/// letter says what it is. Never throws: a line it cannot read becomes a <see cref="BratMalformed"/>.
/// </summary>
public static class BratAnnotations
{
    public static ImmutableArray<BratLine> Parse(string ann)
    {
        var result = ImmutableArray.CreateBuilder<BratLine>();
        var lineNumber = 0;
        foreach (var raw in ann.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (lineNumber == 1) line = line.TrimStart('\uFEFF');
            if (line.Trim().Length == 0) continue;
            result.Add(ParseLine(line, lineNumber));
        }
        return result.ToImmutable();
    }

    private static BratLine ParseLine(string line, int n)
    {
        var fields = line.Split('\t');
        var id = fields[0];
        if (id.Length == 0) return new BratMalformed(n, line, "no annotation id before the first tab");
        if (fields.Length < 2) return new BratMalformed(n, line, "no tab after the annotation id");
        var words = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rest = fields.Length > 2 ? string.Join('\t', fields[2..]) : null;
        if (words.Length == 0) return new BratMalformed(n, line, "nothing after the annotation id");
        return id[0] switch
        {
            'T' => TextBound(id, n, line, words, rest),
            'E' => Event(id, n, line, words),
            'R' => Relation(id, n, line, words),
            '*' => words.Length >= 3 ? new BratEquiv(n, words[0], [.. words[1..]]) : new BratMalformed(n, line, "an equivalence needs a type and two ids"),
            'A' or 'M' => words.Length is 2 or 3 ? new BratAttribute(id, n, words[0], words[1], words.Length == 3 ? words[2] : null)
                : new BratMalformed(n, line, "an attribute is 'TYPE TARGET [VALUE]'"),
            'N' => Normalization(id, n, line, words, rest),
            '#' => words.Length == 2 ? new BratNote(id, n, words[0], words[1], rest ?? "") : new BratMalformed(n, line, "a note is 'TYPE TARGET<TAB>TEXT'"),
            _ => new BratMalformed(n, line, $"unknown annotation kind '{id[0]}'"),
        };
    }

    private static BratLine TextBound(string id, int n, string line, string[] words, string? text)
    {
        if (text is null) return new BratMalformed(n, line, "a text-bound annotation needs its text after a second tab");
        // "Location 0 5;16 23" splits on spaces into Location, 0, 5;16, 23.
        var offsets = string.Join(' ', words[1..]).Split(';');
        var fragments = ImmutableArray.CreateBuilder<BratFragment>();
        foreach (var f in offsets)
        {
            var pair = f.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (pair.Length != 2 || !int.TryParse(pair[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e < s)
                return new BratMalformed(n, line, $"offsets '{f.Trim()}' are not 'START END' with START <= END");
            fragments.Add(new BratFragment(s, e));
        }
        return fragments.Count == 0 ? new BratMalformed(n, line, "no offsets") : new BratTextBound(id, n, words[0], fragments.ToImmutable(), text);
    }

    private static BratLine Event(string id, int n, string line, string[] words)
    {
        var parts = ParseArguments(words);
        if (parts is null || parts.Value.IsEmpty) return new BratMalformed(n, line, "an event is 'TYPE:TRIGGER ROLE:ID …'");
        var (type, trigger) = parts.Value[0];
        return new BratEvent(id, n, type, trigger, parts.Value[1..]);
    }

    private static BratLine Relation(string id, int n, string line, string[] words)
    {
        var args = words.Length >= 3 ? ParseArguments(words[1..]) : null;
        return args is null ? new BratMalformed(n, line, "a relation is 'TYPE Arg1:ID Arg2:ID'") : new BratRelation(id, n, words[0], args.Value);
    }

    private static BratLine Normalization(string id, int n, string line, string[] words, string? text)
    {
        if (words.Length != 3) return new BratMalformed(n, line, "a normalization is 'TYPE TARGET DB:KEY<TAB>TEXT'");
        var colon = words[2].IndexOf(':');
        if (colon <= 0 || colon == words[2].Length - 1) return new BratMalformed(n, line, $"'{words[2]}' is not DB:KEY");
        return new BratNormalization(id, n, words[0], words[1], words[2][..colon], words[2][(colon + 1)..], text);
    }

    private static ImmutableArray<(string Role, string Target)>? ParseArguments(IEnumerable<string> words)
    {
        var args = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var w in words)
        {
            var colon = w.LastIndexOf(':');
            if (colon <= 0 || colon == w.Length - 1) return null;
            args.Add((w[..colon], w[(colon + 1)..]));
        }
        return args.ToImmutable();
    }
}
