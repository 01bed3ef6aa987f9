using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CorpusLsp.Core.Yaml;

public abstract record YNode(TextSpan Span);

public sealed record YScalar(string Value, TextSpan Span, bool IsPlain) : YNode(Span)
{
    /// <summary>Plain null per YAML core schema: empty, ~, null.</summary>
    /// <remarks>By length first: asked of most values a sidecar's model reads, which are longer than any null spelling.</remarks>
    public bool IsNull => IsPlain && Value.Length switch
    {
        0 => true,
        1 => Value[0] == '~',
        4 => Value is "null" or "Null" or "NULL",
        _ => false,
    };
}

public sealed record YSequence(ImmutableArray<YNode> Items, TextSpan Span) : YNode(Span);

/// <summary>A mapping's key and value, held in the mapping's array: an object per entry was ~10 KB of each pair a `check` reads (issue 19).</summary>
/// <remarks>
/// A plain key (every key of a block-style file) is held as its name and span, its <see cref="YScalar"/> made when asked:
/// a scalar object per key was ~40 bytes of each entry, ~5 KB of each sidecar's tree (issue 19). Readers of the name
/// (<see cref="Name"/>, <see cref="KeySpan"/>) make nothing.
/// </remarks>
public readonly record struct YEntry
{
    /// <summary>The key's name (a plain key) or its scalar (a quoted one).</summary>
    private readonly object _key;

    public YEntry(YScalar key, YNode value)
    {
        _key = key.IsPlain ? key.Value : key;
        KeySpan = key.Span;
        Value = value;
    }

    /// <summary>An entry of a plain key.</summary>
    public YEntry(string name, TextSpan keySpan, YNode value)
    {
        _key = name;
        KeySpan = keySpan;
        Value = value;
    }

    /// <summary>The key's text (<c>Key.Value</c>), without making its scalar.</summary>
    public string Name => _key as string ?? ((YScalar)_key).Value;

    /// <summary>The key's span (<c>Key.Span</c>).</summary>
    public TextSpan KeySpan { get; }

    public YNode Value { get; }

    /// <summary>The key as a scalar; a plain key's is made at each call (read <see cref="Name"/> where the name is enough).</summary>
    public YScalar Key => _key as YScalar ?? new YScalar((string)_key, KeySpan, IsPlain: true);

    public void Deconstruct(out YScalar key, out YNode value) => (key, value) = (Key, Value);
}

public sealed record YMapping(ImmutableArray<YEntry> Entries, TextSpan Span) : YNode(Span)
{
    public YNode? this[string key] => Entry(key)?.Value;

    // A loop, not a predicate: every key read of every mapping made a closure and a delegate (~0.4 MB per 2,000-mention edit).
    public YEntry? Entry(string key)
    {
        foreach (var e in Entries)
            if (SameName(e.Name, key)) return e;
        return null;
    }

    /// <summary>
    /// Equal names, decided without a call where it can be: a sidecar's keys are the code's own strings for their names
    /// (<see cref="BlockYaml.SidecarKey"/>), and most other keys differ in length. Each key read of a sidecar compared
    /// itself with the entries before it through string equality (~1% of a `check`; issue 19).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool SameName(string? a, string? b) => ReferenceEquals(a, b) || (a is not null && b is not null && a.Length == b.Length && string.Equals(a, b));
}

/// <summary>
/// A positioned YAML tree built from YamlDotNet's event parser. We build our own tree instead of
/// YamlDotNet's representation model so that aliases, tags, duplicate keys and size limits are
/// decided here, with positions, before anything is expanded (alias bombs never grow).
/// </summary>
public static class YamlTree
{
    public const int MaxDepth = 64;
    public const int MaxScalarLength = 1 << 20;
    public const int MaxNodes = 500_000;

    public sealed record Result(YNode? Root, ImmutableArray<Diagnostic> Diagnostics);

    /// <summary>Lines blanked at most to read the rest of a file that does not parse (each attempt is one more parse).</summary>
    public const int MaxRecoveredLines = 8;

    /// <summary>
    /// Parses like <see cref="Parse(string, SourceText)"/>; when the text does not parse, reads what it can: the line of
    /// each syntax error is blanked (same length, so every position stays) and the text parsed again, a few times. The
    /// user is typing (`ref: geonames:` is a syntax error until the id follows): the other entries keep their checks,
    /// and the syntax error is one diagnostic among them.
    /// </summary>
    public static Result ParseRecovering(string path, SourceText text)
    {
        var first = Parse(path, text);
        if (first.Root is not null || text.Length > MaxScalarLength
            || first.Diagnostics.FirstOrDefault(d => d.Code == DiagnosticCatalog.YamlSyntax.Code) is not { } error) return first;
        var chars = text.Text.ToCharArray();
        var blanked = new HashSet<int>();
        var at = error.Span.Start;
        for (var attempt = 0; attempt < MaxRecoveredLines; attempt++)
        {
            var line = text.GetLineColumn(Math.Min(at, Math.Max(0, text.Length - 1))).Line;
            // The same error again: the cause is above it (an item's first line, an unclosed bracket).
            while (!blanked.Add(line) && line > 0) line--;
            for (var i = text.LineStart(line); i < text.LineEnd(line); i++) chars[i] = ' ';
            var retry = Parse(path, new SourceText(new string(chars)));
            if (retry.Root is not null)
                return new Result(retry.Root, [error, .. retry.Diagnostics]); // the retry reports again what came before the error
            if (retry.Diagnostics.FirstOrDefault(d => d.Code == DiagnosticCatalog.YamlSyntax.Code) is not { } next) break;
            at = next.Span.Start;
        }
        return first;
    }

    /// <summary>
    /// The positioned tree of one YAML document. Block-style files (what sidecars are) are read directly by
    /// <see cref="BlockYaml"/>; everything else goes through YamlDotNet's event parser, with the same result.
    /// </summary>
    public static Result Parse(string path, SourceText text) => BlockYaml.TryParse(path, text) ?? ParseWithYamlDotNet(path, text);

    internal static Diagnostic DuplicateKey(string path, SourceText text, YScalar key, YScalar first)
    {
        var (line, _) = text.GetLineColumn(first.Span.Start);
        return Diagnostic.Create(DiagnosticCatalog.DuplicateKey, path, key.Span,
            $"Duplicate key '{Excerpt.Of(key.Value)}' (first defined on line {line + 1}); remove or merge one of them.");
    }

    /// <summary>The tree from YamlDotNet's events, for any YAML (the reference <see cref="BlockYaml"/> is tested against).</summary>
    internal static Result ParseWithYamlDotNet(string path, SourceText text)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var builder = new Builder(path, text, diagnostics);
        try
        {
            var root = builder.ParseStream();
            return new Result(root, diagnostics.ToImmutable());
        }
        catch (YamlException ex)
        {
            var offset = MarkToOffset(text, ex.Start);
            var span = new TextSpan(offset, Math.Min(text.Length, Math.Max(offset, MarkToOffset(text, ex.End))));
            if (span.IsEmpty && offset < text.Length) span = new TextSpan(offset, offset + 1);
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlSyntax, path, span, $"YAML syntax error: {CleanMessage(ex.Message)}"));
            return new Result(null, diagnostics.ToImmutable());
        }
        catch (LimitExceeded ex)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlUnsupported, path, ex.Span, ex.Message));
            return new Result(null, diagnostics.ToImmutable());
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or InvalidCastException)
        {
            // YamlDotNet gives up on some malformed streams without a YamlException; the position is where it stopped.
            var at = Math.Min(builder.LastOffset, text.Length);
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlSyntax, path, new TextSpan(at, Math.Min(text.Length, at + 1)),
                "YAML syntax error: the document ends unexpectedly or its structure is broken here."));
            return new Result(null, diagnostics.ToImmutable());
        }
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (…): "; our positions already say that.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        var cleaned = message.StartsWith("(Line", StringComparison.Ordinal) && i >= 0 ? message[(i + 3)..] : message;
        return cleaned.TrimEnd('.') + ".";
    }

    /// <summary>YamlDotNet's Mark.Index counts UTF-16 chars; we recompute from line/column to be safe across line-break styles.</summary>
    internal static int MarkToOffset(SourceText text, Mark mark)
    {
        var line = (int)Math.Max(0, mark.Line - 1);
        var column = (int)Math.Max(0, mark.Column - 1);
        if (line >= text.LineCount) return text.Length;
        return Math.Min(text.LineStart(line) + column, text.Length);
    }

    /// <summary>
    /// YAML 1.2 breaks lines only at CR and LF; NEL (U+0085), LS (U+2028) and PS (U+2029) are ordinary characters (they
    /// come with text pasted from the web). YamlDotNet still breaks lines at them (YAML 1.1), which shifts every position
    /// after them and can turn a comment's tail into content. They are swapped for private-use characters of the same
    /// length before parsing and restored in values. A text that already holds a stand-in is parsed as it is.
    /// </summary>
    private static readonly (char Separator, char StandIn)[] NonBreaks = [('\u0085', '\uF8F0'), ('\u2028', '\uF8F1'), ('\u2029', '\uF8F2')];

    private static bool NeedsStandIns(string text) =>
        text.AsSpan().IndexOfAny("\u0085\u2028\u2029") >= 0 && text.AsSpan().IndexOfAny("\uF8F0\uF8F1\uF8F2") < 0;

    private static string ForParser(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            foreach (var (separator, standIn) in NonBreaks)
                if (chars[i] == separator) chars[i] = standIn;
        return new string(chars);
    }

    /// <summary>The YAML 1.2 core schema's tags: anything else (`!!python/object`, `!ruby/…`) asks a loader to build objects.</summary>
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    };

    private sealed class LimitExceeded(TextSpan span, string message) : Exception(message)
    {
        public TextSpan Span { get; } = span;
    }

    private sealed class Builder(string path, SourceText text, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        private readonly bool _standIns = NeedsStandIns(text.Text);
        private readonly IParser _parser = new Parser(new StringReader(NeedsStandIns(text.Text) ? ForParser(text.Text) : text.Text));
        private int _nodes;

        /// <summary>Values as written: the stand-ins <see cref="ForParser"/> put in for NEL, LS and PS are put back.</summary>
        private string Restore(string value)
        {
            if (!_standIns) return value;
            foreach (var (separator, standIn) in NonBreaks) value = value.Replace(standIn, separator);
            return value;
        }

        public int LastOffset { get; private set; }

        private TextSpan SpanOf(ParsingEvent e)
        {
            var span = new TextSpan(MarkToOffset(text, e.Start), Math.Max(MarkToOffset(text, e.Start), MarkToOffset(text, e.End)));
            LastOffset = Math.Max(LastOffset, span.End);
            return span;
        }

        public YNode? ParseStream()
        {
            _parser.Consume<StreamStart>();
            YNode? root = null;
            var documents = 0;
            while (_parser.TryConsume<DocumentStart>(out var docStart))
            {
                documents++;
                var node = _parser.Accept<DocumentEnd>(out _) ? null : ParseNode(0);
                _parser.Consume<DocumentEnd>();
                if (documents == 1) root = node;
                else diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlUnsupported, path, SpanOf(docStart),
                    "Only one YAML document per file is read; this one is ignored. Remove the `---` separator."));
            }
            _parser.Consume<StreamEnd>();
            return root;
        }

        private void CheckProperties(NodeEvent e)
        {
            if (!e.Anchor.IsEmpty)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlUnsupported, path, SpanOf(e),
                    $"Anchor '&{e.Anchor}' is not allowed in corpus files; write values out in full."));
            if (!e.Tag.IsEmpty && !e.Tag.IsNonSpecific && !CoreTags.Contains(e.Tag.Value))
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlUnsupported, path, SpanOf(e),
                    $"Custom tag '{Excerpt.Of(Restore(e.Tag.Value), 60)}' is not allowed (only the YAML core schema's str, int, float, bool, null, seq and map are); the value is read as plain data."));
        }

        /// <summary>Flow collections end after their closing bracket, which YamlDotNet's end mark does not include.</summary>
        private TextSpan CollectionSpan(ParsingEvent start, ParsingEvent end)
        {
            var from = SpanOf(start).Start;
            var to = Math.Max(from, SpanOf(end).End);
            if (from < text.Length && text.Text[from] is '[' or '{')
            {
                var close = text.Text[from] == '[' ? ']' : '}';
                var at = SpanOf(end).Start;
                if (at < text.Length && text.Text[at] == close) to = Math.Max(to, at + 1);
            }
            return new TextSpan(from, to);
        }

        private YNode ParseNode(int depth)
        {
            if (++_nodes > MaxNodes)
                throw new LimitExceeded(SpanOf(_parser.Current!), $"The file has more than {MaxNodes} YAML nodes; split it.");
            if (depth > MaxDepth)
                throw new LimitExceeded(SpanOf(_parser.Current!), $"Nesting deeper than {MaxDepth} levels is not allowed.");

            if (_parser.TryConsume<AnchorAlias>(out var alias))
            {
                var span = SpanOf(alias);
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlUnsupported, path, span,
                    $"Alias '*{Excerpt.Of(alias.Value.Value)}' is not allowed in corpus files (aliases can expand without bound); write the value out."));
                // A quoted empty placeholder: the alias is reported once, not again as a schema error.
                return new YScalar("", span, IsPlain: false);
            }
            if (_parser.TryConsume<Scalar>(out var scalar))
            {
                CheckProperties(scalar);
                var span = SpanOf(scalar);
                if (scalar.Value.Length > MaxScalarLength)
                    throw new LimitExceeded(span, $"A scalar of {scalar.Value.Length} characters exceeds the limit of {MaxScalarLength}.");
                return new YScalar(Restore(scalar.Value), span, scalar.Style == ScalarStyle.Plain);
            }
            if (_parser.TryConsume<SequenceStart>(out var seqStart))
            {
                CheckProperties(seqStart);
                var items = ImmutableArray.CreateBuilder<YNode>();
                while (!_parser.Accept<SequenceEnd>(out _)) items.Add(ParseNode(depth + 1));
                var end = _parser.Consume<SequenceEnd>();
                return new YSequence(items.ToImmutable(), CollectionSpan(seqStart, end));
            }
            if (_parser.TryConsume<MappingStart>(out var mapStart))
            {
                CheckProperties(mapStart);
                var entries = ImmutableArray.CreateBuilder<YEntry>();
                var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
                while (!_parser.Accept<MappingEnd>(out _))
                {
                    var keyNode = ParseNode(depth + 1);
                    var value = ParseNode(depth + 1);
                    if (keyNode is not YScalar key)
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SchemaType, path, keyNode.Span, "Mapping keys must be plain text."));
                        continue;
                    }
                    if (seen.TryGetValue(key.Value, out var first))
                    {
                        diagnostics.Add(DuplicateKey(path, text, key, first));
                        continue;
                    }
                    seen[key.Value] = key;
                    entries.Add(new YEntry(key, value));
                }
                var end = _parser.Consume<MappingEnd>();
                return new YMapping(entries.ToImmutable(), CollectionSpan(mapStart, end));
            }
            var unexpected = _parser.Current!;
            throw new YamlException(unexpected.Start, unexpected.End, $"Unexpected {unexpected.GetType().Name}.");
        }
    }
}
