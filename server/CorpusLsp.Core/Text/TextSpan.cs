namespace CorpusLsp.Core.Text;

/// <summary>A half-open range [Start, End) of UTF-16 code unit offsets into a <see cref="SourceText"/>.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
    public bool IsEmpty => End == Start;
    public bool Contains(int offset) => offset >= Start && offset < End;
    /// <summary>True when the offset is inside or touches the end (a cursor right after a word).</summary>
    public bool ContainsOrTouches(int offset) => offset >= Start && offset <= End;
    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;
    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;
    public static TextSpan FromLength(int start, int length) => new(start, start + length);
    public override string ToString() => $"[{Start}..{End})";
}
