// Unit tests for the extension's logic that does not need VS Code: server discovery and settings mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';

const out = mkdtempSync(join(tmpdir(), 'corpuslsp-ext-test-'));
await build({ entryPoints: ['src/serverDiscovery.ts', 'src/settings.ts'], outdir: out, format: 'cjs', platform: 'node', bundle: false, logLevel: 'silent' });
const require = createRequire(import.meta.url);
const { discoverServer, hasRuntime, needsDotnet, serverEnvironment } = require(join(out, 'serverDiscovery.js'));
const { toServerSettings, isCorpusFolder } = require(join(out, 'settings.js'));

const base = { configuredPath: '', dotnetPath: '', extensionRoot: '/ext', logFile: '/logs/server.log', platform: 'linux', runtimes: 'Microsoft.NETCore.App 10.0.1 [/usr/share/dotnet/shared/Microsoft.NETCore.App]\n' };

test('a self-contained bundle runs as its own executable, with no .NET runtime on the machine', () => {
  const bundle = new Set(['/ext/server/corpuslsp', '/ext/server/libcoreclr.so', '/ext/server/corpuslsp.dll']);
  const input = { ...base, runtimes: undefined, exists: (p) => bundle.has(p) };
  assert.equal(needsDotnet(input), false);
  const r = discoverServer(input);
  assert.equal(r.ok, true);
  assert.deepEqual(r.server, { command: '/ext/server/corpuslsp', args: ['serve', '--stdio', '--log', '/logs/server.log'] });
  const windows = new Set(['/ext/server/corpuslsp.exe', '/ext/server/coreclr.dll']);
  assert.equal(discoverServer({ ...input, platform: 'win32', exists: (p) => windows.has(p.replaceAll('\\', '/')) }).server.command.endsWith('corpuslsp.exe'), true);
});

test('a native bundle (the executable alone, no assembly or runtime beside it) runs as itself, with no .NET runtime on the machine', () => {
  const bundle = new Set(['/ext/server/corpuslsp']);
  const input = { ...base, runtimes: undefined, exists: (p) => bundle.has(p) };
  assert.equal(needsDotnet(input), false);
  const r = discoverServer(input);
  assert.deepEqual(r.server, { command: '/ext/server/corpuslsp', args: ['serve', '--stdio', '--log', '/logs/server.log'] });
  assert.match(r.description, /native/);
  const windows = new Set(['/ext/server/corpuslsp.exe']);
  assert.equal(discoverServer({ ...input, platform: 'win32', exists: (p) => windows.has(p.replaceAll('\\', '/')) }).server.command.endsWith('corpuslsp.exe'), true);
});

test('an executable without its runtime beside it (a framework-dependent build) still goes through dotnet', () => {
  const bundle = new Set(['/ext/server/corpuslsp', '/ext/server/corpuslsp.dll']);
  const input = { ...base, exists: (p) => bundle.has(p) };
  assert.equal(needsDotnet(input), true);
  assert.deepEqual(discoverServer(input).server, { command: 'dotnet', args: ['/ext/server/corpuslsp.dll', 'serve', '--stdio', '--log', '/logs/server.log'] });
  assert.equal(discoverServer({ ...input, runtimes: undefined }).ok, false);
});

test('bundled server runs with dotnet when a .NET 10 runtime is present', () => {
  const r = discoverServer({ ...base, exists: (p) => p === '/ext/server/corpuslsp.dll' });
  assert.equal(r.ok, true);
  assert.deepEqual(r.server, { command: 'dotnet', args: ['/ext/server/corpuslsp.dll', 'serve', '--stdio', '--log', '/logs/server.log'] });
});

test('without a .NET 10 runtime the message says what to install', () => {
  const r = discoverServer({ ...base, runtimes: 'Microsoft.NETCore.App 8.0.11 [/x]\n', exists: (p) => p.endsWith('.dll') });
  assert.equal(r.ok, false);
  assert.match(r.message, /needs the \.NET 10 runtime/);
  assert.match(r.message, /dotnet\.microsoft\.com\/download\/dotnet\/10\.0/);
});

test('when dotnet cannot be run at all, the message says so', () => {
  const r = discoverServer({ ...base, runtimes: undefined, exists: (p) => p.endsWith('.dll') });
  assert.equal(r.ok, false);
  assert.match(r.message, /could not be run/);
});

test('a configured executable wins; a configured dll runs through the configured dotnet', () => {
  const exe = discoverServer({ ...base, configuredPath: '/opt/corpuslsp', exists: () => true, runtimes: undefined });
  assert.deepEqual(exe.server, { command: '/opt/corpuslsp', args: ['serve', '--stdio', '--log', '/logs/server.log'] });
  const dll = discoverServer({ ...base, configuredPath: '/opt/c.dll', dotnetPath: '/usr/bin/dotnet10', exists: () => true });
  assert.equal(dll.server.command, '/usr/bin/dotnet10');
  assert.equal(dll.server.args[0], '/opt/c.dll');
});

test('a configured path that does not exist is reported, not started', () => {
  const r = discoverServer({ ...base, configuredPath: '/nope', exists: () => false });
  assert.equal(r.ok, false);
  assert.match(r.message, /\/nope, which does not exist/);
});

test('runtime detection reads dotnet --list-runtimes', () => {
  assert.equal(hasRuntime('Microsoft.AspNetCore.App 10.0.1 [/x]\nMicrosoft.NETCore.App 10.0.1 [/x]'), true);
  assert.equal(hasRuntime('Microsoft.NETCore.App 9.0.0 [/x]'), false);
});

test('settings keep only well-formed diagnostic codes and file names', () => {
  assert.deepEqual(toServerSettings({ diagnosticsDisabled: ['cls023', 'CLS023', 'nonsense', 5, ' CLS033 '], gazetteerExtraFiles: ['/data/SY.txt', '', null] }), {
    diagnostics: { disabled: ['CLS023', 'CLS033'] },
    gazetteer: { extraFiles: ['/data/SY.txt'] },
  });
  assert.deepEqual(toServerSettings({ diagnosticsDisabled: 'CLS001', gazetteerExtraFiles: undefined }), { diagnostics: { disabled: [] }, gazetteer: { extraFiles: [] } });
});

test('a corpus is a folder with corpus.yaml, or with a YAML sidecar beside a .txt article', () => {
  assert.equal(isCorpusFolder(['/w/c/corpus.yaml'], () => false), true);
  assert.equal(isCorpusFolder(['/w/notes/003.yaml', '/w/.github/ci.yml'], (p) => p === '/w/notes/003.txt'), true);
  assert.equal(isCorpusFolder(['/w/.github/ci.yml', '/w/docker-compose.yaml'], (p) => p === '/w/readme.txt'), false);
  assert.equal(isCorpusFolder([], () => true), false);
});

test('articles are word-wrapped, and the package ships no debug symbols', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(pkg.contributes.configurationDefaults['[plaintext]']['editor.wordWrap'], 'on');
  assert.match(readFileSync('.vscodeignore', 'utf8'), /^\*\*\/\*\.pdb$/m);
});

test('the server gets a larger gen-0 budget for the collector, unless the user set one, and the rest of the environment as it is', () => {
  assert.deepEqual(serverEnvironment({ PATH: '/usr/bin', HOME: '/home/a' }), { PATH: '/usr/bin', HOME: '/home/a', DOTNET_GCgen0size: '4000000' });
  assert.deepEqual(serverEnvironment({ PATH: '/usr/bin', DOTNET_GCgen0size: '1000000' }), { PATH: '/usr/bin', DOTNET_GCgen0size: '1000000' });
});
