using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// "Did you mean" and the drift check compare lowered words without allocating (issue 19): the answers must be those of
/// the plain formulation, lowering each word with <see cref="string.ToLowerInvariant()"/> and ranking by distance, then name.
/// </summary>
public sealed class FuzzyTests
{
    private static string? Plain(string word, IEnumerable<string> candidates)
    {
        var max = Math.Max(1, Math.Min(3, word.Length / 3));
        return candidates.Select(c => (c, d: Fuzzy.EditDistance(word.ToLowerInvariant(), c.ToLowerInvariant(), max)))
            .Where(x => x.d <= max).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal).Select(x => x.c).FirstOrDefault();
    }

    private static readonly string[] Words =
        ["Khanaser", "Khanasir", "KHANASER", "Aleppo", "Halab", "Alepo", "Idlib", "Idleb", "Ḥalab", "ÇANKIRI", "Çankırı", "Istanbul",
         "İstanbul", "Zürich", "Zurich", "ZÜRICH", "Homs", "Hama", "Home", "Ar-Raqqah", "Raqqa", "Ελλάδα", "ΕΛΛΆΔΑ", "", "a", "Dayr az-Zawr"];

    [Fact]
    public void Closest_answers_as_the_plain_ranking_does_whatever_the_case_script_or_ties()
    {
        foreach (var word in Words.Where(w => w.Length > 0).Append("Khanasar").Append("zurich").Append("Çankiri").Append("Aleppoo"))
            Assert.Equal(Plain(word, Words), Fuzzy.Closest(word, Words));
        Assert.Equal("KHANASER", Fuzzy.Closest("Khanasar", ["Khanaser", "KHANASER"])); // a tie goes to the first by ordinal order
        Assert.Null(Fuzzy.Closest("Aleppo", ["Damascus", "Beirut"]));
    }

    [Fact]
    public void Lowering_without_ICU_gives_the_invariant_lowercase()
    {
        var all = new string(Enumerable.Range(1, 0x24F).Select(c => (char)c).ToArray());
        foreach (var word in Words.Append(all).Append("ABCxyz-'09"))
        {
            var into = new char[word.Length];
            Assert.Equal(word.ToLowerInvariant(), new string(into, 0, Fuzzy.LowerInvariant(word, into)));
        }
    }

    [Fact]
    public void Lowering_each_unit_gives_the_span_lowercase_for_every_character_and_surrogate_pair()
    {
        // Every UTF-16 unit outside the surrogates, alone and after an ASCII letter, as the span's ICU call lowers it.
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            var word = "A" + (char)c + "B";
            var into = new char[word.Length];
            Assert.Equal(word.ToLowerInvariant(), new string(into, 0, Fuzzy.LowerInvariant(word, into)));
        }
        // Letters outside the BMP with a lowercase (Deseret, Osage, Adlam) and a lone surrogate.
        foreach (var word in new[] { "X\U00010400Y", "\U000104B0’s", "\U0001E900", "Ab\uD801", "Syria’s" })
        {
            var into = new char[word.Length];
            Assert.Equal(word.ToLowerInvariant(), new string(into, 0, Fuzzy.LowerInvariant(word, into)));
        }
    }

    [Fact]
    public void The_bit_parallel_distance_equals_the_table_on_random_strings_of_any_script_and_length()
    {
        // Short alphabets make near strings common; lengths reach past the 64 units a pattern word holds.
        var random = new Random(17);
        const string Alphabet = "abcé حلبΩz";
        string Word(int length) => new([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(random.Next(2) == 0 ? 3 : Alphabet.Length)])]);
        for (var n = 0; n < 20_000; n++)
        {
            var a = Word(random.Next(0, n % 50 == 0 ? 70 : 12));
            var b = random.Next(3) == 0 ? Word(random.Next(0, 12)) : Mutate(a, random, Alphabet);
            var pattern = new EditDistancePattern(a);
            foreach (var max in new[] { 0, 1, 2, 3, 100 })
                Assert.True(Fuzzy.EditDistance(a.AsSpan(), b.AsSpan(), max) == pattern.Distance(b, max), $"'{a}' and '{b}' within {max}");
        }
    }

    [Fact]
    public void Words_a_few_edits_apart_have_no_more_units_the_other_lacks_than_edits()
    {
        // The drift check (CLS055) leaves a run without measuring it when its units and the name's differ by more than the
        // edits allowed: that must never leave a run within the distance. Cases, scripts, surrogate pairs and lengths past 64.
        var random = new Random(23);
        const string Alphabet = "abcABCéÉ حلبΩωİı-’ \U00010400\U00010428";
        string Word(int length) => new([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(random.Next(2) == 0 ? 6 : Alphabet.Length)])]);
        for (var n = 0; n < 20_000; n++)
        {
            var a = Word(random.Next(1, n % 50 == 0 ? 70 : 12));
            var b = random.Next(3) == 0 ? Word(random.Next(1, 12)) : Mutate(a, random, Alphabet);
            var (ma, mb) = (Fuzzy.LowerMask(a), Fuzzy.LowerMask(b));
            Assert.Equal(a.ToLowerInvariant().Aggregate(0UL, (m, c) => m | 1UL << (c & 63)), ma);
            var d = Fuzzy.EditDistance(a.ToLowerInvariant().AsSpan(), b.ToLowerInvariant().AsSpan(), 100);
            Assert.True(System.Numerics.BitOperations.PopCount(ma & ~mb) <= d && System.Numerics.BitOperations.PopCount(mb & ~ma) <= d, $"'{a}' and '{b}', {d} edit(s)");
        }
    }

    private static string Mutate(string word, Random random, string alphabet)
    {
        for (var edits = random.Next(0, 4); edits > 0; edits--)
        {
            var at = random.Next(word.Length + 1);
            var c = alphabet[random.Next(alphabet.Length)].ToString();
            word = random.Next(3) switch
            {
                0 when at < word.Length => word.Remove(at, 1),
                1 => word.Insert(at, c),
                _ when at < word.Length => word.Remove(at, 1).Insert(at, c),
                _ => word + c,
            };
        }
        return word;
    }
}
