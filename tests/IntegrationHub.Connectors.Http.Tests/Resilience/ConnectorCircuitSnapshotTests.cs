
namespace IntegrationHub.Connectors.Http.Tests.Resilience;

public sealed class ConnectorCircuitSnapshotTests
{
    [Theory]
    [InlineData(ConnectorCircuitState.Closed, ConnectorHealthStatus.Healthy)]
    [InlineData(ConnectorCircuitState.HalfOpen, ConnectorHealthStatus.Degraded)]
    [InlineData(ConnectorCircuitState.Open, ConnectorHealthStatus.Unhealthy)]
    [InlineData(ConnectorCircuitState.Isolated, ConnectorHealthStatus.Unhealthy)]
    public void ToHealth_ByCircuitState_MapsToTheHealthTheApiShows(ConnectorCircuitState state, ConnectorHealthStatus expected) =>
        Assert.Equal(expected, new ConnectorCircuitSnapshot("xero", state).ToHealth().Status);
}
