using IntegrationHub.Diagnostics;
using IntegrationHub.Kafka.Producing;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>Creates consumer loops for subscriptions known only at run time (for example workflow triggers); the caller starts and stops them.</summary>
public sealed class KafkaConsumerFactory(
    KafkaConnection connection,
    KafkaProducerHost producers,
    IServiceScopeFactory scopes,
    FlowCounters counters,
    TimeProvider time,
    ILogger<KafkaConsumerService> logger,
    IEnumerable<IStoreOutage> outages,
    IEnumerable<IDeadLetterStore> deadLetters)
{
    private readonly IStoreOutage? _outage = outages.LastOrDefault();
    private readonly IDeadLetterStore? _deadLetters = deadLetters.LastOrDefault();

    public KafkaConsumerService Create(KafkaSubscription subscription) =>
        new(subscription, connection, producers, scopes, counters, time, logger, _outage, _deadLetters);
}
