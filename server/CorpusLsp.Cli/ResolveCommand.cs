using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

/// <summary>
/// `corpuslsp resolve ARTICLE [--mentions FILE|-]`: resolves the place names of one article jointly and prints one JSON
/// object per mention, candidates best first — what pre-annotation and evaluation read. The mentions come from a TSV
/// (`surface TAB start TAB end`, UTF-16 offsets into the article), or, without one, from <see cref="PlaceNameFinder"/>.
/// </summary>
public static class ResolveCommand
{
    public static Command Create()
    {
        var article = new Argument<string>("ARTICLE") { Description = "The article (UTF-8 text)" };
        var mentions = new Option<string?>("--mentions") { HelpName = "FILE|-", Description = "TSV lines 'surface<TAB>start<TAB>end' (UTF-16 offsets into the article; '-' reads stdin); without it, the place names found in the text" };
        var corpus = new Option<string?>("--corpus") { HelpName = "DIR", Description = "The corpus whose gazetteer to use when the article is in none; else the built-in gazetteer" };
        var limit = new Option<int>("--limit") { HelpName = "N", DefaultValueFactory = _ => 5, Description = "At most N candidates per name", CustomParser = PositiveInt };
        var command = new Command("resolve", "Resolve the place names of one article together; one JSON object per name: " +
            "{\"text\",\"start\",\"end\",\"candidates\":[{\"id\",\"name\",\"lat\",\"lon\",\"featureCode\",\"country\",\"score\"}...]}, best first") { article, mentions, corpus, limit };
        command.SetAction(parsed =>
        {
            var (stdout, stderr) = Program.Writers(parsed);
            return Run(parsed.GetValue(article)!, parsed.GetValue(mentions), parsed.GetValue(corpus), parsed.GetValue(limit), Console.In, stdout, stderr);
        });
        return command;
    }

    private static int PositiveInt(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return 0;
        if (int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        result.AddError($"invalid value '{result.Tokens[0].Value}' for option '--limit': give a positive whole number");
        return 0;
    }

    /// <param name="mentionsPath">A TSV file, "-" for stdin, or null to resolve the names found in the text.</param>
    public static int Run(string articlePath, string? mentionsPath, string? corpus, int limit, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var bytes = File.Exists(articlePath) ? File.ReadAllBytes(articlePath) : null;
        if (bytes is null) { stderr.WriteLine($"corpuslsp resolve: '{articlePath}' does not exist"); return 2; }
        if (SourceText.DecodeUtf8(bytes, out var bad) is not { } text) { stderr.WriteLine($"corpuslsp resolve: '{articlePath}' is not UTF-8 (first invalid byte at offset {bad})"); return 2; }
        List<ArticleMention>? given = null;
        if (mentionsPath is not null && (given = ReadGiven(mentionsPath, text.Text, stdin, stderr)) is null) return 2;

        var snapshot = CommandCorpus.Load(articlePath, corpus);
        var g = snapshot.Gazetteer;
        var mentions = given ?? PlaceNameFinder.Find(text.Text, g).Select(f => new ArticleMention(f.Text, f.Span.Start, f.Span.End)).ToList();
        var path = PhysicalFileSystem.Normalize(articlePath);
        var sidecar = snapshot.SidecarOf(path);
        var source = sidecar is not null && snapshot.Analyze(sidecar) is { } analysis ? analysis.Source : SourceProfile.None;
        var ranked = ResolveJointly(g, text.Text, mentions, new ArticleSetting(snapshot.Config.FocusCountries.ToHashSet(StringComparer.Ordinal), source));
        for (var i = 0; i < mentions.Count; i++) stdout.Write(Json(mentions[i], ranked[i].Take(limit)) + "\n");
        return 0;
    }

    /// <summary>The mentions of a TSV file or stdin; null (with every bad line reported on stderr) when any line is bad.</summary>
    private static List<ArticleMention>? ReadGiven(string mentionsPath, string article, TextReader stdin, TextWriter stderr)
    {
        if (mentionsPath != "-" && !File.Exists(mentionsPath)) { stderr.WriteLine($"corpuslsp resolve: '{mentionsPath}' does not exist"); return null; }
        var errors = new List<string>();
        List<ArticleMention> mentions;
        if (mentionsPath == "-") mentions = ReadMentions(stdin, article, errors);
        else using (var file = new StreamReader(mentionsPath)) mentions = ReadMentions(file, article, errors);
        if (errors.Count == 0) return mentions;
        var name = mentionsPath == "-" ? "<stdin>" : mentionsPath;
        foreach (var e in errors.Take(20)) stderr.WriteLine($"{name}:{e}");
        if (errors.Count > 20) stderr.WriteLine($"{name}: {errors.Count - 20} more bad line(s)");
        stderr.WriteLine($"corpuslsp resolve: {errors.Count} bad line(s) in the mentions; nothing resolved");
        return null;
    }

    /// <summary>The one call into the article-level resolver (the lead may re-point it): every mention's candidates, best first.</summary>
    public static IReadOnlyList<IReadOnlyList<RankedCandidate>> ResolveJointly(Gazetteer g, string text, IReadOnlyList<ArticleMention> mentions, ArticleSetting setting) =>
        ArticleResolver.Resolve(g, text, mentions, setting).Select(r => r.Candidates).ToList();

    /// <summary>TSV mentions, every line checked: a bad one is an error with its line number, never skipped.</summary>
    public static List<ArticleMention> ReadMentions(TextReader reader, string article, List<string> errors)
    {
        var result = new List<ArticleMention>();
        var lineNumber = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = line.Split('\t');
            if (fields.Length != 3) { errors.Add($"{lineNumber}: expected 'surface<TAB>start<TAB>end', found {fields.Length} tab-separated field(s): {Show(line)}"); continue; }
            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start) || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var end))
            { errors.Add($"{lineNumber}: start and end must be non-negative integers (UTF-16 offsets): {Show(line)}"); continue; }
            if (end <= start || end > article.Length)
            { errors.Add($"{lineNumber}: offsets {start}-{end} are not a span of the article ({article.Length} UTF-16 code units): {Show(line)}"); continue; }
            var actual = article.Substring(start, end - start);
            if (actual != fields[0])
            { errors.Add($"{lineNumber}: the article has {Show(actual)} at {start}-{end}, not {Show(fields[0])}"); continue; }
            result.Add(new ArticleMention(fields[0], start, end));
        }
        return result;
    }

    /// <summary>A JSON string literal (as the serializer's default escaping writes it), cut to 80 characters.</summary>
    private static string Show(string s)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer)) json.WriteStringValue(s.Length > 80 ? s[..80] + "…" : s);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Json(ArticleMention m, IEnumerable<RankedCandidate> candidates)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) Write(json, m, candidates);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, ArticleMention m, IEnumerable<RankedCandidate> candidates)
    {
        json.WriteStartObject();
        json.WriteString("text", m.Text);
        json.WriteNumber("start", m.Start);
        json.WriteNumber("end", m.End);
        json.WriteStartArray("candidates");
        foreach (var c in candidates)
        {
            var e = c.Entry;
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("name", e.Name);
            json.WriteNumber("lat", e.Latitude);
            json.WriteNumber("lon", e.Longitude);
            json.WriteString("featureCode", e.FeatureCode);
            json.WriteString("country", e.CountryCode);
            json.WriteNumber("score", Math.Round(c.Score, 3));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
