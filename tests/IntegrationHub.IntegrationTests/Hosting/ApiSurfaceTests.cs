using System.Net;
using System.Text.Json;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

public sealed class ApiSurfaceTests : IAsyncLifetime
{
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789")]
    public async Task Api_WithoutAValidKey_Is401ProblemJson(string? key)
    {
        using var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using var system = await http.GetAsync("api/v1/system");
        using var push = await http.PostAsync("api/v1/orders", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, system.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
        Assert.Equal("application/problem+json", system.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await _hub.CountRowsAsync("orders"));
    }

    [Theory]
    [InlineData("health/live")]
    [InlineData("health/ready")]
    public async Task Health_NeedsNoKey_AndIsHealthy(string path)
    {
        using var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ChecksStoreAndKafka()
    {
        using var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };

        var checks = JsonDocument.Parse(await http.GetStringAsync("health/ready")).RootElement.GetProperty("checks");

        Assert.Equal("Healthy", checks.GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("kafka").GetProperty("status").GetString());
    }

    [Fact]
    public async Task System_DescribesStoreKafkaAndTheDevEnvironment_WithoutItsAdminKeysOutsideDemoMode()
    {
        var system = await _hub.GetJsonAsync("api/v1/system");
        var text = system.GetRawText();

        Assert.Matches(@"^\d+\.\d+\.\d+", system.GetProperty("version").GetString());
        Assert.Equal("sqlite", system.GetProperty("store").GetProperty("provider").GetString());
        Assert.Equal(_hub.DatabasePath, system.GetProperty("store").GetProperty("path").GetString());
        Assert.Equal(SharedKafka.BootstrapServers, system.GetProperty("kafka").GetProperty("bootstrapServers").GetString());
        Assert.False(system.GetProperty("kafka").GetProperty("embedded").GetBoolean());
        Assert.Equal(_hub.Crm.BaseUrl.ToString(), system.GetProperty("devEnvironment").GetProperty("baseUrls").GetProperty("fxiaoke").GetString());
        Assert.Equal(JsonValueKind.Null, system.GetProperty("devEnvironment").GetProperty("adminUrls").ValueKind);
        Assert.Equal(JsonValueKind.Null, system.GetProperty("devEnvironment").GetProperty("adminKeys").ValueKind);
        Assert.DoesNotContain("__admin", text);
        Assert.All(_hub.Sandboxes.HubSettings().Where(s => s.Key.EndsWith(":AdminKey", StringComparison.Ordinal)), s => Assert.DoesNotContain(s.Value!, text));
    }
}
