using System.Text.Json;

namespace CorpusLsp.Tests.Lsp;

public sealed class ServerRuntimeTests
{
    /// <summary>
    /// The server run by `dotnet corpuslsp.dll` (the tool package, the other editors' tests) allocates an edited
    /// document's text young: on the large object heap, a 2,000-mention sidecar's 300 KB string per edit started a full
    /// collection every 10-16 edits (issue 19). The native executable's copy of the setting is checked in VsCodeTests.
    /// </summary>
    [Fact]
    public void The_framework_dependent_server_allocates_objects_under_one_megabyte_young()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "corpuslsp.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.GC.LOHThreshold", out var threshold), "no System.GC.LOHThreshold in corpuslsp.runtimeconfig.json");
        Assert.Equal(1 << 20, threshold.GetInt32());
    }
}
