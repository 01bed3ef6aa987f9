using System.Collections.Immutable;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Analysis;

/// <summary>
/// The article spans of a sidecar's places, people and organisations, by start (in mention order at one start), each
/// with the index of its mention among the analysis's mentions. Sorted once per analysis: the overlap check, CLS051's
/// containers and CLS052's covered spans each sorted the same spans again (~35 K instructions a pair, issue 19).
/// </summary>
internal sealed class SortedMentionSpans
{
    private SortedMentionSpans(TextSpan[] spans, int[] mentions, int longest)
    {
        Spans = spans;
        Mentions = mentions;
        Longest = longest;
    }

    private static readonly SortedMentionSpans None = new([], [], 0);

    /// <summary>The spans by start; at one start, in the order of their mentions (and of a mention's spans).</summary>
    public TextSpan[] Spans { get; }

    /// <summary>The index of each span's mention among the analysis's mentions.</summary>
    public int[] Mentions { get; }

    /// <summary>The length of the longest span.</summary>
    public int Longest { get; }

    public static SortedMentionSpans Of(ImmutableArray<ResolvedMention> mentions)
    {
        var count = 0;
        for (var i = 0; i < mentions.Length; i++)
            if (Covers(mentions[i].Mention)) count += mentions[i].Spans.Length;
        if (count == 0) return None;
        // One key a span: its start, then its place in mention order (a comparer over the spans was most of each sort).
        var keys = new long[count];
        var found = new TextSpan[count];
        var owners = new int[count];
        var at = 0;
        var longest = 0;
        for (var i = 0; i < mentions.Length; i++)
        {
            if (!Covers(mentions[i].Mention)) continue;
            foreach (var s in mentions[i].Spans)
            {
                keys[at] = ((long)s.Start << 32) | (uint)at;
                found[at] = s;
                owners[at++] = i;
                longest = Math.Max(longest, s.End - s.Start);
            }
        }
        Array.Sort(keys);
        var spans = new TextSpan[count];
        var of = new int[count];
        for (var k = 0; k < count; k++)
        {
            var from = (int)(uint)keys[k];
            spans[k] = found[from];
            of[k] = owners[from];
        }
        return new SortedMentionSpans(spans, of, longest);
    }

    private static bool Covers(Mention m) => m.Kind is MentionKind.Place or MentionKind.Person or MentionKind.Organisation;
}
