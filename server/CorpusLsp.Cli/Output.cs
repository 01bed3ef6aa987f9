using System.Text.Json;
using System.Text.Json.Nodes;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

/// <summary>A diagnostic with 1-based line/column, ready for any output format.</summary>
public sealed record Located(Diagnostic Diagnostic, string DisplayPath, int Line, int Column, int EndLine, int EndColumn);

public static class Output
{
    public static Located Locate(Diagnostic d, CorpusSnapshot snapshot, Func<string, SourceText?> fallback, string displayBase)
    {
        var text = snapshot.TextOf(d.Path) ?? fallback(d.Path);
        var (l1, c1) = text?.GetLineColumn(d.Span.Start) ?? (0, 0);
        var (l2, c2) = text?.GetLineColumn(d.Span.End) ?? (0, 0);
        var display = Path.GetRelativePath(displayBase, d.Path).Replace('\\', '/');
        return new Located(d, display, l1 + 1, c1 + 1, l2 + 1, c2 + 1);
    }

    public static string SeverityWord(Severity s) => s switch
    {
        Severity.Error => "error", Severity.Warning => "warning", Severity.Information => "info", _ => "hint",
    };

    /// <summary>One diagnostic per line, as editors and grep expect: a control character in a path or message is escaped.</summary>
    public static void Text(TextWriter w, IEnumerable<Located> items)
    {
        foreach (var x in items)
            w.WriteLine($"{EscapeControls(x.DisplayPath)}:{x.Line}:{x.Column}: {SeverityWord(x.Diagnostic.Severity)} {x.Diagnostic.Code} {EscapeControls(x.Diagnostic.Message)}");
    }

    /// <summary>\n, \r, \t, or \uXXXX for other control characters; everything else as it is.</summary>
    public static string EscapeControls(string s)
    {
        if (!s.Any(char.IsControl)) return s;
        var sb = new System.Text.StringBuilder(s.Length + 8);
        foreach (var c in s)
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    /// <summary>
    /// GitHub Actions workflow commands, escaped as the runner reads them back: in the message '%', CR and LF; in
    /// property values (file, title) also ':' and ',', which would otherwise end the value.
    /// </summary>
    public static void GitHub(TextWriter w, IEnumerable<Located> items)
    {
        static string Esc(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
        static string EscProp(string s) => Esc(s).Replace(":", "%3A").Replace(",", "%2C");
        foreach (var x in items)
        {
            var level = x.Diagnostic.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            w.WriteLine($"::{level} file={EscProp(x.DisplayPath)},line={x.Line},col={x.Column},endLine={x.EndLine},endColumn={x.EndColumn},title={EscProp(x.Diagnostic.Code)}::{Esc(x.Diagnostic.Message)}");
        }
    }

    public static void Json(TextWriter w, IEnumerable<Located> items)
    {
        var array = new JsonArray();
        foreach (var x in items)
            array.Add(new JsonObject
            {
                ["path"] = x.DisplayPath, ["line"] = x.Line, ["column"] = x.Column, ["endLine"] = x.EndLine, ["endColumn"] = x.EndColumn,
                ["severity"] = SeverityWord(x.Diagnostic.Severity), ["code"] = x.Diagnostic.Code, ["name"] = x.Diagnostic.Descriptor.Name,
                ["message"] = x.Diagnostic.Message,
                ["fixes"] = new JsonArray(x.Diagnostic.Fixes.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title }).ToArray()),
            });
        w.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, physical locations with regions.</summary>
    public static void Sarif(TextWriter w, IReadOnlyList<Located> items, string version)
    {
        var rules = new JsonArray(DiagnosticCatalog.All.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Code,
            ["name"] = ToPascal(d.Name),
            ["shortDescription"] = new JsonObject { ["text"] = d.Title },
            ["fullDescription"] = new JsonObject { ["text"] = d.Help },
            ["help"] = new JsonObject { ["text"] = d.Help, ["markdown"] = $"**{d.Code} {d.Title}**\n\n{d.Help}" },
            ["helpUri"] = $"https://github.com/corpuslsp/corpuslsp/blob/main/docs/diagnostics.md#{d.Code.ToLowerInvariant()}",
            ["defaultConfiguration"] = new JsonObject { ["level"] = Level(d.DefaultSeverity) },
        }).ToArray());
        var results = new JsonArray(items.Select(x => (JsonNode)new JsonObject
        {
            ["ruleId"] = x.Diagnostic.Code,
            ["ruleIndex"] = DiagnosticCatalog.All.ToList().FindIndex(d => d.Code == x.Diagnostic.Code),
            ["level"] = Level(x.Diagnostic.Severity),
            ["message"] = new JsonObject { ["text"] = x.Diagnostic.Message },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = Uri.EscapeDataString(x.DisplayPath).Replace("%2F", "/"), ["uriBaseId"] = "%SRCROOT%" },
                    ["region"] = new JsonObject { ["startLine"] = x.Line, ["startColumn"] = x.Column, ["endLine"] = x.EndLine, ["endColumn"] = x.EndColumn },
                },
            }),
        }).ToArray());
        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = new JsonObject
                {
                    ["name"] = "corpuslsp", ["version"] = version, ["semanticVersion"] = version,
                    ["informationUri"] = "https://github.com/corpuslsp/corpuslsp", ["rules"] = rules,
                } },
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = results,
            }),
        };
        w.WriteLine(sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Level(Severity s) => s switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" };
    private static string ToPascal(string kebab) => string.Concat(kebab.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
