using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Tests.Loading;

/// <summary>A host that knows two topics and one HTTP client, and does not track connectors.</summary>
internal sealed class FixedKnownNames : IKnownNames
{
    public IReadOnlyCollection<string>? Names(string kind) => kind switch
    {
        NameKinds.Topic => ["erp.orders", "erp.orders.dlq"],
        NameKinds.HttpClient => ["crm"],
        NameKinds.Workflow => ["other"],
        _ => null,
    };
}
