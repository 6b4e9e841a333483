namespace IntegrationHub.Messaging;

/// <summary>A consumed event with where it came from.</summary>
public sealed record ReceivedMessage(string Topic, int Partition, long Offset, string? Key, CloudEvent Event, int Attempt);
