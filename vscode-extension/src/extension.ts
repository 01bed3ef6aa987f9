import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { registerMapView } from './mapView';
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from 'vscode-languageclient/node';
import { discoverServer } from './serverDiscovery';
import { mapLinkFromHover, pairedFile, toServerSettings } from './settings';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let logFile = '';

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
  const found = discoverServer({
    configuredPath: config.get<string>('server.path') ?? '',
    dotnetPath,
    extensionRoot: context.extensionPath,
    logFile,
    exists: fs.existsSync,
    runtimes: await runtimes(dotnetPath || 'dotnet'),
  });
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
  const serverOptions: ServerOptions = { command: found.server.command, args: found.server.args };
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
      const other = pairedFile(editor.document.uri.fsPath, fs.existsSync);
      if (!other || !fs.existsSync(other)) {
        void vscode.window.showInformationMessage(`No paired file for ${path.basename(editor.document.uri.fsPath)}.`);
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.file(other), { viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand('corpuslsp.annotateSelection', async (kind?: string) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) return;
      kind ??= await vscode.window.showQuickPick(['place', 'person', 'organisation', 'event'], { placeHolder: 'Annotate the selection as…' });
      if (!kind) return;
      // The server computes the sidecar edit (text, occurrence, best reference); the editor applies it.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection, vscode.CodeActionKind.Refactor.value);
      const action = actions?.find((a) => a.title.endsWith(` as ${kind}`));
      if (action?.edit) await vscode.workspace.applyEdit(action.edit);
      else void vscode.window.showWarningMessage('The selection cannot be annotated (select text on one line).');
    }),
    vscode.commands.registerCommand('corpuslsp.showOnMap', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.active);
      const markdown = (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
      const link = mapLinkFromHover(markdown);
      if (link) void vscode.env.openExternal(vscode.Uri.parse(link));
      else void vscode.window.showInformationMessage('No linked place under the cursor.');
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('corpuslsp.server')) await vscode.commands.executeCommand('corpuslsp.restartServer');
      else if (e.affectsConfiguration('corpuslsp') && client) await client.sendNotification('workspace/didChangeConfiguration', { settings: { corpuslsp: settings() } });
    }),
  );

  await startClient(context);
  registerMapView(context, () => client);
  registerYamlSchemaContributor(context);
}

/**
 * Sidecars have free names, so a static yamlValidation glob cannot tell them from other YAML files. When Red Hat's
 * YAML extension is present, tell it which files are sidecars: YAML files with an article (.txt) beside them, or in a
 * folder with corpus.yaml.
 */
function registerYamlSchemaContributor(context: vscode.ExtensionContext): void {
  const yaml = vscode.extensions.getExtension('redhat.vscode-yaml');
  if (!yaml) return;
  const schemaUri = vscode.Uri.file(path.join(context.extensionPath, 'schema', 'annotation.schema.json')).toString();
  void Promise.resolve(yaml.activate()).then((api: any) => {
    api?.registerContributor?.('corpuslsp', (resource: string) => {
      const file = vscode.Uri.parse(resource).fsPath;
      if (!/\.ya?ml$/i.test(file) || path.basename(file) === 'corpus.yaml') return undefined;
      const dir = path.dirname(file);
      const isSidecar = fs.existsSync(file.replace(/\.ya?ml$/i, '.txt')) || fs.existsSync(path.join(dir, 'corpus.yaml'));
      return isSidecar && !/overlay/i.test(path.basename(file)) ? schemaUri : undefined;
    }, (uri: string) => (uri === schemaUri ? fs.readFileSync(vscode.Uri.parse(uri).fsPath, 'utf8') : undefined));
  }, () => undefined);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
