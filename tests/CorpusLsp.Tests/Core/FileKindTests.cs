using CorpusLsp.Core.Analysis;
using CorpusLsp.Core.Model;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// What a corpus takes each listed file for: its articles and sidecars by extension, unless corpus.yaml names the file as a
/// gazetteer input or an overlay, or it lies in a hidden folder or node_modules (never checked).
/// </summary>
public sealed class FileKindTests
{
    private const string Root = "/corpus";

    private static readonly CorpusConfig Config = CorpusConfig.Default(Root) with
    {
        GeonamesFiles = [new ConfiguredPath(Root + "/gazetteer/cities.txt", default)],
        Admin1 = new ConfiguredPath(Root + "/gazetteer/admin1.txt", default),
        Countries = new ConfiguredPath(Root + "/gazetteer/countries.txt", default),
        Overlays = [new ConfiguredPath(Root + "/gazetteer/overlay.yaml", default)],
    };

    [Theory]
    [InlineData("/corpus/a.txt", FileKind.Article)]
    [InlineData("/corpus/batch/a.yaml", FileKind.Sidecar)]
    [InlineData("/corpus/batch/a.yml", FileKind.Sidecar)]
    [InlineData("/corpus/corpus.yaml", FileKind.CorpusConfig)]
    [InlineData("/corpus/batch/corpus.yaml", FileKind.Sidecar)]
    [InlineData("/corpus/gazetteer/overlay.yaml", FileKind.Overlay)]
    [InlineData("/corpus/gazetteer/cities.txt", FileKind.Gazetteer)]
    [InlineData("/corpus/gazetteer/admin1.txt", FileKind.Gazetteer)]
    [InlineData("/corpus/gazetteer/countries.txt", FileKind.Gazetteer)]
    [InlineData("/corpus/gazetteer/other.txt", FileKind.Article)]
    [InlineData("/corpus/.git/a.txt", FileKind.Other)]
    [InlineData("/corpus/batch/.hidden.yaml", FileKind.Other)]
    [InlineData("/corpus/tools/node_modules/pkg/readme.txt", FileKind.Other)]
    [InlineData("/corpus/node_modules_notes/a.txt", FileKind.Article)]
    [InlineData("/corpus/notes.md", FileKind.Other)]
    public void A_listed_file_is_taken_for_its_kind(string path, FileKind expected) =>
        Assert.Equal(expected, CorpusSnapshot.Classify(Root, path, Config));

    [Fact]
    public void Only_the_folders_below_the_root_decide_whether_a_file_is_hidden() =>
        Assert.Equal(FileKind.Article, CorpusSnapshot.Classify("/home/.me/corpus", "/home/.me/corpus/a.txt", CorpusConfig.Default("/home/.me/corpus")));
}
