using CorpusLsp.Core.Import;
using CorpusLsp.Core.Temporal;
using CorpusLsp.Core.Text;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>The rule table and the lexicon (Core's Temporal/Data): every example of every rule, one vocabulary for the
/// tagger and the normalizer, and the loading rules of the table.</summary>
public sealed class TemporalRuleTableTests
{
    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var rule in RuleTable.Default.Rules)
            for (var i = 0; i < rule.Examples.Length; i++) data.Add(rule.Name, i);
        return data;
    }

    private static (TimexRule Rule, RuleExample Example) Example(string name, int index)
    {
        var rule = RuleTable.Default.Rules.Single(r => r.Name == name);
        return (rule, rule.Examples[index]);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_of_the_rule_table_gives_its_value(string rule, int index)
    {
        var (r, example) = Example(rule, index);
        Assert.Equal(r.Name, RuleTable.Default.MatchWhole(example.Expression)?.Rule.Name);
        var n = TemporalNormalizer.Normalize(example.Expression, example.Published, example.Tense, previous: example.Previous);
        Assert.Equal(example.Expected, n.Value?.Value);
    }

    // Whole expressions are matched once and the match kept: asked again, in any order, each expression keeps its own
    // rule and slots, and its value is resolved anew against each publication date.
    [Fact]
    public void A_kept_match_answers_for_its_own_words_only()
    {
        var table = RuleTable.Parse(TemporalResources.Read("rules.txt"), Lexicon.Default, out _);
        string? Describe(string e) => table.MatchWhole(e) is { } m ? $"{m.Rule.Name} {string.Join(",", m.Slots.OrderBy(x => x.Key).Select(x => x.Key + "=" + x.Value))}" : null;
        var expressions = new[] { "last Tuesday", "next Tuesday", "last Friday", "two days ago", "three days ago", "no date here", "last Tuesday" };
        var first = expressions.Select(Describe).ToList();
        var again = expressions.Reverse().Select(Describe).Reverse().ToList();
        Assert.Equal(first, again);
        Assert.Equal(first[0], first[^1]);
        Assert.NotEqual(first[0], first[1]);
        Assert.NotEqual(first[0], first[2]);
        Assert.NotEqual(first[3], first[4]);
        Assert.Null(first[5]);
        Assert.Equal("2016-02-23", TemporalNormalizer.Normalize("last Tuesday", new DateOnly(2016, 2, 25), Tense.Past).Value?.Value);
        Assert.Equal("2016-03-01", TemporalNormalizer.Normalize("last Tuesday", new DateOnly(2016, 3, 3), Tense.Past).Value?.Value);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_tagger_finds_every_example_of_the_rule_table_in_a_sentence(string rule, int index)
    {
        var (r, example) = Example(rule, index);
        // A capitalised example ("Earlier yesterday") opens its sentence: in mid-sentence it would read as a name.
        // Words around the expression that the rule's guards read ("its [1990] invasion") stand around it.
        var words = $"{example.Before} {example.Expression} {example.After}".Trim();
        var sentence = char.IsUpper(words[0]) && !Lexicon.Default.Sections.Any(s => Lexicon.Default.IsCapitalized(s) && Lexicon.Default.TryMatch(s, TimexToken.Split(words, 0, words.Length), 0, prose: true, out _, out _))
            ? $"{words}, officials said that the talks would go on."
            : $"Officials said {words} that the talks would go on.";
        if (!r.InProse)
        {
            // Off in prose (below 90% precision on the dev split): the tagger leaves the words, the normalizer reads them.
            Assert.DoesNotContain(TemporalTagger.Find(sentence), f => f.Rule == r.Name);
            return;
        }
        var at = sentence.IndexOf(words, StringComparison.Ordinal) + (example.Before.Length == 0 ? 0 : example.Before.Length + 1);
        var found = TemporalTagger.Find(sentence);
        // The extent may leave out a leading preposition ("on [Thursday]"), as TimeML does, and nothing else at the start.
        Assert.Contains(found, f => f.Span.Start >= at && f.Span.End <= at + example.Expression.Length && f.Span.End > f.Span.Start
            && (f.Span.Start == at || Lexicon.Default.Contains("preposition", sentence[at..f.Span.Start].Trim())));
    }

    [Fact]
    public void Running_text_writes_a_weekday_abbreviation_with_its_period()
    {
        Assert.Empty(TemporalTagger.Find("Sun Microsystems said its results improved."));
        Assert.Contains(TemporalTagger.Find("The talks resume Sun. in Geneva."), f => f.Text == "Sun.");
        Assert.Equal("2016-02-21", TemporalNormalizer.Normalize("Sun", new DateOnly(2016, 2, 25)).Value?.Value);
    }

    [Theory]
    [InlineData("Nestle is now in the candybar business.", "now", "PRESENT_REF")]
    [InlineData("The company currently employs 300 people.", "currently", "PRESENT_REF")]
    [InlineData("The group has recently grown.", "recently", "PAST_REF")]
    public void Words_of_a_rule_off_in_prose_are_no_tagged_dates_but_still_read(string sentence, string word, string value)
    {
        Assert.Empty(TemporalTagger.Find(sentence));
        Assert.Equal(value, TemporalNormalizer.Normalize(word, new DateOnly(2016, 2, 25)).Value?.Value);
    }

    [Theory]
    [InlineData("Secretary of State James Baker, speaking on ABC News' \"This Week,\" said the request was made.")]
    [InlineData("He ran a joint venture called Orion 1980, which made parts.")]
    [InlineData("Net fell 50% below the year-earlier $4.5 million.")]
    public void Names_in_title_case_and_parts_of_hyphenated_words_are_no_dates(string sentence) =>
        Assert.DoesNotContain(TemporalTagger.Find(sentence), f => f.Text is "This Week" or "1980" or "the year");

    [Theory]
    [InlineData("This week the talks resumed.", "This week")]
    [InlineData("He met Tony Blair 10 days ago in London.", "10 days ago")]
    [InlineData("The sanctions imposed after its 1990 invasion of Kuwait stay.", "1990")]
    [InlineData("Profit will be flat around year end.", "year end")]
    public void Dates_at_a_sentence_start_after_a_name_or_a_possessive_are_found(string sentence, string expected) =>
        Assert.Contains(TemporalTagger.Find(sentence), f => f.Text == expected);

    [Fact]
    public void A_rule_without_an_example_does_not_load()
    {
        const string table = "rule: with\npattern: @weekday\nvalue: weekday {weekday} tense\nexample: 2016-02-25 | Tuesday | 2016-02-23\n\n" +
                             "rule: without\npattern: last @weekday\nvalue: weekday {weekday} before\n";
        var parsed = RuleTable.Parse(table, Lexicon.Default, out var problems);
        Assert.Equal(["with"], parsed.Rules.Select(r => r.Name));
        Assert.Contains(problems, p => p.Contains("'without'", StringComparison.Ordinal) && p.Contains("no example", StringComparison.Ordinal));
    }

    [Fact]
    public void A_guard_reads_the_words_before_and_after_a_match_in_running_text_only()
    {
        const string table = "rule: possessive-year\npattern: #year\nvalue: year {year}\npreceded-by: @possessive\nnot-followed-by: %\n" +
                             "example: 2016-02-25 | its [1990] invasion | 1990\n";
        var rules = RuleTable.Parse(table, Lexicon.Default, out var problems);
        Assert.Empty(problems);
        string[] Found(string text) => [.. rules.Scan(text, 0, text.Length).Select(m => text[m.Start..m.End])];
        Assert.Equal(["1990"], Found("after its 1990 invasion"));
        Assert.Equal(["1990"], Found("after Iraq's 1990 invasion"));
        Assert.Empty(Found("some 1990 people"));
        Assert.Empty(Found("its 1990% rise"));
        // The normalizer reads a whole expression: no words around it, no guard.
        Assert.Equal("possessive-year", rules.MatchWhole("1990")?.Rule.Name);
    }

    [Theory]
    [InlineData("preceded-by: @possessive?")]
    [InlineData("followed-by: ...")]
    [InlineData("next-to-by: its")]
    [InlineData("preceded-by: @nosuchsection")]
    public void A_guard_that_cannot_be_read_keeps_its_rule_out(string guard)
    {
        var table = $"rule: guarded\npattern: #year\nvalue: year {{year}}\n{guard}\nexample: 2016-02-25 | its [1990] invasion | 1990\n";
        Assert.Empty(RuleTable.Parse(table, Lexicon.Default, out var problems).Rules);
        Assert.Contains(problems, p => p.Contains("'guarded'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_may_start_inside_words_where_a_shorter_match_stops_at_a_hyphen() =>
        Assert.Contains(TemporalTagger.Find("Net fell 50% below the year-earlier $4.5 million."), f => f.Text == "year-earlier" && f.Rule == "year-ago");

    [Fact]
    public void The_shipped_lexicon_and_table_load_without_problems()
    {
        Lexicon.Parse(Read("lexicon.txt"), out var lexiconProblems);
        RuleTable.Parse(Read("rules.txt"), Lexicon.Default, out var ruleProblems);
        Assert.Empty(lexiconProblems);
        Assert.Empty(ruleProblems);
    }

    private static string Read(string name) => File.ReadAllText(Path.Combine(Repo.Root, "server", "CorpusLsp.Core", "Temporal", "Data", name));

    public static TheoryData<string> NumberWords() => [.. Lexicon.Default.Entries("number").Where(e => e.Value != "X").Select(e => e.Form)];

    [Theory]
    [MemberData(nameof(NumberWords))]
    public void Every_number_word_of_the_lexicon_is_found_and_read_before_a_unit(string word)
    {
        var text = $"The town fell {word} days ago, residents said.";
        var expression = $"{word} days ago";
        var found = Assert.Single(TemporalTagger.Find(text));
        Assert.Equal(expression, found.Text);
        var n = int.Parse(Lexicon.Default.ValueOf("number", word)!, System.Globalization.CultureInfo.InvariantCulture);
        var expected = new DateOnly(2016, 2, 25).AddDays(-n).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, TemporalNormalizer.NormalizeAt(text, found.Span, new DateOnly(2016, 2, 25)).Value?.Value);
    }

    // A day named without its year, said on 1998-02-13: August 1997 is 191 days back, August 1998 174 days ahead. The
    // lexicon's `direction` weights (after:before) for the clause's tense decide which is nearer.
    [Theory]
    [InlineData("past", Tense.Past)]
    [InlineData("future", Tense.Future)]
    [InlineData("unmarked", Tense.Unmarked)]
    public void A_day_without_its_year_lies_the_way_the_lexicon_weighs_the_tense(string section, Tense tense)
    {
        var weights = Lexicon.Default.ValueOf("direction", section)!.Split(':').Select(int.Parse).ToArray();
        var expected = weights[0] * 174 < weights[1] * 191 ? "1998-08-06" : "1997-08-06";
        Assert.Equal(expected, TemporalNormalizer.Normalize("August 6", new DateOnly(1998, 2, 13), tense).Value?.Value);
    }

    [Fact]
    public void Winter_holds_the_29th_of_february() =>
        Assert.True(Timex.Season(2015, "WI").Covers(new DateOnly(2016, 2, 29)));

    public static TheoryData<string> GenreDocuments() =>
        [.. Directory.GetFiles(Path.Combine(Repo.Root, "tests", "corpora", "temporal-genre"), "*.tml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(GenreDocuments))]
    public void What_the_normalizer_resolves_in_a_genre_sentence_the_tagger_finds(string file)
    {
        var doc = TimeMlImporter.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "corpora", "temporal-genre", file)), out _)!;
        var found = TemporalTagger.Find(doc.Text);
        foreach (var t in doc.Timexes)
        {
            var n = TemporalNormalizer.NormalizeAt(doc.Text, new TextSpan(t.Start, t.End), doc.Published);
            if (n.Value is null) continue;
            Assert.True(found.Any(f => f.Span.Start < t.End && t.Start < f.Span.End), $"'{t.Text}' resolves to {n.Value.Value} but the tagger does not find it");
        }
    }
}
