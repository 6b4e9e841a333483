namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>Where <see cref="ForwardingHandler"/> republishes, and the clock it reports to.</summary>
internal sealed record ForwardingTarget(string OutputTopic, AckClock Clock);
