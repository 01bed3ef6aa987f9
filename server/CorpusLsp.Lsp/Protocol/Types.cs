using System.Text.Json;
using System.Text.Json.Serialization;

namespace CorpusLsp.Lsp.Protocol;

// The subset of LSP 3.17 this server speaks. Names follow the specification.

public sealed record Position(int Line, int Character);
public sealed record Range(Position Start, Position End);
public sealed record Location(string Uri, Range Range);
public sealed record TextDocumentIdentifier(string Uri);
public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);
public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);
public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record InitializeParams(int? ProcessId, string? RootUri, string? RootPath, JsonElement? Capabilities,
    JsonElement? InitializationOptions, WorkspaceFolder[]? WorkspaceFolders, string? Trace);
public sealed record WorkspaceFolder(string Uri, string Name);
public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);
public sealed record ServerInfo(string Name, string Version);

public sealed record ServerCapabilities(
    string PositionEncoding,
    TextDocumentSyncOptions TextDocumentSync,
    bool HoverProvider,
    CompletionOptions CompletionProvider,
    bool DefinitionProvider,
    bool ReferencesProvider,
    bool DocumentSymbolProvider,
    bool WorkspaceSymbolProvider,
    CodeActionOptions CodeActionProvider,
    SemanticTokensOptions SemanticTokensProvider,
    bool InlayHintProvider,
    DiagnosticOptions? DiagnosticProvider,
    WorkspaceServerCapabilities Workspace);
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);
public sealed record SaveOptions(bool IncludeText);
public sealed record CompletionOptions(string[] TriggerCharacters, bool ResolveProvider);
public sealed record CodeActionOptions(string[] CodeActionKinds);
public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Range, bool Full);
public sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);
public sealed record DiagnosticOptions(string Identifier, bool InterFileDependencies, bool WorkspaceDiagnostics);
public sealed record WorkspaceServerCapabilities(WorkspaceFoldersServerCapabilities WorkspaceFolders);
public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);
public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);
public sealed record TextDocumentContentChangeEvent(Range? Range, string Text);
public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);
public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text);
public sealed record DidChangeWatchedFilesParams(FileEvent[] Changes);
public sealed record FileEvent(string Uri, int Type);
public sealed record DidChangeConfigurationParams(JsonElement? Settings);
public sealed record CancelParams(JsonElement Id);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, LspDiagnostic[] Diagnostics);
public sealed record LspDiagnostic(Range Range, int Severity, string Code, string Source, string Message, CodeDescription? CodeDescription, JsonElement? Data);
public sealed record CodeDescription(string Href);
public sealed record DocumentDiagnosticParams(TextDocumentIdentifier TextDocument, string? PreviousResultId);
public sealed record FullDocumentDiagnosticReport(string Kind, string? ResultId, LspDiagnostic[] Items);
public sealed record WorkspaceDiagnosticParams(PreviousResultId[]? PreviousResultIds);
public sealed record PreviousResultId(string Uri, string Value);
public sealed record WorkspaceDiagnosticReport(WorkspaceFullDocumentDiagnosticReport[] Items);
public sealed record WorkspaceFullDocumentDiagnosticReport(string Kind, string? ResultId, LspDiagnostic[] Items, string Uri, int? Version);

public sealed record Hover(MarkupContent Contents, Range? Range);
public sealed record MarkupContent(string Kind, string Value);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, JsonElement? Context);
public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);
public sealed record CompletionItem(string Label, int? Kind, string? Detail, MarkupContent? Documentation, string? SortText, string? FilterText,
    TextEdit? TextEdit, bool? Preselect, CompletionItemLabelDetails? LabelDetails, CompletionItemData? Data = null);
/// <summary>What `completionItem/resolve` needs to write a place item's documentation: the document asked about and the place.</summary>
public sealed record CompletionItemData(string Uri, string PlaceId, string? Note);
public sealed record CompletionItemLabelDetails(string? Detail, string? Description);
public sealed record TextEdit(Range Range, string NewText);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext? Context);
public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);
public sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, DocumentSymbol[]? Children);
public sealed record WorkspaceSymbolParams(string Query);
public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);
public sealed record CodeActionContext(LspDiagnostic[] Diagnostics, string[]? Only);
public sealed record CodeAction(string Title, string Kind, LspDiagnostic[]? Diagnostics, bool? IsPreferred, WorkspaceEdit Edit);
public sealed record WorkspaceEdit(JsonElement[] DocumentChanges);
public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, TextEdit[] Edits);
public sealed record OptionalVersionedTextDocumentIdentifier(string Uri, int? Version);
public sealed record CreateFile(string Kind, string Uri, CreateFileOptions? Options);
public sealed record CreateFileOptions(bool? IgnoreIfExists);

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);
public sealed record SemanticTokens(int[] Data);

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, Range Range);
public sealed record InlayHint(Position Position, string Label, int? Kind, string? Tooltip, bool? PaddingLeft, bool? PaddingRight);

public sealed record LogMessageParams(int Type, string Message);
public sealed record ShowMessageParams(int Type, string Message);
public sealed record WorkDoneProgressCreateParams(string Token);
public sealed record ProgressParams(string Token, WorkDoneProgressValue Value);
public sealed record WorkDoneProgressValue(string Kind, string? Title, string? Message, int? Percentage);
public sealed record ConfigurationParams(ConfigurationItem[] Items);
public sealed record ConfigurationItem(string? ScopeUri, string Section);
public sealed record RegistrationParams(Registration[] Registrations);
public sealed record Registration(string Id, string Method, DidChangeWatchedFilesRegistrationOptions RegisterOptions);
public sealed record DidChangeWatchedFilesRegistrationOptions(FileSystemWatcher[] Watchers);
public sealed record FileSystemWatcher(string GlobPattern, int? Kind);

/// <summary>Server-specific: the server's copy of an open document, so that clients and tests can verify synchronisation.</summary>
public sealed record DocumentTextParams(TextDocumentIdentifier TextDocument);
public sealed record DocumentTextResult(string Text, int? Version);

/// <summary>Server-specific: a file's kind (article, sidecar, corpusConfig, overlay, gazetteer, other), its pair and its corpus.</summary>
public sealed record FileInfoParams(TextDocumentIdentifier TextDocument);
public sealed record FileInfoResult(string Kind, string? Paired, string Corpus);

/// <summary>Server-specific: where the place at a position is ("show on map").</summary>
public sealed record PlaceLocationResult(string Id, string Name, double Latitude, double Longitude, string Url);

/// <summary>Server-specific: the annotate actions for a selection of an article, by kind (place, person, organisation, event).</summary>
public sealed record AnnotateParams(TextDocumentIdentifier TextDocument, Range Range);
public sealed record AnnotateAction(string Kind, string Title, WorkspaceEdit Edit);

/// <summary>Server-specific: status for the VS Code status bar (indexing, gazetteer size).</summary>
public sealed record CorpusStatusParams(string State, int Files, int GazetteerEntries, int GazetteerNames, string? Message);

public static class SymbolKind { public const int File = 1, Module = 2, Namespace = 3, Class = 5, Field = 8, Enum = 10, Interface = 11, Function = 12, Variable = 13, Constant = 14, String = 15, Number = 16, Object = 19, Key = 20, Event = 24; }
public static class CompletionItemKind { public const int Text = 1, Field = 5, Variable = 6, Class = 7, Module = 9, Property = 10, Value = 12, Enum = 13, Keyword = 14, Reference = 18, Folder = 19, EnumMember = 20, Constant = 21, Event = 23; }

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitializeParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(DidOpenTextDocumentParams))]
[JsonSerializable(typeof(DidChangeTextDocumentParams))]
[JsonSerializable(typeof(DidCloseTextDocumentParams))]
[JsonSerializable(typeof(DidSaveTextDocumentParams))]
[JsonSerializable(typeof(DidChangeWatchedFilesParams))]
[JsonSerializable(typeof(DidChangeConfigurationParams))]
[JsonSerializable(typeof(CancelParams))]
[JsonSerializable(typeof(PublishDiagnosticsParams))]
[JsonSerializable(typeof(DocumentDiagnosticParams))]
[JsonSerializable(typeof(FullDocumentDiagnosticReport))]
[JsonSerializable(typeof(WorkspaceDiagnosticParams))]
[JsonSerializable(typeof(WorkspaceDiagnosticReport))]
[JsonSerializable(typeof(TextDocumentPositionParams))]
[JsonSerializable(typeof(Hover))]
[JsonSerializable(typeof(CompletionParams))]
[JsonSerializable(typeof(CompletionList))]
[JsonSerializable(typeof(CompletionItem))]
[JsonSerializable(typeof(Location[]))]
[JsonSerializable(typeof(ReferenceParams))]
[JsonSerializable(typeof(DocumentSymbolParams))]
[JsonSerializable(typeof(DocumentSymbol[]))]
[JsonSerializable(typeof(WorkspaceSymbolParams))]
[JsonSerializable(typeof(SymbolInformation[]))]
[JsonSerializable(typeof(CodeActionParams))]
[JsonSerializable(typeof(CodeAction[]))]
[JsonSerializable(typeof(TextDocumentEdit))]
[JsonSerializable(typeof(CreateFile))]
[JsonSerializable(typeof(SemanticTokensParams))]
[JsonSerializable(typeof(SemanticTokens))]
[JsonSerializable(typeof(InlayHintParams))]
[JsonSerializable(typeof(InlayHint[]))]
[JsonSerializable(typeof(LogMessageParams))]
[JsonSerializable(typeof(ShowMessageParams))]
[JsonSerializable(typeof(WorkDoneProgressCreateParams))]
[JsonSerializable(typeof(ProgressParams))]
[JsonSerializable(typeof(ConfigurationParams))]
[JsonSerializable(typeof(RegistrationParams))]
[JsonSerializable(typeof(CorpusStatusParams))]
[JsonSerializable(typeof(DocumentTextParams))]
[JsonSerializable(typeof(DocumentTextResult))]
[JsonSerializable(typeof(FileInfoParams))]
[JsonSerializable(typeof(FileInfoResult))]
[JsonSerializable(typeof(PlaceLocationResult))]
[JsonSerializable(typeof(AnnotateParams))]
[JsonSerializable(typeof(AnnotateAction[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(object))]
public sealed partial class LspJsonContext : JsonSerializerContext;
