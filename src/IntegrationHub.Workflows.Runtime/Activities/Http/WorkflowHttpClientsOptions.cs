namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>The named HTTP clients workflows may use, by name. Bound from <c>Workflows:HttpClients</c>; the default is none.</summary>
public sealed class WorkflowHttpClientsOptions
{
    public const string Section = "Workflows:HttpClients";

    /// <summary>Prefix of the <c>IHttpClientFactory</c> client names, so workflow clients never collide with the hub's own.</summary>
    public const string FactoryPrefix = "workflow:";

    public Dictionary<string, WorkflowHttpClientOptions> Clients { get; } = new(StringComparer.Ordinal);
}
