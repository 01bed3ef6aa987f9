global using Range = CorpusLsp.Lsp.Protocol.Range;
global using FileSystemWatcher = CorpusLsp.Lsp.Protocol.FileSystemWatcher;
