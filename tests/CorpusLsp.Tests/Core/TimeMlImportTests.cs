using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Import;
using CorpusLsp.Core.IO;

namespace CorpusLsp.Tests.Core;

/// <summary>`corpuslsp import timeml`: a TimeML document becomes an article and a sidecar the checker reads like any other.</summary>
public sealed class TimeMlImportTests
{
    // A document written for this test in the TimeML 1.2 layout of TempEval-3: DCT, a wire header, TEXT with TIMEX3s.
    private const string Document = """
        <?xml version="1.0" ?>
        <TimeML>
        <DOCID>TEST0001</DOCID>
        <DCT><TIMEX3 tid="t0" type="DATE" value="2000-01-15" temporalFunction="false" functionInDocument="CREATION_TIME">2000-01-15</TIMEX3></DCT>
        <EXTRAINFO>
        TEST0001  NEWS STORY  <TIMEX3 tid="t90" type="DATE" value="2000-01-07">2000-01-07</TIMEX3> 03:03
        Harbour Reopens
        </EXTRAINFO>
        <TEXT>
        The harbour reopened <TIMEX3 tid="t1" type="DATE" value="2000-01-05">Wednesday</TIMEX3> after the storm of <TIMEX3 tid="t2" type="DATE" value="1999-12">December</TIMEX3>.
        Ferries will sail again <TIMEX3 tid="t3" type="DATE" value="2000-01-20">next Thursday</TIMEX3>, officials said <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3>.
        </TEXT>
        </TimeML>
        """;

    [Fact]
    public void Dates_become_events_and_the_header_date_the_date_line()
    {
        var doc = TimeMlImporter.Parse(Document, out var error);
        Assert.Null(error);
        Assert.NotNull(doc);
        Assert.Equal("2000-01-07", doc.Dateline);
        Assert.StartsWith("TEST0001  NEWS STORY  2000-01-07 03:03\n\n", doc.Text);
        Assert.Contains("The harbour reopened Wednesday", doc.Text);
        Assert.Equal(["Wednesday", "December", "next Thursday", "now"], doc.Dates.Select(d => d.Text));
        Assert.All(doc.Dates, d => Assert.Equal(d.Text, doc.Text[d.Start..d.End]));

        var sidecar = TimeMlImporter.ToSidecar(doc, "test.txt");
        Assert.Contains("published: 2000-01-15", sidecar);
        Assert.Contains("dateline:\n    text: 2000-01-07", sidecar);
        Assert.Contains("date: 2000-01-20\n    status: planned", sidecar);
        Assert.Contains("note: TIMEX3 value PRESENT_REF", sidecar);
    }

    [Fact]
    // The annotator dated "Wednesday" from the header (2000-01-07), not from the DCT a week later: the checker reports the
    // date line against `published` (CLS033) and, as its consequence, "Wednesday" resolving to 2000-01-12 (CLS036).
    public void The_checker_reports_a_header_a_week_from_the_creation_time_and_what_follows_from_it()
    {
        var doc = TimeMlImporter.Parse(Document, out _)!;
        var fs = new InMemoryFileSystem().Add("/c/test.txt", doc.Text).Add("/c/test.yaml", TimeMlImporter.ToSidecar(doc, "test.txt"));
        var found = CorpusSnapshot.Load("/c", fs).AllDiagnostics().Where(d => d.Code != "CLS023").OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(["CLS033", "CLS036"], found.Select(d => d.Code));
        Assert.Contains("'Wednesday' resolves to 2000-01-12", found[1].Message);
    }

    [Fact]
    public void Malformed_xml_is_an_error_with_its_position()
    {
        Assert.Null(TimeMlImporter.Parse("<TimeML><TEXT>unclosed</TimeML>", out var error));
        Assert.Matches(@"^line 1, column \d+: ", error);
    }
}
