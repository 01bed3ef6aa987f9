using System.Collections.Immutable;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Diagnostics;

public enum Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 }

/// <summary>One text edit in one file. An empty span at 0 in a file that does not exist creates it.</summary>
public sealed record TextEdit(string Path, TextSpan Span, string NewText);

/// <summary>
/// A fix a client can offer as a code action; Core computes the edits, the editor applies them. A rule with many findings
/// can defer its fixes (<see cref="DeferredFix"/>): title and edits are made when first read — a code action asked for
/// there, `check`'s JSON — not with the finding (issue 19: a 10 MB article's 55,980 CLS052 findings each made its fix
/// with the background publish, and the collections of what they allocated paused the requests answered meanwhile).
/// </summary>
public sealed record Fix
{
    private DeferredFix? _deferred;
    private int _argument;
    private string? _title;
    private ImmutableArray<TextEdit> _edits;

    public Fix(string Title, ImmutableArray<TextEdit> Edits, bool IsPreferred = false)
    {
        _title = Title;
        _edits = Edits;
        this.IsPreferred = IsPreferred;
    }

    /// <summary>A fix made when first read, by <paramref name="deferred"/> for <paramref name="argument"/> (what tells this finding's fix from the others').</summary>
    public Fix(DeferredFix deferred, int argument, bool IsPreferred = false)
    {
        _deferred = deferred;
        _argument = argument;
        this.IsPreferred = IsPreferred;
    }

    public string Title
    {
        get { Make(); return _title!; }
        init { Make(); _title = value; }
    }

    public ImmutableArray<TextEdit> Edits
    {
        get { Make(); return _edits; }
        init { Make(); _edits = value; }
    }

    public bool IsPreferred { get; init; }

    /// <summary>Whether the fix may edit <paramref name="path"/>, answered without making a deferred fix.</summary>
    public bool MayEdit(string path)
    {
        if (Volatile.Read(ref _deferred) is { } deferred) return deferred.EditsIn == path;
        foreach (var e in _edits) if (e.Path == path) return true;
        return false;
    }

    private void Make()
    {
        if (Volatile.Read(ref _deferred) is not { } deferred) return;
        // Two readers may both make it: the same title and edits, and either's are kept.
        var (title, edits) = deferred.Make(_argument);
        _title = title;
        _edits = edits;
        Volatile.Write(ref _deferred, null);
    }
}

/// <summary>What the deferred fixes of a rule's findings share, and how one of them is made (see <see cref="Fix"/>).</summary>
public abstract class DeferredFix
{
    /// <summary>The one file the fixes edit.</summary>
    public abstract string EditsIn { get; }

    public abstract (string Title, ImmutableArray<TextEdit> Edits) Make(int argument);
}

public sealed record Diagnostic(
    DiagnosticDescriptor Descriptor,
    string Path,
    TextSpan Span,
    string Message,
    Severity Severity,
    ImmutableArray<Fix> Fixes)
{
    public string Code => Descriptor.Code;

    public static Diagnostic Create(DiagnosticDescriptor d, string path, TextSpan span, string message, params Fix[] fixes) =>
        new(d, path, span, message, d.DefaultSeverity, fixes.ToImmutableArray());
}
