using System.IO.Enumeration;
using System.Runtime.InteropServices;
using CorpusLsp.Core.IO;

namespace CorpusLsp.Cli;

/// <summary>
/// The disk, seen through Core's interface. Read-only: nothing here writes user files. Only regular files are
/// opened (a FIFO blocks in open, a device never ends), and whole-file reads are bounded, so no file a corpus
/// names or holds can hang or exhaust the process.
/// </summary>
/// <param name="keepsReads">
/// Whether what it reads lives as long as the process (a whole `check` holds every file to the end): each file is then
/// read into memory the collector never moves (the pinned heap) and that does not fill the young generation's budget.
/// Read young, 10,000 pairs' 119 MB were copied twice as they aged and started a full collection before the first analysis.
/// </param>
public sealed partial class PhysicalFileSystem(bool keepsReads = false) : IFileSystem
{
    /// <summary>Articles, sidecars, overlays and corpus.yaml are read whole: beyond this they are refused, not read.</summary>
    public const long MaxReadBytes = 64L << 20;

    /// <summary>Absolute, '/'-separated, without a trailing '/' (except the file system root, which stays "/").</summary>
    public static string Normalize(string path)
    {
        var full = Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/');
        return full.Length == 0 ? "/" : full;
    }

    public bool FileExists(string path) => File.Exists(path);

    /// <summary>Real path, size and modification time (100 ns ticks) of a regular file; null for anything else.</summary>
    public string? Stamp(string path)
    {
        if (Inspect(path) is not { Kind: EntryKind.Regular } || RealPath(path) is not { } real) return null;
        try
        {
            var info = new FileInfo(real);
            return FormattableString.Invariant($"{real}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    public byte[]? ReadAllBytes(string path)
    {
        if (Inspect(path) is not { Kind: EntryKind.Regular, Size: <= MaxReadBytes }) return null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // The length from the open handle: a file swapped for a device after the check reads as empty, not forever.
            var length = RandomAccess.GetLength(handle);
            if (length > MaxReadBytes) return null;
            // Not zeroed first: the read fills it, and a short read is cut to what was read (zeroing ~10 KB per pair showed
            // in a `check`'s profile as the allocator's memset).
            var bytes = GC.AllocateUninitializedArray<byte>((int)length, pinned: keepsReads);
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var n and > 0) read += n;
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    public Stream? OpenRead(string path)
    {
        // GeoNames dumps are streamed and may be large; only their type is checked.
        if (Inspect(path) is not { Kind: EntryKind.Regular }) return null;
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    public IEnumerable<string> EnumerateFiles(string directory, bool recursive) => EnumerateFiles(directory, recursive, new List<string>());

    /// <summary>
    /// Every file below a folder, links to files included (Core decides whether they stay inside the corpus); links to
    /// folders are not followed (a loop, or a way out). Folders that cannot be listed are named in <paramref name="unlisted"/>.
    /// </summary>
    public IEnumerable<string> EnumerateFiles(string directory, bool recursive, ICollection<string> unlisted)
    {
        var result = new List<string>();
        if (!Directory.Exists(directory)) return result;
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            try
            {
                // Each entry's path and kind straight from the listing: a FileInfo per file was most of the listing's
                // work, on the one thread that lists a 10,000-pair corpus before anything is read (issue 19).
                var entries = new FileSystemEnumerable<(string Path, bool Folder, bool Link)>(folder,
                    (ref FileSystemEntry e) => (e.ToFullPath().Replace('\\', '/'), e.IsDirectory, e.Attributes.HasFlag(FileAttributes.ReparsePoint)), options);
                foreach (var (path, isFolder, link) in entries)
                {
                    if (!isFolder) result.Add(path);
                    else if (recursive && !link) pending.Push(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException) { unlisted.Add(folder); }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public string? RealPath(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try { return File.Exists(path) || Directory.Exists(path) ? (new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? Path.GetFullPath(path)).Replace('\\', '/') : null; }
            catch (IOException) { return null; }
        }
        var resolved = Native.RealPath(path);
        if (resolved == 0) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { Native.Free(resolved); }
    }

    public string? Problem(string path)
    {
        var entry = Inspect(path);
        switch (entry.Kind)
        {
            case EntryKind.Missing: return "does not exist";
            case EntryKind.DanglingLink: return "is a link whose target does not exist";
            case EntryKind.Directory: return "is a folder, not a file";
            case EntryKind.Fifo: return "is a FIFO (named pipe), not a regular file; it is not read";
            case EntryKind.Device: return "is a device, not a regular file; it is not read";
            case EntryKind.Other: return "is not a regular file; it is not read";
        }
        if (entry.Size > MaxReadBytes)
            return $"is {entry.Size >> 20} MB; files over {MaxReadBytes >> 20} MB are not read";
        try { using var _ = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite); }
        catch (UnauthorizedAccessException) { return "cannot be read (permission denied)"; }
        catch (IOException ex) { return $"cannot be read ({ex.GetType().Name})"; }
        return null;
    }

    private enum EntryKind { Missing, DanglingLink, Regular, Directory, Fifo, Device, Other }

    private readonly record struct Entry(EntryKind Kind, long Size);

    /// <summary>What is at a path, links followed, found without opening it (opening a FIFO blocks until a writer comes).</summary>
    private static Entry Inspect(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            if (!info.Exists) return new(Directory.Exists(path) ? EntryKind.Directory : EntryKind.Missing, 0);
            return new(info.Attributes.HasFlag(FileAttributes.Device) ? EntryKind.Device : EntryKind.Regular, info.Length);
        }
        var status = new Native.FileStatus();
        if (Native.Stat(path, ref status) != 0)
            return new(Native.LStat(path, ref status) == 0 ? EntryKind.DanglingLink : EntryKind.Missing, 0);
        return (status.Mode & Native.TypeMask) switch
        {
            Native.Regular => new(EntryKind.Regular, status.Size),
            Native.Directory => new(EntryKind.Directory, 0),
            Native.Fifo => new(EntryKind.Fifo, 0),
            Native.CharDevice or Native.BlockDevice => new(EntryKind.Device, 0),
            _ => new(EntryKind.Other, 0),
        };
    }

    /// <summary>
    /// The corpus a path belongs to: the nearest folder upwards holding corpus.yaml, else the folder itself. The file
    /// system root is never a corpus (checking it would read every disk); a missing path is a usage error, not an empty corpus.
    /// </summary>
    public static string FindCorpusRoot(string path)
    {
        var full = Normalize(path);
        if (!Directory.Exists(full) && !File.Exists(full)) throw new CorpusRootException($"'{path}' does not exist.");
        var start = Directory.Exists(full) ? full : PathUtil.Directory(full);
        for (var dir = start; dir.Length > 0; dir = PathUtil.Directory(dir))
            if (File.Exists(dir + "/" + Core.Model.CorpusConfig.FileName)) return dir;
        if (start is "" or "/")
            throw new CorpusRootException($"'{path}' is the file system root, not a corpus folder; name the folder that holds corpus.yaml (or the articles).");
        return start;
    }

    /// <summary>An IOException, so that the CLI reports it as one line with exit code 2, like other usage problems.</summary>
    public sealed class CorpusRootException(string message) : IOException(message);

    /// <summary>
    /// The runtime's own POSIX shim (libSystem.Native, shipped with every .NET on Unix): its stat structure is the
    /// same on every architecture, unlike libc's. Only the leading fields are read; the buffer is oversized on purpose.
    /// </summary>
    private static partial class Native
    {
        public const int TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, Regular = 0x8000;

        [StructLayout(LayoutKind.Sequential)]
        public struct FileStatus
        {
            public int Flags;
            public int Mode;
            public uint Uid;
            public uint Gid;
            public long Size;
            private unsafe fixed byte _rest[224];
        }

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Stat(string path, ref FileStatus status);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int LStat(string path, ref FileStatus status);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_RealPath", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint RealPath(string path);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Free")]
        public static partial void Free(nint pointer);
    }
}
