using IntegrationHub.Connectors.Hosting.Status;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.Api;

/// <summary><c>GET /api/v1/connectors</c>: every connector with its entities, capabilities, health and circuit state.</summary>
internal static class ConnectorEndpoints
{
    public static RouteGroupBuilder MapConnectorEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/connectors", async (ConnectorStatusService status, CancellationToken cancellationToken) =>
            Results.Ok(new ConnectorList(await status.GetAllAsync(cancellationToken)))).WithName("GetConnectors").RequireScope(Scopes.ConnectorsRead)
            .Answers<ConnectorList>();
        return api;
    }
}
