using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// A gazetteer remembers the postings of the fold and skeleton keys asked for (a corpus names the same places in every
/// pair): asked from several threads at once, and past the memo's limit, it answers as a gazetteer asked alone.
/// </summary>
public sealed class GazetteerMemoTests
{
    private static Gazetteer Make() => new(
        Enumerable.Range(0, 400).Select(i => new GazetteerEntry($"geonames:{i}", Name(i), "", [$"{Name(i)} al-Kabir", $"Tell {Name(i % 37)}"],
            30 + (i % 10), 35 + (i % 7), 'P', "PPL", i % 3 == 0 ? "SY" : "TR", "01", "", 100 * i, "cities.txt", i + 1)),
        new Dictionary<string, string>());

    private static string Name(int i) => $"{"KhMAlNbSdT"[i % 10]}a{"nrlsbdq"[i % 7]}a{"sezhk"[i % 5]}{(i % 2 == 0 ? "er" : "ir")}{i / 70}";

    private static string Answers(Gazetteer g, string query) =>
        string.Join(";", g.Lookup(query).Select(m => $"{m.Entry.Id}/{m.Kind}/{m.MatchedName}"))
        + "|" + string.Join(",", Enumerable.Range(0, 400).Where(i => i % 9 == 0).Select(i => g.Matches(g.Find($"geonames:{i}")!, query) ? 1 : 0));

    private static List<string> Queries() =>
        [.. Enumerable.Range(0, 400).SelectMany(i => new[] { Name(i), Name(i).ToUpperInvariant(), Name(i).Replace('a', 'e'), $"{Name(i)} province", $"Tell {Name(i)}" })];

    [Fact]
    public void Lookups_at_once_from_several_threads_answer_as_one_gazetteer_asked_alone()
    {
        var queries = Queries();
        var alone = Make();
        var expected = queries.Select(q => Answers(alone, q)).ToList();
        // Names found by fold, by skeleton ("Kenaser0"), without the generic word, and matched to their entries.
        Assert.True(expected.Count(e => e.Contains("/Folded/", StringComparison.Ordinal) || e.Contains("/Exact/", StringComparison.Ordinal)) > 400);
        Assert.Contains(expected, e => e.Contains("/Skeleton/", StringComparison.Ordinal));
        Assert.Contains(expected, e => e.Contains(",1", StringComparison.Ordinal) || e.Contains("|1", StringComparison.Ordinal));
        for (var round = 0; round < 3; round++)
        {
            var shared = Make();
            var got = new string[queries.Count];
            Parallel.For(0, queries.Count * 2, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => got[k % queries.Count] = Answers(shared, queries[k % queries.Count]));
            Assert.Equal(expected, got);
            // Asked again (now from the memo), the answers are the same.
            Assert.Equal(expected, queries.Select(q => Answers(shared, q)));
        }
    }

    [Fact]
    public void Past_the_memo_limit_keys_are_read_from_the_store_and_answered_alike()
    {
        var g = Make();
        for (var i = 0; i < Gazetteer.MemoLimit + 10; i++) g.Lookup($"nowhere {i}");
        var fresh = Make();
        Assert.All(Queries().Take(300), q => Assert.Equal(Answers(fresh, q), Answers(g, q)));
    }

    /// <summary>The answers of <see cref="Gazetteer.Matches"/> are remembered per entry and name: neither alone decides.</summary>
    [Fact]
    public void Matches_remembers_each_entry_and_name_apart_and_answers_alike_past_its_limit()
    {
        var g = Make();
        var (first, second) = (g.Find("geonames:0")!, g.Find("geonames:1")!);
        for (var round = 0; round < 2; round++)
        {
            Assert.True(g.Matches(first, Name(0)));
            Assert.False(g.Matches(second, Name(0)));
            Assert.False(g.Matches(first, Name(1)));
            Assert.True(g.Matches(second, Name(1)));
            Assert.True(g.Matches(first, $"{Name(0)} province"));
        }
        for (var i = 0; i < Gazetteer.MemoLimit + 10; i++) g.Matches(first, $"nowhere {i}");
        var fresh = Make();
        Assert.All(Queries().Take(300), q => Assert.Equal(Answers(fresh, q), Answers(g, q)));
    }
}
