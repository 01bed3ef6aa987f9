using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;
using CorpusLsp.Core.Services;
using CorpusLsp.Lsp.Protocol;

namespace CorpusLsp.Lsp.Server;

// Server-specific requests, so that clients (the VS Code extension) ask instead of re-deciding what the server knows.
public sealed partial class LanguageServer
{
    /// <summary>`corpuslsp/fileInfo`: what kind of corpus file this is and its pair (a sidecar's `article:` key honoured).</summary>
    private async Task<FileInfoResult?> FileInfo(FileInfoParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, _)) return null;
        var kind = snapshot.KindOf(path);
        var paired = kind switch
        {
            FileKind.Sidecar => snapshot.Pairs.GetValueOrDefault(path),
            FileKind.Article => snapshot.SidecarOf(path),
            _ => null,
        };
        return new FileInfoResult(KindName(kind), paired is not null && snapshot.Files.ContainsKey(paired) ? Translator.ToUri(paired) : null, Translator.ToUri(snapshot.Root));
    }

    private static string KindName(FileKind kind) => kind switch
    {
        FileKind.Article => "article", FileKind.Sidecar => "sidecar", FileKind.CorpusConfig => "corpusConfig",
        FileKind.Overlay => "overlay", FileKind.Gazetteer => "gazetteer", _ => "other",
    };

    /// <summary>`corpuslsp/placeLocation`: the gazetteer entry of the place mention at a position (sidecar or article), with its map link.</summary>
    private async Task<PlaceLocationResult?> PlaceLocation(TextDocumentPositionParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return null;
        var offset = _translator.ToOffset(text, p.Position);
        DocumentAnalysis? analysis;
        Mention? mention;
        if (snapshot.KindOf(path) == FileKind.Sidecar)
        {
            analysis = snapshot.Analyze(path);
            mention = analysis is null ? null : SidecarLocator.At(analysis.Sidecar, offset).Mention;
        }
        else
        {
            analysis = snapshot.SidecarOf(path) is { } sidecar ? snapshot.Analyze(sidecar) : null;
            mention = analysis?.At(offset).FirstOrDefault()?.Mention;
        }
        if (mention is not PlaceMention place || analysis?.PlaceOf(place)?.Entry is not { } e) return null;
        return new PlaceLocationResult(e.Id, e.Name, e.Latitude, e.Longitude, e.OpenStreetMapUrl);
    }

    /// <summary>`corpuslsp/annotateActions`: the sidecar edit annotating a selection of an article, per kind the selection can take.</summary>
    private async Task<AnnotateAction[]?> AnnotateActions(AnnotateParams p, CancellationToken ct)
    {
        if (await Document(p.TextDocument.Uri).ConfigureAwait(false) is not var (snapshot, path, text)) return [];
        if (snapshot.KindOf(path) != FileKind.Article) return [];
        var selection = _translator.ToSpan(text, p.Range);
        var actions = new List<AnnotateAction>();
        foreach (var kind in new[] { MentionKind.Place, MentionKind.Person, MentionKind.Organisation, MentionKind.Event })
            if (NavigationService.Annotate(snapshot, path, selection, kind) is { } fix && ToWorkspaceEdit(snapshot, fix.Edits) is { } edit)
                actions.Add(new AnnotateAction(kind.ToString().ToLowerInvariant(), fix.Title, edit));
        return actions.ToArray();
    }
}
