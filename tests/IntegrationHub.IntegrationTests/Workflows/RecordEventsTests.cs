using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// Record.Observe on the whole hub: each change of a record's content queues one CloudEvent with its state (same
/// transaction), the relay publishes them to Kafka keyed by hub id in the order the changes committed, and an
/// unchanged or older re-read publishes nothing.
/// </summary>
public sealed class RecordEventsTests
{
    [Fact]
    public async Task Changes_ArePublishedOncePerChange_InOrder_KeyedByHubId()
    {
        var topic = SharedKafka.UniqueName("crm.customers");
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string>
        {
            ["observe.yaml"] = $$"""
                definitionId: observe-customer
                version: 1
                trigger: { type: Manual }
                root:
                  type: Sequence
                  activities:
                    - { id: observe, type: Record.Observe, entity: customer, record: "${ input }", topic: {{topic}} }
                """,
        });

        string[] names = ["Acme", "Acme", "Acme Ltd", "Acme Old", "Acme Group"];
        long[] versions = [1, 2, 3, 2, 4];
        for (var i = 0; i < names.Length; i++)
        {
            using var response = await hub.Http.PostAsJsonAsync("api/v1/workflows/observe-customer/run",
                new { system = "fxiaoke", externalId = "ACC-1", sourceVersion = versions[i], payload = new { name = names[i] } });
            response.EnsureSuccessStatusCode();
        }

        var records = await KafkaProbe.ReadAllAsync(topic, minimum: 3, timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(3, records.Count);
        Assert.Single(records.Select(r => Encoding.UTF8.GetString(r.Message.Key!)).Distinct());
        var published = records.OrderBy(r => r.Offset.Value)
            .Select(r => JsonDocument.Parse(r.Message.Value!).RootElement.GetProperty("payload").GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["Acme", "Acme Ltd", "Acme Group"], published);
        await Eventually.Await(() => hub.CountRowsAsync("record_events WHERE published_at IS NULL"), n => n == 0, TimeSpan.FromSeconds(10), "every queued event is marked published");
    }
}
