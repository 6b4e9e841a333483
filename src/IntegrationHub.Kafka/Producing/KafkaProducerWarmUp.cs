using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Kafka.Producing;

/// <summary>
/// Creates the process-wide producer when the host starts, so that librdkafka connects to the brokers and obtains its
/// idempotent producer id while consumers join their groups, instead of on the first record's publish.
/// </summary>
internal sealed class KafkaProducerWarmUp(KafkaProducerHost producers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Non-blocking: building the producer only starts its connections.
        _ = producers.Producer;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
