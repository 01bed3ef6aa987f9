using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Tests.Support;
using static CorpusLsp.Tests.Support.Fixture;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The streaming build (GeoNames dumps of any size, bounded memory) gives the gazetteer the in-memory build gives;
/// bad rows are reported and skipped; a damaged cache is rebuilt; "did you mean" finds what a scan of every key finds.
/// </summary>
public sealed class GazetteerScaleTests
{
    private static readonly string ExampleRoot = PhysicalFileSystem.Normalize(Repo.Example);

    /// <summary>The example corpus (two overlapping cities files: duplicate ids), built in memory and streamed with runs of 1,000 records and parts of 13 MB.</summary>
    private static readonly Lazy<(Gazetteer Memory, Gazetteer Streamed, MemoryCache Cache)> Example = new(() =>
    {
        var memory = CorpusSnapshot.Load(ExampleRoot, new PhysicalFileSystem()).Gazetteer;
        var cache = new MemoryCache();
        FlatGazetteerWriter.Limits.Value = (1000, 24_000_000); // a part holds any one section (the largest, a quarter of the near-miss postings, ~15 MB here)
        try
        {
            return (memory, CorpusSnapshot.Load(ExampleRoot, new PhysicalFileSystem(), cache).Gazetteer, cache);
        }
        finally { FlatGazetteerWriter.Limits.Value = null; }
    });

    private static void AssertSameEntry(GazetteerEntry a, GazetteerEntry b)
    {
        Assert.Equal(a with { AlternateNames = [], Extra = null }, b with { AlternateNames = [], Extra = null });
        Assert.Equal(a.Extra?.OrderBy(kv => kv.Key).ToList(), b.Extra?.OrderBy(kv => kv.Key).ToList());
        Assert.Equal(a.AlternateNames.ToArray(), b.AlternateNames.ToArray());
    }

    private static void AssertSameGazetteer(Gazetteer expected, Gazetteer actual, int suggestEvery = 97)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.NameCount, actual.NameCount);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected.EntryAt(i);
            AssertSameEntry(e, actual.EntryAt(i));
            Assert.Equal(expected.Hierarchy(e), actual.Hierarchy(actual.EntryAt(i)));
            Assert.Same(actual.EntryAt(i), actual.Find(e.Id));
            foreach (var name in e.AllNames)
                Assert.Equal(expected.Lookup(name).Select(m => (m.Entry.Id, m.Kind, m.MatchedName)), actual.Lookup(name).Select(m => (m.Entry.Id, m.Kind, m.MatchedName)));
            if (i % suggestEvery == 0)
            {
                var typo = e.Name.Length > 5 ? e.Name.Remove(2, 1) + "x" : e.Name + "a";
                Assert.Equal(expected.Suggest(typo).Select(s => (s.Name, s.Entry.Id, s.Distance)), actual.Suggest(typo).Select(s => (s.Name, s.Entry.Id, s.Distance)));
                Assert.Equal(expected.Complete(e.Name[..Math.Min(3, e.Name.Length)]).Select(c => (c.Name, c.Entry.Id)),
                    actual.Complete(e.Name[..Math.Min(3, e.Name.Length)]).Select(c => (c.Name, c.Entry.Id)));
            }
        }
    }

    [Fact]
    public void The_streaming_build_gives_the_in_memory_gazetteer_across_run_and_part_boundaries()
    {
        var (memory, streamed, cache) = Example.Value;
        Assert.True(cache.Files.Count > 1, $"{cache.Files.Count} parts");
        Assert.IsType<HealingGazetteerStore>(((LayeredGazetteerStore)streamed.Store).Lower);
        AssertSameGazetteer(memory, streamed);
        Assert.Equal(memory.Country("SY")?.Id, streamed.Country("SY")?.Id);
        Assert.Equal(memory.Admin1("SY.09")?.Id, streamed.Admin1("SY.09")?.Id);
    }

    // Rows in the order the in-memory build must keep: a duplicate id (the first wins), a row without admin1 that
    // hierarchy.txt places under an ADM1, alternate names joined by id (one unknown id, one malformed row).
    private const string Rows =
        GeoNames +
        "170063\tAleppo again\tAleppo again\t\t1\t1\tP\tPPL\tSY\t\t09\t\t\t\t5\t\t0\tAsia/Damascus\t2023-01-01\n" +
        "9000001\tTell Nowhere\tTell Nowhere\t\t36.1\t37.1\tP\tPPL\tSY\t\t\t\t\t\t12\t\t0\tAsia/Damascus\t2023-01-01\n";

    private const string Alternates =
        "1\t170063\tar\tحلب\t1\t\t\t\t\t\n" + "2\t170063\tfr\tAlep\t\t\t\t\t\t\n" + "3\t9000001\ten\tTal Nowhere\t\t\t\t\t\t\n" +
        "4\t9999999\ten\tNowhere Town\t\t\t\t\t\t\n" + "5\tbroken\ten\tX\t\t\t\t\t\t\n" + "6\t170063\tde\tAleppo\t\t\t\t\t\t\n";

    private static InMemoryFileSystem Extras(string rows)
    {
        var yaml = CorpusYaml + "  alternateNames: gaz/alternateNamesV2.txt\n  hierarchy: gaz/hierarchy.txt\n";
        return Files(corpusYaml: yaml, geonames: rows).Add(Root + "/gaz/alternateNamesV2.txt", Alternates).Add(Root + "/gaz/hierarchy.txt", "170062\t9000001\tADM\n");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Alternate_names_hierarchy_and_duplicates_stream_as_they_load_in_memory(int chunkRecords)
    {
        var memory = CorpusSnapshot.Load(Root, Extras(Rows));
        FlatGazetteerWriter.Limits.Value = (chunkRecords, 1 << 30);
        try
        {
            var streamed = CorpusSnapshot.Load(Root, Extras(Rows), new MemoryCache());
            AssertSameGazetteer(memory.Gazetteer, streamed.Gazetteer, suggestEvery: 1);
            Assert.Equal(memory.GazetteerDiagnostics.Select(d => (d.Code, d.Path, d.Span, d.Message)), streamed.GazetteerDiagnostics.Select(d => (d.Code, d.Path, d.Span, d.Message)));
            Assert.Equal("Syria › Aleppo", streamed.Gazetteer.Hierarchy(streamed.Gazetteer.Find("geonames:9000001")!));
            Assert.Equal("Aleppo", streamed.Gazetteer.Find("geonames:170063")!.Name);
            Assert.Contains("Tal Nowhere", streamed.Gazetteer.Find("geonames:9000001")!.AlternateNames);
        }
        finally { FlatGazetteerWriter.Limits.Value = null; }
    }

    [Theory]
    [InlineData("NaN", "36.1")]
    [InlineData("36.1", "NaN")]
    [InlineData("Infinity", "36.1")]
    [InlineData("-nan", "36.1")]
    public void CLS026_a_row_with_a_coordinate_that_is_not_a_number_is_skipped_and_the_rest_loads(string lat, string lon)
    {
        var rows = Rows.Replace("36.1\t37.1", $"{lat}\t{lon}");
        foreach (var cache in new[] { null, new MemoryCache() })
        {
            var snapshot = CorpusSnapshot.Load(Root, Extras(rows), cache);
            var d = Assert.Single(snapshot.GazetteerDiagnostics, d => d.Path == Root + "/gaz/cities.txt");
            Assert.Equal("CLS026", d.Code);
            var line = rows.Split('\n').ToList().FindIndex(l => l.StartsWith("9000001", StringComparison.Ordinal));
            Assert.Contains($"Row {line + 1} skipped", d.Message);
            Assert.Equal(rows.IndexOf("9000001\t", StringComparison.Ordinal), d.Span.Start);
            Assert.Null(snapshot.Gazetteer.Find("geonames:9000001"));
            Assert.NotNull(snapshot.Gazetteer.Find("geonames:170063"));
        }
    }

    [Fact]
    public void CLS026_an_over_long_line_is_reported_with_its_line_and_skipped_without_being_kept()
    {
        // 3 million characters without a newline in the middle of the file, then more rows.
        var longLine = "170000\t" + new string('x', 3_000_000);
        var rows = GeoNames.Replace("166331\tNubl", longLine + "\n166331\tNubl") ;
        foreach (var cache in new[] { null, new MemoryCache() })
        {
            var snapshot = CorpusSnapshot.Load(Root, Files(geonames: rows), cache);
            var d = Assert.Single(snapshot.GazetteerDiagnostics);
            Assert.Equal(("CLS026", Root + "/gaz/cities.txt"), (d.Code, d.Path));
            Assert.Contains("Row 3 skipped: longer than 1,048,576 characters", d.Message);
            Assert.Equal((rows.IndexOf(longLine, StringComparison.Ordinal), longLine.Length), (d.Span.Start, d.Span.Length));
            Assert.NotNull(snapshot.Gazetteer.Find("geonames:166331")); // the row after it
            Assert.NotNull(snapshot.Gazetteer.Find("geonames:170063"));
        }
    }

    [Fact]
    public void A_line_reader_keeps_at_most_its_bound_of_a_line_without_a_newline()
    {
        var reader = new BoundedLineReader(new StringReader("ab\r\n" + new string('y', 100) + "\nlast"), 10);
        Assert.Equal(("ab", 1, 0L), reader.Next() is { } a ? (a.Text, a.Number, a.Start) : default);
        Assert.Equal(((string?)null, 2, 4L, 100L), reader.Next() is { } b ? (b.Text, b.Number, b.Start, b.Length) : default);
        Assert.Equal(("last", 3, 105L), reader.Next() is { } c ? (c.Text, c.Number, c.Start) : default);
        Assert.Null(reader.Next());
    }

    public static TheoryData<int> SectionNumbers() => [.. Enumerable.Range(0, FlatGazetteerStore.SectionCount)];

    [Theory]
    [MemberData(nameof(SectionNumbers))]
    public void Flipped_bytes_in_any_section_are_found_and_the_cache_rebuilt_never_trusted(int section)
    {
        var good = new MemoryCache();
        var built = CorpusSnapshot.Load(Root, Extras(Rows), good).Gazetteer;
        var key = Assert.Single(good.Files.Keys);
        var bytes = good.Files[key];
        var store = FlatGazetteerStore.Open(bytes, _ => null)!;
        var (_, offset, length) = store.Sections[section];
        Assert.True(length > 0, $"section {(FlatGazetteerStore.Section)section} is empty");
        var damaged = (byte[])bytes.Clone();
        var at = offset + length / 2;
        for (var i = at; i < Math.Min(at + 8, offset + length); i++) damaged[i] ^= 0x5A;

        var cache = new MemoryCache();
        cache.Files[key] = damaged;
        var reloaded = CorpusSnapshot.Load(Root, Extras(Rows), cache).Gazetteer;
        // Every answer is the good index's, whether the damage was found on opening or on the read that met it.
        AssertSameGazetteer(built, reloaded, suggestEvery: 1);
        if (((LayeredGazetteerStore)reloaded.Store).Lower is HealingGazetteerStore healing) healing.VerifyAll();
        Assert.True(cache.Writes >= 1, "the damaged index was rebuilt and written again");
        Assert.Equal(bytes, cache.Files[key]);
    }

    [Fact]
    public void Completion_reads_the_records_of_the_names_it_returns_and_no_other()
    {
        // 2,000 places under the prefix "tell", the more prominent the earlier: completion ranks 200 keys and returns 50.
        var rows = GeoNames + string.Concat(Enumerable.Range(0, 2000).Select(i =>
            GeoNamesRows.Row(100_000 + i, $"Tell {(char)('a' + i / 676)}{(char)('a' + i / 26 % 26)}{(char)('a' + i % 26)}", 0, 36, 37, "PPL", "SY", "09", 1_000_000 - 100 * i)));
        // No overlay: adding one looks its ids up, a binary search over records this test damages.
        var files = Files(corpusYaml: "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n", geonames: rows);
        var good = new MemoryCache();
        var expected = CorpusSnapshot.Load(Root, files, good).Gazetteer.Complete("Tell").Select(c => (c.Name, c.Entry.Id)).ToList();
        Assert.Equal(50, expected.Count);
        var key = Assert.Single(good.Files.Keys);
        var store = FlatGazetteerStore.Open(good.Files[key], _ => null)!;
        // Damage every block of records that holds none of the 50 returned: the other candidates' records lie there.
        var (_, offset, length) = store.Sections[(int)FlatGazetteerStore.Section.Entries];
        long Block(long at) => at / FlatGazetteerStore.BlockSize;
        var returned = expected.Select(e => offset + (long)store.IndexOf(e.Id) * FlatGazetteerStore.RecordSize)
            .SelectMany(at => new[] { Block(at), Block(at + FlatGazetteerStore.RecordSize - 1) }).ToHashSet();
        var damaged = (byte[])good.Files[key].Clone();
        var flipped = 0;
        for (var at = offset; at < offset + length; at += 64)
            if (!returned.Contains(Block(at)) && Block(at) < Block(offset + length)) { damaged[at] ^= 0x5A; flipped++; }
        Assert.True(flipped > 1000, $"{flipped} bytes flipped");

        var cache = new MemoryCache();
        cache.Files[key] = damaged;
        var gazetteer = CorpusSnapshot.Load(Root, files, cache).Gazetteer;
        Assert.Equal(0, cache.Writes);
        var completed = gazetteer.Complete("Tell").Select(c => (c.Name, c.Entry.Id)).ToList();
        Assert.Equal(expected, completed);
        Assert.True(cache.Writes == 0, "completion read a record it did not return (the damage was found and the cache rebuilt)");
    }

    [Fact]
    public void Did_you_mean_reads_the_records_of_the_names_it_returns_and_no_other()
    {
        // 2,000 places "Tell aaa" … "Tell cyx": a typo of one is within two edits of hundreds of them, and each key's
        // entries are ordered by population. Only the suggestions' records may be read.
        var rows = GeoNames + string.Concat(Enumerable.Range(0, 2000).Select(i =>
            GeoNamesRows.Row(100_000 + i, $"Tell {(char)('a' + i / 676)}{(char)('a' + i / 26 % 26)}{(char)('a' + i % 26)}", 0, 36, 37, "PPL", "SY", "09", 1_000 + 7 * (i % 301))));
        var files = Files(corpusYaml: "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n", geonames: rows);
        var good = new MemoryCache();
        var built = CorpusSnapshot.Load(Root, files, good).Gazetteer;
        const string typo = "Tell bqx";
        var expected = built.Suggest(typo).Select(s => (s.Name, s.Entry.Id, s.Distance)).ToList();
        Assert.Equal(5, expected.Count);
        var key = Assert.Single(good.Files.Keys);
        var store = FlatGazetteerStore.Open(good.Files[key], _ => null)!;
        Assert.True(store.NearKeys(NameFolding.Fold(typo), 2).Count() > 100, "many keys are found");
        long Block(long at) => at / FlatGazetteerStore.BlockSize;
        var damaged = (byte[])good.Files[key].Clone();
        // Every block of records but the suggestions' (and the countries' and regions', which opening reads). Read without
        // healing: a damaged block read throws.
        var (_, offset, length) = store.Sections[(int)FlatGazetteerStore.Section.Entries];
        var kept = expected.Select(e => store.IndexOf(e.Id)).Concat(store.Countries().Concat(store.Admin1s()).Select(c => c.Index))
            .Select(i => offset + (long)i * FlatGazetteerStore.RecordSize)
            .SelectMany(at => new[] { Block(at), Block(at + FlatGazetteerStore.RecordSize - 1) }).ToHashSet();
        for (var at = offset; at < offset + length; at += 64)
            if (!kept.Contains(Block(at)) && Block(at) < Block(offset + length)) damaged[at] ^= 0x5A;

        var gazetteer = new Gazetteer(FlatGazetteerStore.Open(damaged, _ => null)!);
        Assert.Equal(expected, gazetteer.Suggest(typo).Select(s => (s.Name, s.Entry.Id, s.Distance)));
    }

    [Fact]
    public void Did_you_mean_best_first_gives_the_order_of_sorting_every_near_keys_entries_for_any_limit_also_under_an_overlay()
    {
        // Populations repeat (ties broken by key, then the key's order of entries) and most keys have several entries.
        var rows = GeoNames + string.Concat(Enumerable.Range(0, 3000).Select(i =>
            GeoNamesRows.Row(100_000 + i, $"Tell {(char)('a' + i / 676 % 26)}{(char)('a' + i / 26 % 26)}{(char)('a' + i % 26)}", 0, 36, 37, "PPL", "SY", "09", i % 7 == 0 ? 0 : 1_000 * (i % 5))));
        var files = Files(corpusYaml: "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n", geonames: rows);
        var cache = new MemoryCache();
        CorpusSnapshot.Load(Root, files, cache);
        var store = FlatGazetteerStore.Open(cache.Files[Assert.Single(cache.Files.Keys)], _ => null)!;
        // An overlay over it (as a corpus loads one): some of its names are the base's keys too, some its own.
        var overlay = Enumerable.Range(0, 60).Select(i => new GazetteerEntry($"overlay:t{i}", i % 2 == 0 ? $"Tell a{(char)('a' + i % 26)}{(char)('b' + i % 7)}" : $"Tel {(char)('a' + i % 26)}x",
            "", [], 36, 37, 'P', "PPL", "SY", "", "", i % 3 == 0 ? 0 : 1_000 * (i % 5), "overlay.yaml", i + 1)).ToList();
        var layered = new Gazetteer(store).With(overlay).Store;
        Assert.IsType<LayeredGazetteerStore>(layered);
        var random = new Random(11);
        var fullAnswers = 0;
        foreach (var query in Enumerable.Range(0, 150).Select(_ => $"tell {(char)('a' + random.Next(5))}{(char)('a' + random.Next(26))}{(char)('a' + random.Next(26))}".Remove(5 + random.Next(3), 1))
                     .Concat(["tellx", "tel", "aleppo", "dmascus", "xyz"]))
        {
            var max = NearMiss.MaxDistance(query.Length);
            foreach (var limit in new[] { 1, 5, 30 })
            {
                Assert.Equal(SuggestionOrder.ByScan(store, query, max, limit), store.Suggestions(query, max, limit));
                Assert.Equal(SuggestionOrder.ByScan(layered, query, max, limit), layered.Suggestions(query, max, limit));
            }
            if (store.Suggestions(query, max, 5).Count() == 5) fullAnswers++;
        }
        // The equalities above say something only when there are answers to order.
        Assert.True(fullAnswers >= 140, $"{fullAnswers} of 155 queries had five suggestions");
    }

    [Fact]
    public void A_cache_of_the_previous_format_is_not_read()
    {
        var good = new MemoryCache();
        CorpusSnapshot.Load(Root, Extras(Rows), good);
        var bytes = (byte[])good.Files[Assert.Single(good.Files.Keys)].Clone();
        Assert.NotNull(FlatGazetteerStore.Open(bytes, _ => null));
        // CLSGAZ14's deletion signatures hashed the key's length with the string left: today's probes would not find them.
        "CLSGAZ14"u8.CopyTo(bytes);
        Assert.Null(FlatGazetteerStore.Open(bytes, _ => null));
    }

    [Theory]
    [InlineData("abcdef", 2)]
    [InlineData("abcde", 2)]
    [InlineData("abcdefg", 2)]
    [InlineData("abcd", 1)]
    public void Did_you_mean_probes_each_deletion_of_the_query_once_whatever_the_length_of_the_keys_it_may_meet(string query, int max)
    {
        // Keys of up to six letters are indexed under what is left after deleting 0–2 of their letters. Each probe is a
        // random block of the near-miss postings (4 GB at full GeoNames scale): a probe per key length a deletion may
        // meet made 58 probes of a six-letter query where 22 deletions are enough (the key's length is in the sketch).
        var deletions = NearMiss.Deletions(query, max).Count(v => v.Length <= NearMiss.DeletionMaxLength);
        Assert.Equal(deletions, NearMiss.DeletionProbes(query, max).Count());
        Assert.Equal(deletions, NearMiss.DeletionProbes(query, max).Distinct().Count());
    }

    /// <summary>The cache file of a gazetteer of the names given (populations 0–490), opened in memory, and where its string pool lies.</summary>
    private static (byte[] Bytes, FlatGazetteerStore InMemory, long Offset, long Length) StoreOfNames(IEnumerable<string> names)
    {
        var rows = GeoNames + string.Concat(names.Select((n, i) => GeoNamesRows.Row(100_000 + i, n, 0, 36, 37, "PPL", "SY", "09", 10 * (i % 50))));
        var cache = new MemoryCache();
        CorpusSnapshot.Load(Root, Files(corpusYaml: "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n", geonames: rows), cache);
        var bytes = cache.Files[Assert.Single(cache.Files.Keys)];
        var inMemory = FlatGazetteerStore.Open(bytes, _ => null)!;
        var (_, offset, length) = inMemory.Sections[(int)FlatGazetteerStore.Section.Strings];
        return (bytes, inMemory, offset, length);
    }

    /// <summary>The cache file of a gazetteer of 60,000 random keys of 4–19 letters (sections several blocks long).</summary>
    private static byte[] CacheOfRandomKeys()
    {
        var random = new Random(2);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 60_000) names.Add(new string(Enumerable.Range(0, random.Next(4, 20)).Select(_ => (char)('a' + random.Next(26))).ToArray()));
        var rows = GeoNames + string.Concat(names.Select((n, i) => GeoNamesRows.Row(100_000 + i, n, 0, 36, 37, "PPL", "SY", "09", i)));
        var cache = new MemoryCache();
        CorpusSnapshot.Load(Root, Files(corpusYaml: "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n", geonames: rows), cache);
        return cache.Files[Assert.Single(cache.Files.Keys)];
    }

    [Fact]
    public void A_near_key_is_found_in_the_key_column_reading_few_blocks_of_it()
    {
        // 60,000 keys of 4–19 letters: a key column of ~60 blocks, in which a bisection read ~7 blocks per key.
        var bytes = CacheOfRandomKeys();
        var inMemory = FlatGazetteerStore.Open(bytes, _ => null)!;
        var (part, offset, length) = inMemory.Sections[(int)FlatGazetteerStore.Section.FoldKeys];
        Assert.Equal(0, part);
        var column = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes.AsSpan((int)offset, (int)length)).ToArray();
        Assert.True(column.Length > 60_000);
        for (var k = 0; k < column.Length; k++) Assert.Equal(k, inMemory.KeyIndexOfPooled(column[k]));
        Assert.Throws<GazetteerCacheDamagedException>(() => inMemory.KeyIndexOfPooled(column[column.Length / 2] + 1));

        // Read by position (block cache, as the server reads): each key on a store just opened, its cache empty.
        var (keys, reads) = (0, 0);
        for (var k = 0; k < column.Length; k += 251, keys++)
        {
            var file = new CountingBytes(bytes);
            var store = FlatGazetteerStore.Open(file, _ => null)!;
            file.Reads.Clear();
            Assert.Equal(k, store.KeyIndexOfPooled(column[k]));
            reads += file.Reads.Count(at => at >= offset && at < offset + length);
        }
        // The column's first and last blocks (read once per store), then one block around the guess, rarely two.
        Assert.True(reads <= 3.5 * keys, $"{reads} reads of the key column for {keys} keys");
    }

    [Fact]
    public void Did_you_mean_reads_the_near_miss_bucket_table_only_where_its_probes_fall()
    {
        // 60,000 keys of 4–19 letters: a bucket table of several blocks. A four-letter query probes five buckets (its
        // deletions of a letter); read whole, the table of 12.4M rows (16 MB) cost the first query ~165 ms.
        var bytes = CacheOfRandomKeys();
        var table = FlatGazetteerStore.Open(bytes, _ => null)!.Sections[(int)FlatGazetteerStore.Section.NearBuckets];
        Assert.True(table.Length > 6 * FlatGazetteerStore.BlockSize, $"a table of {table.Length} bytes");
        var file = new CountingBytes(bytes);
        var store = FlatGazetteerStore.Open(file, _ => null)!;
        file.Runs.Clear();
        var inMemory = FlatGazetteerStore.Open(bytes, _ => null)!;
        Assert.Equal(SuggestionOrder.ByScan(inMemory, "qzxw", 1, 5), store.Suggestions("qzxw", 1, 5));
        var read = file.Runs.Sum(r => Math.Max(0, Math.Min(r.Offset + r.Length, table.Offset + table.Length) - Math.Max(r.Offset, table.Offset)));
        Assert.True(read <= 5 * FlatGazetteerStore.BlockSize, $"{read} bytes of the table read by the first query");
    }

    [Fact]
    public void Did_you_mean_makes_little_garbage_per_query()
    {
        // A query's garbage sets off the collections that land inside later queries (at 12.4M rows the queries one fell
        // in were about half of the slowest 1% of `bench gaz-suggest-profile`). The probes were a string per deletion of
        // the query, a set of those, a set of the probes read and enumerators: 12.3 KB a query here; made into a pooled
        // array, 4.4 KB. Bytes allocated, not time: the same on any machine.
        var bytes = CacheOfRandomKeys();
        var store = FlatGazetteerStore.Open(bytes, _ => null)!;
        var inMemory = FlatGazetteerStore.Open(bytes, _ => null)!;
        var random = new Random(5);
        var queries = Enumerable.Range(0, 60).Select(_ => new string([.. Enumerable.Range(0, random.Next(5, 17)).Select(_ => (char)('a' + random.Next(26)))])).ToList();
        foreach (var q in queries.Take(10)) store.Suggestions(q, 2, 5); // the block cache's buffers and the table's pages, made once
        var allocated = 0L;
        foreach (var q in queries)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var answer = store.Suggestions(q, 2, 5);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(SuggestionOrder.ByScan(inMemory, q, 2, 5), answer);
        }
        Assert.True(allocated / queries.Count < 6_000, $"{allocated / queries.Count} bytes allocated per query");
    }

    [Theory]
    [InlineData("abcdefghij", 2)]
    [InlineData("aabbaabba", 2)]
    [InlineData("mississippi", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcdefghijklmnopqrst", 2)]
    public void Did_you_mean_makes_the_probes_of_the_query_without_strings_and_the_same_ones(string query, int max)
    {
        var probes = Array.Empty<NearMiss.Probe>();
        var count = NearMiss.FillProbes(query, max, ref probes, 0); // before probes is read: it is replaced by a pooled array
        var made = NearMiss.SortDistinct(probes.AsSpan(0, count));
        Assert.Equal(NearMiss.PlacedProbes(query, max).ToHashSet(), probes.Take(made).ToHashSet());
        Assert.Equal(made, probes.Take(made).Distinct().Count());
    }

    [Fact]
    public void Bytes_across_two_blocks_neither_cached_are_one_read_and_both_blocks_are_kept()
    {
        // A near-miss bucket (~64 postings, a kilobyte) spans two blocks a third of the time; each read is a system call
        // (~3.5 µs where "did you mean" is measured at 12.4M rows, ~80 reads a query).
        var data = new byte[5 * CheckedBlocks.BlockSize + 100];
        new Random(3).NextBytes(data);
        var checksums = new byte[4 * 6];
        for (var b = 0; b < 6; b++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(checksums.AsSpan(4 * b),
                NearMiss.BlockHash(data.AsSpan(b * CheckedBlocks.BlockSize, Math.Min(CheckedBlocks.BlockSize, data.Length - b * CheckedBlocks.BlockSize))));
        var file = new CountingBytes(data);
        var blocks = new CheckedBlocks([file], [data.Length], checksums);
        void Read(int from, int length, params (long Offset, int Length)[] expected)
        {
            file.Runs.Clear();
            var into = new byte[length];
            blocks.Read(0, from, into);
            Assert.Equal(data.AsSpan(from, length).ToArray(), into);
            Assert.Equal(expected, file.Runs);
        }
        Read(4000, 1000, (0, 2 * CheckedBlocks.BlockSize));             // blocks 0 and 1: one read
        Read(3000, 2000);                                                // both kept
        Read(8000, 1000, (2 * CheckedBlocks.BlockSize, CheckedBlocks.BlockSize)); // block 1 kept: block 2 alone
        Read(5 * CheckedBlocks.BlockSize - 50, 120, (4 * CheckedBlocks.BlockSize, CheckedBlocks.BlockSize + 100)); // the short last block
        Read(4 * CheckedBlocks.BlockSize + 10, 10);
        // A damaged block of the two is found as when read alone.
        data[3 * CheckedBlocks.BlockSize + 7] ^= 1;
        Assert.Throws<GazetteerCacheDamagedException>(() => blocks.Read(0, 3 * CheckedBlocks.BlockSize - 10, new byte[20]));
    }

    [Fact]
    public void The_near_miss_bucket_table_warmed_ahead_is_read_in_runs_and_queries_then_read_none_of_it()
    {
        // At 12.4M rows the table is 4,096 pages and the first few hundred queries of a process read up to 70 each, one
        // by one; warmed on a thread of its own once the gazetteer opens, it is read 16 pages at a time.
        var bytes = CacheOfRandomKeys();
        var inMemory = FlatGazetteerStore.Open(bytes, _ => null)!;
        var table = inMemory.Sections[(int)FlatGazetteerStore.Section.NearBuckets];
        var file = new CountingBytes(bytes);
        var store = FlatGazetteerStore.Open(file, _ => null)!;
        bool InTable((long Offset, int Length) r) => r.Offset < table.Offset + table.Length && r.Offset + r.Length > table.Offset;
        Assert.Equal(SuggestionOrder.ByScan(inMemory, "qzxw", 1, 5), store.Suggestions("qzxw", 1, 5)); // a few pages first
        file.Runs.Clear();
        store.WarmNearBucketTable();
        var pages = (table.Length + FlatGazetteerStore.BlockSize - 1) / FlatGazetteerStore.BlockSize;
        Assert.InRange(file.Runs.Count(InTable), 1, pages / 16 + 2);
        file.Runs.Clear();
        foreach (var query in new[] { "qzxwvutsr", "abcdefghij", "zyxwvut", "mnbvcx" })
            Assert.Equal(SuggestionOrder.ByScan(inMemory, query, NearMiss.MaxDistance(query.Length), 5), store.Suggestions(query, NearMiss.MaxDistance(query.Length), 5));
        Assert.DoesNotContain(file.Runs, InTable);
    }

    [Fact]
    public void Did_you_mean_on_seven_letters_does_not_scan_every_key_sharing_the_last_three()
    {
        // 3,000 seven-letter keys ending in "ana": cut into four segments (2, 2, 2, 1), they all share the pair of the last
        // two, and a seven-letter query ending so probed it and scanned all 3,000 (at 12.4M rows, lists of 11,400).
        var random = new Random(8);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 3000) names.Add(new string([.. Enumerable.Range(0, 4).Select(_ => "bcdfghklmnp"[random.Next(11)])]) + "ana");
        var rows = GeoNames + string.Concat(names.Select((n, i) => GeoNamesRows.Row(100_000 + i, n, 0, 36, 37, "PPL", "SY", "09", i)));
        var cache = new MemoryCache();
        CorpusSnapshot.Load(Root, Files(corpusYaml: "gazetteer:\n  geonames: [gaz/cities.txt]\n  admin1: gaz/admin1.txt\n  countries: gaz/countries.txt\n", geonames: rows), cache);
        var store = FlatGazetteerStore.Open(cache.Files[Assert.Single(cache.Files.Keys)], _ => null)!;
        foreach (var query in new[] { "xyzwana", "bcxwana" })
        {
            var expected = SuggestionOrder.ByScan(store, query, 2, 5);
            var before = store.NearPostingsScanned;
            Assert.Equal(expected, store.Suggestions(query, 2, 5));
            Assert.True(store.NearPostingsScanned - before < 300, $"{store.NearPostingsScanned - before} postings scanned for '{query}'");
        }
    }

    [Fact]
    public void Did_you_mean_measures_short_keys_from_their_postings_without_reading_the_string_pool()
    {
        // 3,000 names of 3–8 letters (every key carried by its postings): a typo meets dozens of keys within two edits and
        // more whose sketch allows it; neither kind is read from the pool.
        var random = new Random(4);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 3000) names.Add(new string(Enumerable.Range(0, random.Next(3, 9)).Select(_ => "aeilnorst"[random.Next(9)]).ToArray()));
        var (bytes, inMemory, offset, length) = StoreOfNames(names);
        var (stringReads, near) = (0, 0);
        foreach (var query in names.Take(60).Select(n => n.Length > 4 ? n.Remove(1, 1) + "x" : n + "x"))
        {
            var max = NearMiss.MaxDistance(query.Length);
            var file = new CountingBytes(bytes);
            var store = FlatGazetteerStore.Open(file, _ => null)!;
            file.Reads.Clear();
            Assert.Equal(SuggestionOrder.ByScan(inMemory, query, max, 5), store.Suggestions(query, max, 5));
            near += inMemory.NearKeys(query, max).Count();
            stringReads += file.Reads.Count(at => at >= offset && at < offset + length);
        }
        Assert.True(near > 150, $"{near} near keys");
        Assert.Equal(0, stringReads);
    }

    [Fact]
    public void Did_you_mean_measures_long_keys_from_their_pair_postings_and_reads_only_the_keys_it_answers_with()
    {
        // 3,000 twelve-letter names "leilan" + six of five letters: a query of that form probes the pair of its first two
        // segments and meets all 3,000, and the sketch allows two edits for a third of them or more (at 12.4M rows a 9–12-letter
        // query read up to 350 keys from the pool, a random block each). Their postings carry the letters the pair leaves
        // out: the key is whole again from the query's two segments and measured exactly; only the keys of the answer are
        // read, each confirmed once.
        var random = new Random(9);
        string Tail() => new([.. Enumerable.Range(0, 6).Select(_ => "aeiln"[random.Next(5)])]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 3000) names.Add("leilan" + Tail());
        var (bytes, inMemory, offset, length) = StoreOfNames(names);
        var (stringReads, answerKeys, sketchAllows) = (0, 0, 0);
        for (var q = 0; q < 20; q++)
        {
            var query = "leilan" + Tail();
            var file = new CountingBytes(bytes);
            var store = FlatGazetteerStore.Open(file, _ => null)!;
            file.Reads.Clear();
            var answer = store.Suggestions(query, 2, 5);
            Assert.Equal(SuggestionOrder.ByScan(inMemory, query, 2, 5), answer);
            answerKeys += answer.Select(a => a.Key).Distinct().Count();
            stringReads += file.Reads.Count(at => at >= offset && at < offset + length);
            sketchAllows += names.Count(n => NearMiss.DistanceBound(NearMiss.Sketch(query), NearMiss.Sketch(n)) <= 2);
        }
        Assert.True(sketchAllows > 20 * 1000, $"{sketchAllows} keys the sketch allows");
        Assert.True(answerKeys >= 20 * 4, $"{answerKeys} keys answered");
        Assert.True(stringReads <= answerKeys, $"{stringReads} reads of the string pool for {answerKeys} keys answered");
    }

    [Fact]
    public void Did_you_mean_with_five_entries_one_edit_away_does_not_read_the_probes_of_two_edits()
    {
        // "Marrakesh" six times (six entries one edit from the typo "marrakexh") and 600 eleven-letter names two
        // insertions from it: these share the typo's first three segments, and only probes of two edits (keys of 11
        // letters) meet them. The five answers are all one edit away and come before any key two edits away, so the
        // probes of one edit answer alone; reading all of them scanned the 600 postings of each shared pair.
        var random = new Random(12);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 600) names.Add("marrakexh" + new string([.. Enumerable.Range(0, 2).Select(_ => (char)('a' + random.Next(26)))]));
        var (bytes, inMemory, _, _) = StoreOfNames(names.Concat(Enumerable.Repeat("Marrakesh", 6)));
        var store = FlatGazetteerStore.Open(bytes, _ => null)!;
        var before = store.NearPostingsScanned;
        var answer = store.Suggestions("marrakexh", 2, 5);
        Assert.Equal(SuggestionOrder.ByScan(inMemory, "marrakexh", 2, 5), answer);
        Assert.Equal(Enumerable.Repeat(("marrakesh", 1), 5), answer.Select(a => (a.Key, a.Distance)));
        Assert.True(store.NearPostingsScanned - before < 100, $"{store.NearPostingsScanned - before} postings scanned");
        // With six answers wanted, the keys two edits away are needed, and found.
        var six = store.Suggestions("marrakexh", 2, 7);
        Assert.Equal(SuggestionOrder.ByScan(inMemory, "marrakexh", 2, 7), six);
        Assert.Equal(2, six[^1].Distance);
    }

    [Fact]
    public void A_pair_posting_of_a_long_key_carries_the_letters_its_signature_leaves_out()
    {
        // Under each of its six pair signatures a key of 9–16 letters of the short alphabet is whole again from the probe
        // that finds it (its two segments where they stand in the query) and the posting; a longer one, or one with other
        // letters beyond six, carries its sketch.
        foreach (var key in new[] { "abcdefghi", "aleppo governorate"[..16], "deir ez-zor city", "khanasir'x.y" })
        {
            var postings = NearMiss.Postings(key).ToList();
            Assert.Equal(NearMiss.Signatures(key), postings.Select(p => p.Signature));
            var probes = NearMiss.PlacedProbes(key, 2).Where(p => p.IsPair && p.KeyLength == key.Length).ToList();
            foreach (var (signature, carried) in postings)
            {
                Assert.True(NearMiss.IsRemainder(carried));
                var probe = probes.First(p => p.Signature == signature);
                var whole = new char[key.Length];
                Assert.True(NearMiss.KeyOfRemainder(carried, probe, NearMiss.Segments(key.Length, 4, longerFirst: true), key, whole));
                Assert.Equal(key, new string(whole));
            }
        }
        // 18 letters (5, 5, 4, 4): only the pair of the first two leaves eight.
        Assert.Equal([true, false, false, false, false, false], NearMiss.Postings("abcdefghijklmnopqr").Select(p => NearMiss.IsRemainder(p.Carried)));
        Assert.Equal(NearMiss.Sketch("abcdefghijklmnopqr"), NearMiss.Postings("abcdefghijklmnopqr").Last().Carried);
        // 11 letters (3, 3, 3, 2), "ç" in the first segment: the pairs with it leave six ASCII letters, the others carry the sketch.
        Assert.Equal([true, true, true, false, false, false], NearMiss.Postings("ab\u00e7defghij").Select(p => NearMiss.IsRemainder(p.Carried)));
        Assert.Equal(NearMiss.Sketch("ab\u00e7defghij"), NearMiss.Postings("ab\u00e7defghij").Last().Carried);
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("abcdef", true)]
    [InlineData("a b-c'd", true)]
    [InlineData("abcdefgh", true)]
    [InlineData("zyx.wvut", true)]
    [InlineData("abcdefghi", false)]
    [InlineData("ab\u00e7d", false)]
    [InlineData("abcdef\u00e7", false)]
    [InlineData("abc1efg", false)]
    public void A_near_miss_posting_carries_a_short_key_itself_else_its_sketch(string key, bool carried)
    {
        var posting = NearMiss.PostingKey(key);
        Assert.True(posting < 1UL << 48);
        Assert.Equal(carried, NearMiss.IsInline(posting));
        Assert.Equal(carried ? key : "", NearMiss.InlineKey(posting, new char[NearMiss.InlineMaxLength]).ToString());
        if (!carried) Assert.Equal(NearMiss.Sketch(key), posting);
    }

    [Fact]
    public void Did_you_mean_queues_only_the_entries_of_a_key_that_can_be_answers()
    {
        // A key's entries in its order (population descending, then posting order): with a limit of five, the first five
        // places, whatever the ties; all of them when there are no more; the longer path for limits above 64.
        var random = new Random(6);
        foreach (var n in new[] { 0, 1, 4, 5, 6, 50, 20_000 })
            foreach (var limit in new[] { 1, 5, 30, 100 })
            {
                var populations = Enumerable.Range(0, n).Select(_ => (long)random.Next(4) * 1_000).ToArray();
                var expected = Enumerable.Range(0, n).OrderByDescending(i => populations[i]).ThenBy(i => i).Take(limit).Order().ToArray();
                Assert.Equal(expected, FlatGazetteerStore.FirstByPopulation(populations, limit).Order().ToArray());
            }
    }

    private sealed class CountingBytes(byte[] bytes) : IPositionedBytes
    {
        public List<long> Reads { get; } = [];
        public List<(long Offset, int Length)> Runs { get; } = [];
        public long Length => bytes.Length;

        public int Read(long offset, Span<byte> destination)
        {
            Reads.Add(offset);
            Runs.Add((offset, destination.Length));
            return new MemoryBytes(bytes).Read(offset, destination);
        }
    }

    public static TheoryData<string> Queries() =>
    [
        "Alepo", "Aleppp", "Halb", "Nubbul", "Khanser", "Damscus", "Dmascus", "xyz", "abc", "Homs", "Hom", "Raqa", "Idleb", "Deir ez-Zorr",
        "Aleppo governorate", "Qq", "Tartus", "Latakia", "Lattakia", "Khanāşirr", "Abu Kamal", "Palmyra", "Tadmur", "Manbij", "Kobani",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Did_you_mean_finds_exactly_the_keys_a_scan_of_every_key_finds(string query)
    {
        var (memory, streamed, _) = Example.Value;
        var folded = NameFolding.Fold(query);
        var max = NearMiss.MaxDistance(folded.Length);
        var oracle = memory.Store.FoldKeys(0, int.MaxValue)
            .Select(k => (Key: k, Distance: CorpusLsp.Core.Text.Fuzzy.EditDistance(folded.AsSpan(), k.AsSpan(), max)))
            .Where(x => x.Distance <= max).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        var indexed = streamed.Store.NearKeys(folded, max).Distinct().OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(oracle, indexed);
    }

    [Fact]
    public void Did_you_mean_finds_every_key_one_and_two_edits_away_from_generated_typos()
    {
        var (memory, streamed, _) = Example.Value;
        var keys = memory.Store.FoldKeys(0, int.MaxValue).ToList();
        var random = new Random(5);
        for (var n = 0; n < 300; n++)
        {
            var key = keys[random.Next(keys.Count)];
            var typo = key;
            for (var edits = random.Next(1, 3); edits > 0 && typo.Length > 1; edits--)
            {
                var at = random.Next(typo.Length);
                typo = random.Next(3) switch { 0 => typo.Remove(at, 1), 1 => typo.Insert(at, "q"), _ => typo.Remove(at, 1).Insert(at, "z") };
            }
            if (typo.Length < 3) continue;
            var max = NearMiss.MaxDistance(typo.Length);
            var oracle = keys.Where(k => CorpusLsp.Core.Text.Fuzzy.EditDistance(typo.AsSpan(), k.AsSpan(), max) <= max).Order(StringComparer.Ordinal);
            Assert.Equal(oracle, streamed.Store.NearKeys(typo, max).Select(x => x.Key).Distinct().Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_sketch_prefilter_never_rejects_a_key_within_the_distance_and_rejects_most_others()
    {
        // Keys of every script and length the example holds (Arabic, long names past the 31-letter length cap), and
        // strings one to three random edits from them, with letters from the key, from a–z and from other scripts.
        var (memory, _, _) = Example.Value;
        var keys = memory.Store.FoldKeys(0, int.MaxValue).ToList();
        var random = new Random(11);
        const string Others = "qzxéحلب";
        var (rejected, far) = (0, 0);
        for (var n = 0; n < 20_000; n++)
        {
            var key = keys[random.Next(keys.Count)];
            if (random.Next(10) == 0) key += new string('a', 30); // lengths past the cap
            var other = key;
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(other.Length + 1);
                var c = random.Next(2) == 0 && key.Length > 0 ? key[random.Next(key.Length)] : Others[random.Next(Others.Length)];
                other = random.Next(3) switch
                {
                    0 when at < other.Length => other.Remove(at, 1),
                    1 => other.Insert(at, c.ToString()),
                    _ when at < other.Length => other.Remove(at, 1).Insert(at, c.ToString()),
                    _ => other + c,
                };
            }
            if (random.Next(4) == 0) other = keys[random.Next(keys.Count)]; // an unrelated key
            foreach (var max in new[] { 1, 2 })
            {
                var within = CorpusLsp.Core.Text.Fuzzy.EditDistance(key, other, max) <= max;
                var may = NearMiss.DistanceBound(NearMiss.Sketch(key), NearMiss.Sketch(other)) <= max;
                Assert.True(may || !within, $"'{key}' and '{other}' are within {max} edits but the sketch rejects them");
                if (!within) { far++; if (!may) rejected++; }
            }
        }
        Assert.True(rejected > far / 2, $"the sketch rejects {rejected} of {far} pairs beyond the distance");
        Assert.False(NearMiss.DistanceBound(NearMiss.Sketch("aleppo"), NearMiss.Sketch("damascus")) <= 2);
        Assert.True(NearMiss.DistanceBound(NearMiss.Sketch("aleppo"), NearMiss.Sketch("alepp")) <= 1);
    }

    [Fact]
    public void The_sketch_bound_is_the_larger_of_the_length_difference_and_either_side_s_excess_letters()
    {
        // The bound computed lane by lane against its definition, class by class, on sketches of random strings.
        var random = new Random(23);
        const string Letters = "abcdefghijklmnopqrstuvwxyzéحلب -'";
        for (var n = 0; n < 20_000; n++)
        {
            var a = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Letters[random.Next(Letters.Length)])]);
            var b = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Letters[random.Next(random.Next(1, Letters.Length))])]);
            var (sa, sb) = (NearMiss.Sketch(a), NearMiss.Sketch(b));
            int over = 0, under = 0;
            for (var shift = 0; shift < 42; shift += 2)
            {
                var d = (int)((sa >> shift) & 3) - (int)((sb >> shift) & 3);
                if (d > 0) over += d; else under -= d;
            }
            var expected = Math.Max(Math.Abs(Math.Min(a.Length, 31) - Math.Min(b.Length, 31)), Math.Max(over, under));
            Assert.Equal(expected, NearMiss.DistanceBound(sa, sb));
        }
    }

    [Theory]
    [InlineData("aaab", "abbb", 1)]
    [InlineData("tantanan", "tatatata", 2)]
    [InlineData("shoushou", "shushushu", 2)]
    public void The_sketch_counts_repeated_letters_and_rejects_keys_of_the_same_letters_too_far_apart(string a, string b, int max)
    {
        // Lengths within the distance, letter sets at most a letter apart: a set of letters cannot tell them apart, and each such candidate
        // cost a read of the string pool at 12 million rows.
        Assert.True(CorpusLsp.Core.Text.Fuzzy.EditDistance(a, b, max) > max);
        Assert.False(NearMiss.DistanceBound(NearMiss.Sketch(a), NearMiss.Sketch(b)) <= max);
    }
}
