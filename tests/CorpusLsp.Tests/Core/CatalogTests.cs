using System.Text;
using CorpusLsp.Core.Diagnostics;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Core;

/// <summary>The catalog is the one source of the docs; these baselines are rewritten with UPDATE_BASELINES=1.</summary>
public sealed class CatalogTests
{
    private static bool Update => Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1";

    [Fact]
    public void Codes_are_unique_and_messages_say_what_to_do()
    {
        Assert.Equal(DiagnosticCatalog.All.Count, DiagnosticCatalog.All.Select(d => d.Code).Distinct().Count());
        Assert.All(DiagnosticCatalog.All, d => Assert.Matches(@"^CLS\d{3}$", d.Code));
        Assert.All(DiagnosticCatalog.All, d => Assert.True(d.Help.Length > 40, $"{d.Code} needs a doc entry"));
    }

    [Fact]
    public void Every_code_has_a_fixture_test()
    {
        var tests = string.Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var missing = DiagnosticCatalog.All.Where(d => !tests.Contains($"void {d.Code}_", StringComparison.Ordinal)).Select(d => d.Code).ToList();
        Assert.True(missing.Count == 0, $"No test named {{CODE}}_… for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Readme_table_matches_the_catalog()
    {
        var table = new StringBuilder("<!-- diagnostics:start -->\n| code | severity | what it means |\n|---|---|---|\n");
        foreach (var d in DiagnosticCatalog.All) table.Append($"| {d.Code} | {d.DefaultSeverity.ToString().ToLowerInvariant()} | {d.Title} |\n");
        table.Append("<!-- diagnostics:end -->");
        var path = Path.Combine(Repo.Root, "README.md");
        var readme = File.ReadAllText(path);
        var start = readme.IndexOf("<!-- diagnostics:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- diagnostics:end -->", StringComparison.Ordinal) + "<!-- diagnostics:end -->".Length;
        var expected = readme[..start] + table + readme[end..];
        if (Update) File.WriteAllText(path, expected);
        Assert.True(expected == readme, "README's diagnostics table is stale; run the tests with UPDATE_BASELINES=1.");
    }

    [Fact]
    public void Diagnostics_doc_matches_the_catalog()
    {
        var doc = new StringBuilder("# Diagnostics\n\nGenerated from `DiagnosticCatalog` (run the tests with UPDATE_BASELINES=1 to refresh).\n");
        foreach (var d in DiagnosticCatalog.All)
            doc.Append($"\n## {d.Code}\n\n**{d.Title}** (`{d.Name}`, default severity: {d.DefaultSeverity.ToString().ToLowerInvariant()})\n\n{d.Help}\n");
        var path = Path.Combine(Repo.Root, "docs", "diagnostics.md");
        if (Update) File.WriteAllText(path, doc.ToString());
        Assert.True(File.Exists(path) && File.ReadAllText(path) == doc.ToString(), "docs/diagnostics.md is stale; run the tests with UPDATE_BASELINES=1.");
    }
}
