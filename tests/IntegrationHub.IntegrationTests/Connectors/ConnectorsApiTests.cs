using System.Net;
using IntegrationHub.IntegrationTests.Hosting;
using IntegrationHub.Testing;
using IntegrationHub.Testing.Connectors;

namespace IntegrationHub.IntegrationTests.Connectors;

/// <summary>
/// The real hub with a connector plugin loaded from a folder (the sample plugin, built into bin/plugins/sample) and a
/// built-in HTTP connector (a stub CRM on Kestrel): the API, the CLI verb, and a broken plugin stopping the binary.
/// </summary>
public sealed class ConnectorsApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string BuiltPlugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    [Fact]
    public async Task GetConnectors_ListsPluginAndBuiltInConnectors_WithHealthAndCircuit()
    {
        await using var crm = await StubCrmServer.StartAsync();
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Connectors:PluginsPath"] = BuiltPlugins },
            services: s => StubCrmConnector.Register(s, "stubcrm", crm.BaseUrl));

        var body = await hub.GetJsonAsync("api/v1/connectors");
        var connectors = body.GetProperty("connectors").EnumerateArray().ToDictionary(c => c.GetProperty("system").GetString()!);

        var sample = connectors["sample"];
        Assert.Equal("plugin 'sample'", sample.GetProperty("source").GetString());
        Assert.Equal("Healthy", sample.GetProperty("health").GetString());
        Assert.Equal("n/a", sample.GetProperty("circuit").GetString());
        var entity = Assert.Single(sample.GetProperty("entities").EnumerateArray());
        Assert.Equal("marketing-contact", entity.GetProperty("entity").GetString());
        Assert.Equal(["read", "get"], entity.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()!).ToArray());

        var stub = connectors["stubcrm"];
        Assert.Equal(("built-in", "Healthy", "Closed"), (stub.GetProperty("source").GetString(), stub.GetProperty("health").GetString(), stub.GetProperty("circuit").GetString()));
    }

    [Fact]
    public async Task AgainstTheVendorSandboxes_EveryConnectorIsRegisteredAndHealthy_AndTheSystemApiShowsTheirAdminUrlsInDemoMode()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Hub:Demo"] = "true" });

        var body = await hub.GetJsonAsync("api/v1/connectors");
        var system = await hub.GetJsonAsync("api/v1/system");

        var connectors = body.GetProperty("connectors").EnumerateArray().ToDictionary(c => c.GetProperty("system").GetString()!);
        string[] vendors = ["fxiaoke", "kingdee", "mailchimp", "salesforce", "xero"];
        Assert.All(vendors, v => Assert.Equal(("built-in", "Healthy", "Closed"), (connectors[v].GetProperty("source").GetString(), connectors[v].GetProperty("health").GetString(), connectors[v].GetProperty("circuit").GetString())));
        var sandbox = system.GetProperty("devEnvironment");
        Assert.Equal(vendors, sandbox.GetProperty("adminUrls").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.All(sandbox.GetProperty("adminUrls").EnumerateObject(), p => Assert.EndsWith("/__admin/faults", p.Value.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConnectorWithWrongCredentials_ShowsAClassifiedReason_NotTheVendorsText()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Connectors:Kingdee:Password"] = "wrong-password-0123" });
        var dataCentre = hub.Sandboxes.HubSettings().Single(s => s.Key == "Connectors:Kingdee:AcctId").Value!;

        var body = await hub.GetJsonAsync("api/v1/connectors");

        var kingdee = body.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("system").GetString() == "kingdee");
        Assert.Equal("Unhealthy", kingdee.GetProperty("health").GetString());
        Assert.Equal("credentials rejected (HTTP 200)", kingdee.GetProperty("healthDescription").GetString());
        Assert.DoesNotContain(dataCentre, body.GetRawText());
        Assert.DoesNotContain("ValidateUser", body.GetRawText());
    }

    [Fact]
    public async Task GetConnectors_WithoutApiKey_Is401()
    {
        await using var hub = await HubTestHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = hub.Http.BaseAddress };

        using var response = await anonymous.GetAsync("api/v1/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ConnectorsVerb_PrintsTheTable_AndExitsOneWhenAConnectorIsUnhealthy()
    {
        await using var crm = await StubCrmServer.StartAsync();
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Connectors:PluginsPath"] = BuiltPlugins, ["Connectors:HealthTimeout"] = "00:00:02" },
            services: s => StubCrmConnector.Register(s, "stubcrm", crm.BaseUrl));
        var env = new Dictionary<string, string> { ["HUB_API_KEY"] = HubTestHost.ApiKey };

        using (var healthy = HostProcess.Start(_dir.Path, env, "connectors", "--url", hub.Http.BaseAddress!.ToString()))
        {
            Assert.Equal(0, await healthy.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Matches(@"sample\s+plugin 'sample'\s+Healthy\s+n/a\s+marketing-contact \(read/get\)", healthy.Stdout);
            Assert.Matches(@"stubcrm\s+built-in\s+Healthy\s+Closed\s+customer \(read/upsert/get\)", healthy.Stdout);
        }

        crm.FailNext(1000);
        using var down = HostProcess.Start(_dir.Path, env, "connectors", "--url", hub.Http.BaseAddress!.ToString());

        Assert.Equal(1, await down.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Matches(@"stubcrm\s+built-in\s+Unhealthy", down.Stdout);
    }

    [Fact]
    public async Task Start_BrokenPlugin_ExitsWithOneLineNamingThePlugin()
    {
        var plugins = Directory.CreateDirectory(_dir.File("plugins")).FullName;
        Directory.CreateDirectory(Path.Combine(plugins, "half-deployed"));
        var env = new Dictionary<string, string>
        {
            ["HUB_API_KEY"] = "0123456789abcdef0123",
            ["Hub__Urls"] = "http://127.0.0.1:0",
            ["Connectors__PluginsPath"] = plugins,
            ["Connectors__Fxiaoke__BaseUrl"] = "http://127.0.0.1:9/",
            ["Connectors__Fxiaoke__AppId"] = "a",
            ["Connectors__Fxiaoke__AppSecret"] = "s",
            ["Connectors__Fxiaoke__PermanentCode"] = "p",
            ["Connectors__Fxiaoke__OperatorUserId"] = "u",
        };

        using var host = HostProcess.Start(_dir.Path, env);

        Assert.Equal(2, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(host.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("IntegrationHub cannot start: Connector plugins: plugin 'half-deployed'", line);
        Assert.Contains("no plugin assembly: expected half-deployed.dll", line);
        Assert.DoesNotContain("   at ", host.Stdout + host.Stderr);
    }

    public void Dispose() => _dir.Dispose();
}
