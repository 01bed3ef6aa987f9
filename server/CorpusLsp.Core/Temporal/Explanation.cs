using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace CorpusLsp.Core.Temporal;

/// <summary>
/// The steps of one normalization, as hover and `corpuslsp date --explain` show them; or nothing at all while the
/// checker normalizes quietly (<see cref="Quietly{T}"/>): it reads the values only, and formatting the steps was ~1% of
/// a 10,000-pair `check` and most of what its date checks allocated (issue 19). A quiet normalization explains itself
/// when its steps are first read, by normalizing again.
/// </summary>
internal sealed class Explanation
{
    [ThreadStatic] private static bool t_quiet;

    private readonly ImmutableArray<string>.Builder? _steps = t_quiet ? null : ImmutableArray.CreateBuilder<string>();

    /// <summary>Whether the steps are kept: a step's text is made only then.</summary>
    public bool Enabled => _steps is not null;

    public void Add(string step) => _steps?.Add(step);

    public void Add([InterpolatedStringHandlerArgument("")] ref StepHandler step)
    {
        if (_steps is not null) _steps.Add(step.ToStringAndClear());
    }

    public void AddRange(ImmutableArray<string> steps) => _steps?.AddRange(steps);

    public ImmutableArray<string> ToImmutable() => _steps?.ToImmutable() ?? [];

    /// <summary>Runs <paramref name="normalize"/> with the steps of every normalization it makes left out.</summary>
    public static T Quietly<T, TState>(TState state, Func<TState, T> normalize)
    {
        var was = t_quiet;
        t_quiet = true;
        try { return normalize(state); }
        finally { t_quiet = was; }
    }
}

/// <summary>A step's interpolated text, formatted only when the <see cref="Explanation"/> keeps its steps.</summary>
[InterpolatedStringHandler]
internal ref struct StepHandler
{
    private DefaultInterpolatedStringHandler _text;

    public StepHandler(int literalLength, int formattedCount, Explanation steps, out bool enabled)
    {
        enabled = steps.Enabled;
        _text = enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}
