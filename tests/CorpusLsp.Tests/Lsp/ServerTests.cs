using System.Text;
using System.Text.Json.Nodes;
using CorpusLsp.Core.Text;
using CorpusLsp.Lsp.Server;
using CorpusLsp.Tests.Support;

namespace CorpusLsp.Tests.Lsp;

/// <summary>The server in-process over pipes: protocol behaviour and each feature on a small corpus.</summary>
public sealed class ServerTests
{
    private const string Article = "Syrian forces liberated Khanaser on Thursday, a monitor said. Aleppo is near.";
    private const string Sidecar = "meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n  - text: Aleppo\n    ref: geonames:170063\nevents:\n  - type: capture\n    text: liberated\n    date: 2016-02-25\n    when: on Thursday\n";

    private static async Task<(LspClient Client, TempCorpus Corpus, Task<int> Server)> Start(string sidecar = Sidecar, string article = Article, JsonObject? capabilities = null)
    {
        var corpus = new TempCorpus(sidecar, article);
        var client = LspClient.InProcess(out var server);
        await client.InitializeAsync(corpus.Root, capabilities);
        return (client, corpus, server);
    }

    /// <summary>Line and character of a marker in markup, as the client sends it (UTF-16).</summary>
    private static (int Line, int Character) Cursor(string markup)
    {
        var (text, cursor, _) = Markup.Parse(markup);
        var (line, col) = new SourceText(text).GetLineColumn(cursor!.Value);
        return (line, col);
    }

    [Fact]
    public async Task Requests_before_initialize_are_refused_and_the_server_stays_up()
    {
        await using var client = LspClient.InProcess(out _);
        var response = await client.RequestAsync("textDocument/hover", LspClient.At("/x.yaml", 0, 0));
        Assert.Equal(-32002, response["error"]!["code"]!.GetValue<int>());
        using var corpus = new TempCorpus(Sidecar, Article);
        await client.InitializeAsync(corpus.Root);
        Assert.Equal("utf-16", client.InitializeResult["capabilities"]!["positionEncoding"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_method_invalid_json_and_bad_header_get_errors_not_a_crash()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        Assert.Equal(-32601, (await client.RequestAsync("corpuslsp/nope", new JsonObject()))["error"]!["code"]!.GetValue<int>());
        await client.SendRawAsync(Encoding.ASCII.GetBytes("Content-Length: 7\r\n\r\n{broken"));
        Assert.Equal(-32700, client.WaitForError()["code"]!.GetValue<int>());
        await client.SendRawAsync(Encoding.ASCII.GetBytes("Content-Type: x\r\n\r\n"));
        Assert.Equal(-32700, client.WaitForError()["code"]!.GetValue<int>());
        await client.SendRawAsync(Encoding.ASCII.GetBytes("Content-Length: 2\r\n\r\n[]"));
        Assert.Equal(-32600, client.WaitForError()["code"]!.GetValue<int>());
        // Still answering:
        var symbols = await client.CallAsync("workspace/symbol", new JsonObject { ["query"] = "Khan" });
        Assert.Contains(symbols!.AsArray(), s => s!["name"]!.GetValue<string>() == "Khanaser");
    }

    [Fact]
    public async Task Requests_after_shutdown_are_invalid_and_exit_code_is_zero()
    {
        var (client, corpus, server) = await Start();
        using var _d = corpus;
        await client.CallAsync("shutdown", null);
        var after = await client.RequestAsync("textDocument/hover", LspClient.At(corpus.Sidecar, 0, 0));
        Assert.Equal(-32600, after["error"]!["code"]!.GetValue<int>());
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(10)));
        await client.DisposeAsync();
    }

    [Theory]
    [InlineData(new[] { "utf-8" }, "utf-8")]
    [InlineData(new[] { "utf-32", "utf-16" }, "utf-32")]
    [InlineData(new string[0], "utf-16")]
    public async Task Position_encoding_is_negotiated(string[] offered, string expected)
    {
        var caps = new JsonObject { ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray(offered.Select(o => (JsonNode)o).ToArray()) } };
        var (client, corpus, _) = await Start(capabilities: caps);
        await using var _c = client;
        using var _d = corpus;
        Assert.Equal(expected, client.InitializeResult["capabilities"]!["positionEncoding"]!.GetValue<string>());
    }

    [Fact]
    public async Task Opening_a_sidecar_with_a_planted_error_publishes_it_at_its_position()
    {
        const string markup = "places:\n  - text: [|Kanaser|]\n    ref: geonames:168351\n";
        var (text, _, spans) = Markup.Parse(markup);
        var (client, corpus, _) = await Start(sidecar: text);
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var published = client.Diagnostics(LspClient.Uri(corpus.Sidecar), d => d.Count > 0);
        var d = published["diagnostics"]![0]!;
        Assert.Equal("CLS011", d["code"]!.GetValue<string>());
        var source = new SourceText(text);
        var (line, col) = source.GetLineColumn(spans[0].Start);
        Assert.Equal((line, col), (d["range"]!["start"]!["line"]!.GetValue<int>(), d["range"]!["start"]!["character"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Editing_the_article_rechecks_its_sidecar()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Article);
        await client.OpenAsync(corpus.Sidecar);
        // Replace "Khanaser" in the article by "Kanaser": the sidecar's mention no longer anchors.
        await client.ChangeAsync(corpus.Article, 2, "K", (0, 24), (0, 26));
        var published = client.Diagnostics(LspClient.Uri(corpus.Sidecar), d => d.Any(x => x!["code"]!.GetValue<string>() == "CLS011"));
        Assert.Contains("Did you mean 'Kanaser'?", published["diagnostics"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_edit_publishes_the_edited_documents_diagnostics_before_those_of_its_pair()
    {
        // The article has a misspelt copy of an annotated name (CLS055 there); the edit annotates it and adds a key the
        // schema refuses, so both files' diagnostics change. The editor waits on the file typed in: it comes first.
        const string article = "Syrian forces liberated Khanaser on Thursday, a monitor said. Kanaser is calm.";
        var (client, corpus, _) = await Start(article: article);
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Article);
        await client.OpenAsync(corpus.Sidecar);
        client.Diagnostics(LspClient.Uri(corpus.Article), d => d.Any(x => x!["code"]!.GetValue<string>() == "CLS055"));
        client.Drain("textDocument/publishDiagnostics", 500);
        await client.ChangeAsync(corpus.Sidecar, 2, "publshed: x\n" + Sidecar + "  - text: Kanaser\n    ref: geonames:168351\n");
        var order = new List<string>();
        for (var i = 0; i < 2; i++) order.Add(client.WaitFor("textDocument/publishDiagnostics")["uri"]!.GetValue<string>());
        Assert.Equal([LspClient.Uri(corpus.Sidecar), LspClient.Uri(corpus.Article)], order);
    }

    [Fact]
    public async Task An_edits_diagnostics_are_published_while_the_background_analysis_threads_are_busy()
    {
        // Indexing, hover's corpus-wide counts and other files' publishes run on the background threads at a lower
        // priority; the file typed in is what the user waits on, and goes before them.
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        await client.CallAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) } });
        client.Drain("textDocument/publishDiagnostics", 500);
        using var release = new ManualResetEventSlim();
        using var busy = new CountdownEvent(Environment.ProcessorCount);
        var holding = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => BackgroundScheduler.Shared.Run(() => { busy.Signal(); release.Wait(TimeSpan.FromSeconds(120)); })).ToArray();
        try
        {
            Assert.True(busy.Wait(TimeSpan.FromSeconds(30)), "the background threads never started the blocking work");
            await client.ChangeAsync(corpus.Sidecar, 2, "publshed: x\n" + Sidecar);
            // The threads are held for longer than this wait, so a publish that needs them cannot arrive within it. The wait
            // is long: 10 s once ran out early in a full CI run on 2 cores (the server's log, shown on a timeout since, will
            // say where the time went); what the test asserts is the arrival while the threads are held, not its time.
            var published = client.WaitFor("textDocument/publishDiagnostics",
                p => p["uri"]!.GetValue<string>() == LspClient.Uri(corpus.Sidecar) && p["version"]?.GetValue<int>() == 2, 60_000);
            Assert.Contains(published["diagnostics"]!.AsArray(), d => d!["message"]!.GetValue<string>().Contains("publshed", StringComparison.Ordinal));
        }
        finally
        {
            release.Set();
            await Task.WhenAll(holding);
        }
    }

    [Fact]
    public async Task A_client_that_resolves_completion_items_gets_each_places_documentation_when_it_asks_the_same_as_given_at_once()
    {
        // `ref: ` in the Aleppo item: the references, best first, each documented with the place and why it ranks there.
        var (line, ch) = Cursor("meta:\n  published: 2016-02-25\nplaces:\n  - text: Khanaser\n    ref: geonames:168351\n  - text: Aleppo\n    ref: $0geonames:170063\n");
        var lazy = new JsonObject { ["textDocument"] = new JsonObject { ["completion"] = new JsonObject { ["completionItem"] = new JsonObject
            { ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("documentation", "detail") } } } } };
        var (eagerClient, eagerCorpus, _) = await Start();
        var (lazyClient, lazyCorpus, _) = await Start(capabilities: lazy);
        await using (eagerClient)
        await using (lazyClient)
        using (eagerCorpus)
        using (lazyCorpus)
        {
            Assert.True(lazyClient.InitializeResult["capabilities"]!["completionProvider"]!["resolveProvider"]!.GetValue<bool>());
            await eagerClient.OpenAsync(eagerCorpus.Sidecar);
            await lazyClient.OpenAsync(lazyCorpus.Sidecar);
            var eager = await eagerClient.CompletionItemsAsync(eagerCorpus.Sidecar, line, ch);
            var given = await lazyClient.CompletionItemsAsync(lazyCorpus.Sidecar, line, ch);

            Assert.NotEmpty(given);
            Assert.Equal(eager.Select(i => i!["label"]!.GetValue<string>()), given.Select(i => i!["label"]!.GetValue<string>()));
            Assert.All(given, i => Assert.Null(i!["documentation"]));
            for (var k = 0; k < given.Count; k++)
            {
                var resolved = await lazyClient.CallAsync("completionItem/resolve", given[k]!.DeepClone());
                var expected = eager[k]!["documentation"]!["value"]!.GetValue<string>();
                Assert.Equal(expected, resolved!["documentation"]!["value"]!.GetValue<string>());
            }
            Assert.Contains("Score", eager[0]!["documentation"]!["value"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Hover_on_a_place_in_the_article_shows_its_country_and_hierarchy()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Article);
        var (line, ch) = Cursor("Syrian forces liberated Khan$0aser on Thursday");
        var hover = await client.CallAsync("textDocument/hover", LspClient.At(corpus.Article, line, ch));
        var value = hover!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("**Khanāşir**", value);
        Assert.Contains("Syria › Aleppo", value);
        Assert.Contains("openstreetmap.org", value);
        Assert.Contains("Mentioned 1 time in the corpus", value);
    }

    [Fact]
    public async Task Hover_on_when_explains_the_resolution()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor(Sidecar.Replace("when: on Thursday", "when: on Thu$0rsday"));
        var value = (await client.CallAsync("textDocument/hover", LspClient.At(corpus.Sidecar, line, ch)))!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("`2016-02-25`, a Thursday", value);
        Assert.Contains("latest Thursday on or before publication", value);
    }

    [Fact]
    public async Task Completion_after_ref_offers_the_ranked_candidates()
    {
        var sidecar = "places:\n  - text: Khanaser\n    ref: \n";
        var (client, corpus, _) = await Start(sidecar: sidecar);
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor("places:\n  - text: Khanaser\n    ref: $0\n");
        var items = await client.CompletionItemsAsync(corpus.Sidecar, line, ch);
        Assert.Equal("geonames:168351", items[0]!["textEdit"]!["newText"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completion_of_place_names_is_transliteration_insensitive()
    {
        var sidecar = "places:\n  - text: Deir\n";
        var (client, corpus, _) = await Start(sidecar: sidecar, article: "Deir ez-Zor is besieged.");
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor("places:\n  - text: Deir$0\n");
        var labels = (await client.CompletionItemsAsync(corpus.Sidecar, line, ch)).Select(i => i!["label"]!.GetValue<string>()).ToList();
        Assert.Contains("Deir ez-Zor", labels);
    }

    [Fact]
    public async Task Completion_of_keys_comes_from_the_schema()
    {
        var sidecar = "events:\n  - type: capture\n    \n";
        var (client, corpus, _) = await Start(sidecar: sidecar);
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor("events:\n  - type: capture\n    $0\n");
        var labels = (await client.CompletionItemsAsync(corpus.Sidecar, line, ch)).Select(i => i!["label"]!.GetValue<string>()).ToList();
        Assert.Contains("when", labels);
        Assert.Contains("relativeTo", labels);
        Assert.DoesNotContain("type", labels); // already there
    }

    [Fact]
    public async Task Completion_of_date_offers_what_the_expression_means()
    {
        var sidecar = "meta:\n  published: 2016-02-25\nevents:\n  - type: capture\n    text: liberated\n    when: on Thursday\n    date: \n";
        var (client, corpus, _) = await Start(sidecar: sidecar);
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor(sidecar.Replace("    date: \n", "    date: $0\n"));
        var items = await client.CompletionItemsAsync(corpus.Sidecar, line, ch);
        Assert.Equal("2016-02-25", items[0]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Definition_goes_from_sidecar_to_article_and_back()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor(Sidecar.Replace("text: Khanaser", "text: Khan$0aser"));
        var toArticle = (await client.CallAsync("textDocument/definition", LspClient.At(corpus.Sidecar, line, ch)))!.AsArray();
        Assert.Equal(LspClient.Uri(corpus.Article), toArticle[0]!["uri"]!.GetValue<string>());
        Assert.Equal(24, toArticle[0]!["range"]!["start"]!["character"]!.GetValue<int>());
        var back = (await client.CallAsync("textDocument/definition", LspClient.At(corpus.Article, 0, 26)))!.AsArray();
        Assert.Equal((3, 10), (back[0]!["range"]!["start"]!["line"]!.GetValue<int>(), back[0]!["range"]!["start"]!["character"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Definition_of_a_reference_opens_its_gazetteer_row()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var (line, ch) = Cursor(Sidecar.Replace("ref: geonames:168351", "ref: geonames:1$068351"));
        var target = (await client.CallAsync("textDocument/definition", LspClient.At(corpus.Sidecar, line, ch)))!.AsArray()[0]!;
        Assert.EndsWith("/gaz/cities.txt", target["uri"]!.GetValue<string>());
        Assert.Equal(1, target["range"]!["start"]!["line"]!.GetValue<int>()); // second row of the fixture dump
    }

    [Fact]
    public async Task Code_action_links_an_unlinked_place()
    {
        var sidecar = "places:\n  - text: Khanaser\n";
        var (client, corpus, _) = await Start(sidecar: sidecar);
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var actions = await client.CodeActionsAsync(corpus.Sidecar, (1, 12), (1, 12));
        var action = actions.First(a => a!["title"]!.GetValue<string>().StartsWith("Link to Khanāşir"));
        var edit = action!["edit"]!["documentChanges"]![0]!["edits"]![0]!;
        Assert.Equal("\n    ref: geonames:168351", edit["newText"]!.GetValue<string>());
    }

    [Fact]
    public async Task Annotate_selection_creates_the_sidecar_entry()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Article);
        var actions = await client.CodeActionsAsync(corpus.Article, (0, 0), (0, 13));
        var action = actions.First(a => a!["title"]!.GetValue<string>() == "Annotate 'Syrian forces' as organisation");
        var change = action!["edit"]!["documentChanges"]![0]!;
        Assert.Equal(LspClient.Uri(corpus.Sidecar), change["textDocument"]!["uri"]!.GetValue<string>());
        Assert.Equal("organisations:\n  - text: Syrian forces\n", change["edits"]![0]!["newText"]!.GetValue<string>());
    }

    [Fact]
    public async Task Semantic_tokens_and_inlay_hints_in_the_article()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Article);
        var data = (await client.CallAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Article) } }))!["data"]!.AsArray().Select(x => x!.GetValue<int>()).ToList();
        // liberated (event), Khanaser (place), on Thursday (date), Aleppo (place)
        Assert.Equal([0, 14, 9, 3, 0, 0, 10, 8, 0, 0, 0, 9, 11, 4, 0, 0, 29, 6, 0, 0], data);
        var hints = (await client.CallAsync("textDocument/inlayHint", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Article) },
            ["range"] = new JsonObject { ["start"] = LspClient.Position(0, 0), ["end"] = LspClient.Position(1, 0) },
        }))!.AsArray();
        Assert.Contains(hints, h => h!["label"]!.GetValue<string>() == "= 2016-02-25 Thu");
    }

    [Fact]
    public async Task Document_symbols_outline_the_sidecar()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var symbols = (await client.CallAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) } }))!.AsArray();
        Assert.Equal(["meta", "places", "events"], symbols.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(["Khanaser", "Aleppo"], symbols[1]!["children"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pull_diagnostics_when_the_client_supports_them()
    {
        var caps = new JsonObject { ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false } } };
        var (client, corpus, _) = await Start(sidecar: "places:\n  - text: Kanaser\n", capabilities: caps);
        await using var _c = client;
        using var _d = corpus;
        Assert.NotNull(client.InitializeResult["capabilities"]!["diagnosticProvider"]);
        var report = await client.CallAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) } });
        Assert.Equal("CLS011", report!["items"]![0]!["code"]!.GetValue<string>());
        var workspace = await client.CallAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() });
        Assert.Contains(workspace!["items"]!.AsArray(), i => i!["uri"]!.GetValue<string>() == LspClient.Uri(corpus.Sidecar));
    }

    /// <summary>Regression: handling these notifications once awaited a request to the client on the message loop, which deadlocked.</summary>
    [Fact]
    public async Task Watched_file_and_configuration_changes_do_not_block_the_message_loop()
    {
        var caps = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject() },
            ["workspace"] = new JsonObject { ["diagnostics"] = new JsonObject { ["refreshSupport"] = true }, ["configuration"] = true },
        };
        var (client, corpus, _) = await Start(capabilities: caps);
        await using var _c = client;
        using var _d = corpus;
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(corpus.Article), ["type"] = 2 }) });
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
        var report = await client.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(corpus.Sidecar) } }, TimeSpan.FromSeconds(10));
        Assert.Null(report["error"]);
    }

    [Fact]
    public async Task Settings_switch_diagnostics_off_by_code()
    {
        var corpus = new TempCorpus("meta:\n  publshed: 2016-02-25\nplaces:\n  - text: Kanaser\n", Article);
        using var _d = corpus;
        await using var client = LspClient.InProcess(out _);
        client.Settings = new JsonObject { ["diagnostics"] = new JsonObject { ["disabled"] = new JsonArray("CLS011") } };
        await client.InitializeAsync(corpus.Root, new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await client.OpenAsync(corpus.Sidecar);
        var published = client.Diagnostics(LspClient.Uri(corpus.Sidecar));
        Assert.Contains(published["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CLS003");
        Assert.DoesNotContain(published["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CLS011");
    }

    [Fact]
    public async Task Extra_gazetteer_files_from_settings_are_loaded()
    {
        var corpus = new TempCorpus("places:\n  - text: Homs\n", "Shelling in Homs.");
        using var _d = corpus;
        var extra = corpus.Write("extra/homs.txt", "169577\tHoms\tHoms\tHims\t34.72682\t36.72339\tP\tPPLA\tSY\t\t11\t\t\t\t775404\t\t500\tAsia/Damascus\t2023-01-01\n");
        await using var client = LspClient.InProcess(out _);
        client.Settings = new JsonObject { ["gazetteer"] = new JsonObject { ["extraFiles"] = new JsonArray(extra) } };
        await client.InitializeAsync(corpus.Root, new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await client.OpenAsync(corpus.Sidecar);
        // Homs is only in the extra file: the unlinked place resolves (CLS023) instead of being unknown (CLS021).
        var published = client.Diagnostics(LspClient.Uri(corpus.Sidecar), d => d.Count > 0);
        Assert.Equal("CLS023", published["diagnostics"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Article_deleted_on_disk_while_its_sidecar_is_open()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        File.Delete(corpus.Article);
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(corpus.Article), ["type"] = 3 }) });
        var published = client.Diagnostics(LspClient.Uri(corpus.Sidecar), d => d.Any(x => x!["code"]!.GetValue<string>() == "CLS008"));
        Assert.Contains("No article 'a.txt'", published["diagnostics"]![0]!["message"]!.GetValue<string>());
        // Renamed back: the pair is whole again.
        File.WriteAllText(corpus.Article, Article);
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(corpus.Article), ["type"] = 1 }) });
        client.Diagnostics(LspClient.Uri(corpus.Sidecar), d => d.Count == 0);
    }

    [Fact]
    public async Task Incremental_edits_equal_a_from_scratch_check()
    {
        var (client, corpus, _) = await Start();
        await using var _c = client;
        using var _d = corpus;
        await client.OpenAsync(corpus.Sidecar);
        var text = Sidecar;
        var random = new Random(42);
        for (var v = 2; v < 60; v++)
        {
            var source = new SourceText(text);
            var a = random.Next(text.Length + 1);
            var b = Math.Min(text.Length, a + random.Next(4));
            // Edits from an editor never split a surrogate pair.
            if (a > 0 && a < text.Length && char.IsLowSurrogate(text[a])) a--;
            if (b > 0 && b < text.Length && char.IsLowSurrogate(text[b])) b++;
            var insert = new[] { "", "x", "\n", "é", "😀", "  - text: Aleppo\n" }[random.Next(6)];
            var (l1, c1) = source.GetLineColumn(a);
            var (l2, c2) = source.GetLineColumn(b);
            text = text[..a] + insert + text[b..];
            await client.ChangeAsync(corpus.Sidecar, v, insert, (l1, c1), (l2, c2));
        }
        var last = client.Diagnostics(LspClient.Uri(corpus.Sidecar), _ => true) ;
        // Drain to the diagnostics of the last version.
        while (last["version"]?.GetValue<int>() != 59) last = client.Diagnostics(LspClient.Uri(corpus.Sidecar));
        File.WriteAllText(corpus.Sidecar, text);
        var scratch = CorpusLsp.Core.Analysis.CorpusSnapshot.Load(corpus.Root.Replace('\\', '/'), new CorpusLsp.Cli.PhysicalFileSystem()).DiagnosticsFor(corpus.Sidecar.Replace('\\', '/'));
        Assert.Equal(scratch.Select(d => d.Code + d.Message), last["diagnostics"]!.AsArray().Select(d => d!["code"]!.GetValue<string>() + d["message"]!.GetValue<string>()));
    }
}
