using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Testing;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Host.Tests.Workflows;

/// <summary>The names a workflow may use on the hub, and the load-time checks they drive.</summary>
public sealed class HubKnownNamesTests
{
    [Fact]
    public void Names_Topics_AreDeclaredPlusTheHubsOwnAndTheirDeadLetterTopics()
    {
        using var services = HubEngine.Create(new Dictionary<string, string?>
        {
            ["Kafka:Topics:0"] = "crm.accounts",
            ["Kafka:Topics:1"] = "erp.invoices",
            ["Hub:OrdersTopic"] = "erp.orders.v2",
        });

        var topics = services.GetRequiredService<IKnownNames>().Names(NameKinds.Topic);

        Assert.Equal(["crm.accounts", "crm.accounts.dlq", "erp.invoices", "erp.invoices.dlq", "erp.orders.v2", "erp.orders.v2.dlq"], topics!.Order().ToArray());
    }

    [Fact]
    public void Names_HttpClientsAndWorkflows_ComeFromConfigurationAndTheCatalog()
    {
        using var dir = new TempDirectory();
        using var services = HubEngine.Create(new Dictionary<string, string?> { ["Workflows:HttpClients:crm:BaseAddress"] = "https://crm.example/" });
        File.WriteAllText(dir.File("a.yaml"), "definitionId: a\nversion: 1\ntrigger: { type: Manual }\nroot: { type: Sequence, activities: [] }\n");
        services.GetRequiredService<WorkflowCatalog>().LoadFile(dir.File("a.yaml"));
        var names = services.GetRequiredService<IKnownNames>();

        Assert.Equal(["crm"], names.Names(NameKinds.HttpClient));
        Assert.Equal(["a"], names.Names(NameKinds.Workflow));
        Assert.Null(names.Names(NameKinds.Connector)); // none registered here: not checked
    }

    [Fact]
    public void Load_UnknownTriggerTopicAndHttpClient_AreReportedWithTheirPositions()
    {
        using var services = HubEngine.Create(new Dictionary<string, string?> { ["Workflows:HttpClients:crm:BaseAddress"] = "https://crm.example/" });

        var result = services.GetRequiredService<WorkflowEngine>().Load("names.yaml", """
            definitionId: names
            version: 1
            trigger: { type: Kafka.MessageReceived, topic: erp.order }
            root:
              type: Sequence
              activities:
                - { id: call, type: SendHttpRequest, client: erp }
                - { id: dynamic, type: SendHttpRequest, client: "${ input.client }" }
            """);

        Assert.Equal(
            [
                "names.yaml:3:48 trigger.topic: unknown topic 'erp.order' (known: erp.orders, erp.orders.dlq)",
                "names.yaml:7:50 root.activities[0].client: unknown httpClient 'erp' (known: crm)",
            ],
            result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Load_ConnectorActivityWithAnUnregisteredSystem_IsRejected()
    {
        using var services = HubEngine.Create(configure: s =>
        {
            s.AddSingleton<IntegrationHub.Connectors.IConnector>(new NamedConnector("fxiaoke"));
            s.AddSingleton<IntegrationHub.Connectors.IConnector>(new NamedConnector("xero"));
            s.AddSingleton<ConnectorRegistry>();
        });

        var result = services.GetRequiredService<WorkflowEngine>().Load("conn.yaml", """
            definitionId: conn
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: record, type: json }
            root:
              type: Sequence
              activities:
                - { id: ok, type: Connector.Get, system: FXiaoke, entity: customer, externalId: "1", resultVariable: record }
                - { id: bad, type: Connector.Get, system: zoho, entity: customer, externalId: "1", resultVariable: record }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("conn.yaml:10:47 root.activities[1].system: unknown connector 'zoho' (known: fxiaoke, xero)", error.ToString());
    }

    [Fact]
    public void Load_InAHostWithNoConnectorConfigured_AConnectorFlowIsRejected_ButTheCliCannotKnowAndAcceptsIt()
    {
        const string flow = """
            definitionId: conn
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: get, type: Connector.Get, system: fxiaoke, entity: customer, externalId: "1" }
            """;
        using var host = HubEngine.Create(configure: s => s.AddSingleton<ConnectorRegistry>());
        using var cli = HubEngine.Create();

        var inHost = host.GetRequiredService<WorkflowEngine>().Load("conn.yaml", flow);
        var inCli = cli.GetRequiredService<WorkflowEngine>().Load("conn.yaml", flow);

        Assert.Contains("unknown connector 'fxiaoke'", Assert.Single(inHost.Errors).ToString(), StringComparison.Ordinal);
        Assert.Empty(inCli.Errors);
    }
}
