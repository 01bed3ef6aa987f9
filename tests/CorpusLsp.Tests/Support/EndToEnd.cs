namespace CorpusLsp.Tests.Support;

/// <summary>Tests that start real processes (server, Neovim, code-server, Chromium) run one after another: two cores are not enough for all at once.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEnd
{
    public const string Name = "End-to-end (real processes)";

    /// <summary>The trait of these tests: `dotnet test CorpusLsp.sln --filter Category!=EndToEnd` leaves them out.</summary>
    public const string Trait = "Category";
    public const string Category = "EndToEnd";
}
