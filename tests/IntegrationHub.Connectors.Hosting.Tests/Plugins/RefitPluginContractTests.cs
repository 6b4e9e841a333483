using IntegrationHub.Testing;

namespace IntegrationHub.Connectors.Hosting.Tests.Plugins;

/// <summary>
/// The sample plugin's Refit connector (<c>sample-api</c>, one file) loaded from its folder and run against WireMock.Net
/// with the JSON mappings in <c>Mappings/sample-api</c>. The mappings require what the connector must send (the API key
/// header, the query parameters), so a request that changes is unmatched and answered 404 by WireMock: the test fails.
/// </summary>
public sealed class RefitPluginContractTests : IDisposable
{
    private readonly TempDirectory _plugins = new();
    private readonly VendorMock _vendor = VendorMock.Start("sample-api");

    public RefitPluginContractTests()
    {
        CopyDirectory(Path.Combine(ConnectorHub.BuiltPlugins, "sample"), Path.Combine(_plugins.Path, "sample"));
    }

    [Fact]
    public async Task ReadChanges_PagesByToken_WithTheKeyAndQueryTheVendorExpects()
    {
        await using var hub = await StartAsync();
        var reader = hub.Registry.GetReader(ContactsApi, CanonicalEntity.MarketingContact);

        var pages = new List<ChangePage>();
        await foreach (var page in reader.ReadChangesAsync(reader.CursorAt(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))))
        {
            pages.Add(page);
        }

        // The second page repeats the first page's query with its token (a regression that moved updated_since is unmatched).
        Assert.Equal(["c-1", "c-2", "c-3"], pages.SelectMany(p => p.Records).Select(r => r.ExternalId));
        Assert.Equal("2026-11-04T10:00:00.0000000+00:00", pages[^1].Cursor);
        Assert.Equal("grace@example.test", pages[0].Records[1].Payload.GetProperty("email").GetString());
        Assert.Equal(["sample-api.contacts.page-1", "sample-api.contacts.page-2"], _vendor.Served());
        _vendor.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Get_KnownAndUnknownContact_RecordAndNull()
    {
        await using var hub = await StartAsync();
        var lookup = hub.Registry.GetLookup(ContactsApi, CanonicalEntity.MarketingContact);

        var known = await lookup.GetAsync("c-2");
        var unknown = await lookup.GetAsync("c-404");

        Assert.Equal(("c-2", "grace@example.test"), (known!.ExternalId, known.Payload.GetProperty("email").GetString()));
        Assert.Null(unknown);
        _vendor.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Health_VendorUnavailableOnceWithRetryAfter_RetriedByTheHubPipeline()
    {
        await using var hub = await StartAsync();

        var health = await hub.Registry.Get(ContactsApi).CheckHealthAsync();

        Assert.True(health.Status == ConnectorHealthStatus.Healthy, $"{health.Description}; vendor saw: {Seen()}");
        Assert.Equal(["sample-api.ping.unavailable", "sample-api.ping.recovered"], _vendor.Served());
    }

    public void Dispose()
    {
        _vendor.Dispose();
        _plugins.Dispose();
    }

    private const string ContactsApi = "sample-api";

    private Task<ConnectorHub> StartAsync() => ConnectorHub.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Connectors:PluginsPath"] = _plugins.Path,
        ["Connectors:sample-api:BaseUrl"] = _vendor.BaseUrl.ToString(),
        ["Connectors:sample-api:ApiKey:Key"] = "contract-test-key",
        ["Connectors:sample-api:Retry:BaseDelay"] = "00:00:00.050",
    });

    private string Seen() => string.Join(" | ", _vendor.Server.LogEntries.Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Url} -> {e.ResponseMessage.StatusCode}"));

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
