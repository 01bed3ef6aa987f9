using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Schema;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Model;

public static class SidecarReader
{
    /// <param name="validate">False skips the schema check (which changes no field of the model) for passes that read a few fields only.</param>
    public static (Sidecar Sidecar, ImmutableArray<Diagnostic> Diagnostics) Read(string path, SourceText text, bool validate = true)
    {
        var parsed = YamlTree.ParseRecovering(path, text);
        var diagnostics = parsed.Diagnostics.ToBuilder();
        if (parsed.Root is null) return (Empty(path, text), diagnostics.ToImmutable());
        if (validate) new SchemaValidator(path).Validate(parsed.Root, BuiltInSchemas.Annotation.Root, diagnostics);
        if (parsed.Root is not YMapping root) return (Empty(path, text), diagnostics.ToImmutable());

        var metaNode = root["meta"] as YMapping;
        var dateline = metaNode?["dateline"] as YMapping;
        var meta = new Meta(
            Str(metaNode, "title"), Str(metaNode, "source"), Str(metaNode, "url"), Str(metaNode, "language"),
            Str(metaNode, "published"), metaNode?["published"] as YScalar,
            dateline is null ? null : ReadAnchor(dateline), Str(dateline, "place"), Str(dateline, "note"), metaNode);

        var sidecar = new Sidecar(path, text, root, Str(root, "article"), root["article"] as YScalar, meta,
            Places: Each(root, "places", static m =>
            {
                var f = Fields.Of(m);
                return new PlaceMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note), Str(f.Ref), f.Ref as YScalar);
            }),
            People: Each(root, "people", static m =>
            {
                var f = Fields.Of(m);
                return new PersonMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note), Str(f.Name), Str(f.Role));
            }),
            Organisations: Each(root, "organisations", static m =>
            {
                var f = Fields.Of(m);
                return new OrganisationMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note), Str(f.Name), Str(f.Kind));
            }),
            Events: Each(root, "events", static m =>
            {
                var f = Fields.Of(m);
                return new EventMention(Str(f.Id), ReadAnchor(m, f), m, Str(f.Note),
                    Str(f.Type), Str(f.Date), f.Date as YScalar, ReadWhen(f.When), Str(f.Status), Str(f.Key), Str(f.RelativeTo), f.RelativeTo as YScalar,
                    Scalars(f.Places), Scalars(f.Participants));
            }));
        AddDuplicateIds(diagnostics, path, text, sidecar);
        return (sidecar, diagnostics.ToImmutable());
    }

    private static Sidecar Empty(string path, SourceText text) =>
        new(path, text, null, null, null, new Meta(null, null, null, null, null, null, null, null, null, null), [], [], [], []);

    /// <summary>
    /// The mappings of a top-level list, each read as a mention, in one array of their number: LINQ's filter, projection
    /// and growing copy made three objects and a few arrays per list of every sidecar read (issue 19), and a builder one more.
    /// </summary>
    private static ImmutableArray<T> Each<T>(YMapping root, string key, Func<YMapping, T> read) => Each(root[key], read);

    /// <summary>The items of a sequence that are <typeparamref name="TNode"/>s, each read, in an array of their number.</summary>
    private static ImmutableArray<T> Each<TNode, T>(YNode? node, Func<TNode, T> read) where TNode : YNode
    {
        if (node is not YSequence seq) return [];
        var count = 0;
        foreach (var item in seq.Items)
            if (item is TNode) count++;
        if (count == 0) return [];
        var items = new T[count];
        var at = 0;
        foreach (var item in seq.Items)
            if (item is TNode n) items[at++] = read(n);
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    /// <summary>
    /// What pairing and source profiles read of a sidecar (its `article`, its `meta.source` and its places' `ref`s, as
    /// <see cref="Read"/> gives them), taken from the tree alone: `check` reads every sidecar for these before any analysis,
    /// and building the model and its duplicate-id check there was a third of that pass's allocation (issue 19).
    /// </summary>
    public static (string? ArticleName, string? Source, List<string> Refs) ReadFacts(string path, SourceText text)
    {
        var refs = new List<string>();
        // A block-style sidecar is skimmed for these three (a tree of them alone); anything else is parsed as for its analysis.
        if ((BlockYaml.TrySkimFacts(path, text) ?? YamlTree.ParseRecovering(path, text)).Root is not YMapping root) return (null, null, refs);
        foreach (var m in Items(root, "places"))
            if (Str(m, "ref") is { } reference) refs.Add(reference);
        return (Str(root, "article"), Str(root["meta"] as YMapping, "source"), refs);
    }

    /// <summary>
    /// <see cref="ReadFacts"/>'s answer guessed from the lines that hold it, or null when one of them is not plain block style
    /// (a quoted, flow, multi-line or repeated value, a document marker, a tab, a character the readers swap): the exact
    /// facts cost a read of every line's structure, 6–9% of a `check` (issue 19). Not proof: whether the file parses at all
    /// depends on every line, so a caller holds a guess only until the full read of the sidecar confirms it.
    /// </summary>
    public static (string? ArticleName, string? Source, List<string> Refs)? GuessFacts(SourceText text)
    {
        // The scan reads the UTF-8 bytes a file's text holds: decoding them too cost a fifth of the guess (issue 19).
        var valid = text.TryUtf8(out var utf8, out var buffer);
        try { return valid ? FactLines.Guess(utf8) : null; }
        finally
        {
            SourceText.ReturnBuffer(buffer);
            GC.KeepAlive(text);
        }
    }

    /// <summary>
    /// A line scan of a sidecar's UTF-8 for the top-level `article`, `meta`'s `source` and each place's `ref` (see
    /// <see cref="GuessFacts"/>). Every byte it looks for is ASCII, which never occurs inside a longer UTF-8 sequence; a value's
    /// other characters are decoded one at a time, and one UTF-16 would hold as two units is declined as a surrogate was.
    /// </summary>
    private ref struct FactLines
    {
        private enum Section : byte { Other, Meta, Places }

        private string? _article, _source;
        private bool _seenArticle, _seenMeta, _seenPlaces, _seenSource, _seenRef;
        private Section _section;
        /// <summary>The column of meta's keys, of the places' dashes and of a place's keys (-1 until the first is seen).</summary>
        private int _metaKeys, _dashes, _placeKeys;
        /// <summary>The column of the key whose value was just read: a deeper line after it would continue that value.</summary>
        private int _valueKey;

        public static (string?, string?, List<string>)? Guess(ReadOnlySpan<byte> s)
        {
            if (s.IsEmpty || s.StartsWith("\uFEFF"u8)) return null;
            var scan = new FactLines { _valueKey = -1 };
            var refs = new List<string>();
            for (var at = 0; at < s.Length;)
            {
                if (scan._valueKey < 0 && scan._seenMeta && scan._seenPlaces && scan._section == Section.Other)
                {
                    // Past `meta` and `places`, only a top-level `article` is left to find: one search of the rest, not a
                    // look at each line (most of a sidecar's lines are its people, organisations and events).
                    if (scan._seenArticle) break;
                    var article = s[(at - 1)..].IndexOf("\narticle:"u8);
                    if (article < 0) break;
                    at += article;
                }
                var end = s[at..].IndexOf((byte)'\n');
                var line = end < 0 ? s[at..] : s.Slice(at, end);
                at = end < 0 ? s.Length : at + end + 1;
                // An indented line of a section the facts are not in is read by nobody (unless it continues a value).
                if (line.IsEmpty || (line[0] == ' ' && scan._section == Section.Other && scan._valueKey < 0)) continue;
                var indent = 0;
                while (indent < line.Length && line[indent] == ' ') indent++;
                if (indent == line.Length || line[indent] == '#') continue;
                if (indent <= scan._valueKey) scan._valueKey = -1;
                else if (scan._valueKey >= 0) return null;
                if (!scan.Line(line, indent, refs)) return null;
            }
            return (scan._article, scan._source, refs);
        }

        private bool Line(ReadOnlySpan<byte> line, int indent, List<string> refs)
        {
            if (indent == 0) return TopLevel(line);
            switch (_section)
            {
                case Section.Meta:
                    if (_metaKeys < 0) _metaKeys = indent;
                    if (indent < _metaKeys || (indent == _metaKeys && Unusual(line[indent]))) return false;
                    return indent > _metaKeys || !IsKey(line[indent..], "source"u8) || Value(line, indent, "source".Length, ref _seenSource, out _source);
                case Section.Places:
                    if (line[indent] == '-' && (_dashes < 0 || indent == _dashes))
                    {
                        _dashes = indent;
                        if (line.Length == indent + 1 || line[indent + 1] != ' ') return false;
                        var content = line[(indent + 1)..].IndexOfAnyExcept((byte)' ');
                        if (content < 0) return false;
                        _placeKeys = indent + 1 + content;
                        _seenRef = false;
                        return PlaceKey(line, refs);
                    }
                    if (_placeKeys < 0 || indent < _placeKeys) return false;
                    return indent > _placeKeys || PlaceKey(line, refs);
                default:
                    return true;
            }
        }

        private static readonly System.Buffers.SearchValues<byte> PlainValueChars =
            System.Buffers.SearchValues.Create(" !\"$%&'()*+,-./0123456789;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

        /// <summary>A line opening with a quoted or flow key, a tag, anchor or alias, or a tab: read by the parser only.</summary>
        // Asked of nearly every line of the places (26,900 calls in 500 sidecars): inlined, not called.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool Unusual(byte c) => (char)c is '"' or '\'' or '{' or '[' or '?' or '&' or '*' or '!' or '\t';

        private bool PlaceKey(ReadOnlySpan<byte> line, List<string> refs)
        {
            if (Unusual(line[_placeKeys])) return false;
            if (!IsKey(line[_placeKeys..], "ref"u8)) return true;
            if (!Value(line, _placeKeys, "ref".Length, ref _seenRef, out var reference)) return false;
            if (reference is not null) refs.Add(reference);
            return true;
        }

        private bool TopLevel(ReadOnlySpan<byte> line)
        {
            _section = Section.Other;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsPlainKey(line[..colon])) return false;
            var key = line[..colon];
            if (key.SequenceEqual("article"u8)) return Value(line, 0, colon, ref _seenArticle, out _article);
            if (key.SequenceEqual("meta"u8)) return Section_(line, colon, ref _seenMeta, Section.Meta);
            if (key.SequenceEqual("places"u8)) return Section_(line, colon, ref _seenPlaces, Section.Places);
            return true;
        }

        /// <summary>A top-level key whose block of lines follows (nothing after its colon but a comment).</summary>
        private bool Section_(ReadOnlySpan<byte> line, int colon, ref bool seen, Section section)
        {
            if (seen || !Empty(line[(colon + 1)..])) return false;
            seen = true;
            _section = section;
            _metaKeys = _dashes = _placeKeys = -1;
            return true;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool IsKey(ReadOnlySpan<byte> content, ReadOnlySpan<byte> key) =>
            content.Length > key.Length && content[0] == key[0] && content[key.Length] == ':' && content.StartsWith(key);

        private static bool IsPlainKey(ReadOnlySpan<byte> key)
        {
            foreach (var c in key)
                if (!char.IsAsciiLetterOrDigit((char)c) && c is not (byte)'_' and not (byte)'-') return false;
            return key[0] != '-';
        }

        private static bool Empty(ReadOnlySpan<byte> rest)
        {
            var content = rest.IndexOfAnyExcept((byte)' ');
            return content < 0 || (content > 0 && rest[content] == '#');
        }

        /// <summary>
        /// The plain value after the key at <paramref name="key"/> (its name <paramref name="length"/> long), null when empty
        /// or a null spelling; false when it is not a one-line plain scalar or the key was seen before.
        /// </summary>
        private bool Value(ReadOnlySpan<byte> line, int key, int length, ref bool seen, out string? value)
        {
            value = null;
            if (seen) return false;
            seen = true;
            _valueKey = key;
            var rest = line[(key + length + 1)..];
            if (Empty(rest)) return true;
            if (rest[0] != ' ') return false;
            rest = rest[rest.IndexOfAnyExcept((byte)' ')..];
            var c = (char)rest[0];
            if (c is '\'' or '"' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or ',' or '#'
                || (c is '-' or '?' or ':' && (rest.Length == 1 || rest[1] == ' ')))
                return false;
            var (end, ascii) = (rest.Length, true);
            for (var i = 0; i < rest.Length; i++)
            {
                // Most of a value is printable ASCII other than `#` and `:`, skipped a vector at a time.
                var skip = rest[i..].IndexOfAnyExcept(PlainValueChars);
                if (skip < 0) break;
                i += skip;
                c = (char)rest[i];
                if (c == '#' && rest[i - 1] == ' ') { end = i; break; }
                if (c == ':' && (i + 1 == rest.Length || rest[i + 1] == ' ')) return false;
                if (c is '#' or ':') continue;
                if (c < 0x80) return false; // a control character or DEL
                System.Text.Rune.DecodeFromUtf8(rest[i..], out var rune, out var units);
                if (rune.Value is < 0xA0 or > 0xFFFF or 0x2028 or 0x2029 or 0xFEFF or >= 0xF8F0 and <= 0xF8F2 or 0xFFFE or 0xFFFF)
                    return false;
                i += units - 1;
                ascii = false;
            }
            var plain = rest[..end].TrimEnd((byte)' ');
            if (plain.SequenceEqual("~"u8) || plain.SequenceEqual("null"u8) || plain.SequenceEqual("Null"u8) || plain.SequenceEqual("NULL"u8))
                return true;
            // Most values (every `ref`) are ASCII, whose string is its bytes widened: no transcoder needed.
            value = ascii ? string.Create(plain.Length, plain, static (chars, bytes) => System.Text.Ascii.ToUtf16(bytes, chars, out _))
                : System.Text.Encoding.UTF8.GetString(plain);
            return true;
        }
    }

    /// <summary>References name mentions by id whatever their kind, so an id is used once across places, people, organisations and events.</summary>
    private static void AddDuplicateIds(ImmutableArray<Diagnostic>.Builder diagnostics, string path, SourceText text, Sidecar sidecar)
    {
        // The mentions in the order they stand in the file: each kind's list is one sequence in file order, so the four lists
        // are taken by where their first mentions start (sorting every mention, and a table of ids made per sidecar, were
        // most of what this check made; issue 19).
        Span<(int Start, int Kind)> lists = stackalloc (int, int)[4];
        lists[0] = (Start(sidecar.Places), 0);
        lists[1] = (Start(sidecar.People), 1);
        lists[2] = (Start(sidecar.Organisations), 2);
        lists[3] = (Start(sidecar.Events), 3);
        lists.Sort();
        var first = t_firstOfId ??= new Dictionary<string, Mention>(StringComparer.Ordinal);
        try
        {
            foreach (var (_, kind) in lists)
                switch (kind)
                {
                    case 0: Check(sidecar.Places); break;
                    case 1: Check(sidecar.People); break;
                    case 2: Check(sidecar.Organisations); break;
                    default: Check(sidecar.Events); break;
                }
        }
        finally
        {
            // A table grown by a sidecar of thousands of ids would be cleared whole after each small one.
            if (first.Count > 256) t_firstOfId = null; else first.Clear();
        }

        void Check<T>(ImmutableArray<T> mentions) where T : Mention
        {
            foreach (var m in mentions)
            {
                // A mention's id is its mapping's first `id`, a scalar (Fields.Of): the node is looked up for a duplicate only.
                if (m.Id is not { } id || first.TryAdd(id, m) || m.Node["id"] is not YScalar node) continue;
                var earlier = first[id];
                var line = text.GetLineColumn(earlier.Node.Span.Start).Line + 1;
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateId, path, node.Span,
                    $"Id '{Excerpt.Of(id)}' is already used by the {earlier.Kind.ToString().ToLowerInvariant()} on line {line}; ids name one mention across places, people, organisations and events."));
            }
        }

        static int Start<T>(ImmutableArray<T> mentions) where T : Mention => mentions.IsEmpty ? int.MaxValue : mentions[0].Node.Span.Start;
    }

    /// <summary>The ids seen so far by <see cref="AddDuplicateIds"/> on this thread: emptied after each sidecar, kept for the next.</summary>
    [ThreadStatic] private static Dictionary<string, Mention>? t_firstOfId;

    private static string? Str(YMapping? m, string key) => Str(m?[key]);

    private static string? Str(YNode? node) => node is YScalar { IsNull: false } s ? s.Value : null;

    /// <summary>
    /// The values of a mention's keys, each the first of its name (as <c>m[key]</c> finds it), gathered in one pass over its
    /// entries: reading a mention looked up to 16 keys, each a search of its entries, ~40% of building the model (issue 19).
    /// </summary>
    private struct Fields
    {
        public YNode? Id, Text, Occurrence, Span, Note, Ref, Name, Role, Kind, Type, Date, When, Status, Key, RelativeTo, Places, Participants;

        public static Fields Of(YMapping m)
        {
            var f = default(Fields);
            foreach (var e in m.Entries)
            {
                var v = e.Value;
                var name = e.Name;
                // A block-style sidecar's keys are the very strings below (BlockYaml.SidecarKey): the commonest found by
                // reference, without the string switch's hash or comparison of characters (issue 19).
                if (ReferenceEquals(name, "id")) { f.Id ??= v; continue; }
                if (ReferenceEquals(name, "text")) { f.Text ??= v; continue; }
                if (ReferenceEquals(name, "ref")) { f.Ref ??= v; continue; }
                if (ReferenceEquals(name, "occurrence")) { f.Occurrence ??= v; continue; }
                switch (name)
                {
                    case "id": f.Id ??= v; break;
                    case "text": f.Text ??= v; break;
                    case "occurrence": f.Occurrence ??= v; break;
                    case "span": f.Span ??= v; break;
                    case "note": f.Note ??= v; break;
                    case "ref": f.Ref ??= v; break;
                    case "name": f.Name ??= v; break;
                    case "role": f.Role ??= v; break;
                    case "kind": f.Kind ??= v; break;
                    case "type": f.Type ??= v; break;
                    case "date": f.Date ??= v; break;
                    case "when": f.When ??= v; break;
                    case "status": f.Status ??= v; break;
                    case "key": f.Key ??= v; break;
                    case "relativeTo": f.RelativeTo ??= v; break;
                    case "places": f.Places ??= v; break;
                    case "participants": f.Participants ??= v; break;
                }
            }
            return f;
        }
    }

    private static IEnumerable<YMapping> Items(YMapping root, string key) => root[key] is YSequence seq ? seq.Items.OfType<YMapping>() : [];

    private static ImmutableArray<YScalar> Scalars(YNode? node) => Each(node, static (YScalar s) => s);

    private static Anchor? ReadWhen(YNode? node) => node switch
    {
        YScalar { IsNull: false } s => new Anchor(s.Value, s, OccurrenceSpec.Unspecified, null, null, s),
        YMapping m => ReadAnchor(m),
        _ => null,
    };

    private static Anchor ReadAnchor(YMapping m) => ReadAnchor(m, Fields.Of(m));

    /// <summary>The positive numbers of an `occurrence` list, in a loop: LINQ's chain made four objects per list.</summary>
    private static ImmutableArray<int> Occurrences(YSequence seq)
    {
        var numbers = ImmutableArray.CreateBuilder<int>(seq.Items.Length);
        foreach (var item in seq.Items)
            if (item is YScalar x && int.TryParse(x.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) numbers.Add(n);
        return numbers.Count == numbers.Capacity ? numbers.MoveToImmutable() : numbers.ToImmutable();
    }

    private static Anchor ReadAnchor(YMapping m, in Fields f)
    {
        var textNode = f.Text as YScalar;
        var occurrenceNode = f.Occurrence;
        var occurrence = occurrenceNode switch
        {
            YScalar { Value: "all" } => new OccurrenceSpec([], true, occurrenceNode),
            YScalar s when int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => new OccurrenceSpec([n], false, s),
            YSequence seq => new OccurrenceSpec(Occurrences(seq), false, seq),
            _ => OccurrenceSpec.Unspecified,
        };
        (int, int)? span = null;
        if (f.Span is YSequence { Items.Length: 2 } sp && sp.Items[0] is YScalar a && sp.Items[1] is YScalar b
            && int.TryParse(a.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && int.TryParse(b.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var end))
            span = (start, end);
        return new Anchor(textNode is { IsNull: false } ? textNode.Value : null, textNode, occurrence, span, f.Span, m);
    }
}
