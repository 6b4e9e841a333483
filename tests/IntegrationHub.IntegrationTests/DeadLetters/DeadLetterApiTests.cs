using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Messaging;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.DeadLetters;

/// <summary>
/// Dead letters as data through the API: a Kafka-triggered workflow that faults leaves an entry naming the flow, the
/// workflow instance and the reason; it can be listed (filtered, paged), read (payload, headers, history), replayed (a
/// copy that fails again reopens the same entry; after the fix it resolves, with its effect once and no other consumer
/// group handling the copy) and discarded with a reason (audit), each under its scope.
/// </summary>
public sealed class DeadLetterApiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private const string ReaderKey = "dead-letter-reader-0123456789";

    private static string Divider(string topic, int version, string divisor) => $$"""
        definitionId: divider
        version: {{version}}
        trigger: { type: Kafka.MessageReceived, topic: {{topic}} }
        variables:
          - { name: share, type: int }
        root:
          type: Sequence
          activities:
            - { id: divide, type: SetVariable, variable: share, value: "${ 100 / ({{divisor}}) }" }
        """;

    private static string Counter(string topic) => $$"""
        definitionId: counter
        version: 1
        trigger: { type: Kafka.MessageReceived, topic: {{topic}} }
        variables:
          - { name: n, type: string }
        root:
          type: Sequence
          activities:
            - { id: seen, type: SetVariable, variable: n, value: "${ input.data.n }" }
        """;

    [Fact]
    public async Task FaultedRecords_AreEntries_ListedPagedAndRead_ReplayedUntilFixed_ThenResolvedOnce_OrDiscardedWithAReason()
    {
        var topic = SharedKafka.UniqueName("dl-api");
        const string failing = """(int)input[\"data\"]![\"n\"]!"""; // escaped for YAML's double quotes
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Kafka:MaxAttempts"] = "1",
                ["Kafka:Topics:0"] = topic,
                ["Hub:Clients:reader:Key"] = ReaderKey,
                ["Hub:Clients:reader:Scopes"] = "dead-letters:read",
            },
            new Dictionary<string, string> { ["divider.yaml"] = Divider(topic, 1, failing), ["counter.yaml"] = Counter(topic) });

        foreach (var (id, n) in new[] { ("evt-a", 0), ("evt-b", 0), ("evt-c", 0), ("evt-ok", 4) })
        {
            await Publish(hub, topic, id, $$"""{"n":{{n}}}""");
        }

        JsonElement listed;
        try
        {
            listed = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/dead-letters?flow=divider"),
                p => p.GetProperty("deadLetters").GetArrayLength() == 3, Wait, "three dead letters of divider");
        }
        catch (TimeoutException)
        {
            var all = await hub.GetJsonAsync("api/v1/dead-letters");
            var dead = await KafkaProbe.ReadAllAsync(topic + ".dlq", timeout: TimeSpan.FromSeconds(2));
            Assert.Fail($"all: {all}; dlq {dead.Count}; flows {await hub.GetJsonAsync("api/v1/flows")}");
            throw;
        }

        var entries = listed.GetProperty("deadLetters").EnumerateArray().ToList();
        Assert.Equal("", listed.GetProperty("nextPageToken").GetString());
        Assert.True(entries[0].GetProperty("id").GetInt64() > entries[1].GetProperty("id").GetInt64(), "newest first");
        foreach (var e in entries)
        {
            Assert.Equal("open", e.GetProperty("status").GetString());
            Assert.Equal(topic, e.GetProperty("topic").GetString());
            Assert.Equal("hub.wf.divider", e.GetProperty("consumerGroup").GetString());
            Assert.Equal("divider", e.GetProperty("workflow").GetString());
            Assert.Contains("faulted at divide", e.GetProperty("reason").GetString());
            Assert.Equal(1, e.GetProperty("attempts").GetInt32());
            var instance = e.GetProperty("instanceId").GetGuid();
            var stored = await hub.GetJsonAsync($"api/v1/workflow-instances/{instance}");
            Assert.Equal("Faulted", stored.GetProperty("subStatus").GetString());
        }

        var byKey = new Dictionary<string, long>();
        foreach (var e in entries)
        {
            var detail = await hub.GetJsonAsync($"api/v1/dead-letters/{e.GetProperty("id").GetInt64()}");
            var payload = detail.GetProperty("payload");
            Assert.Equal("json", payload.GetProperty("encoding").GetString());
            Assert.Equal(0, payload.GetProperty("json").GetProperty("n").GetInt32());
            Assert.Equal(topic + ".dlq", detail.GetProperty("deadLetterTopic").GetString());
            Assert.Contains(detail.GetProperty("headers").EnumerateArray(), h => h.GetProperty("name").GetString() == "ce_id");
            var ceId = detail.GetProperty("headers").EnumerateArray().First(h => h.GetProperty("name").GetString() == "ce_id").GetProperty("value").GetString()!;
            byKey[ceId] = e.GetProperty("id").GetInt64();
        }

        Assert.Equal(["evt-a", "evt-b", "evt-c"], byKey.Keys.Order(StringComparer.Ordinal));

        // Paging: 2 + 1, and a token is bound to its filters.
        var first = await hub.GetJsonAsync("api/v1/dead-letters?flow=divider&pageSize=2");
        Assert.Equal(2, first.GetProperty("deadLetters").GetArrayLength());
        var token = first.GetProperty("nextPageToken").GetString()!;
        var second = await hub.GetJsonAsync($"api/v1/dead-letters?flow=divider&pageSize=2&pageToken={Uri.EscapeDataString(token)}");
        Assert.Equal(entries[2].GetProperty("id").GetInt64(), Assert.Single(second.GetProperty("deadLetters").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal("", second.GetProperty("nextPageToken").GetString());
        await AssertProblem(hub.Http.GetAsync($"api/v1/dead-letters?flow=counter&pageToken={Uri.EscapeDataString(token)}"), HttpStatusCode.BadRequest, "pageToken");
        Assert.Empty((await hub.GetJsonAsync("api/v1/dead-letters?flow=counter")).GetProperty("deadLetters").EnumerateArray());
        Assert.Equal(3, (await hub.GetJsonAsync("api/v1/dead-letters?reason=FAULTED%20AT%20DIVIDE&status=open")).GetProperty("deadLetters").GetArrayLength());

        // Bad input: specific 400s and 404s, never a 500.
        await AssertProblem(hub.Http.GetAsync("api/v1/dead-letters?flw=divider"), HttpStatusCode.BadRequest, "unknown parameter 'flw'");
        await AssertProblem(hub.Http.GetAsync("api/v1/dead-letters?status=lost"), HttpStatusCode.BadRequest, "status must be one of");
        await AssertProblem(hub.Http.GetAsync("api/v1/dead-letters?from=yesterday"), HttpStatusCode.BadRequest, "ISO 8601");
        await AssertProblem(hub.Http.GetAsync("api/v1/dead-letters?pageSize=100000"), HttpStatusCode.BadRequest, "pageSize");
        await AssertProblem(hub.Http.GetAsync("api/v1/dead-letters?pageToken=forged"), HttpStatusCode.BadRequest, "pageToken");
        await AssertProblem(hub.Http.GetAsync("api/v1/dead-letters/999999"), HttpStatusCode.NotFound, "No dead letter 999999");
        await AssertProblem(hub.Http.PostAsync("api/v1/dead-letters/999999/replay", null), HttpStatusCode.NotFound, "No dead letter");
        await AssertProblem(hub.Http.PostAsync("api/v1/dead-letters/replay?status=resolved", null), HttpStatusCode.BadRequest, "Only open or replayed");
        await AssertProblem(hub.Http.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}?why=x"), HttpStatusCode.BadRequest, "unknown parameter 'why'");
        await AssertProblem(hub.Http.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}?reason=%20%20"), HttpStatusCode.BadRequest, "1 to 500 characters");
        await AssertProblem(hub.Http.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}"), HttpStatusCode.BadRequest, "reason");
        await AssertProblem(hub.Http.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}?reason={new string('x', 501)}"), HttpStatusCode.BadRequest, "reason");
        await AssertProblem(hub.Http.DeleteAsync("api/v1/dead-letters/999999?reason=gone"), HttpStatusCode.NotFound, "No dead letter");

        // Scopes: a reader reads but cannot replay or discard.
        using (var reader = new HttpClient { BaseAddress = hub.Http.BaseAddress })
        {
            reader.DefaultRequestHeaders.Add("X-Api-Key", ReaderKey);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"api/v1/dead-letters/{byKey["evt-a"]}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"api/v1/dead-letters/{byKey["evt-a"]}/replay", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("api/v1/dead-letters/replay", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}?reason=no")).StatusCode);
        }

        // Discard evt-c with a reason: kept as the audit; final.
        var discarded = await ReadJson(await hub.Http.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}?reason={Uri.EscapeDataString("test order, never real")}"), HttpStatusCode.OK);
        Assert.Equal("discarded", discarded.GetProperty("entry").GetProperty("status").GetString());
        Assert.Equal("test order, never real", discarded.GetProperty("discardReason").GetString());
        Assert.Equal("erp-test", discarded.GetProperty("discardedBy").GetString());
        await AssertProblem(hub.Http.DeleteAsync($"api/v1/dead-letters/{byKey["evt-c"]}?reason=again"), HttpStatusCode.Conflict, "is discarded");
        await AssertProblem(hub.Http.PostAsync($"api/v1/dead-letters/{byKey["evt-c"]}/replay", null), HttpStatusCode.Conflict, "is discarded");

        // Replay evt-a before the fix: the copy fails again and reopens the same entry, with its history.
        var replayed = await ReadJson(await hub.Http.PostAsync($"api/v1/dead-letters/{byKey["evt-a"]}/replay", null), HttpStatusCode.Accepted);
        // The answer reads the entry after marking it: "replayed", or already "open" again when the copy failed that fast.
        var answered = replayed.GetProperty("entry");
        Assert.True(answered.GetProperty("status").GetString() == "replayed"
            || (answered.GetProperty("status").GetString() == "open" && answered.GetProperty("failures").GetInt32() == 2), answered.ToString());
        var reopened = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/dead-letters/{byKey["evt-a"]}"),
            d => d.GetProperty("entry").GetProperty("failures").GetInt32() == 2, Wait, "the failed replay lands on the same entry");
        Assert.Equal("open", reopened.GetProperty("entry").GetProperty("status").GetString());
        Assert.Equal(1, reopened.GetProperty("entry").GetProperty("replays").GetInt32());
        Assert.Contains(reopened.GetProperty("history").EnumerateArray(), h => h.GetProperty("event").GetString() == "failed");
        Assert.Equal(3, (await hub.GetJsonAsync("api/v1/dead-letters?flow=divider")).GetProperty("deadLetters").GetArrayLength());

        // The fix, then a bulk replay of what is open (evt-a and evt-b, not the discarded evt-c): both resolve.
        await File.WriteAllTextAsync(Path.Combine(hub.WorkflowsPath, "divider.yaml"), Divider(topic, 2, failing + " + 1"));
        await Eventually.Await(() => hub.GetJsonAsync("api/v1/workflows/divider"), w => w.GetProperty("version").GetInt32() == 2, Wait, "divider v2 loaded");
        var bulk = await ReadJson(await hub.Http.PostAsync("api/v1/dead-letters/replay?flow=divider", null), HttpStatusCode.Accepted);
        Assert.Equal(2, bulk.GetProperty("count").GetInt32());
        Assert.False(bulk.GetProperty("more").GetBoolean());
        Assert.Equal(new[] { byKey["evt-a"], byKey["evt-b"] }.Order(), bulk.GetProperty("replayed").EnumerateArray().Select(i => i.GetInt64()).Order());

        await Eventually.Await(() => hub.GetJsonAsync("api/v1/dead-letters?flow=divider&status=resolved"),
            p => p.GetProperty("deadLetters").GetArrayLength() == 2, Wait, "both replays resolved");
        var finished = (await hub.GetJsonAsync("api/v1/workflow-instances?definitionId=divider")).EnumerateArray()
            .Where(i => i.GetProperty("subStatus").GetString() == "Finished").Select(i => i.GetProperty("correlationId").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["evt-a", "evt-b", "evt-ok"], finished);

        // The other consumer group (counter) handled each original once and passed the copies by; nothing more was dead-lettered.
        var counted = (await hub.GetJsonAsync("api/v1/workflow-instances?definitionId=counter")).EnumerateArray()
            .Select(i => i.GetProperty("correlationId").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["evt-a", "evt-b", "evt-c", "evt-ok"], counted);
        var dlq = await KafkaProbe.ReadAllAsync(topic + ".dlq", minimum: 4, timeout: TimeSpan.FromSeconds(5));
        Assert.Equal(4, dlq.Count); // three originals and the one failed replay
        await AssertProblem(hub.Http.PostAsync($"api/v1/dead-letters/{byKey["evt-a"]}/replay", null), HttpStatusCode.Conflict, "is resolved");
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static async Task AssertProblem(Task<HttpResponseMessage> call, HttpStatusCode status, string text)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(text, body, StringComparison.Ordinal);
    }

    private static Task<PublishReceipt> Publish(HubTestHost hub, string topic, string id, string json) =>
        hub.App.Services.GetRequiredService<IMessagePublisher>().PublishAsync(new OutgoingMessage(topic, id, new CloudEvent
        {
            Id = id,
            Source = new Uri("/tests", UriKind.Relative),
            Type = "test.v1",
            Time = DateTimeOffset.UtcNow,
            Data = Encoding.UTF8.GetBytes(json),
        }));
}
