namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// A file system that can name a file's content more cheaply than by its bytes as read: the built-in gazetteer's files
/// are hashed compressed, as embedded, instead of inflated on every start only to compute the cache key.
/// </summary>
public interface IGazetteerKeySource
{
    /// <summary>A stream whose bytes change exactly when the file's content does.</summary>
    Stream? OpenForKey(string path);
}
