using System.Collections.Concurrent;
using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Gazetteer;
using CorpusLsp.Core.IO;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;
using GazetteerIndex = CorpusLsp.Core.Gazetteer.Gazetteer;

namespace CorpusLsp.Core.Analysis;

public enum FileKind { Article, Sidecar, CorpusConfig, Overlay, Gazetteer, Other }

/// <summary>A file of the corpus: its text, or why it has none.</summary>
public sealed record CorpusFile(string Path, FileKind Kind, SourceText? Text, Diagnostic? ReadError);

/// <summary>
/// The part of a corpus a partial load reads (a CI shard): the sidecars <paramref name="Sidecar"/> selects, the articles
/// they name, and of the other articles those <paramref name="Article"/> selects; the rest is listed, never read. The
/// source profiles are the whole corpus's — given, or computed by streaming every sidecar past once.
/// </summary>
/// <param name="Names">The corpus's annotated names (CLS052), given or computed by streaming every pair past once.</param>
public sealed record CorpusSelection(Func<string, bool> Sidecar, Func<string, bool> Article, IReadOnlyDictionary<string, SourceProfile>? Profiles = null,
    IReadOnlyDictionary<string, Rules.AnnotatedName>? Names = null);

/// <summary>
/// An immutable view of a corpus: configuration, gazetteer, every article and sidecar. Replaced, never
/// mutated, on each change; analyses of unchanged sidecar/article pairs carry over to the next snapshot.
/// </summary>
public sealed class CorpusSnapshot
{
    private readonly ConcurrentDictionary<string, HeldAnalysis> _analyses;
    private readonly ConcurrentDictionary<string, HeldParsed> _parsed;

    /// <summary>Which files' pairs keep their parse and analysis (null: every pair); see <see cref="Retaining"/>.</summary>
    private readonly Func<string, bool>? _retain;

    /// <summary>
    /// One string per annotated name, id and ref in the facts of the snapshots of one load: 10,000 pairs annotate
    /// "Aleppo" thousands of times, each sliced from its own article.
    /// </summary>
    private Rules.NamePool _names = new();
    private Dictionary<string, SourceProfile>? _profiles;
    private bool _profilesReady;
    private object? _profilesLock;
    private ImmutableArray<Diagnostic>? _crossDocument;
    private readonly IReadOnlyDictionary<string, SourceProfile>? _givenProfiles;

    /// <summary>Sidecar path → what its last analysis computed, for the next analysis after an edit (issue 19).</summary>
    private readonly ImmutableDictionary<string, AnalysisMemo> _memos;

    /// <summary>Article path → the counts of its `occurrence: all` names in the text it had before its first change (CLS056).</summary>
    private readonly ImmutableDictionary<string, ImmutableDictionary<string, int>> _openedCounts;

    private CorpusSnapshot(string root, CorpusConfig config, ImmutableArray<Diagnostic> configDiagnostics, GazetteerIndex gazetteer,
        ImmutableArray<Diagnostic> gazetteerDiagnostics, ImmutableDictionary<string, CorpusFile> files, ConcurrentDictionary<string, HeldAnalysis> analyses,
        ConcurrentDictionary<string, HeldParsed> parsed, int version, IReadOnlyDictionary<string, SourceProfile>? givenProfiles = null,
        ImmutableDictionary<string, ImmutableDictionary<string, int>>? openedCounts = null, ImmutableDictionary<string, AnalysisMemo>? memos = null,
        Func<string, bool>? retain = null)
    {
        _retain = retain;
        _memos = memos ?? ImmutableDictionary<string, AnalysisMemo>.Empty.WithComparers(StringComparer.Ordinal);
        _openedCounts = openedCounts ?? ImmutableDictionary<string, ImmutableDictionary<string, int>>.Empty.WithComparers(StringComparer.Ordinal);
        _parsed = parsed;
        if (givenProfiles is not null)
        {
            _givenProfiles = givenProfiles;
            _profiles = new Dictionary<string, SourceProfile>(givenProfiles, StringComparer.Ordinal);
            _profilesReady = true;
            // A partial snapshot cannot see the other articles, so it has no cross-document findings of its own.
            _crossDocument = [];
        }
        Root = root;
        Config = config;
        ConfigDiagnostics = configDiagnostics;
        Gazetteer = gazetteer;
        GazetteerDiagnostics = gazetteerDiagnostics;
        Files = files;
        _analyses = analyses;
        Version = version;
    }

    public string Root { get; }
    public int Version { get; }
    public CorpusConfig Config { get; }
    public ImmutableArray<Diagnostic> ConfigDiagnostics { get; }
    public GazetteerIndex Gazetteer { get; }
    public ImmutableArray<Diagnostic> GazetteerDiagnostics { get; }
    public ImmutableDictionary<string, CorpusFile> Files { get; }
    private IReadOnlyDictionary<string, string?>? _pairs;

    /// <summary>Sidecar path → article path (whether or not the article exists). Parses every sidecar once, on first use.</summary>
    /// <remarks>A hash table, never changed once made: an immutable one was a tree ~14 deep built and searched with Marvin hashes.</remarks>
    public IReadOnlyDictionary<string, string?> Pairs => _pairs ?? LazyInitializer.EnsureInitialized(ref _pairs, ComputePairs);

    private ImmutableArray<string>? _sidecars;

    /// <summary>Every sidecar path, in order; listed once per snapshot (a request must not sort 20,000 paths).</summary>
    public IEnumerable<string> Sidecars => _sidecars ??= Files.Values.Where(f => f.Kind == FileKind.Sidecar).Select(f => f.Path).Order(StringComparer.Ordinal).ToImmutableArray();
    public IEnumerable<string> Articles => Files.Values.Where(f => f.Kind == FileKind.Article).Select(f => f.Path).Order(StringComparer.Ordinal);
    public string? FirstOverlayPath => Config.Overlays.FirstOrDefault()?.Path;

    /// <summary>Loaded with a <see cref="CorpusSelection"/>: holds part of the corpus, and leaves cross-document rules to a merge.</summary>
    public bool IsPartial => _givenProfiles is not null;

    /// <param name="extraGeonames">GeoNames dumps the user adds in editor settings (trusted paths, outside the corpus allowed).</param>
    /// <param name="selection">Read only part of the corpus (a CI shard); null reads it all.</param>
    /// <param name="preview">
    /// Given, an editor gets a first, partial snapshot before the rest of the corpus is read: the files
    /// <see cref="Preview.First"/> picks (the open documents) and their pairs, with no source profiles and no
    /// cross-document findings, so that it can answer about them in well under a second on a corpus of 10,000 pairs.
    /// </param>
    public static CorpusSnapshot Load(string root, IFileSystem fs, Core.Gazetteer.IGazetteerCache? cache = null, IReadOnlyList<string>? extraGeonames = null,
        CorpusSelection? selection = null, Preview? preview = null, bool parallelRead = true)
    {
        var opened = Open(root, fs, cache, extraGeonames, parallelRead);
        if (selection is not null) return Chunks(opened, ReadSelection(opened, selection), selection, int.MaxValue).Single();
        var (listed, config) = (opened.Listed, opened.Config);
        var files = ImmutableDictionary.CreateBuilder<string, CorpusFile>(StringComparer.Ordinal);
        if (preview is not null && listed.Count >= preview.MinFiles)
            preview.Ready(LoadPreview(opened.Root, listed, config, opened.Fs, preview.First, files => opened.Make(files, new(StringComparer.Ordinal), NoProfiles)));
        AddFiles(files, opened.Root, listed, config, opened.Fs, parallel: parallelRead);
        return opened.Make(files.ToImmutable(), new(StringComparer.Ordinal), null);
    }

    /// <summary>
    /// A <see cref="CorpusSelection"/> read a chunk at a time, for a CI shard whose pairs do not all fit in memory: each
    /// snapshot holds up to <paramref name="chunkSize"/> of the selected sidecars (in path order) and the articles they
    /// name; the last also holds the selected articles no selected sidecar names. Configuration, gazetteer, source
    /// profiles and annotated names are read once and shared. A snapshot the caller lets go of is collectable before the
    /// next is read. With one chunk this is <see cref="Load"/> with the selection.
    /// </summary>
    public static Chunked LoadInChunks(string root, IFileSystem fs, Core.Gazetteer.IGazetteerCache? cache, CorpusSelection selection, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var opened = Open(root, fs, cache, null, beside: true);
        var paths = ReadSelection(opened, selection);
        return new Chunked(paths.Sidecars.Count, Chunks(opened, paths, selection, chunkSize));
    }

    /// <summary>A selection read in chunks: how many sidecars it selects (for progress), and the snapshots, read as they are asked for.</summary>
    public sealed record Chunked(int Sidecars, IEnumerable<CorpusSnapshot> Snapshots);

    /// <summary>What every load reads first: configuration, gazetteer, the listing; and how to make a snapshot over them.</summary>
    private sealed record Opened(string Root, IFileSystem Fs, CorpusConfig Config, GazetteerIndex Gazetteer, List<string> Listed,
        Func<ImmutableDictionary<string, CorpusFile>, ConcurrentDictionary<string, HeldParsed>, IReadOnlyDictionary<string, SourceProfile>?, CorpusSnapshot> Make);

    /// <param name="beside">
    /// Build the gazetteer on another thread while this one lists the corpus: each is one thread's work (~30 and ~40 ms for
    /// a 10,000-pair corpus), done one after the other while the other core idled. Not for a load beside which requests are
    /// answered (the server's), which leaves the thread pool to them.
    /// </param>
    private static Opened Open(string root, IFileSystem fs, Core.Gazetteer.IGazetteerCache? cache, IReadOnlyList<string>? extraGeonames, bool beside = false)
    {
        root = root.TrimEnd('/');
        // Every read goes through the corpus's confinement: a link that leads out of the folder is not followed.
        fs = new ConfinedFileSystem(fs, root, extraGeonames);
        var (config, configDiagnostics) = LoadConfig(root, fs);
        if (extraGeonames is { Count: > 0 })
            config = config with { GeonamesFiles = config.GeonamesFiles.AddRange(extraGeonames.Select(p => new ConfiguredPath(p, default))) };
        GazetteerBuilder.Result Build() => BuiltInGazetteer.BuildFor(config, fs, cache);
        var building = beside ? Task.Run(Build) : Task.FromResult(Build());
        var unlisted = new List<string>();
        var listed = fs.EnumerateFiles(root, recursive: true, unlisted).ToList();
        var built = building.GetAwaiter().GetResult();
        var loadDiagnostics = configDiagnostics.AddRange(unlisted.Select(folder => Diagnostic.Create(DiagnosticCatalog.FileUnreadable, folder, default,
            $"The folder '{PathUtil.Relative(root, folder)}' cannot be listed (permission denied?); the files in it are not checked.")));
        var gazetteerDiagnostics = ExplainMissing(Relocate(built.Diagnostics, config), config, fs).AddRange(ShadowedOverlayIds(config, fs));
        return new Opened(root, fs, config, built.Gazetteer, listed, (files, parsed, profiles) =>
            new(root, config, loadDiagnostics, built.Gazetteer, gazetteerDiagnostics, files, new(StringComparer.Ordinal), parsed, 0, profiles));
    }

    private static IEnumerable<CorpusSnapshot> Chunks(Opened opened, SelectedPaths paths, CorpusSelection selection, int chunkSize)
    {
        var (root, fs, config) = (opened.Root, opened.Fs, opened.Config);
        var (profiles, names, selected, articles, selectedArticles) = paths;
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var from = 0; ; from += chunkSize)
        {
            var last = (long)from + chunkSize >= selected.Count;
            var files = ImmutableDictionary.CreateBuilder<string, CorpusFile>(StringComparer.Ordinal);
            foreach (var path in selected.Skip(from).Take(chunkSize)) AddFile(files, root, path, config, fs);
            // The articles the chunk's sidecars name are read with them; the selected articles nobody names, with the last.
            var sidecarsOnly = opened.Make(files.ToImmutable(), new(StringComparer.Ordinal), profiles);
            foreach (var article in sidecarsOnly.Pairs.Values.OfType<string>().Where(articles.Contains))
            {
                if (!files.ContainsKey(article)) AddFile(files, root, article, config, fs);
                if (selection.Article(article)) named.Add(article);
            }
            if (last)
                foreach (var path in selectedArticles.Where(a => !named.Contains(a) && !files.ContainsKey(a)))
                    AddFile(files, root, path, config, fs);
            var snapshot = opened.Make(files.ToImmutable(), sidecarsOnly._parsed, profiles);
            snapshot.CorpusNames = names;
            yield return snapshot;
            if (last) yield break;
        }
    }

    /// <summary>
    /// The listing classified once (a shard of a million-pair corpus lists every path) and then let go: what a chunked
    /// load keeps is the selected sidecars (in path order), every article's path (a sidecar may name any) and the
    /// selected articles.
    /// </summary>
    private static SelectedPaths ReadSelection(Opened opened, CorpusSelection selection)
    {
        var byKind = opened.Listed.ToLookup(p => Classify(opened.Root, p, opened.Config));
        var sidecarPaths = byKind[FileKind.Sidecar].ToList();
        var articlePaths = byKind[FileKind.Article].ToList();
        var (profiles, names) = selection is { Profiles: { } p, Names: { } n } ? (p, n)
            : StreamFacts(opened.Root, sidecarPaths, articlePaths.Concat(sidecarPaths).ToHashSet(StringComparer.Ordinal), opened.Fs, opened.Gazetteer, selection);
        opened.Listed.Clear();
        opened.Listed.TrimExcess();
        return new(profiles, names, sidecarPaths.Where(selection.Sidecar).Order(StringComparer.Ordinal).ToList(),
            articlePaths.ToHashSet(StringComparer.Ordinal), articlePaths.Where(selection.Article).ToList());
    }

    private sealed record SelectedPaths(IReadOnlyDictionary<string, SourceProfile> Profiles, IReadOnlyDictionary<string, Rules.AnnotatedName> Names,
        List<string> Sidecars, HashSet<string> Articles, List<string> SelectedArticles);

    /// <summary>
    /// Given a <see cref="CorpusSelection"/>, the annotated names of the whole corpus (CLS052's lexicon, see
    /// <see cref="Rules.CoverageRule.Lexicon"/>), full paths; null for a snapshot of the whole corpus, which computes them from its analyses.
    /// </summary>
    public IReadOnlyDictionary<string, Rules.AnnotatedName>? CorpusNames { get; private set; }

    /// <summary>What the server reads first of a corpus; see <see cref="Load"/>.</summary>
    /// <param name="First">Whether a listed path is one to read first (with the article or sidecar of the same name).</param>
    /// <param name="Ready">Receives the partial snapshot, on the loading thread.</param>
    /// <param name="MinFiles">A corpus of fewer files is read at once: its preview would only add a second analysis of the open pair.</param>
    public sealed record Preview(Func<string, bool> First, Action<CorpusSnapshot> Ready, int MinFiles = 0);

    private static readonly IReadOnlyDictionary<string, SourceProfile> NoProfiles = new Dictionary<string, SourceProfile>(StringComparer.Ordinal);

    private static CorpusSnapshot LoadPreview(string root, List<string> listed, CorpusConfig config, IFileSystem fs, Func<string, bool> first,
        Func<ImmutableDictionary<string, CorpusFile>, CorpusSnapshot> make)
    {
        var stems = listed.Where(first).Select(PathUtil.WithoutExtension).ToHashSet(StringComparer.Ordinal);
        var files = ImmutableDictionary.CreateBuilder<string, CorpusFile>(StringComparer.Ordinal);
        foreach (var path in listed.Where(p => stems.Contains(PathUtil.WithoutExtension(p)))) AddFile(files, root, path, config, fs);
        return make(files.ToImmutable());
    }

    /// <summary>
    /// Every sidecar read once, in parallel, for its source and linked places, and with its article for its annotated
    /// names (what is not given already); nothing else is kept.
    /// </summary>
    /// <param name="corpusFiles">The listed articles and sidecars: what a sidecar's article can be.</param>
    private static (IReadOnlyDictionary<string, SourceProfile>, IReadOnlyDictionary<string, Rules.AnnotatedName>) StreamFacts(string root,
        IReadOnlyList<string> sidecarPaths, HashSet<string> corpusFiles, IFileSystem fs, GazetteerIndex gazetteer, CorpusSelection selection)
    {
        // In path order, as a whole snapshot lists its sidecars: the first annotation of a name is the same.
        var sidecars = sidecarPaths.Order(StringComparer.Ordinal).ToList();
        var contributions = new (string Key, IReadOnlyList<GazetteerEntry> Places)?[sidecars.Count];
        var lexicon = new Dictionary<string, Rules.AnnotatedName>(StringComparer.Ordinal);
        // One entry object per linked id, however many sidecars link it: a million sidecars stay within memory.
        var entries = new ConcurrentDictionary<string, GazetteerEntry?>(StringComparer.Ordinal);
        GazetteerEntry? Find(string id) => entries.GetOrAdd(id, gazetteer.Find);
        // Names are folded into the lexicon a chunk at a time, in path order: a million sidecars' names are never all held.
        const int chunk = 4096;
        var names = new IReadOnlyList<Rules.AnnotatedName>?[Math.Min(chunk, sidecars.Count)];
        for (var from = 0; from < sidecars.Count; from += chunk)
        {
            var count = Math.Min(chunk, sidecars.Count - from);
            Array.Clear(names);
            Parallel.For(from, from + count, i =>
            {
                if (ReadFile(sidecars[i], FileKind.Sidecar, fs.ReadAllBytes(sidecars[i])).Text is not { } text) return;
                var sidecar = SidecarReader.Read(sidecars[i], text, validate: false).Sidecar;
                if (selection.Profiles is null) contributions[i] = SourceProfiles.Contribution(sidecar, Find);
                if (selection.Names is null && ArticlePathFor(root, sidecars[i], sidecar.ArticleName) is { } articlePath && corpusFiles.Contains(articlePath)
                    && ReadFile(articlePath, FileKind.Article, fs.ReadAllBytes(articlePath)).Text is { } article)
                    names[i - from] = Rules.CoverageRule.NamesOf(sidecar, article);
            });
            Rules.CoverageRule.AddTo(lexicon, names.Take(count).OfType<IReadOnlyList<Rules.AnnotatedName>>());
        }
        return (selection.Profiles ?? SourceProfiles.Build(contributions.OfType<(string, IReadOnlyList<GazetteerEntry>)>()), selection.Names ?? lexicon);
    }

    /// <summary>
    /// A corpus of one pair: for a file opened outside any corpus, the article and sidecar of that name (<paramref name="stem"/>
    /// is the path without extension), nothing else of its folder, and no gazetteer.
    /// </summary>
    public static CorpusSnapshot LoadPair(string stem, IFileSystem fs)
    {
        var root = PathUtil.Directory(stem);
        fs = new ConfinedFileSystem(fs, root);
        var config = CorpusConfig.Default(root);
        var files = ImmutableDictionary.CreateBuilder<string, CorpusFile>(StringComparer.Ordinal);
        foreach (var candidate in new[] { stem + ".txt", stem + ".yaml", stem + ".yml" })
            if (fs.FileExists(candidate)) AddFile(files, root, candidate, config, fs);
        var gazetteer = Core.Gazetteer.GazetteerBuilder.Build(config, fs).Gazetteer;
        return new CorpusSnapshot(root, config, [], gazetteer, [], files.ToImmutable(), new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0);
    }

    /// <summary>
    /// <see cref="AddFile"/> for every path, read and decoded in parallel (one thread read and decoded the 20,000 files of a
    /// 10,000-pair corpus for ~2 s while the other core idled) and added in the given order. A load beside which requests
    /// are answered (the server's) reads on its own thread alone: its parallel reads took the thread pool the requests
    /// run on, and the first hover on a 10,000-pair corpus came after ~2 s instead of ~0.9 s.
    /// </summary>
    private static void AddFiles(ImmutableDictionary<string, CorpusFile>.Builder files, string root, IReadOnlyList<string> paths, CorpusConfig config, IFileSystem fs,
        bool parallel)
    {
        var read = new CorpusFile?[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { TaskScheduler = TaskScheduler.Current, MaxDegreeOfParallelism = parallel ? -1 : 1 }, i =>
        {
            var kind = Classify(root, paths[i], config);
            if (kind is FileKind.Article or FileKind.Sidecar) read[i] = ReadKeptFile(paths[i], kind, fs);
        });
        foreach (var file in read)
            if (file is not null) files[file.Path] = file;
    }

    private static void AddFile(ImmutableDictionary<string, CorpusFile>.Builder files, string root, string path, CorpusConfig config, IFileSystem fs)
    {
        var kind = Classify(root, path, config);
        if (kind is FileKind.Article or FileKind.Sidecar) files[path] = ReadKeptFile(path, kind, fs);
    }

    /// <summary>
    /// The gazetteer cache is keyed by content, so a copy of a corpus elsewhere shares it, and the diagnostics stored with
    /// it name the first copy's files: each is moved to this corpus's file at the same place relative to its root.
    /// </summary>
    private static ImmutableArray<Diagnostic> Relocate(ImmutableArray<Diagnostic> diagnostics, CorpusConfig config)
    {
        var prefix = config.Root + "/";
        var ours = config.GeoNamesInputs.Select(p => p.Path).Append(config.ConfigPath).OfType<string>().Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return diagnostics.Select(d => d.Path.StartsWith(prefix, StringComparison.Ordinal) || ours.Contains(d.Path) ? d
            : ours.FirstOrDefault(p => d.Path.EndsWith("/" + p[prefix.Length..], StringComparison.Ordinal)) is { } moved ? d with { Path = moved } : d).ToImmutableArray();
    }

    /// <summary>
    /// An overlay entry whose id an earlier overlay already uses: `overlay:ID` means the first, and the gazetteer keeps only
    /// it, so the overlays are read again (they are small) to find the shadowed ones. Duplicates within one overlay are
    /// reported by <see cref="OverlayReader"/>.
    /// </summary>
    private static IEnumerable<Diagnostic> ShadowedOverlayIds(CorpusConfig config, IFileSystem fs)
    {
        if (config.Overlays.Length < 2) return [];
        var first = new Dictionary<string, GazetteerEntry>(StringComparer.Ordinal);
        var result = new List<Diagnostic>();
        foreach (var overlay in config.Overlays.DistinctBy(o => o.Path))
        {
            if (fs.ReadAllBytes(overlay.Path) is not { } bytes || SourceText.DecodeUtf8(bytes, out _) is not { } text) continue;
            foreach (var e in OverlayReader.Read(overlay.Path, text, config).Entries)
            {
                if (first.TryAdd(e.Id, e)) continue;
                var line = Math.Clamp(e.SourceLine - 1, 0, text.LineCount - 1);
                result.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateId, overlay.Path, new TextSpan(text.LineStart(line), text.LineEnd(line)),
                    $"Id '{Excerpt.Of(e.Id["overlay:".Length..])}' is already used in '{PathUtil.Relative(config.Root, first[e.Id].Source)}' (line {first[e.Id].SourceLine}), which shadows this entry: `{Excerpt.Of(e.Id, 40)}` means that one."));
            }
        }
        return result;
    }

    /// <summary>
    /// The builder says a gazetteer file it could not open "does not exist"; when it exists but is refused (a link out of
    /// the corpus, a FIFO, unreadable), the message says why instead.
    /// </summary>
    private static ImmutableArray<Diagnostic> ExplainMissing(ImmutableArray<Diagnostic> diagnostics, CorpusConfig config, IFileSystem fs)
    {
        if (!diagnostics.Any(d => d.Code == DiagnosticCatalog.GazetteerSourceMissing.Code)) return diagnostics;
        var named = config.GeoNamesInputs.Concat(config.Overlays).Where(p => p.Span != default).GroupBy(p => p.Span).ToDictionary(g => g.Key, g => g.First().Path);
        return diagnostics.Select(d => d.Code == DiagnosticCatalog.GazetteerSourceMissing.Code && named.TryGetValue(d.Span, out var path)
            && fs.Problem(path) is { } problem && problem != "does not exist"
                ? d with { Message = $"Gazetteer file '{PathUtil.Relative(config.Root, path)}' {problem}." }
                : d).ToImmutableArray();
    }

    private static (CorpusConfig, ImmutableArray<Diagnostic>) LoadConfig(string root, IFileSystem fs)
    {
        var path = root + "/" + CorpusConfig.FileName;
        var bytes = fs.ReadAllBytes(path);
        if (bytes is null)
            return (CorpusConfig.Default(root), fs.Problem(path) is { } problem && problem != "does not exist"
                ? [Diagnostic.Create(DiagnosticCatalog.FileUnreadable, path, default, $"'{CorpusConfig.FileName}' {problem}.")] : []);
        var file = ReadFile(path, FileKind.CorpusConfig, bytes);
        if (file.Text is null) return (CorpusConfig.Default(root), [file.ReadError!]);
        return CorpusConfig.Read(root, path, file.Text);
    }

    /// <remarks>Asked of every listed file (20,000 in a 10,000-pair corpus): it makes no strings, as its splits and joins did.</remarks>
    public static FileKind Classify(string root, string path, CorpusConfig config)
    {
        var trimmed = root.AsSpan().TrimEnd('/');
        var inRoot = path.Length > trimmed.Length && path[trimmed.Length] == '/' && path.AsSpan().StartsWith(trimmed, StringComparison.Ordinal);
        var relative = inRoot ? path.AsSpan(trimmed.Length + 1) : path;
        foreach (var range in relative.Split('/'))
            if (relative[range] is var part && (part.StartsWith('.') || part.SequenceEqual("node_modules"))) return FileKind.Other;
        if (path.Length == root.Length + 1 + CorpusConfig.FileName.Length && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/'
            && path.EndsWith(CorpusConfig.FileName, StringComparison.Ordinal)) return FileKind.CorpusConfig;
        foreach (var overlay in config.Overlays)
            if (overlay.Path == path) return FileKind.Overlay;
        if (config.IsGeoNamesInput(path)) return FileKind.Gazetteer;
        if (path.EndsWith(".txt", StringComparison.Ordinal)) return FileKind.Article;
        if (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal)) return FileKind.Sidecar;
        return FileKind.Other;
    }

    public static CorpusFile ReadFile(string path, FileKind kind, byte[]? bytes, IFileSystem? fs = null) =>
        ReadFile(path, kind, bytes is null ? (ReadOnlyMemory<byte>?)null : bytes, fs);

    /// <summary>A file the snapshot keeps, read where the file system keeps such files (<see cref="IFileSystem.ReadKept"/>).</summary>
    private static CorpusFile ReadKeptFile(string path, FileKind kind, IFileSystem fs) => ReadFile(path, kind, fs.ReadKept(path), fs);

    private static CorpusFile ReadFile(string path, FileKind kind, ReadOnlyMemory<byte>? bytes, IFileSystem? fs)
    {
        if (bytes is null)
            return new CorpusFile(path, kind, null, Diagnostic.Create(DiagnosticCatalog.FileUnreadable, path, default,
                fs?.Problem(path) is { } problem ? $"'{PathUtil.FileName(path)}' {problem}." : "The file could not be read."));
        var text = SourceText.FromFileBytes(bytes.Value, out var bad);
        return text is null
            ? new CorpusFile(path, kind, null, Diagnostic.Create(DiagnosticCatalog.FileUnreadable, path, default,
                $"The file is not valid UTF-8 (first invalid byte at offset {bad}); re-save it as UTF-8."))
            : new CorpusFile(path, kind, text, null);
    }

    /// <summary>A new snapshot with one file's text replaced (or added). Gazetteer and config changes go through <see cref="Reload"/>.</summary>
    public CorpusSnapshot WithFile(string path, SourceText? text)
    {
        var kind = Classify(Root, path, Config);
        if (kind is not (FileKind.Article or FileKind.Sidecar)) return this;
        var files = text is null ? Files.Remove(path) : Files.SetItem(path, new CorpusFile(path, kind, text, null));
        var next = new CorpusSnapshot(Root, Config, ConfigDiagnostics, Gazetteer, GazetteerDiagnostics, files, CarryOver(files), CarryOverParsed(files), Version + 1, _givenProfiles,
            kind == FileKind.Article ? RememberOpenedCounts(path) : _openedCounts, text is null ? _memos.Remove(path) : MemoBefore(path), _retain);
        next._names = _names;
        CarryDerived(next, path, kind, text);
        return next;
    }

    /// <summary>
    /// What a one-file change leaves as it was is handed on rather than recomputed over the whole corpus: the pairs while no
    /// sidecar is added, removed or renames its article; the source profiles while no sidecar changes its source or links.
    /// Then the analyses of the other sidecars stay valid too (their profile is the very same object).
    /// </summary>
    private void CarryDerived(CorpusSnapshot next, string path, FileKind kind, SourceText? text)
    {
        var existed = Files.TryGetValue(path, out var before) && before.Text is not null;
        if (kind == FileKind.Article || (existed && text is not null && SameForPairsAndProfiles(path, next)))
        {
            next._pairs = _pairs;
            next._sidecarOfArticle = _sidecarOfArticle;
            if (_givenProfiles is null && Volatile.Read(ref _profilesReady)) { next._profiles = _profiles; next._profilesReady = true; }
        }
    }

    /// <summary>Whether a changed sidecar names the same article, source and linked places as before.</summary>
    private bool SameForPairsAndProfiles(string sidecarPath, CorpusSnapshot next)
    {
        if (!_parsed.TryGetValue(sidecarPath, out var old) || next.ParseFacts(sidecarPath) is not { } now) return false;
        return old.ArticleName == now.ArticleName && old.ProfileKey == now.ProfileKey && old.Links.AsSpan().SequenceEqual(now.Links);
    }

    /// <summary>Before an article's first change, the counts of its `occurrence: all` names, to tell an edit that changes them.</summary>
    private ImmutableDictionary<string, ImmutableDictionary<string, int>> RememberOpenedCounts(string articlePath)
    {
        if (_openedCounts.ContainsKey(articlePath) || TextOf(articlePath) is not { } before || SidecarOf(articlePath) is not { } sidecar || Parse(sidecar) is not { } parsed)
            return _openedCounts;
        return _openedCounts.SetItem(articlePath, ArticleChecks.OccurrenceCounts(parsed.Sidecar, before.Text));
    }

    public CorpusSnapshot WithUnreadableFile(string path, Diagnostic error)
    {
        var kind = Classify(Root, path, Config);
        var files = Files.SetItem(path, new CorpusFile(path, kind, null, error));
        return new CorpusSnapshot(Root, Config, ConfigDiagnostics, Gazetteer, GazetteerDiagnostics, files, CarryOver(files), CarryOverParsed(files), Version + 1, _givenProfiles, _openedCounts,
            _memos.Remove(path), _retain) { _names = _names };
    }

    /// <summary>Re-reads corpus.yaml and the gazetteer. A gazetteer that fails to load keeps the last good index in use.</summary>
    public CorpusSnapshot Reload(IFileSystem fs, bool keepFilesFromSnapshot = true, Core.Gazetteer.IGazetteerCache? cache = null, IReadOnlyList<string>? extraGeonames = null)
    {
        var fresh = Load(Root, fs, cache, extraGeonames);
        var files = keepFilesFromSnapshot ? Files : fresh.Files;
        var gazetteer = fresh.Gazetteer;
        var diagnostics = fresh.GazetteerDiagnostics;
        // A dump replaced by garbage (or half-written) must not wipe the places out of every open sidecar:
        // when the new index lost most entries to read errors, the last good one stays in use.
        var broken = fresh.GazetteerDiagnostics.Where(d => d.Code is "CLS026" or "CLS027").ToList();
        if (broken.Count > 0 && fresh.Gazetteer.Count * 2 < Gazetteer.Count)
        {
            gazetteer = Gazetteer;
            diagnostics = diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.GazetteerRowMalformed, broken[0].Path, default,
                $"The gazetteer could not be reloaded ({broken.Count} problem(s), {fresh.Gazetteer.Count:N0} of {Gazetteer.Count:N0} entries left); the previous index stays in use until the file is fixed."));
        }
        return new CorpusSnapshot(Root, fresh.Config, fresh.ConfigDiagnostics, gazetteer, diagnostics, files, new(StringComparer.Ordinal), CarryOverParsed(files), Version + 1, openedCounts: _openedCounts, retain: _retain) { _names = _names };
    }

    /// <summary>
    /// The same snapshot, keeping the parse and analysis of only the pairs whose sidecar or article
    /// <paramref name="retain"/> names (an editor's open documents; asked again as pairs are analysed and carried over to
    /// later snapshots, so it may change); of the others it keeps what corpus-wide features read (<see cref="PairFacts"/>)
    /// and lets the rest be collected, to be made again when asked for. Every answer is the same; null keeps every pair
    /// (the default: a `check` reads each once).
    /// </summary>
    public CorpusSnapshot Retaining(Func<string, bool>? retain)
    {
        var next = new CorpusSnapshot(Root, Config, ConfigDiagnostics, Gazetteer, GazetteerDiagnostics, Files, _analyses, _parsed, Version, _givenProfiles, _openedCounts, _memos, retain)
        {
            CorpusNames = CorpusNames, _pairs = _pairs, _sidecarOfArticle = _sidecarOfArticle, _names = _names,
        };
        if (_givenProfiles is null && Volatile.Read(ref _profilesReady)) { next._profiles = _profiles; next._profilesReady = true; }
        return next;
    }

    /// <summary>
    /// The same snapshot for one pass over every pair (a `check`): no pair is retained, and of a pair let go nothing of its
    /// parse or analysis is kept, not even weakly (a weak reference is a handle each collection scans: 10,000 pairs held
    /// 30,000), nor its mentions for navigation (made again from its analysis if asked: `check` never asks); files are
    /// looked up in a flat table (the immutable one is a tree ~15 deep hashed with Marvin, asked ~12 times per pair).
    /// Every answer is the same. Snapshots made from it by edits are ordinary ones.
    /// </summary>
    /// <param name="guessFacts">
    /// The caller reads nothing of the snapshot before <see cref="AllDiagnostics"/> of every file: the facts of each sidecar
    /// (for pairs and profiles) may be guessed from its lines, each guess confirmed by the sidecar's full read, and the pass
    /// made again with the exact facts if any was wrong.
    /// </param>
    public CorpusSnapshot ForOnePass(bool guessFacts = false)
    {
        var next = Retaining(_ => false);
        next._onePass = true;
        next._guessFacts = guessFacts;
        return next;
    }

    /// <summary>Made by <see cref="ForOnePass"/>.</summary>
    private bool _onePass;

    /// <summary>Sidecars' facts are guessed (see <see cref="ForOnePass"/>) until the guesses are checked.</summary>
    private bool _guessFacts;

    /// <summary>How many guesses a full read found wrong (any makes the pass again).</summary>
    private int _wrongGuesses;

    /// <summary>A one-pass snapshot's files by path, made on first use.</summary>
    private Dictionary<string, CorpusFile>? _fileTable;

    /// <summary>The file at a path, from the flat table in a one-pass snapshot.</summary>
    private CorpusFile? FileAt(string path) => _onePass ? (Volatile.Read(ref _fileTable) ?? FileTable()).GetValueOrDefault(path) : Files.GetValueOrDefault(path);

    // Apart from FileAt: a lambda there was a delegate made on each of its ~27 calls per pair (1.7 KB of each pair's allocation).
    private Dictionary<string, CorpusFile> FileTable() =>
        LazyInitializer.EnsureInitialized(ref _fileTable, () => new Dictionary<string, CorpusFile>(Files, StringComparer.Ordinal));

    /// <summary>Pairs are let go but for those retained: a retained pair holds its texts' strings (see <see cref="HeldAnalysis"/>).</summary>
    private bool HoldsTexts => _retain is not null;

    /// <summary>Whether the pair of this sidecar (and article) keeps its parse and analysis.</summary>
    private bool Retained(string sidecarPath, string? articlePath) =>
        _retain is null || _retain(sidecarPath) || (articlePath is not null && _retain(articlePath));

    /// <summary>Keeps analyses whose sidecar and article texts are the very same objects, each held as its pair is retained now.</summary>
    private ConcurrentDictionary<string, HeldAnalysis> CarryOver(ImmutableDictionary<string, CorpusFile> files)
    {
        var kept = new ConcurrentDictionary<string, HeldAnalysis>(StringComparer.Ordinal);
        foreach (var (path, held) in _analyses)
        {
            if (!files.TryGetValue(path, out var sidecar) || !ReferenceEquals(sidecar.Text, held.SidecarText)) continue;
            var article = held.ArticlePath is null ? null : files.GetValueOrDefault(held.ArticlePath)?.Text;
            if (ReferenceEquals(article, held.Article)) kept[path] = held.Rehold(Retained(path, held.ArticlePath), FactsOf, HoldsTexts);
        }
        return kept;
    }

    /// <summary>The memos with the one of the sidecar about to change: its next analysis redoes only what the edit touches.</summary>
    private ImmutableDictionary<string, AnalysisMemo> MemoBefore(string path) =>
        _analyses.TryGetValue(path, out var held) && held.Analysis?.Memo is { } memo ? _memos.SetItem(path, memo) : _memos;

    private ConcurrentDictionary<string, HeldParsed> CarryOverParsed(ImmutableDictionary<string, CorpusFile> files)
    {
        var kept = new ConcurrentDictionary<string, HeldParsed>(StringComparer.Ordinal);
        foreach (var (path, held) in _parsed)
            if (files.TryGetValue(path, out var file) && ReferenceEquals(file.Text, held.Text))
            {
                var strong = _retain is null || _retain(path);
                kept[path] = strong != held.Strong && held.Parsed is { } parsed ? new HeldParsed(parsed, strong, Pooled) : held;
            }
        return kept;
    }

    /// <summary>A sidecar's YAML read into the model: parsed once per text, shared by its analysis and the source profiles.</summary>
    public sealed record ParsedSidecar(Sidecar Sidecar, ImmutableArray<Diagnostic> Diagnostics);

    /// <summary>The sidecar's parse: the one held while it lives, else parsed (again).</summary>
    private ParsedSidecar? Parse(string sidecarPath)
    {
        if (FileAt(sidecarPath) is not { Kind: FileKind.Sidecar, Text: { } text }) return null;
        if (_parsed.TryGetValue(sidecarPath, out var held) && ReferenceEquals(held.Text, text) && held.Parsed is { } known) return known;
        var (sidecar, d) = SidecarReader.Read(sidecarPath, text);
        var parsed = new ParsedSidecar(sidecar, d);
        if (_onePass && !(_retain is null || _retain(sidecarPath)))
        {
            // Let go with its analysis: the facts of this text (read for the profiles already) are all that stays of it.
            _parsed.AddOrUpdate(sidecarPath, _ => new HeldParsed(sidecar, Pooled), (_, old) => ReferenceEquals(old.Text, text) ? Confirmed(old, sidecar) : new HeldParsed(sidecar, Pooled));
            return parsed;
        }
        // The first parse of a text wins while it lives: its analysis and the profiles read the same model.
        var kept = _parsed.AddOrUpdate(sidecarPath, _ => new HeldParsed(parsed, _retain is null || _retain(sidecarPath), Pooled),
            (_, old) => ReferenceEquals(old.Text, text) && old.Parsed is not null ? old : new HeldParsed(parsed, _retain is null || _retain(sidecarPath), Pooled));
        return kept.Parsed ?? parsed;
    }

    /// <summary>The facts held, or the full read's when they were guessed wrong (counted: the pass is made again).</summary>
    private HeldParsed Confirmed(HeldParsed held, Sidecar sidecar)
    {
        if (held.Confirm(sidecar)) return held;
        Interlocked.Increment(ref _wrongGuesses);
        return new HeldParsed(sidecar, Pooled);
    }

    /// <summary>
    /// Ends guessing: the guesses no full read confirmed (sidecars not analysed) are checked against the exact facts. If any
    /// guess was wrong, the pairs and profiles are made again from the exact facts, and so are the analyses they change: those
    /// whose article or whose article's sidecar changed (let go here) and those under a changed profile (which
    /// <see cref="Held"/> tells by its fingerprint).
    /// </summary>
    private void CheckGuesses(List<string> sidecars)
    {
        _guessFacts = false;
        foreach (var (path, held) in _parsed)
            if (held.Unconfirmed && new HeldParsed(path, held.Text, Pooled) is var exact && !held.Confirm(exact))
            {
                _parsed[path] = exact;
                _wrongGuesses++;
            }
        if (_wrongGuesses == 0) return;
        var (pairs, articles) = (Pairs, ArticleSidecars);
        _pairs = null;
        _sidecarOfArticle = null;
        _profiles = null;
        _profilesReady = false;
        foreach (var path in _analyses.Keys)
            if (pairs.GetValueOrDefault(path) is var article && (article != Pairs.GetValueOrDefault(path)
                || (article is not null && articles.GetValueOrDefault(article) != SidecarOf(article))))
                _analyses.TryRemove(path, out _);
        Parallel.ForEach(sidecars, MakeFacts);
    }

    /// <summary>What pairs and source profiles read of a sidecar's parse (parsing it only when nothing of it is held).</summary>
    private HeldParsed? ParseFacts(string sidecarPath)
    {
        if (FileAt(sidecarPath) is not { Kind: FileKind.Sidecar, Text: { } text }) return null;
        if (_parsed.TryGetValue(sidecarPath, out var held) && ReferenceEquals(held.Text, text)) return held;
        if (_retain is null || _retain(sidecarPath))
        {
            Parse(sidecarPath);
            return _parsed.GetValueOrDefault(sidecarPath);
        }
        // Not retained: its parse would be let go before its analysis; the facts are read without the schema check.
        var facts = (_guessFacts ? HeldParsed.Guess(text, Pooled) : null) ?? new HeldParsed(sidecarPath, text, Pooled);
        return _parsed.AddOrUpdate(sidecarPath, _ => facts, (_, old) => ReferenceEquals(old.Text, text) ? old : facts);
    }

    /// <summary>
    /// Where the sidecar's source is local, learnt from the places linked in every sidecar of that source (see
    /// <see cref="SourceProfile"/>). Computed once per snapshot, or given at load (a shard sees only its own sidecars);
    /// analyses made under another profile are redone.
    /// </summary>
    public SourceProfile SourceProfileOf(string sidecarPath)
    {
        if (ParseFacts(sidecarPath) is not { } parsed) return SourceProfile.None;
        // Once per snapshot, however many parallel analyses ask first.
        var profiles = LazyInitializer.EnsureInitialized(ref _profiles, ref _profilesReady, ref _profilesLock, () =>
        {
            var sidecars = Sidecars.ToList();
            // Each parse's contribution is taken as it is made: holding every parse until all are made kept a large corpus's
            // sidecars alive together (a 10,000-pair corpus peaked at ~850 MB while the server indexed it).
            // A contribution is the parse's source key and links (see SourceProfiles.Contribution), read from the facts held
            // for the pairs: a sidecar whose parse was let go is not parsed again. One lookup per linked id.
            var contributions = new (string Key, IReadOnlyList<GazetteerEntry> Places)?[sidecars.Count];
            var entries = new ConcurrentDictionary<string, GazetteerEntry?>(StringComparer.Ordinal);
            Func<string, GazetteerEntry?> find = Gazetteer.Find;
            Parallel.For(0, sidecars.Count, i => contributions[i] = ParseFacts(sidecars[i]) is { } p ? (p.ProfileKey, Linked(p.Links, entries, find)) : null);
            return SourceProfiles.Build(contributions.OfType<(string, IReadOnlyList<GazetteerEntry>)>());
        });
        return profiles!.GetValueOrDefault(parsed.ProfileKey) ?? SourceProfile.None;
    }

    /// <summary>The entries of a sidecar's links, each id looked up once per snapshot (in <paramref name="entries"/>).</summary>
    private static List<GazetteerEntry> Linked(string[] links, ConcurrentDictionary<string, GazetteerEntry?> entries, Func<string, GazetteerEntry?> find)
    {
        var places = new List<GazetteerEntry>(links.Length);
        foreach (var id in links)
            if (entries.GetOrAdd(id, find) is { } entry) places.Add(entry);
        return places;
    }

    /// <summary>Every source's profile (computing them if no analysis has yet).</summary>
    public IReadOnlyDictionary<string, SourceProfile> AllSourceProfiles()
    {
        if (Sidecars.FirstOrDefault() is { } any) SourceProfileOf(any);
        return _profiles ?? new Dictionary<string, SourceProfile>(StringComparer.Ordinal);
    }

    private Dictionary<string, string?> ComputePairs()
    {
        var sidecars = (ImmutableArray<string>)Sidecars;
        var articles = new string?[sidecars.Length];
        Parallel.For(0, sidecars.Length, i => articles[i] = ArticlePathFor(sidecars[i]));
        var pairs = new Dictionary<string, string?>(sidecars.Length, StringComparer.Ordinal);
        for (var i = 0; i < sidecars.Length; i++) pairs[sidecars[i]] = articles[i];
        return pairs;
    }

    /// <summary>
    /// The article a sidecar names with its top-level `article` key, read from the parsed YAML (any quoting, spacing or
    /// flow style, anywhere in the file); without one, the .txt of the same name.
    /// </summary>
    private string? ArticlePathFor(string sidecarPath) => ParseFacts(sidecarPath) is { } parsed ? ArticlePathFor(Root, sidecarPath, parsed.ArticleName) : PathUtil.WithoutExtension(sidecarPath) + ".txt";

    private static string? ArticlePathFor(string root, string sidecarPath, string? articleName)
    {
        if (articleName is { } name)
            return name.Trim().Length == 0 ? null : PathUtil.ResolveInside(root, PathUtil.Directory(sidecarPath), name.Trim());
        return PathUtil.WithoutExtension(sidecarPath) + ".txt";
    }

    private Dictionary<string, string>? _sidecarOfArticle;

    /// <summary>The sidecar annotating an article (the first by name when several claim it).</summary>
    public string? SidecarOf(string articlePath) => ArticleSidecars.GetValueOrDefault(articlePath);

    private object? _sidecarOfArticleLock;

    // Built once under a lock: the parallel pair loop reaches it from every thread at once, and each build walks every pair.
    private Dictionary<string, string> ArticleSidecars => _sidecarOfArticle
        ?? LazyInitializer.EnsureInitialized(ref _sidecarOfArticle, ref _sidecarOfArticleLock, BuildArticleSidecars);

    private Dictionary<string, string> BuildArticleSidecars()
    {
        var pairs = Pairs;
        var sidecarOf = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        foreach (var (sidecar, article) in pairs)
            if (article is not null
                && (!sidecarOf.TryGetValue(article, out var claimed) || StringComparer.Ordinal.Compare(sidecar, claimed) < 0))
                sidecarOf[article] = sidecar;
        return sidecarOf;
    }

    public FileKind KindOf(string path) => FileAt(path) is { } f ? f.Kind : Classify(Root, path, Config);

    public SourceText? TextOf(string path) => FileAt(path)?.Text;

    /// <summary>The analysis of a sidecar, computed once per snapshot (and carried over while its inputs are unchanged).</summary>
    private readonly ConcurrentDictionary<string, Lazy<(HeldAnalysis, DocumentAnalysis)>> _computing = new(StringComparer.Ordinal);

    public DocumentAnalysis? Analyze(string sidecarPath) => Held(sidecarPath, analysis: true)?.Analysis;

    /// <summary>
    /// Makes the facts of a sidecar's pair (diagnostics, counts, keyed events) unless held: an analysis only when none was
    /// made, let go as the pair is retained. A caller that reads diagnostics later asks this, not <see cref="Analyze"/>,
    /// which makes a let-go analysis again.
    /// </summary>
    public void MakeFacts(string sidecarPath) => Held(sidecarPath, analysis: false);

    /// <summary>
    /// The sidecar's held analysis while it holds (same texts, same source profile), with the analysis when
    /// <paramref name="analysis"/> asks for it (made again if it was let go); null for no sidecar.
    /// </summary>
    private (HeldAnalysis Held, DocumentAnalysis? Analysis)? Held(string sidecarPath, bool analysis)
    {
        if (FileAt(sidecarPath) is not { Kind: FileKind.Sidecar, Text: not null } file) return null;
        var source = SourceProfileOf(sidecarPath);
        var known = _analyses.TryGetValue(sidecarPath, out var held) && (ReferenceEquals(held.Source, source) || held.Source.Fingerprint == source.Fingerprint) ? held : null;
        // A held analysis answers (when it lives); else its facts do, when that is all the caller reads.
        if (known?.Analysis is { } alive) return (known, alive);
        if (known is not null && !analysis) return (known, null);
        return Made(sidecarPath, file.Text, source, known, held);
    }

    /// <summary>
    /// The analysis <see cref="Held"/> makes (again): apart, so that the closures it needs are not made on each of the
    /// ~7 calls per pair that find the facts held (a display class and its delegates, ~1 KB of each pair's allocation).
    /// </summary>
    private (HeldAnalysis Held, DocumentAnalysis? Analysis) Made(string sidecarPath, SourceText text, SourceProfile source, HeldAnalysis? known, HeldAnalysis? held)
    {
        // Concurrent callers (a hover and the diagnostics of a document just opened) wait for one computation: a sidecar of
        // 10,000 events or against a 10 MB article takes seconds.
        var computing = _computing.GetOrAdd(sidecarPath, _ => new Lazy<(HeldAnalysis, DocumentAnalysis)>(() =>
        {
            var made = Compute();
            // Made again after it was let go: same inputs, same facts (and findings already made for it).
            var again = known?.KnownFacts;
            var next = HeldAnalysis.Hold(made, Retained(sidecarPath, made.ArticlePath), again, MakesFacts, HoldsTexts, keepsWeakly: !_onePass);
            if (known is not null) next.KeepCoverage(known.Coverage);
            return (_analyses[sidecarPath] = next, made);
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        try { return computing.Value; }
        finally { _computing.TryRemove(new KeyValuePair<string, Lazy<(HeldAnalysis, DocumentAnalysis)>>(sidecarPath, computing)); }

        DocumentAnalysis Compute()
        {
            Interlocked.Increment(ref _analysesMade);
            var (sidecar, readDiagnostics) = Parse(sidecarPath)!;
            var diagnostics = readDiagnostics.ToBuilder();
            var articlePath = Pairs.GetValueOrDefault(sidecarPath);
            SourceText? article = null;
            if (sidecar.ArticleName is { } name && articlePath is null)
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.PathOutsideCorpus, sidecarPath, sidecar.ArticleNode!.Span,
                    $"'{name}' is outside the corpus folder; name an article inside it."));
            else if (articlePath is not null)
            {
                var articleFile = FileAt(articlePath);
                article = articleFile?.Text;
                if (articleFile is null)
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SidecarWithoutArticle, sidecarPath, sidecar.ArticleNode?.Span ?? FirstLine(text),
                        $"No article '{PathUtil.Relative(Root, articlePath)}' for this sidecar; add it or name the article with `article:`."));
            }
            // A pair not retained is let go once its facts are taken: its entries' results would wait for an edit in vain.
            return DocumentAnalyzer.Analyze(sidecar, diagnostics.ToImmutable(), articlePath, article, Gazetteer, Config, FirstOverlayPath, source,
                held?.Analysis?.Memo ?? _memos.GetValueOrDefault(sidecarPath), keepEntries: Retained(sidecarPath, articlePath));
        }
    }

    private static TextSpan FirstLine(SourceText text) => new(0, text.LineEnd(0));

    private Dictionary<string, int>? _mentionCounts;
    private bool _mentionCountsReady;
    private object? _mentionCountsLock;

    /// <summary>What corpus-wide features read of a pair's analysis (see <see cref="PairFacts"/>).</summary>
    private PairFacts FactsOf(DocumentAnalysis a)
    {
        var articleChecks = a.ArticlePath is { } articlePath && SidecarOf(articlePath) == a.Sidecar.Path
            ? ArticleChecks.Check(a, _openedCounts.GetValueOrDefault(articlePath)) : (ImmutableArray<Diagnostic>?)null;
        // The names pooled as they are read: a copy of each name's record with the pool's strings, and a string of each
        // name sliced from the article first, were ~3 KB of each generated pair's facts.
        var coverage = Rules.CoverageFacts.Of(a, _names);
        return new PairFacts(PairFacts.CountsOf(a), PairFacts.KeyedOf(a), coverage, a.Diagnostics, articleChecks, _onePass ? null : PairFacts.MentionsOf(a, Pooled));
    }

    private string? Pooled(string? s) => s is null ? null : _names.Of(s);

    /// <summary>The facts of a sidecar's analysis (analysing it when none is held); null for no sidecar.</summary>
    private PairFacts? FactsOf(string sidecarPath) =>
        Held(sidecarPath, analysis: false)?.Held.Facts(MakesFacts);

    private Func<DocumentAnalysis, PairFacts>? _makesFacts;

    /// <summary><see cref="FactsOf(DocumentAnalysis)"/> as a delegate made once: a method group is a new delegate at each use, several per pair.</summary>
    private Func<DocumentAnalysis, PairFacts> MakesFacts => _makesFacts ??= FactsOf;

    /// <summary>
    /// Every sidecar's mentions as corpus-wide navigation reads them, from the facts kept for each pair: once a corpus is
    /// counted, find references and workspace symbols analyse no pair again (a closed pair's analysis may be let go).
    /// </summary>
    internal IEnumerable<(string Sidecar, string? Article, MentionFact[] Mentions)> MentionFacts(CancellationToken cancellationToken = default)
    {
        foreach (var path in Sidecars)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Held(path, analysis: false) is not { Held: var held }) continue;
            // Not kept by a one-pass snapshot: made again from the pair's analysis.
            yield return (path, held.ArticlePath, held.Facts(MakesFacts).Mentions ?? PairFacts.MentionsOf(Analyze(path)!, Pooled));
        }
    }

    private int _analysesMade;

    /// <summary>How many analyses this snapshot has made (the ones carried over from the snapshot before are not counted).</summary>
    internal int AnalysesMade => Volatile.Read(ref _analysesMade);

    /// <summary>The corpus-wide counts of <see cref="MentionCounts"/> when this snapshot has them already, else null.</summary>
    public IReadOnlyDictionary<string, int>? MentionCountsIfReady => Volatile.Read(ref _mentionCountsReady) ? _mentionCounts : null;

    /// <summary>
    /// Gazetteer entry id → how often the articles mention a place resolved to it, over the whole corpus. Analyses every
    /// sidecar (in parallel; callers arriving meanwhile wait for the same computation), once per snapshot; a snapshot after
    /// a one-file change has the other analyses already, so that is cheap. Cancelled, it leaves the analyses made so far.
    /// </summary>
    public IReadOnlyDictionary<string, int> MentionCounts(CancellationToken cancellationToken = default) =>
        LazyInitializer.EnsureInitialized(ref _mentionCounts, ref _mentionCountsReady, ref _mentionCountsLock, () =>
        {
            var sidecars = Sidecars.ToList();
            var facts = new PairFacts?[sidecars.Count];
            // On the caller's scheduler (a loop's default is the thread pool's): a server counting in the background keeps the
            // pool free for requests; elsewhere that is the pool. Of a pair not retained only its facts stay.
            // Between pairs, a server's background count steps aside while a request is answered (BackgroundPause).
            Parallel.For(0, sidecars.Count, new ParallelOptions { CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current }, i =>
            {
                BackgroundPause.Point();
                facts[i] = FactsOf(sidecars[i]);
            });
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var f in facts.OfType<PairFacts>())
                foreach (var (id, n) in f.Counts)
                    counts[id] = counts.GetValueOrDefault(id) + n;
            return counts;
        })!;

    /// <summary>Diagnostics of one file, whatever its kind.</summary>
    public ImmutableArray<Diagnostic> DiagnosticsFor(string path) => WithCrossDocument(path, OwnFindings(path));

    /// <summary>
    /// A file's diagnostics but its findings across documents: those listed before them (a read error, a sidecar's own)
    /// and those after (an article's checks against its sidecar).
    /// </summary>
    private (List<Diagnostic> Before, List<Diagnostic>? After) OwnFindings(string path)
    {
        var before = new List<Diagnostic>();
        var file = FileAt(path);
        if (file?.ReadError is { } error) before.Add(error);
        switch (KindOf(path))
        {
            case FileKind.Sidecar:
                if (Held(path, analysis: false) is { } own)
                {
                    var diagnostics = own.Analysis?.Diagnostics ?? own.Held.KnownFacts!.Diagnostics;
                    // Sized at once: grown by doubling, a 2,000-warning sidecar's list was copied nine times per edit.
                    before.Capacity = before.Count + diagnostics.Length;
                    before.AddRange(diagnostics);
                }
                return (before, null);
            case FileKind.Article:
                var after = new List<Diagnostic>();
                if (SidecarOf(path) is { } sidecarPath && Held(sidecarPath, analysis: false)?.Held is { } paired && paired.ArticlePath == path)
                    after.AddRange(_articleDiagnostics.GetOrAdd(path, _ => new(() => paired.KnownFacts?.ArticleDiagnostics
                        ?? ArticleChecks.Check(Analyze(sidecarPath)!, _openedCounts.GetValueOrDefault(path)))).Value);
                if (SidecarOf(path) is null && file?.Text is { } text)
                    after.Add(Diagnostic.Create(DiagnosticCatalog.ArticleWithoutSidecar, path, FirstLine(text),
                        "This article has no sidecar yet.",
                        new Fix("Create the sidecar", [new TextEdit(PathUtil.WithoutExtension(path) + ".yaml", default, "meta:\n  title: \n  published: \nplaces:\n")])));
                return (before, after);
            default:
                before.AddRange(ConfigDiagnostics.Concat(GazetteerDiagnostics).Where(d => d.Path == path));
                return (before, null);
        }
    }

    /// <summary>A file's own findings with its findings across documents between them, the corpus's severity overrides applied.</summary>
    private ImmutableArray<Diagnostic> WithCrossDocument(string path, (List<Diagnostic> Before, List<Diagnostic>? After) own)
    {
        var result = own.Before;
        switch (KindOf(path))
        {
            case FileKind.Sidecar:
                // A partial snapshot has none of its own (its cross-document findings are set empty when it is made).
                result.AddRange(_crossDocument is null && OthersHeld(path) ? DatedDifferentlyFor(path) : CrossDocumentDiagnosticsFor(path));
                break;
            case FileKind.Article:
                result.AddRange(CrossDocumentDiagnosticsFor(path));
                break;
        }
        if (own.After is { } after) result.AddRange(after);
        return Config.ApplyAll(result);
    }

    /// <summary>Every diagnostic of the corpus, analysing sidecars in parallel.</summary>
    public ImmutableArray<Diagnostic> AllDiagnostics(Func<string, bool>? include = null)
    {
        List<string> paths = [], sidecars = [];
        void List()
        {
            paths = Files.Keys.Where(p => include?.Invoke(p) ?? true).Order(StringComparer.Ordinal).ToList();
            sidecars = paths.Where(p => Files[p].Kind == FileKind.Sidecar).ToList();
        }
        // The profiles first: workers that met their computation waited on it, the pool added threads meanwhile, and ~10
        // threads then shared 2 cores, each holding a pair's analysis in the heap. The files are listed and sorted (one
        // thread's work, ~20 ms for 20,000 files) beside them, not before.
        Parallel.Invoke(new ParallelOptions { TaskScheduler = TaskScheduler.Current }, List, () => AllSourceProfiles());
        Parallel.ForEach(sidecars, MakeFacts);
        if (_guessFacts) CheckGuesses(sidecars);
        // The files' own findings are gathered beside the cross-document findings (computed once, before the files ask for
        // theirs): those were ~90 ms of 10,000 pairs, mostly one thread's (CLS052), while the other core idled.
        var own = new (List<Diagnostic>, List<Diagnostic>?)[paths.Count];
        Parallel.Invoke(new ParallelOptions { TaskScheduler = TaskScheduler.Current }, () => CrossDocumentDiagnosticsFor(Root),
            () => Parallel.For(0, paths.Count, i => own[i] = OwnFindings(paths[i])));
        var each = new ImmutableArray<Diagnostic>[paths.Count];
        Parallel.For(0, paths.Count, i => each[i] = WithCrossDocument(paths[i], own[i]));
        var all = each.SelectMany(d => d).ToList();
        all.AddRange(ConfigDiagnostics.Concat(GazetteerDiagnostics).Select(Config.Apply).OfType<Diagnostic>());
        return all.ToImmutableArray();
    }

    private ILookup<string, Diagnostic>? _crossByPath;
    /// <summary>
    /// Per article, its checks against its sidecar, made once: callers arriving meanwhile (the publish after an open and the
    /// one after indexing) wait for the same computation, which on a 10 MB article takes seconds.
    /// </summary>
    private readonly ConcurrentDictionary<string, Lazy<ImmutableArray<Diagnostic>>> _articleDiagnostics = new(StringComparer.Ordinal);

    private IEnumerable<Diagnostic> CrossDocumentDiagnosticsFor(string path) =>
        (_crossByPath ??= CrossDocumentDiagnostics().ToLookup(d => d.Path, StringComparer.Ordinal))[path];

    /// <summary>The dates of keyed events, in article order: the facts <see cref="CrossDocumentRules"/> work on.</summary>
    public IEnumerable<(KeyedEventDate Fact, string SidecarPath, TextSpan Span)> KeyedEventDates(IEnumerable<string>? sidecars = null) =>
        KeyedEventDates(sidecars ?? Sidecars, p => FactsOf(p)?.Keyed);

    /// <summary>The dates of keyed events, each sidecar's read by <paramref name="keyedOf"/> (null: none).</summary>
    private IEnumerable<(KeyedEventDate Fact, string SidecarPath, TextSpan Span)> KeyedEventDates(IEnumerable<string> sidecars,
        Func<string, (string Key, string Date, TextSpan Span)[]?> keyedOf) =>
        sidecars.Select(p => (Path: p, Keyed: keyedOf(p))).Where(k => k.Keyed is not null)
            .SelectMany(k => k.Keyed!.Select(e => (new KeyedEventDate(e.Key, PathUtil.Relative(Root, k.Path), e.Date), k.Path, e.Span)));

    /// <summary>Checks across articles: the same event (by `key`) dated differently; names annotated elsewhere but not here.</summary>
    public ImmutableArray<Diagnostic> CrossDocumentDiagnostics()
    {
        if (_crossDocument is { } cached) return cached;
        // Every sidecar analysed in parallel first (or by the editor's background pass already, joined here).
        MentionCounts();
        List<Diagnostic> dated = [];
        IReadOnlyList<Diagnostic> coverage = [];
        // Side by side: the dated events are one thread's pass over every pair's facts (~35 ms for 10,000 pairs), and
        // CLS052 is one such pass, a parallel scan and its findings.
        void Dated() => dated = DatedDifferently(KeyedEventDates().ToList()).ToList();
        // Names annotated somewhere but not here (CLS052): reported in the articles.
        void Coverage() => coverage = CoverageFindings();
        Parallel.Invoke(new ParallelOptions { TaskScheduler = TaskScheduler.Current }, Coverage, Dated);
        _crossDocument = [.. dated, .. coverage];
        return _crossDocument.Value;
    }

    private static IEnumerable<Diagnostic> DatedDifferently(List<(KeyedEventDate Fact, string SidecarPath, TextSpan Span)> facts) =>
        CrossDocumentRules.DatedDifferently(facts.Select(f => f.Fact).ToList())
            .Select(r => Diagnostic.Create(DiagnosticCatalog.EventDatedDifferently, facts[r.Index].SidecarPath, facts[r.Index].Span, r.Message));

    private ILookup<string, Diagnostic>? _datedByPath;

    /// <summary>
    /// A sidecar's findings across articles alone: the events dated differently elsewhere (CLS052 is reported in articles).
    /// Read from the keyed events of each sidecar, the edited one's taken from its analysis, so that a sidecar typed in is
    /// published before its pair's other facts are made (its article's checks, its names for CLS052, its mention counts):
    /// the background's corpus-wide count makes them afterwards. On a 2,000-mention sidecar those were a sixth of an
    /// edit's work, before its diagnostics were sent (issue 19). The same findings as <see cref="CrossDocumentDiagnostics"/> gives the sidecar.
    /// </summary>
    private IEnumerable<Diagnostic> DatedDifferentlyFor(string sidecarPath) =>
        (_datedByPath ??= DatedDifferently([.. KeyedEventDates(Sidecars, KeyedOf)]).ToLookup(d => d.Path, StringComparer.Ordinal))[sidecarPath];

    /// <summary>A sidecar's keyed events: from its facts when made, else from its analysis when that lives.</summary>
    private (string Key, string Date, TextSpan Span)[]? KeyedOf(string sidecarPath) =>
        Held(sidecarPath, analysis: false) is not { } held ? null
        : held.Held.KnownFacts?.Keyed ?? (held.Analysis is { } a ? PairFacts.KeyedOf(a) : held.Held.Facts(MakesFacts).Keyed);

    /// <summary>
    /// Whether every other sidecar is analysed already (the snapshot after an edit carries them): else the corpus-wide pass
    /// analyses them in parallel, and a sidecar's findings wait for it as they did.
    /// </summary>
    private bool OthersHeld(string sidecarPath)
    {
        foreach (var p in Sidecars)
            if (p != sidecarPath && !_analyses.ContainsKey(p)) return false;
        return true;
    }

    /// <summary>
    /// CLS052 over every pair's facts; a finding's fix is made from its pair's analysis, once per pair and what the
    /// finding depends on: later snapshots find it made (a pair let go is not analysed again after each edit elsewhere).
    /// </summary>
    private IReadOnlyList<Diagnostic> CoverageFindings()
    {
        var sidecars = (ImmutableArray<string>)Sidecars;
        var held = new HeldAnalysis?[sidecars.Length];
        // Held by now (the corpus-wide count made them): each is looked up, ~2 µs a pair, on both cores.
        Parallel.For(0, sidecars.Length, new ParallelOptions { TaskScheduler = TaskScheduler.Current },
            i => held[i] = Held(sidecars[i], analysis: false)?.Held);
        var pairs = held.OfType<HeldAnalysis>().ToList();
        var make = Rules.CoverageRule.Reporter(i => Analyze(pairs[i].Facts(FactsOf).Coverage.SidecarPath)!, p => PathUtil.Relative(Root, p));
        var used = new Dictionary<int, Dictionary<(string, TextSpan, Rules.AnnotatedName, bool), Diagnostic>>();
        var found = Rules.CoverageRule.Check(pairs.Select(h => h.Facts(FactsOf).Coverage).ToList(), (i, name, span, use, here) =>
        {
            var key = (name, span, use, here);
            // The table read is never written: a new one replaces it (other snapshots may read it meanwhile).
            if (pairs[i].Coverage?.TryGetValue(key, out var finding) != true) finding = make(i, name, span, use, here);
            if (!used.TryGetValue(i, out var kept)) used[i] = kept = new();
            kept[key] = finding!;
            return finding!;
        });
        for (var i = 0; i < pairs.Count; i++)
            if (used.TryGetValue(i, out var kept) || pairs[i].Coverage is not null) pairs[i].KeepCoverage(kept);
        return found;
    }
}
