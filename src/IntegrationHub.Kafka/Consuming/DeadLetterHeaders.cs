namespace IntegrationHub.Kafka.Consuming;

/// <summary>
/// Headers added to a record moved to <c>&lt;topic&gt;.dlq</c>, beside its original key, value and headers, so it can be
/// understood and replayed (the same idea as Kafka Connect's <c>__connect.errors.*</c> headers).
/// </summary>
public static class DeadLetterHeaders
{
    public const string TopicSuffix = ".dlq";
    public const string Reason = "hub-dlq-reason";
    public const string ExceptionType = "hub-dlq-exception";
    public const string Attempts = "hub-dlq-attempts";
    public const string OriginalTopic = "hub-dlq-original-topic";
    public const string OriginalPartition = "hub-dlq-original-partition";
    public const string OriginalOffset = "hub-dlq-original-offset";
    public const string ConsumerGroup = "hub-dlq-consumer-group";
    public const string FailedAt = "hub-dlq-failed-at";
}
