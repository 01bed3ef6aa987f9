using System.Globalization;
using CorpusLsp.Cli;
using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Bench;

/// <summary>
/// `bench gaz-near-lists FILE CACHE [ALT]`: how many postings each kind of near-miss probe meets, on the 1,000 unknown
/// names of the latency run, by query length: deletion probes, and pair probes by the length of the keys they stand
/// for. A probe's cost grows with its list; this says which signatures a more selective index has to split.
/// </summary>
public static class NearLists
{
    public static int Run(string[] args)
    {
        var g = GazetteerBuilder.Build(GazetteerLoad.Config(args[0], args.Length > 2 ? args[2] : ""), new PhysicalFileSystem(), new DiskGazetteerCache(args[1])).Gazetteer;
        if ((g.Store is HealingGazetteerStore h ? h.Current : g.Store) is not FlatGazetteerStore flat) { Console.WriteLine("not a flat store"); return 1; }
        var kinds = new SortedDictionary<(int Query, int Key), (long Postings, int Longest, int Probes)>();
        void Add(int query, int key, ulong signature)
        {
            var n = flat.NearListLength(signature);
            var (postings, longest, probes) = kinds.GetValueOrDefault((query, key));
            kinds[(query, key)] = (postings + n, Math.Max(longest, n), probes + 1);
        }
        foreach (var name in GazetteerLoad.UnknownNames(g))
        {
            var q = NameFolding.Fold(name);
            if (q.Length < 3) continue;
            var (max, length) = (NearMiss.MaxDistance(q.Length), Math.Min(q.Length, 12));
            foreach (var s in NearMiss.DeletionProbes(q, max)) Add(length, 0, s);
            if (max < 2) continue;
            for (var l = Math.Max(NearMiss.DeletionMaxLength + 1, q.Length - max); l <= Math.Min(q.Length + max, 12); l++)
                foreach (var s in NearMiss.PairProbes(q, l, max)) Add(length, l, s);
        }
        foreach (var ((query, key), (postings, longest, probes)) in kinds)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"query {query,2}{(query == 12 ? "+" : " ")} {(key == 0 ? "deletions   " : $"pairs, key {key,2}")}: {probes,5} probes, {postings,7} postings, {postings / (double)probes,6:0.0} a probe, longest list {longest,6}"));
        return 0;
    }
}
