using CorpusLsp.Core.Gazetteer;
using Microsoft.Win32.SafeHandles;

namespace CorpusLsp.Cli;

/// <summary>
/// A read-only file read by position (pread): Core reads the gazetteer cache through it without knowing it is a file.
/// Unlike a mapping, the pages read are not the process's: resident memory stays what the store keeps (its block
/// cache), and the kernel's page cache serves repeated reads. Opened with <see cref="FileShare.Delete"/>, so the cache
/// can evict the file while a process reads it (on Unix the open file stays readable until it is closed).
/// </summary>
public sealed class PositionedFile : IPositionedBytes
{
    private readonly SafeFileHandle _handle;

    private PositionedFile(SafeFileHandle handle, long length) => (_handle, Length) = (handle, length);

    public long Length { get; }

    /// <summary>Opens the file, or null when it is missing, empty or unreadable.</summary>
    public static PositionedFile? Open(string path)
    {
        try
        {
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
            var length = RandomAccess.GetLength(handle);
            if (length > 0) return new PositionedFile(handle, length);
            handle.Dispose();
            return null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Reads until the span is full or the file ends; an I/O error reads as a short read (the store then rebuilds the index).</summary>
    public int Read(long offset, Span<byte> destination)
    {
        var total = 0;
        try
        {
            while (total < destination.Length)
            {
                var n = RandomAccess.Read(_handle, destination[total..], offset + total);
                if (n <= 0) break;
                total += n;
            }
        }
        catch (IOException) { }
        return total;
    }
}
