namespace IntegrationHub.Kafka.Consuming;

/// <summary>One consumer group reading <see cref="Topic"/> into a handler of type <see cref="HandlerType"/>.</summary>
public sealed record KafkaSubscription(string Topic, string GroupId, Type HandlerType)
{
    /// <summary>Where records go after the last failed attempt: <c>&lt;topic&gt;.dlq</c>.</summary>
    public string DeadLetterTopic => Topic + DeadLetterHeaders.TopicSuffix;
}
