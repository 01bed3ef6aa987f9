// Protocol-level benchmark: the same client, the same documents, two servers — corpuslsp and Red Hat's
// yaml-language-server validating the sidecars against schema/annotation.schema.json.
// Usage: node bench.mjs [--iterations N]   (run bench/lsp/run.sh, which builds and prepares the corpora)
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, cpSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';

const repo = resolve(import.meta.dirname, '..', '..');
const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1] || 200);
const uri = (p) => pathToFileURL(p).href;
const schemaUri = uri(join(repo, 'schema', 'annotation.schema.json'));

const servers = {
  corpuslsp: { cmd: 'dotnet', args: [join(repo, 'server/CorpusLsp.Cli/bin/Release/net10.0/corpuslsp.dll'), 'serve', '--stdio'] },
  'yaml-language-server': { cmd: process.execPath, args: [join(import.meta.dirname, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'] },
};

function yamlSettings() {
  return { schemas: { [schemaUri]: ['*.yaml'] }, validate: true, completion: true, hover: true, schemaStore: { enable: false } };
}

async function start(name, root) {
  const t0 = performance.now();
  const child = spawn(servers[name].cmd, servers[name].args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const diagnostics = [];
  let ready;
  const readyPromise = new Promise((r) => (ready = r));
  conn.onNotification('textDocument/publishDiagnostics', (p) => diagnostics.push({ at: performance.now(), p }));
  conn.onNotification('corpuslsp/status', (p) => { if (p.state === 'ready') ready(); });
  conn.onNotification(() => {});
  conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'yaml' ? yamlSettings() : i.section === 'corpuslsp' ? {} : null)));
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: uri(root), workspaceFolders: [{ uri: uri(root), name: 'corpus' }],
    capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: false } } } },
  });
  const initMs = performance.now() - t0;
  conn.sendNotification('initialized', {});
  if (name === 'yaml-language-server') { conn.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings() } }); ready(); }
  await Promise.race([readyPromise, new Promise((r) => setTimeout(r, 20000))]);
  return { child, conn, diagnostics, initMs };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]; };

async function measure(name, root, file, position) {
  const s = await start(name, root);
  const text = readFileSync(file, 'utf8');
  const docUri = uri(file);
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'yaml', version: 1, text } });
  await new Promise((r) => setTimeout(r, 300));
  const time = async (method, params) => {
    const xs = [];
    for (let i = 0; i < iterations; i++) { const t = performance.now(); await s.conn.sendRequest(method, params); xs.push(performance.now() - t); }
    return xs;
  };
  const completion = await time('textDocument/completion', { textDocument: { uri: docUri }, position });
  const hover = await time('textDocument/hover', { textDocument: { uri: docUri }, position: { line: position.line - 1, character: 6 } });
  // Edit → diagnostics: toggle an unknown key on the first line; wait for the next publish for this document.
  const edits = [];
  let version = 1;
  for (let i = 0; i < Math.min(50, iterations); i++) {
    const before = s.diagnostics.length;
    const insert = i % 2 === 0;
    version++;
    const t = performance.now();
    s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: docUri, version },
      contentChanges: [insert ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'publshed: x\n' }
                              : { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }],
    });
    const deadline = t + 5000;
    while (performance.now() < deadline && !s.diagnostics.slice(before).some((d) => d.p.uri === docUri)) await new Promise((r) => setImmediate(r));
    const hit = s.diagnostics.slice(before).find((d) => d.p.uri === docUri);
    if (hit) edits.push(hit.at - t);
  }
  await s.conn.sendRequest('shutdown');
  s.conn.sendNotification('exit');
  s.child.kill();
  return { initMs: s.initMs, completion, hover, edits };
}

async function spawnInit(name, root, runs = 5) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const child = spawn(servers[name].cmd, servers[name].args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    conn.onRequest(() => null);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri(root), capabilities: {} });
    xs.push(performance.now() - t);
    child.kill();
  }
  return xs;
}

// Corpora: the example, and a large synthetic sidecar (2,000 mentions) inside a copy of it.
const example = join(repo, 'examples', 'syria');
const large = join(tmpdir(), 'corpuslsp-lsp-bench');
if (!existsSync(join(large, 'large.yaml'))) throw new Error(`run bench/lsp/run.sh first (${large}/large.yaml missing)`);

// The example is copied too: the benchmark edits documents and must not leave files in the repository.
const exampleCopy = join(tmpdir(), 'corpuslsp-lsp-bench-example');
cpSync(example, exampleCopy, { recursive: true });
const cases = [
  { doc: 'example sidecar (003)', root: exampleCopy, file: join(exampleCopy, '003_822e10b602b157a7.yaml'), position: { line: 11, character: 4 } },
  { doc: 'large sidecar (2,000 mentions)', root: large, file: join(large, 'large.yaml'), position: { line: 6, character: 4 } },
];
// Prepare an empty key line inside the first place item of each document, where both servers complete keys.
for (const c of cases) {
  const lines = readFileSync(c.file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('  - ') && lines[lines.indexOf(l) - 1]?.startsWith('places:'));
  lines.splice(at + 1, 0, '    ');
  const copy = c.file.replace(/\.yaml$/, '.bench.yaml');
  writeFileSync(copy, lines.join('\n'));
  cpSync(c.file.replace(/\.yaml$/, '.txt'), copy.replace(/\.yaml$/, '.txt'));
  c.file = copy;
  c.position = { line: at + 1, character: 4 };
}

const rows = [];
for (const name of Object.keys(servers)) {
  const init = await spawnInit(name, example);
  rows.push({ server: name, doc: '-', metric: 'spawn→initialize ms (median of 5)', value: pct(init, 0.5) });
  for (const c of cases) {
    const r = await measure(name, c.root, c.file, c.position);
    rows.push({ server: name, doc: c.doc, metric: 'completion p50/p99 ms', value: `${pct(r.completion, 0.5).toFixed(2)} / ${pct(r.completion, 0.99).toFixed(2)}` });
    rows.push({ server: name, doc: c.doc, metric: 'hover p50/p99 ms', value: `${pct(r.hover, 0.5).toFixed(2)} / ${pct(r.hover, 0.99).toFixed(2)}` });
    rows.push({ server: name, doc: c.doc, metric: `edit→diagnostics p50/p99 ms (${r.edits.length} edits)`, value: r.edits.length ? `${pct(r.edits, 0.5).toFixed(1)} / ${pct(r.edits, 0.99).toFixed(1)}` : 'none' });
  }
}
console.log('| server | document | metric | value |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.server} | ${r.doc} | ${r.metric} | ${typeof r.value === 'number' ? r.value.toFixed(0) : r.value} |`);
