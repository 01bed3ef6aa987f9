namespace CorpusLsp.Core.Text;

/// <summary>
/// Test and tooling markup: <c>$0</c> marks a cursor, <c>[|…|]</c> marks spans. Lives in Core because
/// benchmarks and tests both read fixtures this way.
/// </summary>
public static class Markup
{
    public static (string Text, int? Cursor, IReadOnlyList<TextSpan> Spans) Parse(string markup)
    {
        var sb = new System.Text.StringBuilder(markup.Length);
        int? cursor = null;
        var spans = new List<TextSpan>();
        var open = new Stack<int>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '$' && i + 1 < markup.Length && markup[i + 1] == '0') { cursor = sb.Length; i++; }
            else if (markup[i] == '[' && i + 1 < markup.Length && markup[i + 1] == '|') { open.Push(sb.Length); i++; }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == ']') { spans.Add(new TextSpan(open.Pop(), sb.Length)); i++; }
            else sb.Append(markup[i]);
        }
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return (sb.ToString(), cursor, spans);
    }
}
