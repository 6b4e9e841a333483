using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntegrationHub.Workflows.Runtime;

/// <summary>Degraded (not unhealthy: valid workflows keep running) while any workflow file is rejected; names the files.</summary>
internal sealed class WorkflowsHealthCheck(WorkflowCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rejected = catalog.Rejected.Keys.Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(rejected.Count == 0
            ? HealthCheckResult.Healthy($"{catalog.Definitions.Count} workflows loaded")
            : HealthCheckResult.Degraded($"rejected workflow files: {string.Join(", ", rejected)}"));
    }
}
