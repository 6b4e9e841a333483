using System.Text;
using IntegrationHub.Kafka.Consuming;
using IntegrationHub.Messaging;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Kafka-triggered workflows: each record starts an instance; a faulted instance fails the record (retry, then DLQ).</summary>
public sealed class KafkaTriggerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task FaultingWorkflow_RecordIsRetriedThenDeadLettered_WithTheIncident_AndEachAttemptIsAnInstance()
    {
        var topic = SharedKafka.UniqueName("wf-fault");
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Kafka:MaxAttempts"] = "2", ["Kafka:Topics:0"] = topic },
            new Dictionary<string, string> { ["fails.yaml"] = $$"""
                definitionId: fails
                version: 1
                trigger: { type: Kafka.MessageReceived, topic: {{topic}} }
                root:
                  type: Sequence
                  activities:
                    - { id: boom, type: Fail, message: "cannot handle ${ input.data.what }" }
                """ });

        await Publish(hub, topic, "evt-1", """{"what":"this"}""");

        var dead = Assert.Single(await KafkaProbe.ReadAllAsync(topic + ".dlq", minimum: 1, timeout: Wait));
        var reason = Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason));
        Assert.Contains("faulted at boom: cannot handle this", reason);
        Assert.Equal("2", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.Attempts)));
        var instances = await hub.GetJsonAsync("api/v1/workflow-instances?definitionId=fails&status=Faulted");
        Assert.Equal(2, instances.GetArrayLength());
        Assert.All(instances.EnumerateArray(), i => Assert.Equal("evt-1", i.GetProperty("correlationId").GetString()));
        var flow = await hub.FlowAsync("fails");
        Assert.Equal(1, flow.GetProperty("deadLettered").GetInt32());
    }

    [Fact]
    public async Task OrderFlow_EventWithoutAnOrderNumber_IsPoison_DeadLetteredAfterOneAttempt()
    {
        await using var hub = await HubTestHost.StartAsync();

        await Publish(hub, hub.OrdersTopic, "evt-bad", """{"orderNumber": 42, "lines": "none"}""");

        var dead = Assert.Single(await KafkaProbe.ReadAllAsync(hub.OrdersTopic + ".dlq", minimum: 1, timeout: Wait));
        Assert.Equal("1", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.Attempts)));
        Assert.Contains("remember: records.externalId must be a non-empty string", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason)));
        Assert.Empty(hub.Crm.Records.All("SalesOrderObj"));
    }

    [Fact]
    public async Task OrderFlow_OrderTheConnectorRefuses_FailsWithTheConnectorsReason_AndIsDeadLetteredAfterItsAttempts()
    {
        await using var hub = await HubTestHost.StartAsync();

        await Publish(hub, hub.OrdersTopic, "evt-refused", """{"orderNumber": "SO-BAD", "customerNumber": "CUST-1", "lines": "none"}""");

        var dead = Assert.Single(await KafkaProbe.ReadAllAsync(hub.OrdersTopic + ".dlq", minimum: 1, timeout: Wait));
        var reason = Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason));
        Assert.Contains("faulted at rejected: the CRM refused order SO-BAD", reason);
        Assert.Contains("not a canonical sales order", reason);
        Assert.Empty(hub.Crm.Records.All("SalesOrderObj"));
    }

    [Fact]
    public async Task RemovedWorkflow_StopsConsuming_SoRecordsWaitInTheTopicUntilItReturns_InsteadOfBeingDeadLettered()
    {
        var topic = SharedKafka.UniqueName("wf-removed");
        string Echo(int version) => $$"""
            definitionId: echo
            version: {{version}}
            trigger: { type: Kafka.MessageReceived, topic: {{topic}} }
            root:
              type: Sequence
              activities:
                - { id: seen, type: SetVariable, variable: what, value: "${ input.data.what }" }
            variables:
              - { name: what, type: string }
            """;
        // One attempt: a record handled while the workflow is missing would go straight to the DLQ.
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Kafka:MaxAttempts"] = "1", ["Kafka:Topics:0"] = topic },
            new Dictionary<string, string> { ["echo.yaml"] = Echo(1) });
        await Publish(hub, topic, "evt-1", """{"what":"first"}""");
        await Eventually.Await(() => Instances(hub), i => i.Any(x => x.Id == "evt-1" && x.Version == 1), Wait, "evt-1 handled by v1");

        File.Delete(Path.Combine(hub.WorkflowsPath, "echo.yaml"));
        var retired = await Eventually.Await(() => hub.GetJsonAsync("api/v1/workflows/echo"), w => w.GetProperty("retired").GetBoolean(), Wait, "echo retired");
        Assert.Equal(1, retired.GetProperty("version").GetInt32());
        var run = await hub.Http.PostAsync("api/v1/workflows/echo/run", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, run.StatusCode);
        await Publish(hub, topic, "evt-2", """{"what":"second"}""");
        await File.WriteAllTextAsync(Path.Combine(hub.WorkflowsPath, "echo.yaml"), Echo(2));

        var after = await Eventually.Await(() => Instances(hub), i => i.Any(x => x.Id == "evt-2"), Wait, "evt-2 handled once echo is back");
        Assert.Equal(2, after.Single(x => x.Id == "evt-2").Version);
        Assert.Empty(await KafkaProbe.ReadAllAsync(topic + ".dlq", minimum: 0, timeout: TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task LeanKafkaWorkflow_StoresOnlyTheFaultedInstance_AndDeadLettersItsRecord()
    {
        var topic = SharedKafka.UniqueName("wf-lean");
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Kafka:MaxAttempts"] = "1", ["Kafka:Topics:0"] = topic },
            new Dictionary<string, string> { ["lean.yaml"] = $$"""
                definitionId: lean
                version: 1
                persistence: onSuspendOrFault
                trigger: { type: Kafka.MessageReceived, topic: {{topic}} }
                variables:
                  - { name: share, type: int }
                root:
                  type: Sequence
                  activities:
                    - { id: divide, type: SetVariable, variable: share, value: "${ 100 / (int)input[\"data\"]![\"n\"]! }" }
                """ });

        // One key: the records run in order, so when the last one is dead-lettered the others are done.
        await Publish(hub, topic, "evt-a", """{"n":4}""");
        await Publish(hub, topic, "evt-b", """{"n":5}""");
        await Publish(hub, topic, "evt-zero", """{"n":0}""");

        var dead = Assert.Single(await KafkaProbe.ReadAllAsync(topic + ".dlq", minimum: 1, timeout: Wait));
        Assert.Contains("faulted at divide", Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason)));
        var stored = (await hub.GetJsonAsync("api/v1/workflow-instances?definitionId=lean")).EnumerateArray().ToList();
        var only = Assert.Single(stored);
        Assert.Equal("evt-zero", only.GetProperty("correlationId").GetString());
        Assert.Equal("Faulted", only.GetProperty("subStatus").GetString());
    }

    private static async Task<List<(string? Id, int Version)>> Instances(HubTestHost hub) =>
        (await hub.GetJsonAsync("api/v1/workflow-instances?definitionId=echo")).EnumerateArray()
            .Select(i => (i.GetProperty("correlationId").GetString(), i.GetProperty("version").GetInt32())).ToList();

    private static Task<PublishReceipt> Publish(HubTestHost hub, string topic, string id, string json) =>
        hub.App.Services.GetRequiredService<IMessagePublisher>().PublishAsync(new OutgoingMessage(topic, "k1", new CloudEvent
        {
            Id = id,
            Source = new Uri("/tests", UriKind.Relative),
            Type = "test.v1",
            Time = DateTimeOffset.UtcNow,
            Data = Encoding.UTF8.GetBytes(json),
        }));
}
