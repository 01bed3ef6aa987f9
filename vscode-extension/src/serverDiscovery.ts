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
  /** Output of `dotnet --list-runtimes`, or undefined when dotnet could not be run. */
  runtimes: string | undefined;
}

export const requiredRuntime = 'Microsoft.NETCore.App 10.';

export function hasRuntime(listRuntimes: string | undefined): boolean {
  return (listRuntimes ?? '').split(/\r?\n/).some((l) => l.startsWith(requiredRuntime));
}

/**
 * A configured path wins (an executable, or a .dll run with dotnet). Otherwise the bundled framework-dependent
 * server, which needs a .NET 10 runtime: when none is found the message says what to install.
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
