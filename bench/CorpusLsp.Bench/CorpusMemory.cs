using System.Diagnostics;
using System.Reflection;
using CorpusLsp.Cli;
using CorpusLsp.Core.Analysis;

namespace CorpusLsp.Bench;

/// <summary>
/// Where a server's memory goes on a large corpus (issue 19), in process: `bench corpus-memory DIR [--closed]` loads the
/// corpus as the server does and, step by step, does what indexing does (pairs and source profiles, every analysis for
/// the mention counts, the cross-document findings), printing the live heap after a full compacting collection at each
/// step. Then it lets go of what the snapshot and the static per-text caches hold, one at a time (through reflection: a
/// measurement only), to tell which of them keeps what. `--closed`: a snapshot that retains no pair (a server with
/// nothing open), where the build has <see cref="CorpusSnapshot.Retaining"/>.
/// </summary>
public static class CorpusMemory
{
    public static int Run(string[] args)
    {
        if (args.Length == 0) { Console.WriteLine("usage: bench corpus-memory DIR [--closed]"); return 2; }
        var dir = PhysicalFileSystem.Normalize(Path.GetFullPath(args[0]));
        var closed = args.Contains("--closed");
        var sw = Stopwatch.StartNew();
        Step("start", sw);
        var snapshot = CorpusSnapshot.Load(dir, new PhysicalFileSystem(), new DiskGazetteerCache());
        if (closed) snapshot = Retain(snapshot);
        var chars = snapshot.Files.Values.Sum(f => (long)(f.Text?.Length ?? 0));
        Step($"{snapshot.Files.Count:N0} files loaded ({chars / 1e6:0.0} M chars)", sw);
        _ = snapshot.Pairs;
        snapshot.AllSourceProfiles();
        Step("+ pairs, source profiles", sw);
        var counts = snapshot.MentionCounts();
        Step($"+ mention counts ({counts.Count:N0} ids)", sw);
        var cross = snapshot.CrossDocumentDiagnostics();
        Step($"+ cross-document findings ({cross.Length:N0})", sw);
        Clear(snapshot, "_analyses");
        Clear(snapshot, "_parsed");
        Clear(snapshot, "_facts");
        Step("snapshot's analyses, parsed sidecars and facts let go", sw);
        ClearStatic("CorpusLsp.Core.Analysis.Anchoring", "WordIndexes");
        Step("Anchoring's word indexes let go", sw);
        ClearStatic("CorpusLsp.Core.Analysis.ArticlePlaces", "Ranked");
        Step("ArticlePlaces' rankings per article text let go", sw);
        ClearStatic("CorpusLsp.Core.Analysis.ArticlePlaces", "Read");
        Step("ArticlePlaces' places per analysis let go", sw);
        ClearStatic("CorpusLsp.Core.Services.CompletionService", "ArticleNames");
        Step("completion's names per article text let go", sw);
        GC.KeepAlive(snapshot);
        return 0;
    }

    /// <summary>The snapshot retaining no pair, where the build can (found by reflection: the meter runs against older builds too).</summary>
    private static CorpusSnapshot Retain(CorpusSnapshot snapshot)
    {
        var retaining = typeof(CorpusSnapshot).GetMethod("Retaining", [typeof(Func<string, bool>)]);
        if (retaining is null) { Console.WriteLine("(this build has no CorpusSnapshot.Retaining: --closed ignored)"); return snapshot; }
        return (CorpusSnapshot)retaining.Invoke(snapshot, [new Func<string, bool>(_ => false)])!;
    }

    private static void Step(string what, Stopwatch sw)
    {
        // A ConditionalWeakTable let go of frees its handles in a finalizer, which may need a second round.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var live = GC.GetTotalMemory(forceFullCollection: false);
        var rss = Process.GetCurrentProcess().WorkingSet64;
        Console.WriteLine($"{sw.Elapsed.TotalSeconds,7:0.0} s  live {live / 1e6,7:0} MB  RSS {rss / 1e6,7:0} MB  {what}");
    }

    private static void Clear(object owner, string field)
    {
        var f = owner.GetType().GetField(field, BindingFlags.Instance | BindingFlags.NonPublic);
        f?.FieldType.GetMethod("Clear", Type.EmptyTypes)?.Invoke(f.GetValue(owner), null);
    }

    private static void ClearStatic(string type, string field)
    {
        var f = typeof(CorpusSnapshot).Assembly.GetType(type)?.GetField(field, BindingFlags.Static | BindingFlags.NonPublic);
        if (f?.GetValue(null) is { } table) table.GetType().GetMethod("Clear", Type.EmptyTypes)?.Invoke(table, null);
        else Console.WriteLine($"  ({type}.{field} not found)");
    }
}
