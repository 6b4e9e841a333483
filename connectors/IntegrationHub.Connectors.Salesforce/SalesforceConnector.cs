using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce;

/// <summary>The Salesforce connector (<c>salesforce</c>): Account as customer and Order as order (read changes, upsert, get).</summary>
internal sealed class SalesforceConnector : IConnector
{
    /// <summary>Share of the daily API cap above which the connector reports itself degraded.</summary>
    public const double DegradedUsage = 0.9;

    private readonly SalesforceClient _client;
    private readonly SalesforceApiUsage _usage;

    public SalesforceConnector(SalesforceClient client, SalesforceApiUsage usage, IOptions<SalesforceOptions> options)
    {
        _client = client;
        _usage = usage;
        Entities = new ISalesforceMapping[] { new SalesforceAccountMapping(), new SalesforceOrderMapping() }
            .Select(m => new EntityCapabilities(
                m.Entity, new SalesforceRecordReader(client, m, options), new SalesforceRecordUpserter(client, m, options), new SalesforceRecordLookup(client, m, options)))
            .ToArray();
    }

    public string System => SalesforceJson.System;

    public IReadOnlyList<EntityCapabilities> Entities { get; }

    /// <summary><c>GET /limits</c> with the configured credentials; degraded above 90 % of the daily API cap.</summary>
    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.LimitsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            return ex.StatusCode == 400 ? new ConnectorHealth(ConnectorHealthStatus.Unhealthy, "credentials or session rejected (HTTP 400)") { Detail = ex.Message } : ConnectorHealth.Failed(ex);
        }

        return _usage.Current is { } usage && usage.Used >= usage.Max * DegradedUsage
            ? new ConnectorHealth(ConnectorHealthStatus.Degraded, $"API usage {usage.Used}/{usage.Max} of the daily cap")
            : new ConnectorHealth(ConnectorHealthStatus.Healthy);
    }
}
