namespace CorpusLsp.Lsp; internal static class Placeholder {}
