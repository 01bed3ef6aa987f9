using System.Collections.Concurrent;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// Answers that depend on an expression's words alone, kept by the words: news repeats its expressions ("on Tuesday",
/// "last week") from article to article (issue 19). Short ones only, and a bounded number, as a memo may live as long
/// as the process.
/// </summary>
internal sealed class ExpressionMemo<T>(Func<string, T> compute)
{
    private const int Kept = 8192;
    private const int LongestKept = 64;
    private readonly ConcurrentDictionary<string, T> _answers = new(StringComparer.Ordinal);
    private int _kept;

    /// <summary>
    /// The kept answer, else <paramref name="unkept"/> when the answer would not be kept (a long expression, a full memo),
    /// without computing it: for an answer that only saves work when it is kept.
    /// </summary>
    public T OfKept(string expression, T unkept) =>
        _answers.TryGetValue(expression, out var known) ? known
        : expression.Length > LongestKept || Volatile.Read(ref _kept) >= Kept ? unkept : Of(expression);

    public T Of(string expression)
    {
        if (_answers.TryGetValue(expression, out var known)) return known;
        var answer = compute(expression);
        if (expression.Length <= LongestKept && Volatile.Read(ref _kept) < Kept && _answers.TryAdd(expression, answer))
            Interlocked.Increment(ref _kept);
        return answer;
    }
}
