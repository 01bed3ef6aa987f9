using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Cli;

/// <summary>A mention to resolve: its text and where it stands in the article (UTF-16 offsets, end exclusive).</summary>
public sealed record ArticleMention(string Text, int Start, int End);

/// <summary>
/// `corpuslsp resolve ARTICLE [--mentions FILE|-]`: resolves the place names of one article jointly and prints one JSON
/// object per mention, candidates best first — what pre-annotation and evaluation read. The mentions come from a TSV
/// (`surface TAB start TAB end`, UTF-16 offsets into the article), or, without one, from <see cref="PlaceNameFinder"/>.
/// </summary>
public static class ResolveCommand
{
    public const string Usage = "Usage: corpuslsp resolve ARTICLE [--mentions FILE|-] [--corpus DIR] [--limit N]\n" +
        "Resolves the place names of one article together and prints one JSON object per name:\n" +
        "{\"text\",\"start\",\"end\",\"candidates\":[{\"id\",\"name\",\"lat\",\"lon\",\"featureCode\",\"country\",\"score\"}...]}, best first.\n" +
        "--mentions: TSV lines 'surface<TAB>start<TAB>end' (UTF-16 offsets into the article; '-' reads stdin); without it, the names found in the text.";

    /// <summary>Argument parsing in the style of the other commands (to be replaced by the shared parser).</summary>
    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? article = null, mentions = null, corpus = null;
        var limit = 5;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--mentions" when i + 1 < args.Count: mentions = args[++i]; break;
                case "--corpus" when i + 1 < args.Count: corpus = args[++i]; break;
                case "--limit" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0: limit = l; i++; break;
                case "-h" or "--help": stdout.WriteLine(Usage); return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || article is not null) { stderr.WriteLine($"corpuslsp resolve: unexpected argument '{args[i]}'\n{Usage}"); return 2; }
                    article = args[i];
                    break;
            }
        }
        if (article is null) { stderr.WriteLine($"corpuslsp resolve: give an article\n{Usage}"); return 2; }
        return Run(article, mentions, corpus, limit, stdin, stdout, stderr);
    }

    /// <param name="mentionsPath">A TSV file, "-" for stdin, or null to resolve the names found in the text.</param>
    public static int Run(string articlePath, string? mentionsPath, string? corpus, int limit, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var bytes = File.Exists(articlePath) ? File.ReadAllBytes(articlePath) : null;
        if (bytes is null) { stderr.WriteLine($"corpuslsp resolve: '{articlePath}' does not exist"); return 2; }
        if (SourceText.DecodeUtf8(bytes, out var bad) is not { } text) { stderr.WriteLine($"corpuslsp resolve: '{articlePath}' is not UTF-8 (first invalid byte at offset {bad})"); return 2; }
        List<ArticleMention>? given = null;
        if (mentionsPath is not null)
        {
            if (mentionsPath != "-" && !File.Exists(mentionsPath)) { stderr.WriteLine($"corpuslsp resolve: '{mentionsPath}' does not exist"); return 2; }
            using var reader = mentionsPath == "-" ? stdin : new StreamReader(mentionsPath);
            var errors = new List<string>();
            given = ReadMentions(reader, text.Text, errors);
            if (errors.Count > 0)
            {
                var name = mentionsPath == "-" ? "<stdin>" : mentionsPath;
                foreach (var e in errors.Take(20)) stderr.WriteLine($"{name}:{e}");
                if (errors.Count > 20) stderr.WriteLine($"{name}: {errors.Count - 20} more bad line(s)");
                stderr.WriteLine($"corpuslsp resolve: {errors.Count} bad line(s) in the mentions; nothing resolved");
                return 2;
            }
        }

        var snapshot = CommandCorpus.Load(articlePath, corpus);
        var g = snapshot.Gazetteer;
        var mentions = given ?? PlaceNameFinder.Find(text.Text, g).Select(f => new ArticleMention(f.Text, f.Span.Start, f.Span.End)).ToList();
        var path = PhysicalFileSystem.Normalize(articlePath);
        var sidecar = snapshot.SidecarOf(path);
        var source = sidecar is not null && snapshot.Analyze(sidecar) is { } analysis ? analysis.Source : SourceProfile.None;
        var ranked = ResolveJointly(g, text.Text, mentions, snapshot.Config.FocusCountries.ToHashSet(), source);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        for (var i = 0; i < mentions.Count; i++)
        {
            Write(json, mentions[i], ranked[i].Take(limit));
            json.Flush();
            stdout.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            stdout.Write('\n');
            buffer.ResetWrittenCount();
            json.Reset();
        }
        return 0;
    }

    /// <summary>
    /// The one call into the article-level resolver: every mention's candidates, best first, with the article's other
    /// mentions as context. Today <see cref="ArticleResolver.Resolve"/> returns only each mention's pick, so the pick
    /// (scored in the article's context) comes first, then the other candidates as the name alone ranks them.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<RankedCandidate>> ResolveJointly(Gazetteer g, string text, IReadOnlyList<ArticleMention> mentions, IReadOnlySet<string> focus, SourceProfile source)
    {
        // As the evaluation passes them (bench GeoEval): the 16 characters after a name carry its cue words ("province").
        string Following(ArticleMention m) => text.Substring(m.End, Math.Min(16, text.Length - m.End));
        var picks = ArticleResolver.Resolve(g, mentions.Select(m => new ToponymMention(m.Text, Following(m))).ToList(), focus, source);
        return mentions.Select((m, i) =>
        {
            var alone = PlaceResolver.Rank(g, m.Text, new ResolutionContext(focus, [], Following(m), null, source));
            return picks[i] is { } pick ? (IReadOnlyList<RankedCandidate>)[pick, .. alone.Where(c => c.Entry.Id != pick.Entry.Id)] : alone;
        }).ToList();
    }

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

    private static string Show(string s) => JsonSerializer.Serialize(s.Length > 80 ? s[..80] + "…" : s);

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
