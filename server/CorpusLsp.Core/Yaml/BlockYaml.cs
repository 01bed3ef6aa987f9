using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Yaml;

/// <summary>
/// A direct reader for the block-style YAML that sidecars, overlays and corpus.yaml are written in: block mappings and
/// sequences indented with spaces, one-line plain and quoted scalars (no escapes), one-line flow sequences of scalars,
/// comments, LF line ends. It gives the very tree, spans and diagnostics <see cref="YamlTree"/> builds from YamlDotNet's
/// events (a differential test holds it to that) at a fraction of the cost; for anything else it answers null and the
/// caller parses with YamlDotNet, so anchors, tags, errors and every other construct keep their one implementation.
/// </summary>
internal static class BlockYaml
{
    /// <summary>The tree, or null when the text uses anything outside the subset (or is malformed).</summary>
    public static YamlTree.Result? TryParse(string path, SourceText text) => Read(path, text, skim: false);

    /// <summary>
    /// Reads the text's characters where they are: a text read from disk is decoded into a pooled buffer, not into a string
    /// (the tree keeps only its scalars' own strings), so that reading every sidecar of a corpus for its facts and then for
    /// its analysis makes no string of each twice, ~8 KB of each pair a `check` reads (issue 19).
    /// </summary>
    private static YamlTree.Result? Read(string path, SourceText text, bool skim)
    {
        var chars = text.Chars(out var buffer);
        try
        {
            if (!InSubset(chars)) return null;
            // Taken while in use: a parse within a parse on one thread (there is none) would make its own.
            var scratch = t_scratch ?? new Scratch();
            t_scratch = null;
            var reader = new Reader(path, text, chars, skim, scratch);
            var result = reader.Document();
            // The links are pooled for one parse: kept, they would hold a file's strings after it is read.
            if (reader.LinksMade) Array.Clear(scratch.LinkSlots);
            scratch.Forget(reader.HeldEntries, reader.HeldItems);
            t_scratch = scratch;
            return result;
        }
        finally { SourceText.ReturnBuffer(buffer); }
    }

    /// <summary>
    /// The sidecar schema's key names, the very strings the code that reads them is written with: a key read as one of
    /// them is that string, so each read of it (`m["text"]`, the schema's property) matches it by reference, not by
    /// comparing its characters (those comparisons were ~3% of a `check`; issue 19). The schema's property names are these
    /// strings too (<see cref="Schema.JsonSchema.Property"/>).
    /// </summary>
    private static readonly string[] SidecarKeys =
    [
        "article", "meta", "title", "source", "url", "language", "published", "dateline", "place", "places", "people", "organisations",
        "events", "id", "text", "ref", "note", "occurrence", "span", "name", "role", "kind", "type", "date", "when", "status", "key",
        "relativeTo", "participants",
    ];

    /// <summary>The sidecar key of that name, if it is one; asked only when a thread first meets a name.</summary>
    /// <remarks>Most names that miss are a long sidecar's links (pooled like keys), told apart by length or first letter without a call.</remarks>
    internal static string? SidecarKey(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxSidecarKeyLength) return null;
        foreach (var key in SidecarKeys)
            if (key.Length == name.Length && key[0] == name[0] && name.SequenceEqual(key)) return key;
        return null;
    }

    private static readonly int MaxSidecarKeyLength = SidecarKeys.Max(k => k.Length);

    /// <summary>Whether no two sidecar keys share a key slot (a test holds the hash to it).</summary>
    internal static bool SidecarKeysHaveSlotsOfTheirOwn() => SidecarKeys.Select(k => Reader.Slot(k)).Distinct().Count() == SidecarKeys.Length;

    /// <summary>
    /// What a reader reuses from the read before it on the same thread: the key names' slots (a corpus's sidecars use the
    /// same few key names: one string per name per thread, not per parse) and the entries and items of the nodes being read.
    /// </summary>
    private sealed class Scratch
    {
        /// <summary>
        /// The sidecar keys are put in their slots at once, each its own (<see cref="SidecarKeysHaveSlotsOfTheirOwn"/>): a
        /// slot went to the first name met, so `when`, `kind` and `participants` lost theirs to `published`, `note` and
        /// `source` and were looked up in a table made for each parse (~10 K instructions of each sidecar read; issue 19).
        /// </summary>
        public Scratch()
        {
            foreach (var key in SidecarKeys) KeySlots[Reader.Slot(key)] = key;
        }

        public readonly string?[] KeySlots = new string?[KeySlotCount];
        public readonly string?[] LinkSlots = new string?[LinkSlotCount];

        /// <summary>
        /// The entries of the mappings and the items of the sequences being read, innermost last (<see cref="Reader.Take"/>):
        /// a builder per node, rented, copied out and cleared, was ~25 K instructions of each sidecar read, and its indexer
        /// most of the duplicate-key check (issue 19).
        /// </summary>
        public YEntry[] Entries = new YEntry[64];
        public YNode[] Items = new YNode[64];

        /// <summary>Empties what a read left (a failed one leaves its open nodes' entries and items), and drops a buffer grown large.</summary>
        public void Forget(int heldEntries, int heldItems)
        {
            if (Entries.Length > 1024) Entries = new YEntry[64];
            else if (heldEntries > 0) Array.Clear(Entries, 0, heldEntries);
            if (Items.Length > 1024) Items = new YNode[64];
            else if (heldItems > 0) Array.Clear(Items, 0, heldItems);
        }
    }

    [ThreadStatic] private static Scratch? t_scratch;

    private const int KeySlotCount = 64;

    /// <summary>The slots of one parse's links (a power of two), each found at its hash or one of the next few.</summary>
    private const int LinkSlotCount = 256;

    private const int LinkProbes = 8;

    /// <summary>
    /// What <see cref="TryParse"/> gives a sidecar's top-level `article`, `meta` → `source` and `places` → `ref`, and
    /// nothing else: the same text is accepted or declined, the same first key of each name kept, but the other nodes are
    /// left as shared stand-ins (an empty mapping, sequence or scalar of their kind) and duplicate keys are not reported.
    /// The facts a snapshot reads of every sidecar before any analysis (pairs, source profiles) cost a whole tree each,
    /// as much as the analysis's own parse (issue 19).
    /// </summary>
    public static YamlTree.Result? TrySkimFacts(string path, SourceText text) => Read(path, text, skim: true);

    /// <summary>
    /// Which nodes a skimming reader makes (see <see cref="TrySkimFacts"/>): all of them (<c>Full</c>, a parse), the facts'
    /// mappings and sequence, the facts' values (<c>Keep</c>), or none below (<c>Skip</c>).
    /// </summary>
    private enum Role : byte { Full, Root, Meta, Places, Place, Keep, Skip }

    private static readonly YMapping SkippedMapping = new([], default);
    private static readonly YSequence SkippedSequence = new([], default);
    private static readonly YScalar SkippedScalar = new("", default, IsPlain: true);

    /// <summary>
    /// Characters YamlDotNet reads as this reader does: printable, no tab, no CR, no BOM, no line separators (which
    /// <see cref="YamlTree"/> swaps for stand-ins), no surrogates. Document markers and directives at a line start are
    /// refused by the reader as it reaches each line (<see cref="Reader.SkipToContent"/>).
    /// </summary>
    /// <remarks>
    /// Printable ASCII and line ends are skipped a vector at a time: this was a fifth of the cost of skimming a sidecar,
    /// and a search from every line end for the markers a third of what was left (issue 19).
    /// </remarks>
    private static bool InSubset(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var skip = s[i..].IndexOfAnyExcept(PrintableAsciiOrLineEnd);
            if (skip < 0) break;
            i += skip;
            var c = s[i];
            if (c < '\u00A0' || c is >= '\uD800' and <= '\uDFFF' or '\u2028' or '\u2029' or '\uFEFF' or >= '\uF8F0' and <= '\uF8F2' or '\uFFFE' or '\uFFFF')
                return false;
        }
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> PrintableAsciiOrLineEnd =
        System.Buffers.SearchValues.Create(string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)) + "\n");

    private static bool StartsMarker(ReadOnlySpan<char> s, int at) =>
        s[at] == '%' || s[at..].StartsWith("---", StringComparison.Ordinal) || s[at..].StartsWith("...", StringComparison.Ordinal);

    /// <summary>A reader of the characters of one text (a span: the string, or the pooled buffer they were decoded into).</summary>
    private ref struct Reader
    {
        private readonly string _path;
        private readonly SourceText _text;
        private readonly bool _skim;
        private readonly ReadOnlySpan<char> _s;
        private ImmutableArray<Diagnostic>.Builder? _diagnostics;
        private int _pos;
        private int _column; // of _pos on its line; -1 at the end of the text
        private int _nodes;
        private bool _failed;
        /// <summary>A sidecar repeats a few key names thousands of times: one string per name, not per key.</summary>
        /// <remarks>
        /// A slot per short hash of the name (<see cref="Slot"/>): the sidecar keys' slots are theirs from the start
        /// (<see cref="Scratch"/>), any other slot keeps the first name met there; names whose slot is taken go to a table. Hashing every key in full through a table's comparer was ~3% of a check (issue 19).
        /// </remarks>
        private readonly string?[] _keySlots;
        private Dictionary<string, string>? _keyNames;

        /// <summary>
        /// One parse's links (<see cref="Link"/>), in slots emptied after it: links shared the key names' slots, which the first
        /// files a thread read fill for good, so every other file's links went through a table made per parse (~15 K
        /// instructions of each pair a `check` reads; issue 19). Links beyond the slots' probes go to <see cref="_links"/>.
        /// </summary>
        private readonly string?[] _linkSlots;
        private Dictionary<string, string>? _links;

        /// <summary>Whether a link was put in the slots (which the caller then empties).</summary>
        public bool LinksMade { get; private set; }

        /// <summary>
        /// Whether the value being read is a `ref`'s: a long sidecar links the same few places thousands of times, and each
        /// edit parses it again, so its links are pooled like the key names (one string per id per parse, not per place:
        /// ~110 KB of each edit of a 2,000-mention sidecar linking 5 ids; issue 19). Other values are mostly unique (texts,
        /// notes): a table of them would cost more than it saves.
        /// </summary>
        private bool _poolValue;

        private bool AtEnd => _column < 0;

        /// <summary>
        /// Where a mapping's entries and a sequence's items are gathered (<see cref="Scratch.Entries"/>, <see cref="Scratch.Items"/>)
        /// and copied out at their count, so a parse makes one array per node (~4 KB of each generated pair's analysis;
        /// issue 19). Nested nodes gather theirs above, last in, first out.
        /// </summary>
        private readonly Scratch _scratch;

        /// <summary>How many entries <see cref="Scratch.Entries"/> holds: those of the mappings being read.</summary>
        public int HeldEntries;

        /// <summary>How many items <see cref="Scratch.Items"/> holds: those of the sequences being read.</summary>
        public int HeldItems;

        public Reader(string path, SourceText text, ReadOnlySpan<char> chars, bool skim, Scratch scratch)
        {
            _path = path;
            _text = text;
            _skim = skim;
            _s = chars;
            _keySlots = scratch.KeySlots;
            _linkSlots = scratch.LinkSlots;
            _scratch = scratch;
        }

        /// <summary>The index of <paramref name="c"/> at or after <paramref name="from"/>, or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int IndexOf(char c, int from) => _s[from..].IndexOf(c) is var k and >= 0 ? from + k : -1;

        /// <summary>Gathers a node's entry or item above those held (see <see cref="Scratch.Entries"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Push<T>(ref T[] held, ref int count, T value)
        {
            if (count == held.Length) Array.Resize(ref held, held.Length * 2);
            held[count++] = value;
        }

        /// <summary>A node's entries or items, from <paramref name="from"/> on, in an array of their number; their places are emptied.</summary>
        private static ImmutableArray<T> Take<T>(T[] held, ref int count, int from)
        {
            var taken = held.AsSpan(from, count - from);
            if (taken.IsEmpty) return [];
            var nodes = taken.ToArray();
            // Held, they would keep the file's tree alive until the next read overwrites them.
            taken.Clear();
            count = from;
            return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(nodes);
        }

        /// <summary>The role of the node about to be read, set by its parent (<see cref="Role.Full"/> unless skimming).</summary>
        private Role _role;

        private bool Skipped => _role == Role.Skip;

        private static Role ChildRole(Role parent, string key) => (parent, key) switch
        {
            (Role.Full, _) => Role.Full,
            (Role.Root, "article") or (Role.Meta, "source") or (Role.Place, "ref") => Role.Keep,
            (Role.Root, "meta") => Role.Meta,
            (Role.Root, "places") => Role.Places,
            _ => Role.Skip,
        };

        public YamlTree.Result? Document()
        {
            _role = _skim ? Role.Root : Role.Full;
            SkipToContent(0);
            if (AtEnd) return null;
            var root = Block(_column, 0);
            if (_failed || root is null || !AtEnd) return null;
            return new YamlTree.Result(root, _diagnostics?.ToImmutable() ?? []);
        }

        /// <summary>Moves to the first character of the next line with content (not blank, not a comment) from a line start.</summary>
        /// <remarks>
        /// Inlined for an indented line of content, most lines of a sidecar (a document marker or directive is at a line's
        /// start): the call and the general loop were ~70 instructions of each line (issue 19).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SkipToContent(int lineStart)
        {
            var s = _s;
            var p = lineStart;
            while (p < s.Length && s[p] == ' ') p++;
            if (p > lineStart && p < s.Length && s[p] is not ('#' or '\n'))
            {
                _pos = p;
                _column = p - lineStart;
                return;
            }
            SkipToContentFrom(lineStart);
        }

        /// <summary><see cref="SkipToContent"/> for any line.</summary>
        /// <remarks>A line that starts a document marker or directive fails the read.</remarks>
        private void SkipToContentFrom(int lineStart)
        {
            var s = _s;
            var p = lineStart;
            while (true)
            {
                var start = p;
                while (p < s.Length && s[p] == ' ') p++;
                if (p < s.Length && s[p] == '#') { var nl = IndexOf('\n', p); p = nl < 0 ? s.Length : nl; }
                if (p >= s.Length) { _pos = s.Length; _column = -1; return; }
                var c = s[p];
                if (c == '\n') { p++; continue; }
                _pos = p;
                _column = p - start;
                // A document marker or directive: every line that is not blank or a comment passes here, at its start.
                if (p == start && c is '-' or '.' or '%' && StartsMarker(s, p)) _failed = true;
                return;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void NextLine()
        {
            // Most values end right at their line's end: no search for it then.
            var nl = _pos < _s.Length && _s[_pos] == '\n' ? _pos : IndexOf('\n', _pos);
            if (nl < 0) { _pos = _s.Length; _column = -1; }
            else SkipToContent(nl + 1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool IsDash(int p) => _s[p] == '-' && (p + 1 == _s.Length || _s[p + 1] is ' ' or '\n');

        private bool Fail() { _failed = true; return false; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool Count(int depth) => ++_nodes <= YamlTree.MaxNodes && depth <= YamlTree.MaxDepth - 1 || Fail();

        private YNode? Block(int column, int depth) => IsDash(_pos) ? Sequence(column, depth, indentless: false) : Mapping(column, depth);

        private YMapping? Mapping(int column, int depth)
        {
            if (!Count(depth)) return null;
            var role = _role;
            // Skimming, only the mappings on a fact's way keep entries (those of the facts' keys).
            var keeps = role is Role.Full or Role.Root or Role.Meta or Role.Place;
            var start = _pos;
            // Where this mapping's entries start in the scratch's (-1: none kept).
            var entries = keeps ? HeldEntries : -1;
            // Duplicate keys: the few keys of a sidecar's mapping are compared in a row; a table only for a long mapping (a
            // table per mapping was ~0.7 MB of a 2,000-mention sidecar's parse).
            Dictionary<string, TextSpan>? seen = null;
            while (true)
            {
                if (PlainEntry(role, entries, ref seen, column, depth) is var plain and not 0)
                {
                    if (plain < 0) return null;
                }
                else if (Entry(role, keeps, entries, ref seen, column, depth) is false) return null;
                if (AtEnd || _column < column) break;
                if (_column > column) { Fail(); return null; }
            }
            return entries < 0 ? SkippedMapping : new YMapping(Take(_scratch.Entries, ref HeldEntries, entries), new TextSpan(start, Math.Max(start, _pos)));
        }

        /// <summary>Reads one entry of a mapping (see <see cref="Mapping"/>); false when the read fails.</summary>
        private bool Entry(Role role, bool keeps, int entries, ref Dictionary<string, TextSpan>? seen, int column, int depth)
        {
            if (IsDash(_pos) || Key(depth + 1, named: keeps) is not { } read) return Fail();
            var childRole = _role = keeps ? ChildRole(role, read.Name) : Role.Skip;
            // By reference: a key named `ref` is the sidecar key's own string (SidecarKey), or "" when not named.
            _poolValue = ReferenceEquals(read.Name, "ref");
            var value = Value(column, depth + 1);
            _poolValue = false;
            if (value is null) return false;
            if (entries >= 0 && childRole != Role.Skip) Add(role, entries, ref seen, read.Name, read.Span, value);
            return true;
        }

        /// <summary>Keeps an entry read, unless its mapping has one of that name already (a duplicate, reported by a parse).</summary>
        /// <param name="entries">Where the mapping's entries start in <see cref="Scratch.Entries"/>.</param>
        /// <remarks>
        /// Inlined, with the search and the push it makes: three calls per entry, and the entry copied between them, were ~180
        /// instructions of each line of a sidecar (issue 19).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(Role role, int entries, ref Dictionary<string, TextSpan>? seen, string name, TextSpan keySpan, YNode value)
        {
            if (FirstOf(entries, seen, name) is { } first)
            {
                if (role == Role.Full) Duplicate(name, keySpan, first);
                return;
            }
            Push(ref _scratch.Entries, ref HeldEntries, new YEntry(name, keySpan, value));
            if (seen is not null) seen[name] = keySpan;
            else if (HeldEntries - entries > 16) seen = Table(entries);
        }

        private void Duplicate(string name, TextSpan keySpan, TextSpan first) =>
            (_diagnostics ??= ImmutableArray.CreateBuilder<Diagnostic>()).Add(YamlTree.DuplicateKey(_path, _text,
                new YScalar(name, keySpan, IsPlain: true), new YScalar(name, first, IsPlain: true)));

        /// <summary>The keys of a long mapping's entries from <paramref name="entries"/> on, by name.</summary>
        private readonly Dictionary<string, TextSpan> Table(int entries)
        {
            var seen = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
            foreach (var e in _scratch.Entries.AsSpan(entries, HeldEntries - entries)) seen[e.Name] = e.KeySpan;
            return seen;
        }

        /// <summary>
        /// An entry whose value is a plain scalar on the key's line (`text: Aleppo`, most lines of a sidecar): what
        /// <see cref="Entry"/> makes and checks of it, in one pass over the line. 1 when the entry was read, -1 when the read
        /// fails there, 0 when the line is another shape (or a fact's key, skimming), left to <see cref="Entry"/> with nothing
        /// changed. Reading such a line through the general steps was most of a skim's cost and a third of a parse's (issue 19).
        /// </summary>
        private int PlainEntry(Role role, int entries, ref Dictionary<string, TextSpan>? seen, int column, int depth)
        {
            var s = _s;
            var p = _pos;
            // Two nodes, the key and its value, each counted at this depth (Key, Inline).
            if (_nodes + 2 > YamlTree.MaxNodes || depth + 1 > YamlTree.MaxDepth - 1 || IsIndicator(s[p])) return 0;
            var colon = KeyColon(p);
            if (colon < 0 || colon - p > 1000) return 0;
            var keyEnd = colon;
            while (s[keyEnd - 1] == ' ') keyEnd--;
            if (role is Role.Root or Role.Meta or Role.Place && !SkipsChild(role, s[p..keyEnd])) return 0;
            var q = colon + 1;
            while (q < s.Length && s[q] == ' ') q++;
            // At the line's end (a block below), or a value of another kind: the general steps.
            if (q >= s.Length || IsIndicator(s[q]) || s[q] == '\n') return 0;
            var lineEnd = PlainLineEnd(q);
            if (lineEnd < 0) return 0;
            var valueEnd = lineEnd;
            while (s[valueEnd - 1] == ' ') valueEnd--;
            if (valueEnd - q > YamlTree.MaxScalarLength) return 0;
            _nodes += 2;
            string? name = null;
            YScalar? value = null;
            if (role == Role.Full)
            {
                // In the order the general steps make them: the key's name, then the value (a link pooled like the names).
                name = KeyName(p, keyEnd);
                value = new YScalar(ReferenceEquals(name, "ref") ? Link(q, valueEnd) : s[q..valueEnd].ToString(), new TextSpan(q, valueEnd), IsPlain: true);
            }
            else _role = Role.Skip;
            _pos = lineEnd;
            NextLine();
            // A more indented line continues a plain scalar or is an error: both are YamlDotNet's to read.
            if (!AtEnd && _column > column) { Fail(); return -1; }
            if (value is not null) Add(role, entries, ref seen, name!, new TextSpan(p, keyEnd), value);
            return 1;
        }

        /// <summary>Whether <see cref="ChildRole"/> is <see cref="Role.Skip"/> for a key of a fact's mapping, its name not made a string.</summary>
        private static bool SkipsChild(Role parent, ReadOnlySpan<char> name) => parent switch
        {
            Role.Root => name is not ("article" or "meta" or "places"),
            Role.Meta => name is not "source",
            Role.Place => name is not "ref",
            _ => true,
        };

        private string KeyName(int start, int end)
        {
            var span = _s[start..end];
            if (span.IsEmpty) return "";
            ref var slot = ref _keySlots[Slot(span)];
            if (slot is null) return slot = SidecarKey(span) ?? span.ToString();
            if (span.SequenceEqual(slot)) return slot;
            var names = (_keyNames ??= new Dictionary<string, string>(StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>();
            if (names.TryGetValue(span, out var known)) return known;
            var made = SidecarKey(span) ?? span.ToString();
            _keyNames[made] = made;
            return made;
        }

        /// <summary>A link's string: the same for each link to one id within a parse (see <see cref="_poolValue"/>).</summary>
        private string Link(int start, int end)
        {
            var span = _s[start..end];
            if (span.IsEmpty) return "";
            var at = (int)(Hash(span) >> 24);
            for (var probe = 0; probe < LinkProbes; probe++, at = (at + 1) & (LinkSlotCount - 1))
            {
                ref var slot = ref _linkSlots[at];
                if (slot is null)
                {
                    LinksMade = true;
                    return slot = span.ToString();
                }
                if (span.SequenceEqual(slot)) return slot;
            }
            // A link whose probes are all taken stays beyond them: slots are not emptied within a parse.
            var links = (_links ??= new Dictionary<string, string>(StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>();
            if (links.TryGetValue(span, out var known)) return known;
            var made = span.ToString();
            _links[made] = made;
            return made;
        }

        /// <summary>A hash of a name's length, first, middle and last two characters: tells apart a sidecar's key names and most of its links.</summary>
        internal static int Slot(ReadOnlySpan<char> name) => (int)(Hash(name) >> 26);

        /// <summary>The hash <see cref="Slot"/> and <see cref="Link"/> take their top bits of.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Hash(ReadOnlySpan<char> name)
        {
            var h = (uint)name.Length;
            h = (h * 31) + name[0];
            h = (h * 31) + name[name.Length / 2];
            h = (h * 31) + name[^1];
            if (name.Length > 1) h = (h * 31) + name[^2];
            // A multiplier near the golden ratio's under which no two sidecar keys share a slot.
            return h * 2654437071u;
        }

        /// <summary>The span of the mapping's key of that name read before, if any.</summary>
        /// <remarks>
        /// Compared by reference: every name of one parse is one string (<see cref="KeyName"/>: a slot, once filled, keeps its
        /// name, so a name is always found in its slot or always in the table). Comparing the characters of names of one
        /// length (`text`, `type`, `note`, `role`…) was ~10 K instructions of each sidecar read (issue 19).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly TextSpan? FirstOf(int entries, Dictionary<string, TextSpan>? seen, string key)
        {
            if (seen is not null) return seen.TryGetValue(key, out var span) ? span : null;
            foreach (ref readonly var e in _scratch.Entries.AsSpan(entries, HeldEntries - entries))
                if (e.IsNamed(key)) return e.KeySpan;
            return null;
        }

        /// <summary>A plain key on one line (its name and span); leaves the position after its colon.</summary>
        /// <param name="named">False where nothing reads the name (a skimming reader's skipped mapping): it is then "".</param>
        private (string Name, TextSpan Span)? Key(int depth, bool named)
        {
            if (!Count(depth) || IsIndicator(_s[_pos])) return null;
            var colon = KeyColon(_pos);
            // YamlDotNet refuses implicit keys longer than 1024 characters; such a file goes to it for the error.
            if (colon < 0 || colon - _pos > 1000) return null;
            var end = colon;
            while (_s[end - 1] == ' ') end--;
            var key = (named ? KeyName(_pos, end) : "", new TextSpan(_pos, end));
            _pos = colon + 1;
            return key;
        }

        /// <summary>The value after a key's colon: on the same line, or the block below it (an empty scalar when there is none).</summary>
        private YNode? Value(int column, int depth)
        {
            var afterColon = _pos;
            SkipSpaces();
            if (!AtLineEnd(afterColon)) return InlineThenNextLine(column, depth);
            NextLine();
            if (AtEnd || _column < column || (_column == column && !IsDash(_pos)))
                return Count(depth) ? Scalar("", new TextSpan(afterColon, afterColon), isPlain: true) : null;
            // A sequence may start at its key's own indentation.
            return _column == column ? Sequence(column, depth, indentless: true) : Block(_column, depth);
        }

        private YSequence? Sequence(int column, int depth, bool indentless)
        {
            if (!Count(depth)) return null;
            var role = _role;
            var start = _pos;
            // Skimming, only `places` keeps its items (mappings whose `ref` is read).
            // Where this sequence's items start in the scratch's (-1: none kept).
            var items = role is Role.Full or Role.Places ? HeldItems : -1;
            while (true)
            {
                _role = role switch { Role.Full => Role.Full, Role.Places => Role.Place, _ => Role.Skip };
                var afterDash = _pos + 1;
                _pos = afterDash;
                SkipSpaces();
                YNode? item;
                if (AtLineEnd(afterDash))
                {
                    NextLine();
                    item = AtEnd || _column <= column
                        ? (Count(depth + 1) ? Scalar("", new TextSpan(afterDash, afterDash), isPlain: true) : null)
                        : Block(_column, depth + 1);
                }
                else if (IsDash(_pos)) { Fail(); return null; }
                else if (HasKey(_pos)) item = Mapping(_pos - LineStart(_pos), depth + 1);
                else item = InlineThenNextLine(column, depth + 1);
                if (item is null) return null;
                if (items >= 0) Push(ref _scratch.Items, ref HeldItems, item);
                if (AtEnd || _column < column || (indentless && _column == column && !IsDash(_pos))) break;
                if (_column > column || !IsDash(_pos)) { Fail(); return null; }
            }
            return items < 0 ? SkippedSequence : new YSequence(Take(_scratch.Items, ref HeldItems, items), new TextSpan(start, Math.Max(start, _pos)));
        }

        /// <summary>A scalar, or its stand-in where a skimming reader reads nothing.</summary>
        private YScalar Scalar(string value, TextSpan span, bool isPlain) => Skipped ? SkippedScalar : new YScalar(value, span, isPlain);

        private int LineStart(int p) => p == 0 ? 0 : _s[..p].LastIndexOf('\n') + 1;

        /// <summary>Whether the line from <paramref name="p"/> is `key: …` (a plain key, so a mapping starts there).</summary>
        private bool HasKey(int p) => !IsIndicator(_s[p]) && KeyColon(p) >= 0;

        /// <summary>
        /// The colon that ends a key on the line from <paramref name="p"/> (followed by a space or the line's end), or -1 when
        /// the line or a comment (a '#' after a space) ends first.
        /// </summary>
        /// <remarks>The line is searched for the three characters that matter a vector at a time, not read one by one.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int KeyColon(int p)
        {
            var s = _s;
            for (var i = p; ; i++)
            {
                i = NextStop(s, i);
                if (i < 0) return -1;
                var c = s[i];
                if (c == '\n' || (c == '#' && i > p && s[i - 1] == ' ')) return -1;
                if (c == ':' && (i + 1 == s.Length || s[i + 1] is ' ' or '\n')) return i;
            }
        }

        /// <summary>The index of the first ':', '#' or line end at or after <paramref name="from"/>, or -1.</summary>
        /// <remarks>
        /// Eight characters at a time, compared inline: the characters of every key and plain value were looked at one by one
        /// (a digit, a space or a '-', each below ':', took three more comparisons), ~200 instructions of each `key: value`
        /// line, and a call to a vectorised search cost more than a short key (issue 19).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int NextStop(ReadOnlySpan<char> s, int from)
        {
            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(s));
            var i = from;
            for (; i <= s.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
            {
                var units = Vector128.LoadUnsafe(ref first, (nuint)i);
                var stops = Vector128.Equals(units, Vector128.Create((ushort)':')) | Vector128.Equals(units, Vector128.Create((ushort)'#'))
                    | Vector128.Equals(units, Vector128.Create((ushort)'\n'));
                // Two mask bits per character: the bytes' mask is one instruction, the 16-bit units' a call on the baseline x64.
                if (stops.AsByte().ExtractMostSignificantBits() is var mask and not 0) return i + (BitOperations.TrailingZeroCount(mask) >> 1);
            }
            for (; i < s.Length; i++)
                if (s[i] is ':' or '#' or '\n') return i;
            return -1;
        }

        /// <summary>
        /// Where the plain scalar from <paramref name="start"/> (not a '#') ends its line: at the line's end, at a comment (a
        /// '#' after a space) or at the text's end; -1 when a ':' followed by a space or the line's end makes it a key.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int PlainLineEnd(int start)
        {
            var s = _s;
            for (var i = start; ; i++)
            {
                i = NextStop(s, i);
                if (i < 0) return s.Length;
                var c = s[i];
                if (c == ':') { if (i + 1 == s.Length || s[i + 1] is ' ' or '\n') return -1; }
                else if (c == '\n' || (i > start && s[i - 1] == ' ')) return i;
            }
        }

        /// <summary>A scalar or flow sequence on the rest of the line; then only a comment, and nothing indented further below.</summary>
        private YNode? InlineThenNextLine(int column, int depth)
        {
            if (_s[_pos] is '>' or '|')
            {
                // A block scalar ends at the start of the first line indented less than its text.
                var scalar = Count(depth) ? BlockScalar(column) : null;
                if (scalar is null) { Fail(); return null; }
                SkipToContent(_pos);
                if (!AtEnd && _column > column) { Fail(); return null; }
                return scalar;
            }
            var node = Inline(depth);
            if (node is null) return null;
            var end = _pos;
            SkipSpaces();
            if (!AtLineEnd(end)) { Fail(); return null; }
            NextLine();
            // A more indented line continues a plain scalar or is an error: both are YamlDotNet's to read.
            if (!AtEnd && _column > column) { Fail(); return null; }
            return node;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SkipSpaces()
        {
            while (_pos < _s.Length && _s[_pos] == ' ') _pos++;
        }

        /// <summary>At the end of the line or at a comment (a '#' after a space: the spaces from <paramref name="from"/> were skipped).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool AtLineEnd(int from) =>
            _pos >= _s.Length || _s[_pos] == '\n' || (_s[_pos] == '#' && _pos > from && _s[_pos - 1] == ' ');

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsIndicator(char c) => c < 128 && Indicators[c] != 0;

        /// <summary>Per ASCII character, 1 for an indicator (`-?:,[]{}#&*!|>'"%@` and backquote): a table, not a chain of comparisons.</summary>
        private static ReadOnlySpan<byte> Indicators =>
        [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1,
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0,
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0,
        ];

        private YNode? Inline(int depth)
        {
            if (!Count(depth)) return null;
            var c = _s[_pos];
            if (c is '\'' or '"') return Quoted();
            if (c == '[') return FlowSequence(depth);
            // A plain scalar may start with '-' when a digit follows (a negative number).
            if (IsIndicator(c) && !(c == '-' && _pos + 1 < _s.Length && char.IsAsciiDigit(_s[_pos + 1]))) { Fail(); return null; }
            var start = _pos;
            var s = _s;
            var lineEnd = PlainLineEnd(start);
            if (lineEnd < 0) { Fail(); return null; }
            // The scalar ends at its last character that is not a space.
            var end = lineEnd;
            while (end > start && s[end - 1] == ' ') end--;
            if (end - start > YamlTree.MaxScalarLength) { Fail(); return null; }
            _pos = end;
            return Skipped ? SkippedScalar : new YScalar(_poolValue ? Link(start, end) : _s[start..end].ToString(), new TextSpan(start, end), IsPlain: true);
        }

        /// <summary>
        /// `>` or `|`, optionally with `-`: lines indented alike (no line indented further, no leading blank line), a line
        /// break after the last. Folded, a single break between lines is a space and n blank lines are n breaks; literal,
        /// every break stays. Without `-`, one final break is kept. Leaves the position at the start of the line after it.
        /// </summary>
        private YScalar? BlockScalar(int parentColumn)
        {
            var start = _pos;
            var folded = _s[_pos] == '>';
            _pos++;
            var strip = _pos < _s.Length && _s[_pos] == '-';
            if (strip) _pos++;
            var afterHeader = _pos;
            SkipSpaces();
            if (!AtLineEnd(afterHeader) || IndexOf('\n', _pos) is var nl && nl < 0) return null;
            var lineStart = nl + 1;
            var indent = -1;
            var value = new StringBuilder();
            var blankLines = 0;
            var lines = 0;
            while (lineStart < _s.Length)
            {
                var p = lineStart;
                while (p < _s.Length && _s[p] == ' ') p++;
                var spaces = p - lineStart;
                if (p < _s.Length && _s[p] == '\n')
                {
                    // A blank line: inside the text only when no longer than the indentation (else it is text itself).
                    if (indent < 0 || spaces > indent) return null;
                    blankLines++;
                    lineStart = p + 1;
                    continue;
                }
                if (p >= _s.Length && spaces == 0) break;
                if (indent < 0)
                {
                    if (spaces <= parentColumn || p >= _s.Length) return null;
                    indent = spaces;
                }
                if (spaces < indent) break;
                if (spaces > indent || IndexOf('\n', p) is var end && end < 0) return null;
                if (lines > 0)
                {
                    if (!folded) value.Append('\n', blankLines + 1);
                    else if (blankLines == 0) value.Append(' ');
                    else value.Append('\n', blankLines);
                }
                value.Append(_s[p..end]);
                lines++;
                blankLines = 0;
                lineStart = end + 1;
            }
            if (lines == 0) return null;
            if (!strip) value.Append('\n');
            if (value.Length > YamlTree.MaxScalarLength) return null;
            _pos = Math.Min(lineStart, _s.Length);
            return new YScalar(value.ToString(), new TextSpan(start, _pos), IsPlain: false);
        }

        /// <summary>A quoted scalar closed on its line; double quotes without escapes.</summary>
        private YScalar? Quoted()
        {
            var start = _pos;
            var quote = _s[start];
            StringBuilder? value = null;
            // The value's length so far: a skimming reader checks it against the limit without making the value.
            var length = 0;
            var from = start + 1;
            for (var i = start + 1; i < _s.Length && _s[i] != '\n'; i++)
            {
                if (quote == '"' && _s[i] == '\\') break;
                if (_s[i] != quote) continue;
                if (quote == '\'' && i + 1 < _s.Length && _s[i + 1] == '\'')
                {
                    length += i + 1 - from;
                    if (!Skipped) (value ??= new StringBuilder()).Append(_s[from..(i + 1)]);
                    from = i + 2;
                    i++;
                    continue;
                }
                length += i - from;
                if (length > YamlTree.MaxScalarLength) break;
                _pos = i + 1;
                // Skimmed past, a quoted value (a note, a date) is no string: it was ~half of what skimming a sidecar made.
                if (Skipped) return SkippedScalar;
                var rest = _s[from..i];
                return new YScalar(value is null ? rest.ToString() : value.Append(rest).ToString(), new TextSpan(start, i + 1), IsPlain: false);
            }
            Fail();
            return null;
        }

        /// <summary>`[a, b]` on one line, of plain or quoted scalars.</summary>
        private YSequence? FlowSequence(int depth)
        {
            var start = _pos;
            var items = Skipped ? -1 : HeldItems;
            _pos++;
            SkipSpaces();
            if (_pos < _s.Length && _s[_pos] == ']')
            {
                _pos++;
                return items < 0 ? SkippedSequence : new YSequence([], new TextSpan(start, _pos));
            }
            while (true)
            {
                if (_pos >= _s.Length || !Count(depth + 1)) { Fail(); return null; }
                YScalar? item;
                if (_s[_pos] is '\'' or '"') item = Quoted();
                else item = FlowPlain();
                if (item is null) { Fail(); return null; }
                if (items >= 0) Push(ref _scratch.Items, ref HeldItems, item);
                SkipSpaces();
                if (_pos >= _s.Length) { Fail(); return null; }
                if (_s[_pos] == ']') { _pos++; return items < 0 ? SkippedSequence : new YSequence(Take(_scratch.Items, ref HeldItems, items), new TextSpan(start, _pos)); }
                if (_s[_pos] != ',') { Fail(); return null; }
                _pos++;
                SkipSpaces();
            }
        }

        private YScalar? FlowPlain()
        {
            var start = _pos;
            if (IsIndicator(_s[start]) && !(_s[start] == '-' && start + 1 < _s.Length && char.IsAsciiDigit(_s[start + 1]))) return null;
            var end = start;
            var i = start;
            for (; i < _s.Length; i++)
            {
                var ch = _s[i];
                if (ch is ',' or ']') break;
                if (ch is '\n' or ':' or '[' or '{' or '}' || (ch == '#' && _s[i - 1] == ' ')) return null;
                if (ch != ' ') end = i + 1;
            }
            _pos = end;
            return Skipped ? SkippedScalar : new YScalar(_s[start..end].ToString(), new TextSpan(start, end), IsPlain: true);
        }
    }
}
