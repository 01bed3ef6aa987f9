// Packages the extension for one platform: `npm run package [-- TARGET]`, TARGET a VS Code target (linux-x64,
// win32-x64, darwin-arm64, ...; default: this machine's). The server inside is published for that platform's runtime
// identifier, so it is precompiled (ReadyToRun, see server/CorpusLsp.Cli/CorpusLsp.Cli.csproj): its start-up JIT was
// ~40% of the first diagnostics after opening a corpus (issue 19). It stays framework-dependent (it needs the .NET 10
// runtime, run as `dotnet corpuslsp.dll`), so on another platform the same package still runs, only without the
// precompiled code. The marketplace serves each platform its own package (`vsce package --target`).
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
run('dotnet', ['publish', '../server/CorpusLsp.Cli', '-c', 'Release', '-r', rid, '--self-contained', 'false', '-o', 'server', '--nologo', '-v', 'q', '-p:DebugType=none']);
run(process.execPath, [join(ext, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', 'corpuslsp.vsix']);
