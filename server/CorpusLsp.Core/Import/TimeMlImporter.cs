using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Temporal;

namespace CorpusLsp.Core.Import;

/// <summary>One DATE timex of a TimeML document, positioned in the imported article text.</summary>
public sealed record TimeMlTimex(string Id, string Text, string Value, int Start, int End, string Type = "DATE");

/// <param name="Dates">The DATE timexes (what the importer turns into events).</param>
/// <param name="Timexes">Every timex of the text (DATE, TIME, DURATION, SET), for extraction benchmarks.</param>
/// <param name="Dateline">The date the document's header (EXTRAINFO) gives, as written, when it gives one in ISO form; the
/// article then starts with that header line, so the date-line rules compare it with the DCT.</param>
public sealed record TimeMlDocument(string DocId, string? CreationTime, string Text, IReadOnlyList<TimeMlTimex> Dates, IReadOnlyList<TimeMlTimex> Timexes,
    string? Dateline = null)
{
    /// <summary>The day of the creation time (DCT): what the document's relative dates count from.</summary>
    public DateOnly? Published => CreationTime is { Length: >= 10 } c ? Timex.ParseIso(c[..10])?.Start : null;
}

/// <summary>
/// Turns a TimeML document into an article (the TEXT element's characters, after the header line that dates the
/// story, if EXTRAINFO has one) and a sidecar whose events carry each DATE timex as `when` (text + code point span) and
/// its value as `date`, with the DCT as `published` and the header's date as `meta.dateline`. The corpus checker then
/// applies its date rules to TimeML annotations like to any other.
/// </summary>
public static partial class TimeMlImporter
{
    [GeneratedRegex(@"^.*\b(?<date>(?:19|20)\d{2}-\d{2}-\d{2})\b.*$", RegexOptions.Multiline)]
    private static partial Regex HeaderDateLine();

    public static TimeMlDocument? Parse(string xml, out string? error)
    {
        error = null;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            string? docId = null, dct = null, dateline = null;
            var text = new StringBuilder();
            var timexes = new List<TimeMlTimex>();
            var inText = false;
            var inDct = false;
            (string Id, string Type, string Value, int Start)? open = null;
            // ReadElementContentAsString leaves the reader on the node after the element: that node is handled next, not skipped.
            var onNextNode = false;
            while (onNextNode || reader.Read())
            {
                onNextNode = false;
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.Name == "DOCID" && !reader.IsEmptyElement:
                        docId = reader.ReadElementContentAsString().Trim();
                        onNextNode = true;
                        break;
                    case XmlNodeType.Element when reader.Name == "DCT": inDct = true; break;
                    case XmlNodeType.EndElement when reader.Name == "DCT": inDct = false; break;
                    case XmlNodeType.Element when reader.Name == "EXTRAINFO" && !reader.IsEmptyElement:
                        // "APW20000107.0088  NEWS STORY  2000-01-07 03:03": the wire's own date for the story.
                        // Mixed content (a TIMEX3 in the header, in some files): its text without the tags.
                        var extra = System.Net.WebUtility.HtmlDecode(Tag().Replace(reader.ReadInnerXml(), ""));
                        if (HeaderDateLine().Match(extra) is { Success: true } header && dateline is null)
                        {
                            dateline = header.Groups["date"].Value;
                            text.Append(header.Value.Trim()).Append("\n\n");
                        }
                        onNextNode = true;
                        break;
                    case XmlNodeType.Element when reader.Name == "TEXT": inText = true; break;
                    case XmlNodeType.EndElement when reader.Name == "TEXT": inText = false; break;
                    case XmlNodeType.Element when reader.Name == "TIMEX3":
                        if (inDct) { dct = reader.GetAttribute("value"); break; }
                        if (inText && !reader.IsEmptyElement)
                            open = (reader.GetAttribute("tid") ?? "", reader.GetAttribute("type") ?? "", reader.GetAttribute("value") ?? "", text.Length);
                        break;
                    case XmlNodeType.EndElement when reader.Name == "TIMEX3" && open is { } o:
                        timexes.Add(new TimeMlTimex(o.Id, text.ToString(o.Start, text.Length - o.Start), o.Value, o.Start, text.Length, o.Type));
                        open = null;
                        break;
                    case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA when inText:
                        text.Append(reader.Value);
                        break;
                }
            }
            return new TimeMlDocument(docId ?? "", dct, text.ToString(), timexes.Where(t => t.Type == "DATE").ToList(), timexes, dateline);
        }
        catch (XmlException ex)
        {
            error = $"line {ex.LineNumber}, column {ex.LinePosition}: {ex.Message}";
            return null;
        }
    }

    /// <summary>The sidecar YAML for a parsed document. Timexes whose value is not an ISO date (PRESENT_REF, 1998-Q1) are kept as notes.</summary>
    public static string ToSidecar(TimeMlDocument doc, string articleName)
    {
        var article = new Text.SourceText(doc.Text);
        var sb = new StringBuilder();
        sb.Append($"# Imported from TimeML document {doc.DocId}.\narticle: {YamlEdits.Quote(articleName)}\nmeta:\n  title: {YamlEdits.Quote(doc.DocId)}\n");
        var dct = doc.Published;
        if (dct is not null) sb.Append(CultureInfo.InvariantCulture, $"  published: {dct:yyyy-MM-dd}\n");
        if (doc.Dateline is not null) sb.Append($"  dateline:\n    text: {YamlEdits.Quote(doc.Dateline)}\n");
        // `events:` with no items would be null, which the schema refuses: no DATE timexes, no key.
        if (doc.Dates.Count > 0) sb.Append("events:\n");
        foreach (var t in doc.Dates)
        {
            var value = Timex.ParseIso(t.Value);
            var cpStart = article.CodePointFromOffset(t.Start);
            var cpEnd = article.CodePointFromOffset(t.End);
            sb.Append($"  - id: {YamlEdits.Quote(t.Id)}\n    type: other\n");
            sb.Append(CultureInfo.InvariantCulture, $"    when:\n      text: {YamlEdits.Quote(t.Text)}\n      span: [{cpStart}, {cpEnd}]\n");
            if (value is not null)
            {
                sb.Append($"    date: {YamlEdits.Quote(value.Value)}\n");
                if (dct is not null && value.Start > dct) sb.Append("    status: planned\n");
            }
            else sb.Append($"    note: {YamlEdits.Quote("TIMEX3 value " + t.Value)}\n");
        }
        return sb.ToString();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
