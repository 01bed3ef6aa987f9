using System.Collections.Immutable;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Diagnostics;

public enum Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 }

/// <summary>One text edit in one file. An empty span at 0 in a file that does not exist creates it.</summary>
public sealed record TextEdit(string Path, TextSpan Span, string NewText);

/// <summary>A fix a client can offer as a code action; Core computes the edits, the editor applies them.</summary>
public sealed record Fix(string Title, ImmutableArray<TextEdit> Edits, bool IsPreferred = false);

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
