using System.Text.RegularExpressions;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>The temporal engine stays readable: short methods, and words around an expression read within its sentence or
/// clause, not through fixed character windows.</summary>
public sealed partial class TemporalTidyTests
{
    private static IEnumerable<(string File, string[] Lines)> Sources() =>
        Directory.GetFiles(Path.Combine(Repo.Root, "server", "CorpusLsp.Core", "Temporal"), "*.cs")
            .Select(f => (Path.GetFileName(f), File.ReadAllLines(f)));

    [GeneratedRegex(@"^    (?:public|private|internal|protected)[^=;]*\(")]
    private static partial Regex MemberStart();

    [Fact]
    public void No_method_in_Temporal_is_over_60_lines()
    {
        var tooLong = new List<string>();
        foreach (var (file, lines) in Sources())
            for (var i = 0; i < lines.Length; i++)
            {
                if (!MemberStart().IsMatch(lines[i]) || lines[i].TrimEnd().EndsWith(';') || lines[i].Contains("partial Regex", StringComparison.Ordinal)) continue;
                var expressionBodied = lines[i].Contains("=>", StringComparison.Ordinal) || (i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith("=>", StringComparison.Ordinal));
                var end = i;
                while (end < lines.Length - 1 && (expressionBodied ? !lines[end].TrimEnd().EndsWith(';') : lines[end] != "    }")) end++;
                if (end - i + 1 > 60) tooLong.Add($"{file}:{i + 1} ({end - i + 1} lines): {lines[i].Trim()}");
                i = end;
            }
        Assert.Empty(tooLong);
    }

    // "span.End + 30": a window of a fixed number of characters (a step of one character is no window).
    [GeneratedRegex(@"\b(?:span|expression)\.(?:End|Start)\s*[+-]\s*\d{2,}")]
    private static partial Regex FixedWindow();

    [Fact]
    public void Words_around_an_expression_are_read_in_its_sentence_not_in_fixed_windows() =>
        Assert.Empty(Sources().SelectMany(s => s.Lines.Select((l, i) => (s.File, Line: i + 1, Text: l))).Where(l => FixedWindow().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}"));
}
