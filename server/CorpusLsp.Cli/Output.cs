using System.Buffers;
using System.Text;
using System.Text.Json;
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

    /// <summary>
    /// For the process's standard output, a writer with a 64 KB buffer over it (null for any other writer): Console.Out
    /// flushes every 256 characters, and a report of 190,000 diagnostics was ~160,000 write calls. Dispose to flush.
    /// </summary>
    public static TextWriter? Buffered(TextWriter w) =>
        ReferenceEquals(w, Console.Out) && Console.OutputEncoding.CodePage == Encoding.UTF8.CodePage
            ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
            : null;

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

    /// <summary>An array of objects, one per diagnostic, indented; written as it goes (a merge may report 100,000).</summary>
    public static void Json(TextWriter w, IEnumerable<Located> items)
    {
        using var text = new JsonText(w);
        var json = text.Writer;
        json.WriteStartArray();
        foreach (var x in items)
        {
            json.WriteStartObject();
            json.WriteString("path", x.DisplayPath);
            WriteRange(json, x, "line", "column", "endLine", "endColumn");
            json.WriteString("severity", SeverityWord(x.Diagnostic.Severity));
            json.WriteString("code", x.Diagnostic.Code);
            json.WriteString("name", x.Diagnostic.Descriptor.Name);
            json.WriteString("message", x.Diagnostic.Message);
            json.WriteStartArray("fixes");
            foreach (var f in x.Diagnostic.Fixes) { json.WriteStartObject(); json.WriteString("title", f.Title); json.WriteEndObject(); }
            json.WriteEndArray();
            json.WriteEndObject();
            text.Pass();
        }
        json.WriteEndArray();
    }

    private static void WriteRange(Utf8JsonWriter json, Located x, string line, string column, string endLine, string endColumn)
    {
        json.WriteNumber(line, x.Line);
        json.WriteNumber(column, x.Column);
        json.WriteNumber(endLine, x.EndLine);
        json.WriteNumber(endColumn, x.EndColumn);
    }

    /// <summary>SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, physical locations with regions.</summary>
    public static void Sarif(TextWriter w, IEnumerable<Located> items, string version)
    {
        using var text = new JsonText(w);
        var json = text.Writer;
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "corpuslsp");
        json.WriteString("version", version);
        json.WriteString("semanticVersion", version);
        json.WriteString("informationUri", "https://github.com/corpuslsp/corpuslsp");
        json.WriteStartArray("rules");
        foreach (var d in DiagnosticCatalog.All) SarifRule(json, d);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteStartArray("results");
        var ruleIndex = DiagnosticCatalog.All.Select((d, i) => (d.Code, i)).DistinctBy(r => r.Code).ToDictionary(r => r.Code, r => r.i, StringComparer.Ordinal);
        foreach (var x in items)
        {
            SarifResult(json, x, ruleIndex.GetValueOrDefault(x.Diagnostic.Code, -1));
            text.Pass();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void SarifRule(Utf8JsonWriter json, DiagnosticDescriptor d)
    {
        json.WriteStartObject();
        json.WriteString("id", d.Code);
        json.WriteString("name", ToPascal(d.Name));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", d.Title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", d.Help);
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", d.Help);
        json.WriteString("markdown", $"**{d.Code} {d.Title}**\n\n{d.Help}");
        json.WriteEndObject();
        json.WriteString("helpUri", $"https://github.com/corpuslsp/corpuslsp/blob/main/docs/diagnostics.md#{d.Code.ToLowerInvariant()}");
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(d.DefaultSeverity));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void SarifResult(Utf8JsonWriter json, Located x, int ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", x.Diagnostic.Code);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(x.Diagnostic.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", x.Diagnostic.Message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri.EscapeDataString(x.DisplayPath).Replace("%2F", "/"));
        json.WriteString("uriBaseId", "%SRCROOT%");
        json.WriteEndObject();
        json.WriteStartObject("region");
        WriteRange(json, x, "startLine", "startColumn", "endLine", "endColumn");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Indented JSON written to a text writer in pieces of ~64 KB, as a document model would print it, ending with a
    /// newline: a report of 100,000 diagnostics is never one tree or one string.
    /// </summary>
    private sealed class JsonText(TextWriter w) : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
        private char[] _chars = new char[1 << 16];
        private Utf8JsonWriter? _writer;

        public Utf8JsonWriter Writer => _writer ??= new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true });

        /// <summary>Passes what is written so far on to the text writer once there is enough of it.</summary>
        public void Pass()
        {
            if (Writer.BytesPending + _buffer.WrittenCount >= 1 << 16) Flush();
        }

        private void Flush()
        {
            Writer.Flush();
            // The default encoder escapes everything outside ASCII, and a flush ends on a whole token: no character is cut.
            // Decoded into one reused buffer: a 128 KB string per piece would be large-object garbage, and each few of
            // those a full collection of everything a merge holds.
            if (_chars.Length < _buffer.WrittenCount) _chars = new char[_buffer.WrittenCount];
            var count = Encoding.UTF8.GetChars(_buffer.WrittenSpan, _chars);
            w.Write(_chars, 0, count);
            _buffer.ResetWrittenCount();
        }

        public void Dispose()
        {
            Flush();
            w.WriteLine();
            Writer.Dispose();
        }
    }

    private static string Level(Severity s) => s switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" };
    private static string ToPascal(string kebab) => string.Concat(kebab.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
