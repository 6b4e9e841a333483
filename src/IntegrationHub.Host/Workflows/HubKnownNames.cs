using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Workflows.Runtime.Activities.Http;
using IntegrationHub.Kafka;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Catalog;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// What a workflow may name on this hub, for load-time checks. Topics: those declared in <c>Kafka:Topics</c>, the hub's
/// own (<c>Hub:OrdersTopic</c>) and the <c>.dlq</c> of each (a workflow may consume dead letters). HTTP clients: the names
/// under <c>Workflows:HttpClients</c>. Connectors: the <see cref="IConnector.System"/> of every connector in the host's registry
/// (case-insensitive, as the registry), so a flow naming a connector that is not configured does not load (it would fault on
/// every trigger); not checked in the CLI, which has no registry and cannot know them. Workflows: the catalog's definition
/// ids (an unknown one is a warning, since files load in any order). Read from configuration, so the host and the
/// CLI's <c>validate</c> apply the same rule.
/// </summary>
internal sealed class HubKnownNames(IConfiguration configuration, IServiceProvider services) : IKnownNames
{
    private readonly Lazy<string[]> _topics = new(() =>
    {
        var declared = configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>()?.Topics ?? [];
        var hub = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        return [.. declared.Append(hub.OrdersTopic).Where(t => !string.IsNullOrWhiteSpace(t)).SelectMany(t => new[] { t, t + ".dlq" }).Distinct(StringComparer.Ordinal)];
    });

    private readonly Lazy<string[]> _httpClients = new(() => [.. configuration.GetSection(WorkflowHttpClientsOptions.Section).GetChildren().Select(c => c.Key)]);

    public IReadOnlyCollection<string>? Names(string kind) => kind switch
    {
        NameKinds.Topic => _topics.Value,
        NameKinds.HttpClient => _httpClients.Value,
        NameKinds.Connector => services.GetService<ConnectorRegistry>() is { } registry ? registry.Systems.ToHashSet(StringComparer.OrdinalIgnoreCase) : null,
        NameKinds.Workflow => [.. services.GetRequiredService<WorkflowCatalog>().Definitions.Keys],
        _ => null,
    };
}
