using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntegrationHub.Kafka;

/// <summary>
/// Ready when a broker answers a metadata request within five seconds (two proved tight on a loaded two-core machine,
/// where a slow answer is not an outage).
/// </summary>
internal sealed class KafkaHealthCheck(KafkaConnection connection) : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(connection.AdminConfig()).SetLogHandler((_, _) => { }).Build());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            try
            {
                var metadata = _admin.Value.GetMetadata(TimeSpan.FromSeconds(5));
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} brokers")
                    : HealthCheckResult.Unhealthy("no brokers in metadata");
            }
            catch (KafkaException ex)
            {
                return HealthCheckResult.Unhealthy($"Kafka unreachable: {ex.Error.Code}");
            }
        }, cancellationToken);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
