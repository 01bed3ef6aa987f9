using System.Runtime.CompilerServices;
using CorpusLsp.Core.Gazetteer;

namespace CorpusLsp.Cli;

/// <summary>
/// Scratch files for building a large gazetteer index (sorted runs, sections): in $CORPUSLSP_SCRATCH, else the
/// system's temporary folder, deleted when closed (also when the process dies). Registered when the CLI loads, so
/// every cache the CLI passes to Core builds with bounded memory.
/// </summary>
public sealed class DiskScratchStorage(string? directory = null) : IScratchStorage
{
    public string Directory { get; } = directory
        ?? (Environment.GetEnvironmentVariable("CORPUSLSP_SCRATCH") is { Length: > 0 } d ? d : Path.GetTempPath());

    public Stream Create()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"corpuslsp-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        // Unlinked at once where the system allows it (Unix): nothing is left behind, whatever happens to the process.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows()) File.Delete(path);
        return stream;
    }

#pragma warning disable CA2255 // the CLI's one registration of its scratch files, before any command runs
    [ModuleInitializer]
    internal static void Register() => ScratchStorage.Default = new DiskScratchStorage();
#pragma warning restore CA2255
}
