using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Tests.Core;

public sealed class TemporalTests
{
    private static readonly DateOnly Thu = new(2016, 2, 25);

    [Theory]
    [InlineData("on Thursday", "2016-02-25")]          // publication day itself
    [InlineData("Tuesday", "2016-02-23")]
    [InlineData("Wednesday", "2016-02-24")]
    [InlineData("on Sunday", "2016-02-21")]
    [InlineData("last Thursday", "2016-02-18")]
    [InlineData("yesterday", "2016-02-24")]
    [InlineData("tomorrow", "2016-02-26")]
    [InlineData("two days ago", "2016-02-23")]
    [InlineData("February 25, 2016", "2016-02-25")]
    [InlineData("Feb 12,2020", "2020-02-12")]
    [InlineData("25 Feb. 2016", "2016-02-25")]
    [InlineData("Tuesday 28 of May 2024", "2024-05-28")]
    [InlineData("2016-02-25", "2016-02-25")]
    [InlineData("in December", "2015-12")]
    [InlineData("March 2011", "2011-03")]
    [InlineData("the 2018 deal", "2018")]
    [InlineData("earlier this week", "2016-W08")]
    [InlineData("next week", "2016-W09")]
    [InlineData("the past five months", "P5M")]
    [InlineData("in the past nine days", "P9D")]
    public void Past_tense_news_expressions(string expression, string value) =>
        Assert.Equal(value, TemporalNormalizer.Normalize(expression, Thu).Value?.Value);

    [Theory]
    [InlineData("Feb 30")]
    [InlineData("0 May")]
    [InlineData("9000 years ago")]
    public void Impossible_dates_are_not_understood_rather_than_thrown(string expression) =>
        Assert.Null(TemporalNormalizer.Normalize(expression, Thu).Value);

    [Fact]
    public void Future_tense_weekday_looks_ahead() =>
        Assert.Equal("2016-02-26", TemporalNormalizer.Normalize("Friday", Thu, Tense.Future).Value?.Value);

    [Fact]
    public void Midnight_on_friday_accepts_both_sides_of_midnight()
    {
        var n = TemporalNormalizer.Normalize("midnight on Friday", Thu, Tense.Future);
        Assert.True(n.Accepts(new DateOnly(2016, 2, 26)) && n.Accepts(new DateOnly(2016, 2, 27)));
        Assert.False(n.Accepts(new DateOnly(2016, 2, 28)));
    }

    [Fact]
    public void Two_days_earlier_counts_from_the_reference_event() =>
        Assert.Equal("2016-02-23", TemporalNormalizer.Normalize("Two days earlier", Thu, Tense.Past, reference: Thu).Value?.Value);

    [Fact]
    public void Relative_expression_without_publication_says_so()
    {
        var n = TemporalNormalizer.Normalize("on Thursday", null);
        Assert.Null(n.Value);
        Assert.Equal(DayOfWeek.Thursday, n.NamedWeekday);
        Assert.Contains("no publication date", n.Steps[^1]);
    }

    [Fact]
    public void Explanation_says_how_a_weekday_resolves()
    {
        var n = TemporalNormalizer.Normalize("on Tuesday", Thu);
        Assert.Contains("latest Tuesday on or before publication (2016-02-25, a Thursday)", n.Steps[0]);
    }

    [Fact]
    public void Tagger_finds_expressions_in_prose()
    {
        var found = TemporalTagger.Find("On Tuesday, IS seized Khanaser; the cease-fire starts at midnight on Friday. Two days earlier it rained. In May we may go.")
            .Select(e => e.Text).ToList();
        Assert.Equal(["On Tuesday", "midnight on Friday", "Two days earlier", "In May"], found);
    }
}
