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
/// The files a corpus keeps (<see cref="ReadKept"/>) are read outside the collected heap altogether (see <see cref="Slab"/>).
/// </param>
/// <param name="trustsListing">
/// Whether a file this listed as a plain file (not a link, reached through no link) is taken to stay where it was while
/// this lives (a `check`, not a server): its real path is the listing's, and it is read with 4 system calls where the
/// confinement's real path, the type check, the open's locks and its length took 14 (20,000 files of a 10,000-pair
/// corpus: ~280,000 calls, a tenth of the check's processor time in the kernel; issue 19). A file that has become a link
/// or anything but a regular file since is read the careful way.
/// </param>
public sealed partial class PhysicalFileSystem(bool keepsReads = false, bool trustsListing = false) : IFileSystem
{
    /// <summary>Path → real path of each plain file listed, when <c>trustsListing</c>.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string>? _listed = trustsListing ? new(StringComparer.Ordinal) : null;

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
        if (!OperatingSystem.IsWindows() && _listed is not null && _listed.ContainsKey(path))
        {
            var (listed, plain) = ReadListed(path);
            if (listed is not null) return listed;
            // No longer what was listed (a link now, say): its real path is asked again, and this read, which the
            // confinement let through on the listing's word, reads nothing.
            if (!plain) { _listed.TryRemove(path, out _); return null; }
        }
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

    /// <summary>
    /// A listed plain file read with lstat, open (not following a link), read and close. No bytes when it cannot be opened
    /// or read, or is over <see cref="MaxReadBytes"/> (the careful read then says why), or is no longer a regular file
    /// (<c>Plain</c> false).
    /// </summary>
    private (byte[]? Bytes, bool Plain) ReadListed(string path)
    {
        byte[]? array = null;
        var (read, plain) = ReadListed(path, size => array = GC.AllocateUninitializedArray<byte>(size, pinned: keepsReads));
        return (read is { Length: var n } ? n == array!.Length ? array : array[..n] : null, plain);
    }

    /// <param name="room">Memory for the file's bytes, given their number.</param>
    private unsafe (ReadOnlyMemory<byte>? Bytes, bool Plain) ReadListed(string path, Func<int, Memory<byte>> room)
    {
        var status = new Native.FileStatus();
        if (Native.LStat(path, ref status) != 0 || (status.Mode & Native.TypeMask) != Native.Regular) return (null, false);
        if (status.Size > MaxReadBytes) return (null, true);
        var fd = Native.Open(path, Native.ReadOnly | Native.CloseOnExec | Native.NoFollow, 0);
        if (fd < 0) return (null, true);
        try
        {
            var bytes = room((int)status.Size);
            var read = 0;
            fixed (byte* start = bytes.Span)
                while (read < bytes.Length)
                {
                    var n = Native.Read(fd, start + read, bytes.Length - read);
                    if (n < 0) return (null, true);
                    if (n == 0) break;
                    read += n;
                }
            return (bytes[..read], true);
        }
        finally { Native.Close(fd); }
    }

    /// <summary>Reads a kept file into a <see cref="Slab"/> when <c>keepsReads</c> and the listing vouches for it, else as <see cref="ReadAllBytes"/>.</summary>
    public ReadOnlyMemory<byte>? ReadKept(string path)
    {
        if (!keepsReads || OperatingSystem.IsWindows() || _listed is null || !_listed.ContainsKey(path)) return ReadAllBytes(path) is { } bytes ? (ReadOnlyMemory<byte>?)bytes : null;
        var (kept, plain) = ReadListed(path, TakeSlab);
        if (kept is not null) return kept.Value;
        if (!plain) { _listed.TryRemove(path, out _); return null; }
        return ReadAllBytes(path) is { } careful ? (ReadOnlyMemory<byte>?)careful : null;
    }

    private readonly Lock _slabLock = new();
    private Slab? _slab;

    /// <summary>Room for a file of <paramref name="size"/> bytes in the current slab, or a new one.</summary>
    private Memory<byte> TakeSlab(int size)
    {
        if (size >= Slab.Size / 4) return new Slab(size).Take(size)!.Value;
        lock (_slabLock)
        {
            if (_slab?.Take(size) is { } room) return room;
            _slab = new Slab(Slab.Size);
            return _slab.Take(size)!.Value;
        }
    }

    /// <summary>
    /// Native memory that the files a `check` keeps are read into, 16 MB at a time, each asking the kernel for 2 MB pages
    /// (issue 19). On the pinned heap, 10,000 pairs' 120 MB of files were three full collections before the first analysis
    /// (their allocations filled its budget), and ~30,000 page faults as they were read; here the collector never sees
    /// them, and they fault 2 MB at a time where the kernel gives such pages to memory that asks. Freed once nothing
    /// holds a text read into it (its finalizer).
    /// </summary>
    private sealed unsafe class Slab : System.Buffers.MemoryManager<byte>
    {
        public const int Size = 16 << 20;
        private const int HugePage = 2 << 20;
        private readonly byte* _start;
        private readonly int _length;
        private int _used;

        public Slab(int size)
        {
            _length = (size + HugePage - 1) / HugePage * HugePage;
            _start = (byte*)NativeMemory.AlignedAlloc((nuint)_length, HugePage);
            if (OperatingSystem.IsLinux()) _ = Native.Advise((nint)_start, (nuint)_length, Native.AdviseHugePage);
        }

        // The spans over a slab are made by the texts read into it, within their own methods, which keep the text (and so
        // its memory's slab) alive until they are done (SourceText: GC.KeepAlive).
#pragma warning disable CA2015
        ~Slab() => NativeMemory.AlignedFree(_start);
#pragma warning restore CA2015

        /// <summary>The next <paramref name="size"/> bytes, or null when the slab is full (callers take turns).</summary>
        public Memory<byte>? Take(int size)
        {
            if (size > _length - _used) return null;
            var room = CreateMemory(_used, size);
            _used += size;
            return room;
        }

        public override Span<byte> GetSpan() => new(_start, _length);
        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => new(_start + elementIndex);
        public override void Unpin() { }

        /// <summary>Nothing: the memory is freed by the finalizer once no text holds it (a text never disposes what it reads).</summary>
        protected override void Dispose(bool disposing) { }
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
        if (!OperatingSystem.IsWindows())
        {
            var plain = new List<string>();
            ListUnix(directory, recursive, unlisted, result, plain);
            result.Sort(StringComparer.Ordinal);
            if (_listed is not null && RealPath(directory) is { } real)
                foreach (var path in plain) _listed[path] = real == directory ? path : real + path[directory.Length..];
            return result;
        }
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

    /// <summary>
    /// The listing read from the directory entries' types (readdir), without a status call per entry: .NET's listing asked
    /// each entry's attributes, an lstat per file (issue 19). The same files as the portable listing: links to files and
    /// other non-folders are listed, links to folders neither listed nor followed, names starting with '.' skipped.
    /// </summary>
    /// <param name="plain">Receives the regular files that are not links.</param>
    private static unsafe void ListUnix(string directory, bool recursive, ICollection<string> unlisted, List<string> result, List<string> plain)
    {
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var dir = Native.OpenDir(folder);
            if (dir == 0) { unlisted.Add(folder); continue; }
            try
            {
                var entry = default(Native.DirectoryEntry);
                int status;
                while ((status = Native.ReadDir(dir, &entry)) == 0)
                {
                    var name = entry.NameLength < 0 ? System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry.Name)
                        : new ReadOnlySpan<byte>(entry.Name, entry.NameLength);
                    if (name.Length == 0 || name[0] == (byte)'.') continue; // ".", ".." and hidden entries, as the portable listing skips them
                    var path = folder == "/" ? "/" + System.Text.Encoding.UTF8.GetString(name) : folder + "/" + System.Text.Encoding.UTF8.GetString(name);
                    switch (KindOf(entry.InodeType, path))
                    {
                        case Listed.Folder: if (recursive) pending.Push(path); break;
                        case Listed.Plain: result.Add(path); plain.Add(path); break;
                        case Listed.Other: result.Add(path); break;
                    }
                }
                if (status > 0) unlisted.Add(folder);
            }
            finally { Native.CloseDir(dir); }
        }
    }

    private enum Listed { Folder, Plain, Other, Skipped }

    /// <summary>What a directory entry is to the listing: a link is followed only to tell a link to a folder (skipped).</summary>
    private static Listed KindOf(int inodeType, string path)
    {
        switch (inodeType)
        {
            case Native.EntryDirectory: return Listed.Folder;
            case Native.EntryRegular: return Listed.Plain;
            case Native.EntryLink:
                var target = new Native.FileStatus();
                return Native.Stat(path, ref target) == 0 && (target.Mode & Native.TypeMask) == Native.Directory ? Listed.Skipped : Listed.Other;
            case Native.EntryUnknown:
                var status = new Native.FileStatus();
                if (Native.LStat(path, ref status) != 0) return Listed.Other;
                return (status.Mode & Native.TypeMask) switch
                {
                    Native.Directory => Listed.Folder,
                    Native.Regular => Listed.Plain,
                    Native.Link => KindOf(Native.EntryLink, path),
                    _ => Listed.Other,
                };
            default: return Listed.Other;
        }
    }

    public string? RealPath(string path)
    {
        if (_listed is not null && _listed.TryGetValue(path, out var listed)) return listed;
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
        public const int TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, Regular = 0x8000, Link = 0xA000;

        /// <summary>The shim's open flags (its own values, the same on every platform).</summary>
        public const int ReadOnly = 0, CloseOnExec = 0x10, NoFollow = 0x200;

        /// <summary>The shim's directory entry types (d_type).</summary>
        public const int EntryUnknown = 0, EntryDirectory = 4, EntryRegular = 8, EntryLink = 10;

        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct DirectoryEntry
        {
            public byte* Name;
            public int NameLength;
            public int InodeType;
        }

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

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Open", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint Open(string path, int flags, int mode);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Read")]
        public static unsafe partial int Read(nint fd, byte* buffer, int count);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Close")]
        public static partial int Close(nint fd);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_OpenDir", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint OpenDir(string path);

        /// <returns>0 with an entry, -1 at the end, an error number on failure.</returns>
        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_ReadDir")]
        public static unsafe partial int ReadDir(nint dir, DirectoryEntry* entry);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_CloseDir")]
        public static partial int CloseDir(nint dir);

        public const int AdviseHugePage = 14; // MADV_HUGEPAGE, the same on every Linux architecture

        [LibraryImport("libc", EntryPoint = "madvise")]
        public static partial int Advise(nint start, nuint length, int advice);
    }
}
