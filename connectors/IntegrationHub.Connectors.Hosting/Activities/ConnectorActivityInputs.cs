using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>The system and entity inputs every Connector.* activity has.</summary>
internal static class ConnectorActivityInputs
{
    public static string System(ActivityContext context) =>
        context.Input<string>("system") is { Length: > 0 } s ? s.Trim().ToLowerInvariant() : throw new InvalidOperationException($"{context.ActivityId}: system is empty.");

    public static CanonicalEntity Entity(ActivityContext context) =>
        context.Input<string>("entity") is { Length: > 0 } e ? new CanonicalEntity(e.Trim()) : throw new InvalidOperationException($"{context.ActivityId}: entity is empty.");
}
