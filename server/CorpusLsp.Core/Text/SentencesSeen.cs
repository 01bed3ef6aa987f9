namespace CorpusLsp.Core.Text;

/// <summary>
/// <see cref="Sentences.Containing"/> for the text read last on this thread, with the sentences found in it kept: one
/// pair's `when`, its tense and the expert rules each ask again for their event's sentence (24 searches a pair, 58 K
/// instructions in callgrind of a 500-pair check, issue 19). The same answer: sentences partition the text, so a
/// sentence found is the answer for every offset inside it.
/// </summary>
internal static class SentencesSeen
{
    private const int Kept = 16;

    [ThreadStatic] private static Seen? t_seen;

    private sealed class Seen
    {
        // Weakly: a closed pair's article string is let go once its analysis is (a corpus holds it as bytes).
        public readonly WeakReference<string> Text = new("");
        public readonly TextSpan[] Spans = new TextSpan[Kept];
        public int Count;
        public int Next;
    }

    public static TextSpan Containing(string text, int offset)
    {
        var seen = t_seen ??= new Seen();
        if (!seen.Text.TryGetTarget(out var last) || !ReferenceEquals(last, text))
        {
            seen.Text.SetTarget(text);
            seen.Count = 0;
            seen.Next = 0;
        }
        for (var i = 0; i < seen.Count; i++)
            if (seen.Spans[i].Contains(offset)) return seen.Spans[i];
        var found = Sentences.Containing(text, offset);
        seen.Spans[seen.Next] = found;
        seen.Next = (seen.Next + 1) % Kept;
        seen.Count = Math.Min(seen.Count + 1, Kept);
        return found;
    }
}
