using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Import;

public enum JsonlFlavor { Doccano, LabelStudio }

/// <summary>
/// One JSON object per article for span-labelling tools. Doccano: <c>{"text", "label": [[start, end, "PLACE"]…], …}</c>
/// with the other keys as metadata; Label Studio: <c>{"data": {"text", …}, "annotations": [{"result": [labels…]}]}</c>.
/// Offsets count code points, end exclusive (as brat and the sidecar `span`), one entry per anchored occurrence.
/// </summary>
public static class JsonlExporter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed record Span(int Start, int End, string Label, string Text, string? Id, string? Ref);

    public static string Export(string id, DocumentAnalysis analysis, JsonlFlavor flavor)
    {
        var spans = Spans(analysis).ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (flavor == JsonlFlavor.Doccano) Doccano(json, id, analysis, spans);
            else LabelStudio(json, id, analysis, spans);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IEnumerable<Span> Spans(DocumentAnalysis analysis)
    {
        var text = analysis.Article;
        if (text is null) yield break;
        foreach (var r in analysis.Mentions.OrderBy(r => r.Spans.IsEmpty ? int.MaxValue : r.Spans[0].Start))
        {
            var label = Label(r.Mention.Kind);
            if (label is null) continue;
            var reference = (r.Mention as PlaceMention)?.Ref;
            foreach (var s in r.Spans)
                yield return new Span(text.CodePointFromOffset(s.Start), text.CodePointFromOffset(s.End), label, text.Slice(s), r.Mention.Id, reference);
        }
    }

    private static string? Label(MentionKind kind) => kind switch
    {
        MentionKind.Place => "PLACE",
        MentionKind.Person => "PERSON",
        MentionKind.Organisation => "ORGANISATION",
        MentionKind.Event => "EVENT",
        MentionKind.DateExpression => "DATE",
        _ => null,
    };

    private static void Doccano(Utf8JsonWriter json, string id, DocumentAnalysis analysis, List<Span> spans)
    {
        json.WriteString("id", id);
        json.WriteString("text", analysis.Article?.Text ?? "");
        json.WriteStartArray("label");
        foreach (var s in spans)
        {
            json.WriteStartArray();
            json.WriteNumberValue(s.Start);
            json.WriteNumberValue(s.End);
            json.WriteStringValue(s.Label);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        Meta(json, analysis);
        json.WriteStartArray("refs");
        foreach (var s in spans.Where(s => s.Ref is not null))
        {
            json.WriteStartObject();
            json.WriteNumber("start", s.Start);
            json.WriteNumber("end", s.End);
            json.WriteString("ref", s.Ref);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void LabelStudio(Utf8JsonWriter json, string id, DocumentAnalysis analysis, List<Span> spans)
    {
        json.WriteStartObject("data");
        json.WriteString("id", id);
        json.WriteString("text", analysis.Article?.Text ?? "");
        Meta(json, analysis);
        json.WriteEndObject();
        json.WriteStartArray("annotations");
        json.WriteStartObject();
        json.WriteStartArray("result");
        var n = 0;
        foreach (var s in spans)
        {
            json.WriteStartObject();
            json.WriteString("id", $"{id}-{++n}");
            json.WriteString("from_name", "label");
            json.WriteString("to_name", "text");
            json.WriteString("type", "labels");
            json.WriteStartObject("value");
            json.WriteNumber("start", s.Start);
            json.WriteNumber("end", s.End);
            json.WriteString("text", s.Text);
            json.WriteStartArray("labels");
            json.WriteStringValue(s.Label);
            json.WriteEndArray();
            json.WriteEndObject();
            if (s.Ref is not null) json.WriteString("meta", s.Ref);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void Meta(Utf8JsonWriter json, DocumentAnalysis analysis)
    {
        var meta = analysis.Sidecar.Meta;
        if (meta.Title is not null) json.WriteString("title", meta.Title);
        if (meta.Source is not null) json.WriteString("source", meta.Source);
        if (meta.Url is not null) json.WriteString("url", meta.Url);
        if (analysis.Published is { } p) json.WriteString("published", p.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
