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

    /// <summary>The hub's dead-letter entry of the record (<c>GET /api/v1/dead-letters/{id}</c>).</summary>
    public const string Entry = "hub-dlq-entry";

    /// <summary>On a record republished by a replay: the dead-letter entry it replays.</summary>
    public const string ReplayOf = "hub-replay-of";

    /// <summary>On a record republished by a replay: the consumer group it is for; other groups on the topic pass it by.</summary>
    public const string ReplayGroup = "hub-replay-group";

    /// <summary>Whether a header is one the hub adds (dead-letter reasons, replay marks), not one of the record's own.</summary>
    public static bool IsHubHeader(string name) => name.StartsWith("hub-dlq-", StringComparison.Ordinal) || name.StartsWith("hub-replay-", StringComparison.Ordinal);
}
