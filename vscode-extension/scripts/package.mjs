// Packages the extension for one platform: `npm run package [-- TARGET]`, TARGET a VS Code target (linux-x64,
// win32-x64, darwin-arm64, ...; default: this machine's). The server inside is published for that platform's runtime
// identifier as native code (NativeAOT, see server/CorpusLsp.Cli/CorpusLsp.Cli.csproj): one executable, no .NET runtime
// needed on the user's machine and no JIT at start. On the example corpus at a new path its first diagnostics cost
// 0.19 s of processor time against 0.55 s for the self-contained ReadyToRun composite this package shipped before, and
// 44 MB RSS against 90 MB (issue 19; bench/lsp bench.mjs --only new-path --corpuslsp PATH). NativeAOT compiles only
// for the machine's own operating system and architecture (and needs its C toolchain: clang, else gcc on Linux); a
// package for another target gets the self-contained composite. The marketplace serves each platform its own package
// (`vsce package --target`).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const ext = join(import.meta.dirname, '..');
/** VS Code target -> .NET runtime identifier. */
const rids = {
  'win32-x64': 'win-x64', 'win32-arm64': 'win-arm64', 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'linux-armhf': 'linux-arm',
  'alpine-x64': 'linux-musl-x64', 'alpine-arm64': 'linux-musl-arm64', 'darwin-x64': 'osx-x64', 'darwin-arm64': 'osx-arm64',
};
const musl = process.platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime;
const here = `${musl ? 'alpine' : process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
const target = process.argv[2] ?? here;
const rid = rids[target];
if (!rid) throw new Error(`unknown target '${target}'; one of: ${Object.keys(rids).join(', ')}`);

/** NativeAOT links with clang by default; a Linux machine with gcc only (build-essential) links with gcc. */
function linker() {
  if (process.platform !== 'linux') return [];
  const has = (cmd) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; } };
  return has('clang') || !has('gcc') ? [] : ['-p:CppCompilerAndLinker=gcc'];
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: ext, stdio: 'inherit' });
// A package made before for another platform must not leave its files in this one.
rmSync(join(ext, 'server'), { recursive: true, force: true });
// The Cli's intermediate folder for this runtime identifier is shared with a framework-dependent publish for it; a
// self-contained composite publish over the other's leftovers (or the other way round) made a server that aborts at
// start. Cleared before and after, so each publish starts from its own.
const intermediate = join(ext, '..', 'server', 'CorpusLsp.Cli', 'obj', 'Release', 'net10.0', rid);
rmSync(intermediate, { recursive: true, force: true });
const publish = ['publish', '../server/CorpusLsp.Cli', '-c', 'Release', '-r', rid, '-o', 'server', '--nologo', '-v', 'q', '-p:DebugType=none'];
if (target === here) run('dotnet', [...publish, '-p:PublishAot=true', '-p:StripSymbols=true', ...linker()]);
else run('dotnet', [...publish, '--self-contained', 'true', '-p:PublishReadyToRunComposite=true']);
rmSync(intermediate, { recursive: true, force: true });
run(process.execPath, [join(ext, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', 'corpuslsp.vsix']);
