namespace CorpusLsp.Core; internal static class Placeholder {}
