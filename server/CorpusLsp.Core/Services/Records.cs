using System.Collections.Immutable;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Core.Services;

public sealed record HoverResult(string Markdown, TextSpan Span);

public enum CompletionKind { Place, Reference, Key, Value, Mention, Date, Event }

/// <param name="IsIncomplete">True when the items depend on what is typed next: the client must ask again rather than filter this list.</param>
public sealed record CompletionResult(IReadOnlyList<CompletionEntry> Items, bool IsIncomplete)
{
    public static readonly CompletionResult Empty = new([], false);
}

public sealed record CompletionEntry(string Label, string InsertText, TextSpan Replace, CompletionKind Kind, string? Detail, string? Documentation, string SortText, string? FilterText = null, bool Preselect = false)
{
    /// <summary>The gazetteer entry a place item stands for: what its documentation describes when it is made later.</summary>
    public string? PlaceId { get; init; }

    /// <summary>What follows the place in the documentation (a reference's score and reasons).</summary>
    public string? DocumentationNote { get; init; }
}

/// <param name="Line">1-based line, for targets in files Core holds no text of (GeoNames dumps); Span is then empty.</param>
public sealed record NavigationTarget(string Path, TextSpan Span, int? Line = null);

public enum SymbolKindCore { Section, Place, Person, Organisation, Event, Meta }

public sealed record SymbolEntry(string Name, string? Detail, SymbolKindCore Kind, TextSpan Span, TextSpan SelectionSpan, ImmutableArray<SymbolEntry> Children);

public sealed record WorkspaceSymbolEntry(string Name, SymbolKindCore Kind, string Path, TextSpan Span, string? Container);

public enum TokenKind { Place = 0, Person = 1, Organisation = 2, Event = 3, Date = 4 }

public sealed record SemanticToken(TextSpan Span, TokenKind Kind, bool Unresolved);

public sealed record InlayHintEntry(int Offset, string Label, string? Tooltip, bool IsDate);

public sealed record CodeFix(Fix Fix, Diagnostic? Diagnostic, string Kind);
