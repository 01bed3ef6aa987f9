using System.Text;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;
using CorpusLsp.Tests.Reliability;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The direct block-YAML reader against YamlDotNet's events: whenever it answers, the tree (values, styles, spans) and
/// the diagnostics are the ones the YamlDotNet path gives; on anything else it must decline, never answer differently.
/// </summary>
public sealed class BlockYamlTests
{
    private const string Path = "/c/a.yaml";

    internal static IEnumerable<string> RealFiles() =>
        Directory.EnumerateFiles(Repo.Example, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(System.IO.Path.Combine(Repo.Root, "tests", "corpora"), "*.y*ml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    /// <summary>Asserts agreement; returns whether the direct reader answered.</summary>
    private static bool Agrees(string yaml)
    {
        var text = new SourceText(yaml);
        var fast = BlockYaml.TryParse(Path, text);
        if (fast is null) return false;
        var reference = YamlTree.ParseWithYamlDotNet(Path, text);
        var where = Excerpt(yaml);
        Assert.True(reference.Root is not null, $"the direct reader read a file YamlDotNet rejects: {where}");
        var difference = Difference(fast.Root!, reference.Root!, "$");
        Assert.True(difference is null, $"{difference} in {where}");
        Assert.Equal(Describe(reference.Diagnostics), Describe(fast.Diagnostics));
        return true;
    }

    private static string Excerpt(string yaml) => yaml.Length <= 400 ? yaml.Replace("\n", "⏎") : yaml[..400].Replace("\n", "⏎") + "…";

    private static string Describe(IEnumerable<CorpusLsp.Core.Diagnostics.Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"{d.Code} {d.Span.Start}-{d.Span.End} {d.Message}"));

    private static string? Difference(YNode a, YNode b, string at)
    {
        if (a.GetType() != b.GetType()) return $"{at}: {a.GetType().Name} vs {b.GetType().Name}";
        if (a.Span != b.Span) return $"{at}: span {a.Span.Start}-{a.Span.End} vs {b.Span.Start}-{b.Span.End}";
        switch (a, b)
        {
            case (YScalar x, YScalar y):
                return x.Value != y.Value || x.IsPlain != y.IsPlain ? $"{at}: '{x.Value}' ({x.IsPlain}) vs '{y.Value}' ({y.IsPlain})" : null;
            case (YSequence x, YSequence y):
                if (x.Items.Length != y.Items.Length) return $"{at}: {x.Items.Length} vs {y.Items.Length} items";
                for (var i = 0; i < x.Items.Length; i++)
                    if (Difference(x.Items[i], y.Items[i], $"{at}[{i}]") is { } d) return d;
                return null;
            case (YMapping x, YMapping y):
                if (x.Entries.Length != y.Entries.Length) return $"{at}: {x.Entries.Length} vs {y.Entries.Length} entries";
                for (var i = 0; i < x.Entries.Length; i++)
                    if ((Difference(x.Entries[i].Key, y.Entries[i].Key, $"{at}.key{i}") ?? Difference(x.Entries[i].Value, y.Entries[i].Value, $"{at}.{x.Entries[i].Key.Value}")) is { } d)
                        return d;
                return null;
            default:
                return null;
        }
    }

    [Fact]
    public void Reads_every_example_and_fixture_file_as_YamlDotNet_does()
    {
        var files = RealFiles().ToList();
        var read = files.Count(f => Agrees(File.ReadAllText(f)));
        // The example corpus is what sidecars look like: the direct reader must take them, or the speed is not there.
        foreach (var sidecar in Directory.EnumerateFiles(Repo.Example, "*.yaml"))
            Assert.True(BlockYaml.TryParse(Path, new SourceText(File.ReadAllText(sidecar))) is not null, $"declined {sidecar}");
        Assert.True(read * 10 >= files.Count * 8, $"read {read} of {files.Count} files directly");
    }

    [Theory]
    [InlineData("a: 1\nb:\nc: x\n")]
    [InlineData("a:\n- x\n- y\nb: 2")]
    [InlineData("a:\n  - x\n  -\n  - y # c\n")]
    [InlineData("a:\n  - id: x\n    text: y\n  - id: z\nb: []\n")]
    [InlineData("a:\n- id: x\n  text: y\n- id: z\n  occurrence: [1, 2 ,3]\n")]
    [InlineData("# head\n\nmeta:   # c\n  title: 'It''s'  \n  source: \"AFP\"\n\n  # inner\n\nplaces:\n")]
    [InlineData("a: b\na: c\nd:\n  a: 1\n  a: 2\n")]
    [InlineData("a: [x, 'y z', \"w\"]\nb: [ ]\nc: [-1]\n")]
    [InlineData("  a: 1\n  b: 2\n")]
    [InlineData("a: x\n  b: y\n")]
    [InlineData("a: x\n  continued\n")]
    [InlineData("a:\n  b: 1\n c: 2\n")]
    [InlineData("a:\n  - x\n  b: 1\n")]
    [InlineData("a: geonames:\n")]
    [InlineData("a: x: y\n")]
    [InlineData("ref: geonames:170063\nurl: http://x.org/a#b\nnote: a # b\n")]
    [InlineData("a: [x, ]\n")]
    [InlineData("a: [x\n")]
    [InlineData("a: 'x\n")]
    [InlineData("a: \"x\\ty\"\n")]
    [InlineData("- a\n- b: c\n  d: e\n-\n  f: g\n")]
    [InlineData("a:\n  -\n    b: 1\n  - - x\n")]
    [InlineData("a: ~\nb: null\nc: 2016-02-30\nd: -5\ne: .5\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("---\na: 1\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: |\n  x\n")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("? a\n: b\n")]
    [InlineData("key with spaces  : value with  spaces   \n")]
    [InlineData("a:\n\n\n  b: 1\n\n\n")]
    [InlineData("a: x\n# only a comment after\n   # indented comment\n")]
    [InlineData("a:")]
    [InlineData("")]
    [InlineData("# nothing\n")]
    [InlineData("just text\n")]
    [InlineData("a: b\r\nc: d\r\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: Beyrouth – Liban, 12 février\n")]
    [InlineData("a: >-\n  x\n  y\n\n  z\nb: 1\n")]
    [InlineData("a: |\n  x\n  y\n\n\n  z\n")]
    [InlineData("a: >\n  x\n\n\nb: 1\n")]
    [InlineData("- >-\n  a\n  b\n- c\n")]
    [InlineData("a: >-\n  x\n# c\nb: 1\n")]
    [InlineData("a:\n  n: >-\n    x\n  # c\n  m: 1\n")]
    [InlineData("a:\n  n: >-\n    x\n   \n  m: 1\n")]
    [InlineData("a: >-\n    x\n  y\n")]
    [InlineData("a: >-\n\n  x\n")]
    [InlineData("a: >+\n  x\n")]
    [InlineData("a: >2\n  x\n")]
    [InlineData("a: >-\n  x\n    y\n")]
    [InlineData("a: >-  # c\n  x\n")]
    [InlineData("a: >-\n  x")]
    [InlineData("a: >-\n  x\n  ")]
    [InlineData("a: |-\n  x  \n  #y: z\nb: 2\n")]
    [InlineData("a:\n- n: >-\n    x\n    y\n  m: 1\n")]
    [InlineData("a: >-\nb: 1\n")]
    public void Agrees_with_YamlDotNet_on_edge_cases(string yaml) => Agrees(yaml);

    [Fact]
    public void Takes_the_block_style_it_was_written_for()
    {
        Assert.True(Agrees("meta:\n  title: T\n  published: 2020-01-01\nplaces:\n  - id: a\n    text: Aleppo\n    occurrence: [1, 2]\n  - text: 'Idlib'\npeople:\n"));
        Assert.True(Agrees("places:\n- text: Homs\n  ref: geonames:169577\nevents: []\n"));
    }

    [Fact]
    public void Agrees_with_YamlDotNet_on_mutated_files()
    {
        var mutator = new Mutator(20261202);
        var seeds = RealFiles().Select(File.ReadAllText).ToList();
        var read = 0;
        var total = 0;
        foreach (var seed in seeds)
            for (var i = 0; i < 60; i++)
            {
                total++;
                if (Agrees(mutator.Text(seed))) read++;
            }
        // Most mutants stay inside the subset, so the comparison is exercised, not skipped.
        Assert.True(read * 4 >= total, $"read {read} of {total} mutants directly");
    }

    [Fact]
    public void Agrees_with_YamlDotNet_on_reindented_and_restyled_files()
    {
        foreach (var file in RealFiles())
        {
            var yaml = File.ReadAllText(file);
            Agrees(Reindent(yaml, 2));
            Agrees(yaml.Replace("\n  - ", "\n- ").Replace("\n    ", "\n  "));
            Agrees(yaml.Replace(": ", ":    "));
            Agrees(yaml.TrimEnd('\n'));
            Agrees(yaml.Replace("\n", "\n\n# c\n"));
        }
    }

    /// <summary>
    /// A document marker or directive at a line start, wherever it stands (after a comment, below a list the skim passes
    /// over), is YamlDotNet's to read: the reader declines the file whether it parses or skims it.
    /// </summary>
    [Theory]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("%YAML 1.2\n---\na: 1\n")]
    [InlineData("# c\n---\na: 1\n")]
    [InlineData("meta:\n  source: AFP\npeople:\n  - id: a\n    text: b\n---\n")]
    [InlineData("people:\n  - id: a\n%TAG ! x\n")]
    [InlineData("places:\n  - ref: x\n...")]
    [InlineData("a: 1\n...: x\n")]
    [InlineData("meta:\n  source: AFP\n...b: c\n")]
    public void A_document_marker_at_a_line_start_is_declined_by_the_parse_and_the_skim(string yaml)
    {
        var text = new SourceText(yaml);
        Assert.Null(BlockYaml.TryParse(Path, text));
        Assert.Null(BlockYaml.TrySkimFacts(Path, text));
        // The same lines made comments are read.
        var commented = new SourceText(yaml.Replace("---", "#--").Replace("...", "#..").Replace("%", "#%"));
        Assert.NotNull(BlockYaml.TryParse(Path, commented));
        Assert.NotNull(BlockYaml.TrySkimFacts(Path, commented));
    }

    /// <summary>
    /// Asserts that the facts skimmed from a sidecar (its `article`, `meta.source`, places' `ref`s) are those of its whole
    /// tree, and that skimming accepts exactly what parsing does; returns whether it accepted.
    /// </summary>
    private static bool SkimAgrees(string yaml)
    {
        var text = new SourceText(yaml);
        var skimmed = BlockYaml.TrySkimFacts(Path, text);
        var whole = FactsOf(YamlTree.ParseRecovering(Path, text).Root);
        Assert.Equal(BlockYaml.TryParse(Path, text) is null, skimmed is null);
        if (skimmed is not null) Assert.Equal(whole, FactsOf(skimmed.Root));
        Assert.Equal(whole, Describe(CorpusLsp.Core.Model.SidecarReader.ReadFacts(Path, text)));
        return skimmed is not null;
    }

    private static string FactsOf(YNode? root)
    {
        if (root is not YMapping m) return Describe((null, null, []));
        static string? Str(YMapping? m, string key) => m?[key] is YScalar { IsNull: false } s ? s.Value : null;
        var refs = m["places"] is YSequence places ? places.Items.OfType<YMapping>().Select(p => Str(p, "ref")).OfType<string>().ToList() : [];
        return Describe((Str(m, "article"), Str(m["meta"] as YMapping, "source"), refs));
    }

    private static string Describe((string? Article, string? Source, List<string> Refs) facts) =>
        $"article {facts.Article ?? "(none)"}; source {facts.Source ?? "(none)"}; refs {string.Join(", ", facts.Refs)}";

    [Fact]
    public void Skimming_a_sidecar_for_its_facts_gives_those_of_its_whole_tree_on_real_mutated_and_restyled_files()
    {
        var mutator = new Mutator(20261206);
        var skimmed = 0;
        foreach (var yaml in RealFiles().Select(File.ReadAllText))
        {
            foreach (var variant in new[] { yaml, Reindent(yaml, 2), yaml.Replace("\n  - ", "\n- ").Replace("\n    ", "\n  "), yaml + "article: again.txt\nmeta:\n  source: Other\n" })
                if (SkimAgrees(variant)) skimmed++;
            for (var i = 0; i < 40; i++) SkimAgrees(mutator.Text(yaml));
        }
        Assert.True(skimmed > 100, $"{skimmed} files skimmed");
        // The keys read where they stand, the first of each kept, any other shape of the facts' values read as not given.
        foreach (var yaml in new[]
        {
            "article: a.txt\narticle: b.txt\nmeta:\n  source: S\n  source: T\nplaces:\n- ref: x\n  ref: y\n- text: z\n- [1, 2]\n- ref: [w]\n",
            "meta: [source]\nplaces:\n  ref: x\narticle:\n  name: a.txt\n",
            "- article: a.txt\n",
            "article: ~\nmeta:\n  source: 'Quoted ''S'''\nplaces:\n- ref: \"x\"\n  text: >-\n    folded\n",
            "places:\n- meta:\n    source: no\n  ref: r\n  article: no.txt\n",
        })
            Assert.True(SkimAgrees(yaml), yaml);
    }

    /// <summary>
    /// A `key: plain value` line is read in one pass of its own, by the parse and by the skim that passes over it: on every
    /// shape of such a line, well formed or not, the parse must agree with YamlDotNet, and the skim must accept, decline and
    /// read the facts as the parse does.
    /// </summary>
    [Theory]
    [InlineData("people:\n  - id: a\n    text: b: c\n")]
    [InlineData("people:\n  - id: a\n    text: b:c # x: y\n    role: r  \n")]
    [InlineData("people:\n  - id: a\n    text: b\n      continued\n")]
    [InlineData("people:\n  - id: a\n    text: b\n   bad: indent\n")]
    [InlineData("people:\n  - id: a\n    text  :   b   # c\n    note: -1\n    kind: -x\n")]
    [InlineData("people:\n  - id: a\n    text: b#c\n    note: 'q'\n    role: [x, y]\n    name: \"n\"\n")]
    [InlineData("people:\n  - id: a\n    text: b\n---\n")]
    [InlineData("people:\n  - id: a\n    text:b\n")]
    [InlineData("people:\n  - id: a\n    text: >-\n      folded\n    role: r\n")]
    [InlineData("meta:\n  title: t: u\n  source: S\n")]
    [InlineData("meta:\n  title: t\n  source: S\n  source: T\n  sources: U\n  source : V\nplaces:\n  - text: x\n    ref : r\n    refs: s\n")]
    [InlineData("meta:\n  title: t\n  source   : S\narticle : a.txt\nplaces : \n  - ref: r\n")]
    [InlineData("people: x\narticle: a.txt\nmetas: y\nmeta: z\n")]
    [InlineData("people:\n  - id: a\n    text: b\n  - id: c\n    text: d\n  -\n    id: e\n")]
    [InlineData("people:\n  - id: a\n    text: b\nx: y\n  z: w\n")]
    [InlineData("people:\n  - id: a\n    text: b")]
    [InlineData("people:\n  - id: a\n    text: b   ")]
    [InlineData("people:\n  - id: a\n    # c\n    text: b # c\n\n    role: r\n")]
    public void A_plain_entry_line_is_parsed_and_skimmed_as_the_general_steps_read_it(string yaml)
    {
        foreach (var variant in new[]
        {
            yaml, yaml.Replace("\n  ", "\n"), new string('x', 1001) + ": y\n" + yaml, new string('x', 999) + ": y\n" + yaml,
            "people:\n  - " + new string('k', 1001) + ": v\n" + yaml.Replace("people:\n", "", StringComparison.Ordinal),
        })
        {
            SkimAgrees(variant);
            Agrees(variant);
        }
    }

    /// <summary>A line's stops (a key's colon, a comment, a value's `: `, the line end) are found eight characters at a time: at every offset from a block's start, each is found where it stands.</summary>
    [Fact]
    public void Stops_on_a_line_are_found_at_every_offset()
    {
        for (var k = 1; k <= 19; k++)
            for (var v = 1; v <= 19; v++)
                foreach (var tail in new[] { "", " # c", ": x", " #c:", "#x" })
                {
                    var line = new string('k', k) + ": " + new string('v', v) + tail;
                    foreach (var yaml in new[] { $"meta:\n  {line}\n  source: S\n", $"people:\n  - id: a\n    {line}\n", $"{line}\nx: y", line })
                    {
                        Agrees(yaml);
                        SkimAgrees(yaml);
                    }
                }
        Assert.NotNull(BlockYaml.TryParse(Path, new SourceText("meta:\n  " + new string('k', 13) + ": " + new string('v', 17) + " # c\n")));
    }

    [Fact]
    public void A_sidecar_linking_the_same_place_many_times_holds_one_string_per_link()
    {
        // Every edit parses the sidecar again: a 2,000-mention sidecar linking 5 places made 2,000 link strings per edit.
        var yaml = new StringBuilder("places:\n");
        for (var i = 0; i < 40; i++) yaml.Append($"- text: Place {i}\n  ref: geonames:{170063 + i % 2}\n  note: '{i}'\n");
        var tree = BlockYaml.TryParse(Path, new SourceText(yaml.ToString()));
        Assert.NotNull(tree);
        var links = ((YSequence)((YMapping)tree.Root!).Entries.Single(e => e.Key.Value == "places").Value).Items
            .Select(item => ((YScalar)((YMapping)item).Entries.Single(e => e.Key.Value == "ref").Value).Value).ToList();
        Assert.Equal(40, links.Count);
        Assert.Equal(new[] { "geonames:170063", "geonames:170064" }, links.Distinct(StringComparer.Ordinal));
        Assert.Equal(2, links.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.True(Agrees(yaml.ToString()));
    }

    /// <summary>
    /// The sidecar keys are read as the code's own strings, whatever names a thread read before (names that would have taken
    /// their slots), so that the model and the schema find them by reference and a link under `ref` is pooled.
    /// </summary>
    [Fact]
    public void Sidecar_keys_read_as_the_codes_own_strings_whatever_was_read_before()
    {
        Assert.True(BlockYaml.SidecarKeysHaveSlotsOfTheirOwn());
        var other = new StringBuilder();
        for (var i = 0; i < 300; i++) other.Append($"n{i}x{(char)('a' + i % 26)}: {i}\n");
        Assert.NotNull(BlockYaml.TryParse(Path, new SourceText(other.ToString())));
        var yaml = "meta:\n  source: S\n  published: 2020-01-01\nplaces:\n- id: a\n  ref: geonames:1\n  note: n\n- id: b\n  ref: geonames:1\n"
            + "organisations:\n- text: T\n  kind: media\nevents:\n- type: talks\n  when: today\n  relativeTo: a\n  participants: [b]\n";
        var root = (YMapping)BlockYaml.TryParse(Path, new SourceText(yaml))!.Root!;
        var names = new List<string>();
        void Walk(YNode node)
        {
            if (node is YMapping m) foreach (var e in m.Entries) { names.Add(e.Name); Walk(e.Value); }
            if (node is YSequence q) foreach (var item in q.Items) Walk(item);
        }
        Walk(root);
        Assert.Equal(17, names.Count);
        Assert.All(names, n => Assert.Same(BlockYaml.SidecarKey(n), n));
        var links = ((YSequence)root["places"]!).Items.Select(p => ((YScalar)((YMapping)p)["ref"]!).Value).ToList();
        Assert.Same(links[0], links[1]);
        Assert.True(Agrees(yaml));
    }

    [Fact]
    public void Links_and_keys_beyond_the_pools_slots_keep_their_values_and_one_string_each()
    {
        // Names are pooled through 64 slots by a short hash, the rest in a table: 300 links and 100 key names collide in
        // slots, and each must still read as itself, once.
        var yaml = new StringBuilder("places:\n");
        for (var i = 0; i < 900; i++) yaml.Append($"- text: Place {i}\n  ref: geonames:{170000 + i % 300}\n  key{i % 100}: {i}\n");
        var tree = BlockYaml.TryParse(Path, new SourceText(yaml.ToString()));
        Assert.NotNull(tree);
        var items = ((YSequence)((YMapping)tree.Root!).Entries.Single().Value).Items.Cast<YMapping>().ToList();
        var links = items.Select(m => ((YScalar)m.Entries.Single(e => e.Key.Value == "ref").Value).Value).ToList();
        Assert.Equal(Enumerable.Range(0, 900).Select(i => $"geonames:{170000 + i % 300}"), links);
        Assert.Equal(300, links.Distinct(ReferenceEqualityComparer.Instance).Count());
        var keys = items.Select(m => m.Entries[2].Key.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 900).Select(i => $"key{i % 100}"), keys);
        Assert.Equal(100, keys.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.True(Agrees(yaml.ToString()));
    }

    [Fact]
    public void A_text_read_from_its_bytes_is_read_as_its_string_without_a_string_of_it()
    {
        // A corpus's files are held as UTF-8 (half a string's memory) and each sidecar is read twice in a `check`: for its
        // facts, then for its analysis. Neither reading may make a string of the whole text (~8 KB a pair, issue 19).
        foreach (var yaml in RealFiles().Select(File.ReadAllText))
        {
            var compact = SourceText.FromFileBytes(Encoding.UTF8.GetBytes(yaml), out _)!;
            var (fromBytes, fromString) = (BlockYaml.TryParse(Path, compact), BlockYaml.TryParse(Path, new SourceText(yaml)));
            Assert.Equal(fromString is null, fromBytes is null);
            if (fromString is null) continue;
            Assert.Null(Difference(fromBytes!.Root!, fromString.Root!, "$"));
            Assert.Equal(Describe(fromString.Diagnostics), Describe(fromBytes.Diagnostics));
            Assert.Equal(FactsOf(fromString.Root), FactsOf(BlockYaml.TrySkimFacts(Path, compact)!.Root));
        }
        var big = new StringBuilder("meta:\n  source: Wire\nplaces:\n");
        for (var i = 0; i < 2000; i++) big.Append($"- text: Place number {i} of a long list\n  note: '{i}: {new string('n', 200)}'\n");
        var text = SourceText.FromFileBytes(Encoding.UTF8.GetBytes(big.ToString()), out _)!;
        BlockYaml.TrySkimFacts(Path, text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.NotNull(BlockYaml.TrySkimFacts(Path, text));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A string of the text alone would be two bytes a character.
        Assert.True(allocated < text.Length / 2, $"{allocated:N0} bytes allocated to skim {text.Length:N0} characters");
    }

    [Fact]
    public void Key_names_are_one_string_across_the_sidecars_read_on_a_thread()
    {
        // On a thread of its own: a name whose slot another name took first (on a thread that read other files) is kept
        // per parse instead.
        static string KeyOf(string yaml) => ((YMapping)BlockYaml.TryParse(Path, new SourceText(yaml))!.Root!).Entries[0].Key.Value;
        (string, string) keys = default;
        // Not a key of the sidecar schema (those are the code's own strings, below): one string per name all the same.
        var reader = new Thread(() => keys = (KeyOf("organizations:\n- text: UN\n"), KeyOf("organizations: []\n")));
        reader.Start();
        reader.Join();
        Assert.Equal("organizations", keys.Item1);
        Assert.Same(keys.Item1, keys.Item2);
    }

    [Fact]
    public void A_key_of_the_sidecar_schema_is_read_as_the_string_the_code_reads_it_by()
    {
        var root = (YMapping)BlockYaml.TryParse(Path, new SourceText("meta:\n  source: AFP\nplaces:\n- text: Aleppo\n  ref: x\n  relativeTo: e1\n"))!.Root!;
        Assert.Same("meta", root.Entries[0].Key.Value);
        Assert.Same("source", ((YMapping)root["meta"]!).Entries[0].Key.Value);
        var place = (YMapping)((YSequence)root["places"]!).Items[0];
        Assert.Equal(["text", "ref", "relativeTo"], place.Entries.Select(e => e.Key.Value));
        foreach (var (entry, name) in place.Entries.Zip(new[] { "text", "ref", "relativeTo" })) Assert.Same(name, entry.Key.Value);
        // Read back by a name held in another string, or one of the same length that differs, the answer is the same.
        Assert.Same(root["meta"], root[new string("meta".AsSpan())]);
        Assert.Null(place["nope"]);
        Assert.Null(place[new string("refX".AsSpan())[..3].Replace('f', 'g')]);
    }

    [Fact]
    public void A_cursor_between_a_mentions_keys_is_in_the_mention_and_in_none_of_its_entries()
    {
        // Entries are values in their mapping's array: "no entry here" must stay no entry, not an empty one.
        const string yaml = "places:\n  - text: Aleppo\n    ref: geonames:170063\n";
        var sidecar = CorpusLsp.Core.Model.SidecarReader.Read(Path, new SourceText(yaml)).Sidecar;
        var between = CorpusLsp.Core.Services.SidecarLocator.At(sidecar, yaml.IndexOf("    ref", StringComparison.Ordinal) + 1);
        Assert.Equal("Aleppo", between.Mention?.Anchor.Text);
        Assert.Null(between.Entry);
        Assert.Null(between.Item);
        var onLink = CorpusLsp.Core.Services.SidecarLocator.At(sidecar, yaml.IndexOf("170063", StringComparison.Ordinal));
        Assert.Equal("ref", onLink.Entry?.Key.Value);
    }

    private static string Reindent(string yaml, int factor)
    {
        var sb = new StringBuilder();
        foreach (var line in yaml.Split('\n'))
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            sb.Append(new string(' ', indent * factor)).Append(line.AsSpan(indent)).Append('\n');
        }
        return sb.ToString();
    }
}
