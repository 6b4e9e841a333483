using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntegrationHub.Storage;

/// <summary>Ready when the store answers a query.</summary>
internal sealed class StoreHealthCheck(IOrderIntakeStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"store unavailable: {ex.GetType().Name}");
        }
    }
}
