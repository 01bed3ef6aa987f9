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

/**
 * Whether a workspace holds a corpus, before any server runs (it decides whether to start one): a corpus.yaml, or a
 * YAML file with a .txt of the same name beside it (a sidecar and its article; corpus.yaml is optional).
 */
export function isCorpusFolder(yamlFiles: string[], exists: (p: string) => boolean): boolean {
  return yamlFiles.some((f) => /(^|[\\/])corpus\.yaml$/.test(f) || exists(f.replace(/\.ya?ml$/i, '.txt')));
}
