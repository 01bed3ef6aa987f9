using System.Text.Json;
using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Services;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.Protocol;
using CoreCompletionKind = CorpusLsp.Core.Services.CompletionKind;

namespace CorpusLsp.Lsp.Server;

// Thin handlers: read the snapshot once, call Core, convert with the Translator.
public sealed partial class LanguageServer
{
    /// <summary>
    /// The snapshot and text a request about <paramref name="uri"/> works on: those captured when it arrived (see
    /// <see cref="Workspace.Capture"/>). Throws <see cref="NotLoadedException"/> while the corpus has never finished loading.
    /// </summary>
    private async Task<(CorpusSnapshot Snapshot, string Path, SourceText Text)?> Document(string uri)
    {
        var path = Translator.ToPath(uri);
        var scope = _scope.Value;
        var view = scope?.View is { } v && v.Path == path ? v : _workspace.Capture(path);
        var snapshot = await view.ResolveAsync(LoadWait, scope?.Token ?? default).ConfigureAwait(false) ?? throw new NotLoadedException();
        var text = snapshot.TextOf(path) ?? view.Open?.Text ?? TextFor(snapshot, path);
        return text is null ? null : (snapshot, path, text);
    }

    private async Task<Hover?> Hover(TextDocumentPositionParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return null;
        var hover = HoverService.Hover(snapshot, path, _translator.ToOffset(text, p.Position), ct);
        return hover is null ? null : new Hover(new MarkupContent("markdown", hover.Markdown), _translator.ToRange(text, hover.Span));
    }

    private async Task<CompletionList?> Completion(CompletionParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return new CompletionList(false, []);
        var lazy = _client.ResolvesDocumentation;
        var completion = CompletionService.Completion(snapshot, path, _translator.ToOffset(text, p.Position), ct, documentation: !lazy);
        var items = completion.Items.Select(e => new CompletionItem(e.Label, e.Kind switch
            {
                CoreCompletionKind.Place => CompletionItemKind.Module,
                CoreCompletionKind.Reference => CompletionItemKind.Reference,
                CoreCompletionKind.Key => CompletionItemKind.Property,
                CoreCompletionKind.Value => CompletionItemKind.EnumMember,
                CoreCompletionKind.Mention => CompletionItemKind.Variable,
                CoreCompletionKind.Date => CompletionItemKind.Constant,
                _ => CompletionItemKind.Text,
            }, e.Detail, e.Documentation is null ? null : new MarkupContent("markdown", e.Documentation), e.SortText, e.FilterText,
            new TextEdit(_translator.ToRange(text, e.Replace), e.InsertText), e.Preselect ? true : null, null,
            lazy && e.PlaceId is { } id ? new CompletionItemData(p.TextDocument.Uri, id, e.DocumentationNote) : null)).ToArray();
        return new CompletionList(IsIncomplete: completion.IsIncomplete || items.Length >= CompletionService.MaxItems, items);
    }

    /// <summary>A place item's documentation, written when the client shows the item (the list came without it).</summary>
    private async Task<CompletionItem?> ResolveCompletion(CompletionItem item, CancellationToken ct)
    {
        if (item.Documentation is not null || item.Data is not { } data || await Document(data.Uri).ConfigureAwait(false) is not var (snapshot, _, _)) return item;
        ct.ThrowIfCancellationRequested();
        return CompletionService.PlaceDocumentation(snapshot, data.PlaceId, data.Note) is { } markdown ? item with { Documentation = new MarkupContent("markdown", markdown) } : item;
    }

    private Location? ToLocation(CorpusSnapshot snapshot, NavigationTarget t)
    {
        if (t.Line is { } line) return new Location(Translator.ToUri(t.Path), new Range(new Position(line - 1, 0), new Position(line - 1, 0)));
        var text = TextFor(snapshot, t.Path);
        return text is null ? null : new Location(Translator.ToUri(t.Path), _translator.ToRange(text, t.Span));
    }

    private async Task<Location[]?> Definition(TextDocumentPositionParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return [];
        return NavigationService.Definition(snapshot, path, _translator.ToOffset(text, p.Position)).Select(t => ToLocation(snapshot, t)).OfType<Location>().ToArray();
    }

    private async Task<Location[]?> References(ReferenceParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return [];
        return NavigationService.References(snapshot, path, _translator.ToOffset(text, p.Position), ct).Select(t => ToLocation(snapshot, t)).OfType<Location>().ToArray();
    }

    private async Task<DocumentSymbol[]?> DocumentSymbols(DocumentSymbolParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return [];
        DocumentSymbol Convert(SymbolEntry s) => new(s.Name, s.Detail, KindOf(s.Kind), _translator.ToRange(text, s.Span), _translator.ToRange(text, s.SelectionSpan),
            s.Children.IsEmpty ? null : s.Children.Select(Convert).ToArray());
        return NavigationService.DocumentSymbols(snapshot, path).Select(Convert).ToArray();
    }

    private static int KindOf(SymbolKindCore kind) => kind switch
    {
        SymbolKindCore.Place => SymbolKind.Namespace, SymbolKindCore.Person => SymbolKind.Class, SymbolKindCore.Organisation => SymbolKind.Module,
        SymbolKindCore.Event => SymbolKind.Event, SymbolKindCore.Section => SymbolKind.Object, _ => SymbolKind.Key,
    };

    private async Task<SymbolInformation[]?> WorkspaceSymbols(WorkspaceSymbolParams p, CancellationToken ct)
    {
        var result = new List<SymbolInformation>();
        foreach (var task in _workspace.AllSnapshots)
        {
            var snapshot = await task.ConfigureAwait(false);
            foreach (var s in NavigationService.WorkspaceSymbols(snapshot, p.Query, cancellationToken: ct))
                if (ToLocation(snapshot, new NavigationTarget(s.Path, s.Span)) is { } loc) result.Add(new SymbolInformation(s.Name, KindOf(s.Kind), loc, s.Container));
        }
        return result.ToArray();
    }

    private async Task<CodeAction[]?> CodeActions(CodeActionParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return [];
        var range = _translator.ToSpan(text, p.Range);
        var actions = new List<CodeAction>();
        foreach (var fix in NavigationService.CodeFixes(snapshot, path, range, ct))
        {
            if (p.Context.Only is { Length: > 0 } only && !only.Any(o => fix.Kind.StartsWith(o, StringComparison.Ordinal))) continue;
            var edit = ToWorkspaceEdit(snapshot, fix.Fix.Edits);
            if (edit is null) continue;
            var diag = fix.Diagnostic is null ? null : ToLsp(snapshot, path, [fix.Diagnostic]);
            actions.Add(new CodeAction(fix.Fix.Title, fix.Kind, diag, fix.Fix.IsPreferred ? true : null, edit));
        }
        return actions.ToArray();
    }

    /// <summary>
    /// Edits grouped per file, each labelled with the version of the buffer it was computed on (a client refuses an edit
    /// whose document has moved on); files that do not exist yet are created first. Null when there is nothing to edit, or
    /// when a file read from the disk has been opened since (no version names the text the edit was made for).
    /// </summary>
    private WorkspaceEdit? ToWorkspaceEdit(CorpusSnapshot snapshot, IEnumerable<Core.Diagnostics.TextEdit> edits)
    {
        var changes = new List<JsonElement>();
        foreach (var group in edits.GroupBy(e => e.Path))
        {
            var text = TextFor(snapshot, group.Key);
            var uri = Translator.ToUri(group.Key);
            var version = text is null ? null : _workspace.VersionOf(text);
            if (text is not null && version is null && _workspace.GetOpen(group.Key) is not null) return null;
            if (text is null)
            {
                changes.Add(JsonSerializer.SerializeToElement(new CreateFile("create", uri, new CreateFileOptions(true)), LspJsonContext.Default.CreateFile));
                text = new SourceText("");
            }
            var lspEdits = group.Select(e => new TextEdit(_translator.ToRange(text, new TextSpan(Math.Min(e.Span.Start, text.Length), Math.Min(e.Span.End, text.Length))), e.NewText)).ToArray();
            changes.Add(JsonSerializer.SerializeToElement(new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(uri, version), lspEdits), LspJsonContext.Default.TextDocumentEdit));
        }
        return changes.Count == 0 ? null : new WorkspaceEdit(changes.ToArray());
    }

    private async Task<SemanticTokens?> SemanticTokensFull(SemanticTokensParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return new SemanticTokens([]);
        var data = new List<int>();
        var (prevLine, prevChar) = (0, 0);
        foreach (var token in NavigationService.SemanticTokens(snapshot, path, ct))
        {
            // Tokens may not span lines: split at line breaks.
            var start = token.Span.Start;
            while (start < token.Span.End)
            {
                var (line, _) = text.GetLineColumn(start);
                var end = Math.Min(token.Span.End, text.LineEnd(line));
                if (end > start)
                {
                    var a = _translator.ToPosition(text, start);
                    var b = _translator.ToPosition(text, end);
                    data.AddRange([a.Line - prevLine, a.Line == prevLine ? a.Character - prevChar : a.Character, b.Character - a.Character, (int)token.Kind, token.Unresolved ? 1 : 0]);
                    (prevLine, prevChar) = (a.Line, a.Character);
                }
                start = line + 1 < text.LineCount ? text.LineStart(line + 1) : token.Span.End;
            }
        }
        return new SemanticTokens(data.ToArray());
    }

    private async Task<InlayHint[]?> InlayHints(InlayHintParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return [];
        if (snapshot.KindOf(path) != FileKind.Article) return [];
        return NavigationService.InlayHints(snapshot, path, _translator.ToSpan(text, p.Range), ct)
            .Select(h => new InlayHint(_translator.ToPosition(text, h.Offset), h.IsDate ? $"= {h.Label}" : h.Label, h.IsDate ? 1 : null, h.Tooltip, true, null)).ToArray();
    }
}
