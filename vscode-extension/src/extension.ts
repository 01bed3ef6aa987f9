import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { registerMapView } from './mapView';
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from 'vscode-languageclient/node';
import { discoverServer, needsDotnet, serverEnvironment } from './serverDiscovery';
import { isCorpusFolder, toServerSettings } from './settings';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let logFile = '';
/** File kinds the server reported, by URI: which YAML files are sidecars or overlays is the server's to say. */
const kinds = new Map<string, string>();

interface FileInfo { kind: string; paired: string | null; corpus: string }
interface PlaceLocation { id: string; name: string; latitude: number; longitude: number; url: string }
interface AnnotateAction { kind: string; title: string; edit: any }

async function request<T>(method: string, params: unknown): Promise<T | undefined> {
  if (!client) return undefined;
  try {
    return await client.sendRequest<T>(method, params);
  } catch (e) {
    output.appendLine(`${method} failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

async function fileInfo(uri: vscode.Uri): Promise<FileInfo | undefined> {
  const info = await request<FileInfo | null>('corpuslsp/fileInfo', { textDocument: { uri: uri.toString() } });
  if (info) kinds.set(uri.toString(), info.kind);
  return info ?? undefined;
}

function runtimes(dotnet: string): Promise<string | undefined> {
  return new Promise((resolve) => execFile(dotnet, ['--list-runtimes'], { timeout: 10000 }, (err, stdout) => resolve(err ? undefined : stdout)));
}

function settings() {
  const c = vscode.workspace.getConfiguration('corpuslsp');
  return toServerSettings({ diagnosticsDisabled: c.get('diagnostics.disabled'), gazetteerExtraFiles: c.get('gazetteer.extraFiles') });
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('corpuslsp');
  fs.mkdirSync(context.logUri.fsPath, { recursive: true });
  logFile = path.join(context.logUri.fsPath, 'server.log');
  const dotnetPath = config.get<string>('server.dotnetPath') ?? '';
  const input = {
    configuredPath: config.get<string>('server.path') ?? '',
    dotnetPath,
    extensionRoot: context.extensionPath,
    logFile,
    exists: fs.existsSync,
    platform: process.platform,
  };
  // `dotnet --list-runtimes` costs a process start before the server's own; asked only when a runtime is needed.
  const found = discoverServer({ ...input, runtimes: needsDotnet(input) ? await runtimes(dotnetPath || 'dotnet') : undefined });
  if (!found.ok) {
    status.text = '$(error) Corpus';
    status.tooltip = found.message;
    output.appendLine(found.message);
    const choice = await vscode.window.showErrorMessage(found.message, 'Get .NET 10', 'Settings');
    if (choice === 'Get .NET 10') void vscode.env.openExternal(vscode.Uri.parse('https://dotnet.microsoft.com/download/dotnet/10.0'));
    if (choice === 'Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'corpuslsp.server');
    return;
  }
  output.appendLine(`Starting ${found.description}; server log: ${logFile}`);
  const serverOptions: ServerOptions = { command: found.server.command, args: found.server.args, options: { env: serverEnvironment(process.env) } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'plaintext', pattern: '**/*.txt' },
    ],
    outputChannel: output,
    initializationOptions: { corpuslsp: settings() },
    middleware: {
      workspace: {
        configuration: (params) => params.items.map((item) => (item.section === 'corpuslsp' ? settings() : null)),
      },
    },
  };
  client = new LanguageClient('corpuslsp', 'CorpusLsp', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Starting) status.text = '$(sync~spin) Corpus: starting';
    if (e.newState === State.Stopped) status.text = '$(debug-disconnect) Corpus: stopped';
  });
  // Registered before start so that it survives the restarts vscode-languageclient does after a crash.
  client.onNotification('corpuslsp/status', (p: { state: string; files: number; gazetteerEntries: number; gazetteerNames: number }) => {
    status.text = p.state === 'ready'
      ? `$(globe) Corpus: ${p.gazetteerEntries.toLocaleString('en')} places`
      : '$(sync~spin) Corpus: indexing…';
    status.tooltip = p.state === 'ready' ? `${p.files} files · gazetteer: ${p.gazetteerEntries.toLocaleString('en')} entries, ${p.gazetteerNames.toLocaleString('en')} names` : 'Loading gazetteer and corpus';
  });
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('CorpusLsp');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.text = '$(sync~spin) Corpus';
  status.command = 'corpuslsp.showLog';
  status.show();
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('corpuslsp.restartServer', async () => {
      if (client) await client.restart();
      else await startClient(context);
    }),
    vscode.commands.registerCommand('corpuslsp.showLog', () => {
      output.show(true);
      if (logFile && fs.existsSync(logFile)) void vscode.window.showTextDocument(vscode.Uri.file(logFile), { preview: true, preserveFocus: true });
    }),
    vscode.commands.registerCommand('corpuslsp.openPairedFile', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      // The server pairs files (a sidecar may name its article with `article:`); the extension only opens what it says.
      const info = await fileInfo(editor.document.uri);
      if (!info?.paired) {
        void vscode.window.showInformationMessage(`No paired file for ${path.basename(editor.document.uri.fsPath)}.`);
        return;
      }
      output.appendLine(`Open paired file: ${info.paired}`);
      await vscode.window.showTextDocument(vscode.Uri.parse(info.paired), { viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand('corpuslsp.annotateSelection', async (kind?: string) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty || !client) return;
      // The server computes the sidecar edit (text, occurrence, best reference) for each kind the selection can take.
      const actions = await request<AnnotateAction[]>('corpuslsp/annotateActions', {
        textDocument: { uri: editor.document.uri.toString() },
        range: client.code2ProtocolConverter.asRange(editor.selection),
      }) ?? [];
      if (actions.length === 0) {
        void vscode.window.showWarningMessage('The selection cannot be annotated (select text on one line of an article).');
        return;
      }
      kind ??= await vscode.window.showQuickPick(actions.map((a) => a.kind), { placeHolder: 'Annotate the selection as…' });
      const action = actions.find((a) => a.kind === kind);
      if (!action) return;
      output.appendLine(`Annotate as ${action.kind}: ${action.title}`);
      const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
      if (edit) await vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand('corpuslsp.showOnMap', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const place = await request<PlaceLocation | null>('corpuslsp/placeLocation', client.code2ProtocolConverter.asTextDocumentPositionParams(editor.document, editor.selection.active));
      if (!place) {
        void vscode.window.showInformationMessage('No linked place under the cursor.');
        return;
      }
      output.appendLine(`Show on map: ${place.name} (${place.id}) ${place.url}`);
      void vscode.env.openExternal(vscode.Uri.parse(place.url));
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('corpuslsp.server')) await vscode.commands.executeCommand('corpuslsp.restartServer');
      else if (e.affectsConfiguration('corpuslsp') && client) await client.sendNotification('workspace/didChangeConfiguration', { settings: { corpuslsp: settings() } });
    }),
  );

  // Activated by any .txt or YAML file: start only for a corpus (corpus.yaml, or YAML sidecars beside .txt articles).
  const yamlFiles = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**', 5000);
  if (!isCorpusFolder(yamlFiles.map((u) => u.fsPath), fs.existsSync)) {
    status.text = '$(circle-slash) Corpus';
    status.tooltip = 'No corpus in this workspace (no corpus.yaml, no YAML sidecar beside a .txt article); run "CorpusLsp: Restart Server" to start anyway.';
    return;
  }
  await startClient(context);
  registerMapView(context, () => client);
  registerYamlSchemaContributor(context);
  // Ask the server what each YAML document is, for the schema contributor.
  const learn = (d: vscode.TextDocument) => { if (d.uri.scheme === 'file' && /\.ya?ml$/i.test(d.fileName)) void fileInfo(d.uri); };
  vscode.workspace.textDocuments.forEach(learn);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(learn));
}

/**
 * Sidecars have free names, so a static yamlValidation glob cannot tell them from other YAML files. When Red Hat's
 * YAML extension is present, tell it the schema of each YAML file by the kind the server gave it (corpuslsp/fileInfo).
 */
function registerYamlSchemaContributor(context: vscode.ExtensionContext): void {
  const yaml = vscode.extensions.getExtension('redhat.vscode-yaml');
  if (!yaml) return;
  const schema = (name: string) => vscode.Uri.file(path.join(context.extensionPath, 'schema', name)).toString();
  const schemas: Record<string, string> = { sidecar: schema('annotation.schema.json'), overlay: schema('place.schema.json') };
  void Promise.resolve(yaml.activate()).then((api: any) => {
    api?.registerContributor?.('corpuslsp', (resource: string) => schemas[kinds.get(resource) ?? ''],
      (uri: string) => (Object.values(schemas).includes(uri) ? fs.readFileSync(vscode.Uri.parse(uri).fsPath, 'utf8') : undefined));
  }, () => undefined);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
