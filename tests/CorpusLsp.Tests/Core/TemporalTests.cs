using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Tests.Core;

public sealed class TemporalTests
{
    private static readonly DateOnly Thu = new(2016, 2, 25);

    // Runs of white space of any kind read as one space (a tab, a no-break space, a doubled space in a pasted `when`):
    // the value and the explanation, which quotes the expression, are those of the expression spaced singly.
    [Theory]
    [InlineData("February  25, 2016", "February 25, 2016")]
    [InlineData("the\tday", "the day")]
    [InlineData("the  year", "the year")]
    [InlineData("the\u00a0month", "the month")]
    [InlineData("the year-ago\n period", "the year-ago period")]
    public void White_space_of_any_kind_reads_as_one_space(string escaped, string single)
    {
        var n = TemporalNormalizer.Normalize(System.Text.RegularExpressions.Regex.Unescape(escaped), Thu);
        var expected = TemporalNormalizer.Normalize(single, Thu);
        Assert.Equal(expected.Value, n.Value);
        Assert.Equal(expected.Steps.ToArray(), n.Steps.ToArray());
    }

    // Expressions the rule table does not read, one per reader of the words (a named month, TimeML's conventions, the
    // discourse, a year), and one longer than the expressions whose readers are kept: the same value and steps the first
    // time, when the readers that may answer are found, and later, when they are known; a year on, what a year on reads.
    [Theory]
    [InlineData("since December", null, "2015-12", "2016-12")]
    [InlineData("fiscal 1989", null, "1989", "1989")]
    [InlineData("the following day", "2016-02-20", "2016-02-21", "2016-02-21")]
    [InlineData("the 2018 deal", null, "2018", "2018")]
    [InlineData("no later than sometime in the week beginning the day after February 25, 2016", null, "2016-W08", "2016-W08")]
    public void An_expression_reads_the_same_every_time_it_is_normalized(string expression, string? previous, string expected, string aYearOn)
    {
        var before = previous is null ? null : Timex.ParseIso(previous);
        var first = TemporalNormalizer.Normalize(expression, Thu, previous: before);
        var again = TemporalNormalizer.Normalize(expression, Thu, previous: before);
        Assert.Equal(expected, first.Value?.Value);
        Assert.Equal(first.Value, again.Value);
        Assert.Equal(first.Steps.ToArray(), again.Steps.ToArray());
        Assert.Equal(aYearOn, TemporalNormalizer.Normalize(expression, Thu.AddYears(1), previous: before).Value?.Value);
    }

    // The checker normalizes without making the steps; hover and the date command read them later from its results.
    [Theory]
    [InlineData("last Tuesday")]
    [InlineData("on Sunday")]
    [InlineData("two days ago")]
    [InlineData("February 25, 2016")]
    [InlineData("in December")]
    [InlineData("the third quarter")]
    [InlineData("nonsense words")]
    public void Steps_made_later_are_the_steps_of_the_explained_normalization(string expression)
    {
        var explained = TemporalNormalizer.Normalize(expression, Thu, Tense.Past, new DateOnly(2016, 2, 20));
        var quiet = TemporalNormalizer.NormalizeExplainedLater(expression, Thu, Tense.Past, new DateOnly(2016, 2, 20));
        Assert.Equal(explained.Value, quiet.Value);
        Assert.Equal(explained.Steps.ToArray(), quiet.Steps.ToArray());
        Assert.NotEmpty(quiet.Steps);

        const string text = "The minister resigned. Talks collapsed on Tuesday, officials said.";
        var span = new CorpusLsp.Core.Text.TextSpan(text.IndexOf("on Tuesday", StringComparison.Ordinal), text.IndexOf(", officials", StringComparison.Ordinal));
        Assert.Equal(TemporalNormalizer.NormalizeInText(text, span, Thu).Steps.ToArray(), TemporalNormalizer.NormalizeInTextExplainedLater(new CorpusLsp.Core.Text.SourceText(text), span, Thu, null, null, null).Steps.ToArray());
    }

    // Whether the words around an expression may change its reading is kept per expression (issue 19); what they say is
    // read every time: the same words read in turn where the surroundings change them and where they do not.
    [Theory]
    [InlineData("The plant closed. It reopened two years later.", "It lasted two years.", "two years", "2018")]
    [InlineData("Output rose in February last year.", "Output rose in February.", "February", "2015-02")]
    [InlineData("The fighting began on May 3. Talks started the day after the truce.", "They met the day of the vote.", "the day", "2016-05-04")]
    public void The_words_around_a_repeated_expression_are_read_each_time(string changing, string plain, string expression, string changed)
    {
        Normalization At(string text, Timex? previous = null) =>
            TemporalNormalizer.NormalizeInText(text, new CorpusLsp.Core.Text.TextSpan(text.IndexOf(expression, StringComparison.Ordinal), text.IndexOf(expression, StringComparison.Ordinal) + expression.Length), Thu, previous);
        var may3 = Timex.Day(new DateOnly(2016, 5, 3));
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(changed, At(changing, may3).Value?.Value);
            var alone = At(plain, may3);
            Assert.Equal(TemporalNormalizer.Normalize(expression, Thu, Tense.Past, null, may3).Value, alone.Value);
            Assert.NotEqual(changed, alone.Value?.Value);
        }
    }

    // A day's value is written by hand (issue 19): it must be what the invariant format writes, for every year it can hold.
    [Fact]
    public void A_day_is_written_as_the_invariant_format_writes_it()
    {
        DateOnly[] edges = [DateOnly.MinValue, DateOnly.MaxValue, new(9, 9, 9), new(99, 10, 31), new(999, 12, 1), new(2016, 2, 29), new(2000, 1, 10)];
        var random = new Random(3);
        foreach (var day in edges.Concat(Enumerable.Range(0, 5000).Select(_ => DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber + 1)))))
            Assert.Equal(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Timex.Day(day).Value);
    }

    [Fact]
    public void Steps_set_on_a_normalization_explained_later_are_the_steps_it_keeps()
    {
        var quiet = TemporalNormalizer.NormalizeExplainedLater("last Tuesday", Thu, Tense.Past);
        var given = quiet with { Steps = ["given"] };
        Assert.Equal(["given"], given.Steps.ToArray());
        Assert.NotEqual(["given"], quiet.Steps.ToArray());
    }

    [Fact]
    public void A_quiet_normalization_makes_no_steps_until_they_are_read()
    {
        var quiet = Explanation.Quietly(0, static _ => TemporalNormalizer.Normalize("last Tuesday", Thu));
        Assert.Equal(new DateOnly(2016, 2, 23), quiet.Value!.Start);
        Assert.Empty(quiet.Steps);
    }

    // The hand-read day must accept exactly what the exact parse it replaced accepts: an annotated date the parse took
    // and the hand reading refused (or the reverse) would change CLS diagnostics of real sidecars.
    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("2024-04-31")]
    [InlineData("0000-01-01")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-01-00")]
    [InlineData("2024/01/01")]
    [InlineData("2024\u201001\u201001")]
    [InlineData("2024-01-1x")]
    [InlineData("+202-01-01")]
    [InlineData("-202-01-01")]
    [InlineData("\uff12\uff10\uff12\uff14-01-01")]
    [InlineData("\u0662\u0660\u0662\u0664-01-01")]
    [InlineData("2024-01-\u00ad1")]
    [InlineData("2024-1-011")]
    public void An_iso_day_is_valid_exactly_when_the_invariant_exact_parse_takes_it(string escaped)
    {
        var s = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var exact = DateOnly.TryParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d);
        var read = Timex.ParseIso(s);
        Assert.Equal(exact ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null, read is { Granularity: Granularity.Day } ? read.Value : null);
    }

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
        // Without a leading preposition, as TimeML marks extents.
        Assert.Equal(["Tuesday", "midnight on Friday", "Two days earlier", "May"], found);
    }

    [Theory]
    // `[|…|]` marks what the tagger must find, and nothing else.
    [InlineData("Profit in [|the third quarter of 1989|] rose from [|the year-ago quarter|]; [|third-quarter|] sales fell.")]
    [InlineData("Net rose in [|the fiscal-first quarter|] ended [|Sept. 30|].")]
    [InlineData("[|Fiscal 1988|] ended in loss; [|1988|] was hard, and [|1987|], too. The plant employs 1988 people and 2000 workers.")]
    [InlineData("Prices of [|the 1980s|] and [|the '90s|] differ; sales peaked in [|late November|] and [|mid-December|].")]
    [InlineData("[|Last fall|] and [|this summer|] the plant shut for [|the weekend|] and again at [|year-end|].")]
    [InlineData("Shops close on [|Christmas Day|] and [|Thanksgiving|]; [|October|] was busy. May we go? He said 3,2000 items cost $1999.")]
    [InlineData("The index closed at 2082.1 on [|Friday|], down from 1995.5 in [|1989|].")]
    [InlineData("They met at [|the end of 1988|] and at [|the beginning of the year|].")]
    [InlineData("Over [|the past year|] and [|this decade|], since [|nineteen ninety-six|] and before [|the year two thousand|], two thousand troops left.")]
    [InlineData("It is to be completed by [|Dec. 15|]; inspections went on since [|Jan. 13|], and by [|Nov. 22|] an offer is due.")]
    [InlineData("His promise to halve unemployment by [|the year two thousand|] has failed; the approach of [|the year two thousand|] was feared.")]
    [InlineData("The company said that by [|1992|] it intended to double its share.")]
    public void Tagger_finds_quarters_years_decades_seasons_and_holidays(string markup)
    {
        var (text, _, spans) = CorpusLsp.Core.Text.Markup.Parse(markup);
        var found = TemporalTagger.Find(text).Select(e => text[e.Span.Start..e.Span.End]).ToList();
        Assert.Equal(spans.Select(s => text[s.Start..s.End]), found);
        // Each expression the tagger finds, the normalizer resolves.
        Assert.All(found, f => Assert.NotNull(TemporalNormalizer.Normalize(f, Thu).Value));
    }

    [Theory]
    [InlineData("nineteen ninety-six", "1996")]
    [InlineData("the year two thousand", "2000")]
    [InlineData("January nineteen ninety-seven", "1997-01")]
    [InlineData("this coming Sunday, March eighth", "2016-03-08")]
    [InlineData("the 1990s", "199")]
    [InlineData("the early '80s", "198")]
    [InlineData("the nineties", "199")]
    [InlineData("the 20th century", "19")]
    [InlineData("the second half of 2015", "2015-H2")]
    [InlineData("the first two quarters of 2016", "2016-H1")]
    [InlineData("January this year", "2016-01")]
    [InlineData("June last year", "2015-06")]
    [InlineData("around Feb. 20", "2016-02-20")]
    [InlineData("the end of this week", "2016-W08")]
    [InlineData("2017 or later", "2017")]
    [InlineData("9 a.m. Tuesday", "2016-02-23T09:00")]
    [InlineData("Tuesday at 4:30 p.m. EST", "2016-02-23T16:30")]
    [InlineData("nearly four years ago", "2012")]
    [InlineData("a decade ago", "2006")]
    [InlineData("a week or so ago", "2016-W07")]
    [InlineData("several years ago", "PAST_REF")]
    [InlineData("the coming months", "FUTURE_REF")]
    [InlineData("the past several quarters", "PAST_REF")]
    [InlineData("daily", "P1D")]
    [InlineData("year-end", "2016")]
    [InlineData("this crucial moment", "PRESENT_REF")]
    [InlineData("at the present juncture", "PRESENT_REF")]
    [InlineData("last Thanksgiving", "2015-11-26")]
    [InlineData("Easter", "2016-03-27")]
    [InlineData("Earlier yesterday", "2016-02-24")]
    [InlineData("last January", "2015-01")]             // said in February: the month just ended would be "last month"
    [InlineData("last December", "2015-12")]
    [InlineData("the last decade", "200")]
    [InlineData("this century", "20")]
    [InlineData("the end of the month", "2016-02")]
    [InlineData("the last half of the '80s", "198")]
    [InlineData("post-1959", "1959")]
    [InlineData("the early summer", "2016-SU")]
    [InlineData("the winter of nineteen ninety-four", "1994-WI")]
    [InlineData("the week of March 6", "2016-W09")]
    [InlineData("the day before last Tuesday", "2016-02-22")]
    [InlineData("already", "PRESENT_REF")]
    public void Second_tier_expressions(string expression, string value) =>
        Assert.Equal(value, TemporalNormalizer.Normalize(expression, Thu).Value?.Value);

    [Theory]
    [InlineData("that year", "2014-03", "2014")]
    [InlineData("later that month", "2014-03", "2014-03")]
    [InlineData("the following year", "2014-03", "2015")]
    [InlineData("the next day", "2014-03-10", "2014-03-11")]
    [InlineData("the previous Friday", "2014-03-10", "2014-03-07")]
    [InlineData("Earlier that day", "2014-03-10", "2014-03-10")]
    [InlineData("then", "2014-11-30", "2014-11-30")]        // "will terminate on Nov. 30. Until then, …"
    [InlineData("last", "2016", "2015")]                    // "a dividend this year twice as high as last"
    public void Anchored_expressions_count_from_the_last_date_mentioned(string expression, string previous, string value)
    {
        var n = TemporalNormalizer.Normalize(expression, Thu, previous: Timex.ParseIso(previous));
        Assert.Equal(value, n.Value?.Value);
        Assert.True(n.IsAnchoredToPrevious);
    }

    [Fact]
    public void That_year_without_an_earlier_date_is_not_guessed()
    {
        var n = TemporalNormalizer.Normalize("that year", Thu);
        Assert.Null(n.Value);
        Assert.Contains("refers back", n.Steps[^1]);
    }

    [Theory]
    // Published Thursday 2016-02-25: a month without a year leans the way the clause's tense points.
    [InlineData("In January, the company brought in a new chief.", "January", "2016-01")]
    [InlineData("The mission will fly in December.", "December", "2016-12")]
    [InlineData("Protesters planned a large demonstration on Saturday.", "Saturday", "2016-02-27")]
    [InlineData("The father could come as early as Tuesday.", "Tuesday", "2016-03-01")]
    [InlineData("Until Tuesday, they had not called him a suspect.", "Tuesday", "2016-02-23")]
    [InlineData("Collins will be named commander of the shuttle for a mission in December.", "December", "2016-12")]
    [InlineData("Protesters planned a rally in Little Havana on Saturday and were planning to drive around.", "Saturday", "2016-02-27")]
    [InlineData("Results were hampered by problems in January.", "January", "2016-01")]
    [InlineData("The carrier has been on patrol since November and was scheduled to return.", "November", "2015-11")]
    [InlineData("The company must repay the bridge loan by March.", "March", "2016-03")]
    [InlineData("Thirty members had filed reports by Tuesday.", "Tuesday", "2016-02-23")]
    [InlineData("He and Arafat meet separately Monday with the envoy.", "Monday", "2016-02-29")]
    [InlineData("Friendly institutions were likely to buy its stock as soon as trading opened Monday.", "Monday", "2016-02-29")]
    [InlineData("The shares issued July 1, which will receive a partial dividend, trade lower.", "July 1", "2015-07-01")]
    [InlineData("Costs rose under the new labor pact effective June 1.", "June 1", "2016-06-01")]
    [InlineData("He added that the ceremony would still be held on April 24.", "April 24", "2016-04-24")]
    [InlineData("In January, a week after the anniversary of the ruling, a doctor in Buffalo was shot.", "January", "2016-01")]
    [InlineData("Islam will one day be the second religion.", "one day", "FUTURE_REF")]
    [InlineData("On Tuesday, the National Abortion and Reproductive Rights Action League plans to hold a news conference.", "Tuesday", "2016-03-01")]
    [InlineData("On Friday, when Albright set aside vacation plans for the hastily planned trip to East Africa, the State Department lifted a warning.", "Friday", "2016-02-19")]
    public void The_clause_tense_chooses_past_or_future(string sentence, string expression, string value)
    {
        var at = sentence.IndexOf(expression, StringComparison.Ordinal);
        var tense = TenseGuesser.Guess(sentence, new CorpusLsp.Core.Text.TextSpan(at, at + expression.Length));
        Assert.Equal(value, TemporalNormalizer.Normalize(expression, Thu, tense).Value?.Value);
    }

    [Theory]
    // Published Thursday 2016-02-25 (Q1): each marked expression read in the text, in order, with its expected value.
    [InlineData("The treaty was ratified in [|February|] this year and signed on [|May 5|] last year.", "2016-02", "2015-05-05")]
    [InlineData("The summit is on [|April 24|], 2017.", "2017-04-24")]
    [InlineData("The summit meets on [|April 24|] and [|25|].", "2016-04-24", "2016-04-25")]
    [InlineData("Net rose in [|the fourth quarter|] from [|a year|] earlier.", "2015-Q4", "2014-Q4")]
    [InlineData("The stock would be redeemed in [|five years|]; it was issued for [|two years|].", "2021", "P2Y")]
    [InlineData("In Saudi Arabia, today is the [|eighth day|] of Desert Shield.", "2016-02-25")]
    [InlineData("[|Tuesday|] is the [|second day|] of the talks.", "2016-02-23", null)]
    [InlineData("You may, in [|a year or two|], save more lives.", "FUTURE_REF")]
    [InlineData("Net rose in [|the quarter|] ended July 31.", "2015-Q2")]
    [InlineData("Net rose in [|the fourth quarter|]. In [|the year-ago quarter|], [|the third quarter|] ended [|Sept. 30|], it lost money; [|that quarter|] was hard. It gained on [|Oct. 2|].", "2015-Q4", "2014-Q3", "2014-Q3", "2014-09-30", "2014-Q3", "2015-10-02")]
    [InlineData("He was shot on [|Oct. 23|]. The men came to his house the [|day|] after his death.", "2015-10-23", "2015-10-24")]
    [InlineData("Shares fell after [|Oct. 12|], [|the day|] before the plunge.", "2015-10-12", "2015-10-12")]
    [InlineData("Net fell in [|the fourth quarter|] from [|a year earlier|]. In [|the 2014 period|], sales rose; [|the quarter|] ended well.", "2015-Q4", "2014-Q4", "2014-Q4", "2015-Q4")]
    [InlineData("Profit in [|its fiscal third quarter|] rose from [|the corresponding period last year|]; [|a flat second quarter|] preceded it.", "2015-Q3", "2014-Q3", "2015-Q2")]
    [InlineData("Sales in [|the third quarter of 2009|] were lower. [|The latest quarter|] was better than [|the year-ago quarter|].", "2009-Q3", "2015-Q4", "2014-Q4")]
    [InlineData("Sales were $1.7 billion in [|the fourth quarter|], up from [|last year|]'s $1.5 billion; [|last year|], it lost money.", "2015-Q4", "2014-Q4", "2015")]
    [InlineData("Net rose in [|the fiscal fourth quarter|] ended [|Jan. 31|], from a loss [|a year ago|].", "2015-Q4", "2016-01-31", "2014-Q4")]
    [InlineData("It expects a profit for [|the first quarter|]. In [|the comparable year-ago quarter|], the third fiscal quarter, it lost money.", "2016-Q1", "2015-Q3")]
    [InlineData("The index rose 4% since [|year-end|] and will rise by [|year-end|].", "2015-12-31", "2016")]
    [InlineData("Acme posted [|fourth-quarter|] profit, up from [|a year earlier|]. Bolt, whose [|second quarter|] was weak, reported net for [|the fiscal third quarter|] of $8 million; [|the latest period|] included gains.",
        "2015-Q4", "2014-Q4", "2015-Q2", "2015-Q3", "2015-Q3")]
    public void Expressions_read_in_their_text_take_year_tense_and_reported_quarter_from_it(string markup, params string?[] values)
    {
        var (text, _, spans) = CorpusLsp.Core.Text.Markup.Parse(markup);
        var normalized = TemporalNormalizer.NormalizeInText(text, spans, Thu);
        Assert.Equal(values, normalized.Select(n => n.Value?.Value));
    }

    [Theory]
    // Hover on article text (published 2016-02-25) reads the expression where it stands, as the evaluation does.
    [InlineData("He said the vote is in Octo$0ber this year.", "`2016-10`")]
    [InlineData("He said the vote was in Octo$0ber.", "`2015-10`")]
    [InlineData("Profit rose in the fourth quarter. In the 2014 per$0iod it fell.", "`2014-Q4`")]
    public void Hover_on_a_date_in_the_article_reads_it_in_its_text(string articleMarkup, string expected)
    {
        var (article, cursor, _) = CorpusLsp.Core.Text.Markup.Parse(articleMarkup);
        var snapshot = Support.Fixture.Corpus("meta:\n  published: 2016-02-25\n", article);
        var hover = CorpusLsp.Core.Services.HoverService.Hover(snapshot, Support.Fixture.ArticlePath, cursor!.Value);
        Assert.NotNull(hover);
        Assert.Contains($"→ {expected}", hover.Markdown);
    }

    [Theory]
    // An inlay hint after a date says what hover says: the expression read where it stands, with the dates before it.
    // `[|…|]` is the range asked for; the hint stands at its end.
    [InlineData("He said the vote is in [|October|] this year.", "2016-10")]
    [InlineData("He said the vote was in [|October|].", "2015-10")]
    [InlineData("Net rose in the fourth quarter. Sales beat [|last year|]'s $1.5 billion.", "2014-Q4")]
    public void Inlay_hints_read_dates_in_their_text(string articleMarkup, string expected)
    {
        var (article, _, spans) = CorpusLsp.Core.Text.Markup.Parse(articleMarkup);
        var snapshot = Support.Fixture.Corpus("meta:\n  published: 2016-02-25\n", article);
        var hint = Assert.Single(CorpusLsp.Core.Services.NavigationService.InlayHints(snapshot, Support.Fixture.ArticlePath, spans[0]), h => h.IsDate);
        Assert.Equal(spans[0].End, hint.Offset);
        Assert.StartsWith(expected, hint.Label);
    }

    [Fact]
    public void Completion_of_when_explains_each_candidate_as_the_checker_will_read_it()
    {
        var (sidecar, cursor, _) = CorpusLsp.Core.Text.Markup.Parse(
            "meta:\n  published: 2016-02-25\nevents:\n  - type: meeting\n    text: vote\n    status: planned\n    when: $0\n");
        var snapshot = Support.Fixture.Corpus(sidecar, "The vote is set for October next year.");
        var candidates = CorpusLsp.Core.Services.CompletionService.Complete(snapshot, Support.Fixture.SidecarPath, cursor!.Value);
        var october = Assert.Single(candidates, c => c.Label.Contains("October", StringComparison.Ordinal));
        Assert.Contains("→ `2017-10`", october.Documentation);
    }

    [Fact]
    public void Hover_on_when_shows_what_the_checker_read()
    {
        var (sidecar, cursor, _) = CorpusLsp.Core.Text.Markup.Parse(
            "meta:\n  published: 2016-02-25\nevents:\n  - type: meeting\n    text: vote\n    date: 2017-10-01\n    status: planned\n    when: Octo$0ber\n");
        var snapshot = Support.Fixture.Corpus(sidecar, "The vote is set for October next year.");
        var hover = CorpusLsp.Core.Services.HoverService.Hover(snapshot, Support.Fixture.SidecarPath, cursor!.Value);
        Assert.NotNull(hover);
        Assert.Contains("→ `2017-10`", hover.Markdown);
    }

    [Theory]
    [InlineData(2000, 4, 23)]
    [InlineData(2016, 3, 27)]
    [InlineData(2024, 3, 31)]
    public void Easter_follows_the_gregorian_computus(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), TemporalNormalizer.EasterSunday(year));
}
