// Packages the extension for one platform: `npm run package [-- TARGET]`, TARGET a VS Code target (linux-x64,
// win32-x64, darwin-arm64, ...; default: this machine's). The server inside is published for that platform's runtime
// identifier, self-contained and precompiled as one composite image with the runtime it carries (ReadyToRun, see
// server/CorpusLsp.Cli/CorpusLsp.Cli.csproj): the user needs no .NET runtime, and the code that a framework-dependent
// image cannot hold (generic code over the framework's types, shared across assemblies) is compiled ahead too. On the
// example corpus at a new path, first diagnostics 581 ms median against 767 ms for the framework-dependent ReadyToRun
// build, six alternated pairs on a loaded machine (issue 19; bench/lsp bench.mjs --only new-path --corpuslsp PATH).
// The price is size: ~48 MB packed instead of ~7 MB. The marketplace serves each platform its own package
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

const run = (cmd, args) => execFileSync(cmd, args, { cwd: ext, stdio: 'inherit' });
// A package made before for another platform must not leave its files in this one.
rmSync(join(ext, 'server'), { recursive: true, force: true });
// The Cli's intermediate folder for this runtime identifier is shared with a framework-dependent publish for it; a
// self-contained composite publish over the other's leftovers (or the other way round) made a server that aborts at
// start. Cleared before and after, so each publish starts from its own.
const intermediate = join(ext, '..', 'server', 'CorpusLsp.Cli', 'obj', 'Release', 'net10.0', rid);
rmSync(intermediate, { recursive: true, force: true });
run('dotnet', ['publish', '../server/CorpusLsp.Cli', '-c', 'Release', '-r', rid, '--self-contained', 'true', '-p:PublishReadyToRunComposite=true', '-o', 'server', '--nologo', '-v', 'q', '-p:DebugType=none']);
rmSync(intermediate, { recursive: true, force: true });
run(process.execPath, [join(ext, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', 'corpuslsp.vsix']);
