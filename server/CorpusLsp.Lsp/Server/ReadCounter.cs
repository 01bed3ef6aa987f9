using CorpusLsp.Core.IO;

namespace CorpusLsp.Lsp.Server;

/// <summary>
/// The disk, counting what loads read: files and bytes (gazetteer dumps are streamed, so the byte count moves while a
/// dump is parsed). Indexing progress reports these counts, measured, not guessed.
/// </summary>
public sealed class ReadCounter(IFileSystem inner) : IFileSystem
{
    private long _bytes;
    private int _files;

    public long Bytes => Interlocked.Read(ref _bytes);
    public int Files => Volatile.Read(ref _files);

    public bool FileExists(string path) => inner.FileExists(path);
    public string? Stamp(string path) => inner.Stamp(path);

    public byte[]? ReadAllBytes(string path)
    {
        var bytes = inner.ReadAllBytes(path);
        if (bytes is not null) { Interlocked.Increment(ref _files); Interlocked.Add(ref _bytes, bytes.Length); }
        return bytes;
    }

    public Stream? OpenRead(string path)
    {
        if (inner.OpenRead(path) is not { } stream) return null;
        Interlocked.Increment(ref _files);
        return new CountingStream(stream, this);
    }

    public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => inner.EnumerateFiles(directory, recursive);
    public IEnumerable<string> EnumerateFiles(string directory, bool recursive, ICollection<string> unlisted) => inner.EnumerateFiles(directory, recursive, unlisted);
    public string? RealPath(string path) => inner.RealPath(path);
    public string? Problem(string path) => inner.Problem(path);

    private void Add(int n) { if (n > 0) Interlocked.Add(ref _bytes, n); }

    private sealed class CountingStream(Stream inner, ReadCounter counter) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); counter.Add(n); return n; }
        public override int Read(Span<byte> buffer) { var n = inner.Read(buffer); counter.Add(n); return n; }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            counter.Add(n);
            return n;
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
