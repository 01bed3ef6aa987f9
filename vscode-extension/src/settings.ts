// Maps VS Code settings to what the server reads from workspace/configuration (section "corpuslsp").

export interface ExtensionSettings {
  diagnosticsDisabled: unknown;
  gazetteerExtraFiles: unknown;
}

export interface ServerSettings {
  diagnostics: { disabled: string[] };
  gazetteer: { extraFiles: string[] };
}

const codePattern = /^CLS\d{3}$/;

/** Keeps only well-formed values: a typo in settings.json must not reach the server as garbage. */
export function toServerSettings(s: ExtensionSettings): ServerSettings {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim().length > 0).map((x) => x.trim()) : []);
  return {
    diagnostics: { disabled: [...new Set(strings(s.diagnosticsDisabled).map((c) => c.toUpperCase()).filter((c) => codePattern.test(c)))] },
    gazetteer: { extraFiles: strings(s.gazetteerExtraFiles) },
  };
}

/** The file paired with an article or sidecar: NAME.txt ↔ NAME.yaml (or .yml). */
export function pairedFile(file: string, exists: (p: string) => boolean): string | undefined {
  const m = /^(.*)\.(txt|ya?ml)$/i.exec(file);
  if (!m) return undefined;
  const candidates = m[2].toLowerCase() === 'txt' ? [`${m[1]}.yaml`, `${m[1]}.yml`] : [`${m[1]}.txt`];
  return candidates.find(exists) ?? candidates[0];
}

/** The OpenStreetMap link in a hover's markdown, for "Show place on map". */
export function mapLinkFromHover(markdown: string): string | undefined {
  const m = /\((https:\/\/www\.openstreetmap\.org\/[^)\s]+)\)/.exec(markdown);
  return m?.[1];
}
