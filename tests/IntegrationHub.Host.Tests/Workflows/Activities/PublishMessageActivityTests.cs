using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Host.Tests.Workflows.Activities;

/// <summary>PublishMessage against the embedded Kafka cluster: the record, its CloudEvents headers, the receipt, failures.</summary>
public sealed class PublishMessageActivityTests
{
    private static string Flow(string topic, string extra = "", string payload = "${ input.data }") => $$"""
        definitionId: publish
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: receipt, type: json }
        root:
          type: Sequence
          activities:
            - id: publish
              type: PublishMessage
              topic: {{topic}}
              key: ${ input.customer }
              eventType: com.example.order.synced.v1
              subject: ${ input.order }
              payload: {{payload}}
              resultVariable: receipt
              {{extra}}
        """;

    [Fact]
    public async Task PublishMessage_ConfirmedRecord_CarriesTheCloudEventAndReceipt()
    {
        var topic = SharedKafka.UniqueName("wf.publish");
        await using var services = HubEngine.Create(new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic });

        var result = await services.RunAsync(Flow(topic, "eventId: evt-1"), JsonNode.Parse("""{"customer": "C-7", "order": "SO-9", "data": {"order": "SO-9", "lines": 2}}"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var record = Assert.Single(await KafkaProbe.ReadAllAsync(topic, 1));
        Assert.Equal("C-7", Encoding.UTF8.GetString(record.Message.Key!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"order": "SO-9", "lines": 2}"""), JsonNode.Parse(record.Message.Value!)));
        string Header(string name) => Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
        Assert.Equal("1.0", Header("ce_specversion"));
        Assert.Equal("evt-1", Header("ce_id"));
        Assert.Equal("com.example.order.synced.v1", Header("ce_type"));
        Assert.Equal("/integration-hub/workflows/publish", Header("ce_source"));
        Assert.Equal("SO-9", Header("ce_subject"));
        Assert.Equal("application/json", Header("content-type"));
        var receipt = Assert.IsType<JsonObject>(result.Variables["receipt"], exactMatch: false);
        Assert.Equal(topic, (string?)receipt["topic"]);
        Assert.Equal(record.Partition.Value, (int)receipt["partition"]!);
        Assert.Equal(record.Offset.Value, (long)receipt["offset"]!);
        Assert.Equal("evt-1", (string?)receipt["id"]);
    }

    [Fact]
    public async Task PublishMessage_WithoutId_GivesEachEventANewId()
    {
        var topic = SharedKafka.UniqueName("wf.publish");
        await using var services = HubEngine.Create(new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic });
        var workflow = services.Load(Flow(topic, "source: urn:erp:test"));
        var engine = services.GetRequiredService<IntegrationHub.Workflows.WorkflowEngine>();

        await engine.RunAsync(workflow, JsonNode.Parse("""{"customer": "C-1", "order": "SO-1"}"""));
        await engine.RunAsync(workflow, JsonNode.Parse("""{"customer": "C-1", "order": "SO-1"}"""));

        var records = await KafkaProbe.ReadAllAsync(topic, 2);
        Assert.Equal(2, records.Count);
        Assert.NotEqual(records[0].Message.Headers.GetLastBytes("ce_id"), records[1].Message.Headers.GetLastBytes("ce_id"));
        Assert.All(records, r => Assert.Equal("urn:erp:test", Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("ce_source"))));
    }

    [Fact]
    public async Task PublishMessage_LiteralJsonPayload_IsTheRecordValue()
    {
        var topic = SharedKafka.UniqueName("wf.publish");
        await using var services = HubEngine.Create(new Dictionary<string, string?> { ["Kafka:Topics:0"] = topic });

        var result = await services.RunAsync(Flow(topic, payload: "{ status: synced, lines: [1, 2], ok: true }"), JsonNode.Parse("""{"customer": "C-1", "order": "SO-1"}"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var record = Assert.Single(await KafkaProbe.ReadAllAsync(topic, 1));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"status": "synced", "lines": [1, 2], "ok": true}"""), JsonNode.Parse(record.Message.Value!)));
    }

    [Fact]
    public async Task PublishMessage_TopicThatIsNotAKafkaName_FaultsNamingIt()
    {
        await using var services = HubEngine.Create();

        var result = await services.RunAsync(Flow("${ input.topic }"), JsonNode.Parse("""{"customer": "C-1", "order": "SO-1", "topic": "no spaces allowed"}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("publish", result.Incident!.ActivityId);
        Assert.Equal("topic 'no spaces allowed' is not a Kafka topic name (1-249 of A-Z a-z 0-9 . _ -).", result.Incident.Message);
    }

    [Fact]
    public void PublishMessage_LiteralTopicTheHubDoesNotKnow_IsRejectedAtLoad()
    {
        using var services = HubEngine.Create(new Dictionary<string, string?> { ["Kafka:Topics:0"] = "crm.accounts", ["Hub:OrdersTopic"] = "erp.orders" });

        var result = services.GetRequiredService<IntegrationHub.Workflows.WorkflowEngine>().Load("publish.yaml", Flow("crm.acounts"));

        Assert.False(result.Succeeded);
        Assert.Equal("publish.yaml:11:14 root.activities[0].topic: unknown topic 'crm.acounts' (known: crm.accounts, crm.accounts.dlq, erp.orders, erp.orders.dlq)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task PublishMessage_UnreachableCluster_FaultsInsteadOfCompleting()
    {
        await using var services = HubEngine.Create(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Kafka:DeliveryTimeout"] = "00:00:01",
            ["Kafka:Topics:0"] = "wf.unreachable",
        });

        var result = await services.RunAsync(Flow("wf.unreachable"), JsonNode.Parse("""{"customer": "C-1", "order": "SO-1"}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(nameof(IntegrationHub.Messaging.PublishException), result.Incident!.ExceptionType);
        Assert.StartsWith("Publishing to wf.unreachable failed", result.Incident.Message);
    }
}
