using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// One consumer group reading <see cref="Topic"/>; <see cref="CreateHandler"/> makes the handler for each record from
/// that record's DI scope.
/// </summary>
public sealed record KafkaSubscription(string Topic, string GroupId, Func<IServiceProvider, IMessageHandler> CreateHandler)
{
    /// <summary>The workflow this consumer feeds (for per-flow counters), or null.</summary>
    public string? Flow { get; init; }

    /// <summary>Where records go after the last failed attempt: <c>&lt;topic&gt;.dlq</c>.</summary>
    public string DeadLetterTopic => Topic + DeadLetterHeaders.TopicSuffix;
}
