using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace CorpusLsp.Cli;

/// <summary>
/// A read-only file mapped into memory and exposed as <see cref="Memory{T}"/>, so Core can read the gazetteer
/// cache in place without knowing it is a file. Nothing disposes a gazetteer, and a finalizer could unmap pages
/// a span still reads (CA2015): a mapping lives until disposed or the process ends, and
/// <see cref="DiskGazetteerCache"/> maps each cached index once per process.
/// </summary>
public sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private MappedFileMemory(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + view.PointerOffset;
    }

    /// <summary>Maps the file, or null when it is missing, empty, unreadable or over 2 GB (a span's limit).</summary>
    public static MappedFileMemory? Open(string path)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length is 0 or > int.MaxValue) return null;
            var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            // The view's capacity is rounded up to a page: the file's own length bounds the memory.
            return new MappedFileMemory(file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), (int)length);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
