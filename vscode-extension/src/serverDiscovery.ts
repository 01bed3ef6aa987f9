// Finds the server to run. Pure logic (no vscode import) so that it is unit-tested with node:test.
import * as path from 'path';

export interface ServerCommand {
  command: string;
  args: string[];
}

export type Discovery = { ok: true; server: ServerCommand; description: string } | { ok: false; message: string };

export interface DiscoveryInput {
  configuredPath: string;
  dotnetPath: string;
  extensionRoot: string;
  logFile: string;
  exists: (p: string) => boolean;
  /** process.platform: names the bundled executable and runtime library. */
  platform: string;
  /** Output of `dotnet --list-runtimes`, or undefined when dotnet could not be run (asked only when needsDotnet). */
  runtimes: string | undefined;
}

/**
 * The bundled server's executable, the runtime library beside it when it carries its own runtime (self-contained), and
 * its assembly (present unless it is native code: a NativeAOT build is the executable alone).
 */
export function bundledServer(extensionRoot: string, platform: string): { executable: string; runtimeLibrary: string; assembly: string } {
  const dir = path.join(extensionRoot, 'server');
  const library = platform === 'win32' ? 'coreclr.dll' : platform === 'darwin' ? 'libcoreclr.dylib' : 'libcoreclr.so';
  return {
    executable: path.join(dir, platform === 'win32' ? 'corpuslsp.exe' : 'corpuslsp'),
    runtimeLibrary: path.join(dir, library),
    assembly: path.join(dir, 'corpuslsp.dll'),
  };
}

/**
 * Whether starting the server needs a .NET runtime on the machine: a configured .dll does, and so does a bundle
 * whose executable is a launcher for its assembly without a runtime beside it (a framework-dependent build); a native
 * bundle (the executable alone), a self-contained one or a configured executable does not.
 */
export function needsDotnet(input: Omit<DiscoveryInput, 'runtimes'>): boolean {
  if (input.configuredPath) return input.configuredPath.endsWith('.dll');
  const bundle = bundledServer(input.extensionRoot, input.platform);
  return !(input.exists(bundle.executable) && (input.exists(bundle.runtimeLibrary) || !input.exists(bundle.assembly)));
}

export const requiredRuntime = 'Microsoft.NETCore.App 10.';

export function hasRuntime(listRuntimes: string | undefined): boolean {
  return (listRuntimes ?? '').split(/\r?\n/).some((l) => l.startsWith(requiredRuntime));
}

/**
 * A configured path wins (an executable, or a .dll run with dotnet). Otherwise the bundled server: the packaged
 * extension carries a native one (NativeAOT) or a self-contained one (its own runtime); a bundle without its runtime
 * (a development build) needs a .NET 10 runtime, and when none is found the message says what to install.
 */
export function discoverServer(input: DiscoveryInput): Discovery {
  const serveArgs = ['serve', '--stdio', '--log', input.logFile];
  const dotnet = input.dotnetPath || 'dotnet';
  if (input.configuredPath) {
    if (!input.exists(input.configuredPath)) {
      return { ok: false, message: `corpuslsp.server.path points at ${input.configuredPath}, which does not exist.` };
    }
    if (input.configuredPath.endsWith('.dll')) {
      return { ok: true, server: { command: dotnet, args: [input.configuredPath, ...serveArgs] }, description: `${input.configuredPath} (configured, via ${dotnet})` };
    }
    return { ok: true, server: { command: input.configuredPath, args: serveArgs }, description: `${input.configuredPath} (configured)` };
  }
  if (!needsDotnet(input)) {
    const bundle = bundledServer(input.extensionRoot, input.platform);
    const kind = input.exists(bundle.assembly) ? 'self-contained' : 'native';
    return { ok: true, server: { command: bundle.executable, args: serveArgs }, description: `bundled server (${kind})` };
  }
  const bundled = path.join(input.extensionRoot, 'server', 'corpuslsp.dll');
  if (!input.exists(bundled)) {
    return { ok: false, message: `The bundled server is missing (${bundled}). Reinstall the extension or set corpuslsp.server.path.` };
  }
  if (input.runtimes === undefined) {
    return { ok: false, message: `CorpusLsp needs the .NET 10 runtime, and \`${dotnet}\` could not be run. Install it from https://dotnet.microsoft.com/download/dotnet/10.0 (or set corpuslsp.server.dotnetPath).` };
  }
  if (!hasRuntime(input.runtimes)) {
    return { ok: false, message: `CorpusLsp needs the .NET 10 runtime (Microsoft.NETCore.App 10.x); \`${dotnet} --list-runtimes\` shows none. Install it from https://dotnet.microsoft.com/download/dotnet/10.0.` };
  }
  return { ok: true, server: { command: dotnet, args: [bundled, ...serveArgs] }, description: `bundled server via ${dotnet}` };
}

/**
 * The server's environment: the editor's, with a 64 MB gen-0 budget for the .NET collector (hex, as the runtime reads it)
 * unless one is set already. A server run through `dotnet` (a configured .dll, a development bundle) reads it only from
 * here; the native bundle has the same compiled in. On a 2,000-mention sidecar it cut collections per edit ~0.9 -> 0.1-0.2
 * and the time paused in them ~4x (issue 19).
 */
export function serverEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...env, DOTNET_GCgen0size: env.DOTNET_GCgen0size ?? '4000000' };
}
