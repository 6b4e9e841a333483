using IntegrationHub.Connectors.Hosting.Status;
using IntegrationHub.Testing.Connectors;

namespace IntegrationHub.Connectors.Hosting.Tests.Status;

public sealed class ConnectorStatusServiceTests
{
    [Fact]
    public async Task GetAll_HealthyHttpConnector_ShowsCapabilitiesHealthAndClosedCircuit()
    {
        await using var crm = await StubCrmServer.StartAsync();
        await using var hub = await ConnectorHub.StartAsync(s => StubCrmConnector.Register(s, "stubcrm", crm.BaseUrl));

        var status = Assert.Single(await hub.Services.GetRequiredService<ConnectorStatusService>().GetAllAsync());

        Assert.Equal(("stubcrm", "built-in", "Healthy", "Closed"), (status.System, status.Source, status.Health, status.Circuit));
        Assert.Equal(["read", "upsert", "get"], Assert.Single(status.Entities).Capabilities);
        Assert.True(crm.Requests >= 1, "the health check called the system");
    }

    [Fact]
    public async Task GetAll_AfterRepeatedFailures_ShowsTheOpenCircuitAndUnhealthy()
    {
        await using var crm = await StubCrmServer.StartAsync();
        await using var hub = await ConnectorHub.StartAsync(s => StubCrmConnector.Register(s, "stubcrm", crm.BaseUrl));
        var lookup = hub.Registry.GetLookup("stubcrm", CanonicalEntity.Customer);
        crm.FailNext(1000);
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ConnectorTransientException>(() => lookup.GetAsync("C00001"));
        }

        var status = Assert.Single(await hub.Services.GetRequiredService<ConnectorStatusService>().GetAllAsync());

        Assert.Equal("Open", status.Circuit);
        Assert.Equal("Unhealthy", status.Health);
        Assert.Contains("stubcrm", status.HealthDescription);
    }

    [Fact]
    public async Task GetAll_HealthCheckThatHangs_IsUnhealthyAfterTheTimeout_AndOthersStillAnswer()
    {
        await using var crm = await StubCrmServer.StartAsync();
        await using var hub = await ConnectorHub.StartAsync(
            s =>
            {
                StubCrmConnector.Register(s, "stubcrm", crm.BaseUrl);
                s.AddSingleton<IConnector, HangingConnector>();
            },
            new Dictionary<string, string?> { ["Connectors:HealthTimeout"] = "00:00:02" }); // long enough for the stub's first answer on a busy machine

        var statuses = await hub.Services.GetRequiredService<ConnectorStatusService>().GetAllAsync();

        Assert.Equal(["hanging", "stubcrm"], statuses.Select(s => s.System).ToArray());
        Assert.Equal(("Unhealthy", "no answer within 2 s"), (statuses[0].Health, statuses[0].HealthDescription));
        Assert.Equal("Healthy", statuses[1].Health);
    }

    [Fact]
    public async Task Start_HealthTimeoutOutOfRange_NamesTheSetting()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ConnectorHub.StartAsync(settings: new Dictionary<string, string?> { ["Connectors:HealthTimeout"] = "00:10:00" }));

        Assert.Contains("Connectors:HealthTimeout must be between 100 ms and 1 minute.", ex.Message);
    }

    private sealed class HangingConnector : IConnector
    {
        public string System => "hanging";

        public IReadOnlyList<EntityCapabilities> Entities => [];

        public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None); // ignores its token: the service must not wait for it
            return new ConnectorHealth(ConnectorHealthStatus.Healthy);
        }
    }
}
