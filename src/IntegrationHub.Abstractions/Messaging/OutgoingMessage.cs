namespace IntegrationHub.Messaging;

/// <summary>An event to publish on <see cref="Topic"/>, partitioned by <see cref="Key"/> (a hub id).</summary>
public sealed record OutgoingMessage(string Topic, string Key, CloudEvent Event);
