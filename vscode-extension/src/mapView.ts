import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What `corpuslsp/mapTimeline` answers: the view model and Core's SVG of it (the webview computes nothing). */
interface Location { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }
interface MapTimelineResult {
  sidecarUri: string; articleUri?: string; title?: string; source?: string; published?: string;
  places: { label: string; state: string; mentions: number; reveal?: Location }[];
  events: { label: string; date?: string; diagnostics: { code: string; message: string }[]; reveal?: Location }[];
  homeCountries: string[]; mapSvg: string; legend: string; timelineSvg: string; css: string; attribution: string;
}

/**
 * "CorpusLsp: Show Map and Timeline": a webview beside the article or sidecar, refreshed from the server after edits
 * to either file of the pair; clicking a marker or an event reveals its mention.
 */
export function registerMapView(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  let panel: vscode.WebviewPanel | undefined;
  let current: { uri: vscode.Uri; column: vscode.ViewColumn } | undefined;
  let model: MapTimelineResult | undefined;
  let timer: NodeJS.Timeout | undefined;

  const refresh = async (): Promise<void> => {
    const client = getClient();
    if (!panel || !current || !client) return;
    try {
      const result = await client.sendRequest<MapTimelineResult | null>('corpuslsp/mapTimeline', { textDocument: { uri: current.uri.toString() } });
      if (!panel) return;
      model = result ?? undefined;
      panel.title = `Map and Timeline: ${model?.title ?? current.uri.path.split('/').pop()}`;
      void panel.webview.postMessage({ type: 'model', model: model ?? null });
    } catch (e) {
      // Refused (the corpus still loading, say): the next change schedules another request.
      void panel?.webview.postMessage({ type: 'error', message: String(e) });
    }
  };
  const schedule = (): void => { if (timer) clearTimeout(timer); timer = setTimeout(() => void refresh(), 300); };
  const isPairFile = (uri: vscode.Uri): boolean =>
    !!model && (uri.toString() === model.sidecarUri || uri.toString() === model.articleUri || uri.toString() === current?.uri.toString());

  context.subscriptions.push(
    vscode.commands.registerCommand('corpuslsp.showMapTimeline', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) { void vscode.window.showInformationMessage('Open an article or a sidecar first.'); return; }
      current = { uri: editor.document.uri, column: editor.viewColumn ?? vscode.ViewColumn.One };
      if (!panel) {
        panel = vscode.window.createWebviewPanel('corpuslsp.mapTimeline', 'Map and Timeline', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')] });
        panel.webview.html = html(panel.webview, context.extensionUri);
        panel.onDidDispose(() => { panel = undefined; model = undefined; });
        panel.webview.onDidReceiveMessage(async (m: { type: string; kind?: string; index?: number }) => {
          if (m.type === 'ready') return refresh();
          if (m.type !== 'reveal' || !model || m.index === undefined) return;
          const target = m.kind === 'event' ? model.events[m.index]?.reveal : model.places[m.index]?.reveal;
          if (!target) return;
          const range = new vscode.Range(target.range.start.line, target.range.start.character, target.range.end.line, target.range.end.character);
          await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), { viewColumn: current?.column, selection: range });
        });
      } else {
        panel.reveal(vscode.ViewColumn.Beside, true);
        await refresh();
      }
    }),
    vscode.workspace.onDidChangeTextDocument((e) => { if (panel && isPairFile(e.document.uri)) schedule(); }),
    vscode.workspace.onDidSaveTextDocument((d) => { if (panel && isPairFile(d.uri)) schedule(); }),
  );
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = Array.from({ length: 24 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', f));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="${media('mapView.css')}"><style id="core-css"></style></head>
<body><header><h2 id="title">Map and Timeline</h2><p id="meta"></p></header>
<section><h3>Places</h3><div id="legend"></div><div id="map" class="frame"></div><p id="attribution" class="muted"></p></section>
<section><h3>Events</h3><div id="timeline" class="frame"></div></section>
<p id="status" class="muted"></p>
<script nonce="${nonce}" src="${media('mapView.js')}"></script></body></html>`;
}
