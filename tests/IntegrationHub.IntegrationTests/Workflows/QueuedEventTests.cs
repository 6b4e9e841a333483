using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Workflows.Runtime.Events;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// Events that arrive before anybody waits for them, against the real hub: queued for <c>Workflows:EventRetention</c>,
/// handed to the first instance that reaches a matching WaitForEvent (at once, in its run), to that one only.
/// </summary>
public sealed class QueuedEventTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["payment.yaml"] = """
            definitionId: payment
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: paid, type: json }
            root:
              type: Sequence
              activities:
                - { id: wait, type: WaitForEvent, event: payment.received, correlationKey: "${ input.orderNumber }", variable: paid }
                - { id: done, type: Log, message: "paid ${ input.orderNumber }" }
            """,
    };

    [Fact]
    public async Task EventBeforeTheWaiter_IsQueued_AndResumesTheInstanceThatWaitsLater_AtOnce()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: Files);

        var sent = await PostEventAsync(hub, """{"correlationId":"SO-9","payload":{"amount":977.45}}""");
        Assert.Equal(0, sent.GetProperty("resumed").GetArrayLength());
        Assert.Equal(JsonValueKind.String, sent.GetProperty("queuedUntil").ValueKind);

        var run = await RunAsync(hub, """{"orderNumber":"SO-9"}""");

        Assert.Equal("Finished", run.GetProperty("status").GetString());
        var stored = await hub.GetJsonAsync($"api/v1/workflow-instances/{run.GetProperty("instanceId").GetGuid()}");
        Assert.Equal("Finished", stored.GetProperty("status").GetString());
        Assert.Equal(977.45m, stored.GetProperty("variables").GetProperty("paid").GetProperty("amount").GetDecimal());
        Assert.Contains("done", DurableWorkflowTests.Activities(stored));
    }

    [Fact]
    public async Task QueuedEvent_GoesToOneInstanceOnly_AndNeverToAnotherCorrelation()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: Files);
        await PostEventAsync(hub, """{"correlationId":"SO-7"}""");

        var other = await RunAsync(hub, """{"orderNumber":"SO-8"}""");
        var first = await RunAsync(hub, """{"orderNumber":"SO-7"}""");
        var second = await RunAsync(hub, """{"orderNumber":"SO-7"}""");

        Assert.Equal("Suspended", other.GetProperty("status").GetString());
        Assert.Equal("Finished", first.GetProperty("status").GetString());
        Assert.Equal("Suspended", second.GetProperty("status").GetString());

        // A live event still reaches the one left waiting, and is not queued.
        var live = await PostEventAsync(hub, """{"correlationId":"SO-7"}""");
        Assert.Equal(1, live.GetProperty("resumed").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, live.GetProperty("queuedUntil").ValueKind);
    }

    [Fact]
    public async Task WithRetentionZero_NothingIsQueued()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Workflows:EventRetention"] = "00:00:00" }, Files);

        var sent = await PostEventAsync(hub, """{"correlationId":"SO-5"}""");
        var run = await RunAsync(hub, """{"orderNumber":"SO-5"}""");

        Assert.Equal(JsonValueKind.Null, sent.GetProperty("queuedUntil").ValueKind);
        Assert.Equal("Suspended", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task FullQueue_Refuses_With429AndRetryAfter_WhileAWaitedEventStillGoesThrough()
    {
        await using var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Workflows:MaxQueuedEvents"] = "1" }, Files);
        await PostEventAsync(hub, """{"correlationId":"SO-1"}""");
        var waiting = await RunAsync(hub, """{"orderNumber":"SO-3"}""");
        Assert.Equal("Suspended", waiting.GetProperty("status").GetString());

        using var refused = await hub.Http.PostAsync("api/v1/events/payment.received", new StringContent("""{"correlationId":"SO-2"}""", Encoding.UTF8, "application/json"));
        var delivered = await PostEventAsync(hub, """{"correlationId":"SO-3"}"""); // someone waits: no queue needed

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(1, delivered.GetProperty("resumed").GetArrayLength());
    }

    [Fact]
    public async Task Sweep_HandsAQueuedEventToAnInstanceThatAlreadyWaits_Once()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: Files);
        var waiting = await RunAsync(hub, """{"orderNumber":"SO-4"}""");
        Assert.Equal("Suspended", waiting.GetProperty("status").GetString());
        // The window the sweep covers: the event got queued while this instance was already waiting (for example the
        // hub stopped between the instance's commit and its look at the queue).
        var now = DateTimeOffset.UtcNow;
        await hub.App.Services.GetRequiredService<IWorkflowEventQueue>().EnqueueAsync("payment.received", "SO-4", """{"amount":1}""", now, now.AddMinutes(5));
        var sweeper = hub.App.Services.GetRequiredService<QueuedEventSweeper>();

        var first = await sweeper.SweepOnceAsync(CancellationToken.None);
        var second = await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first, second));
        var done = await hub.GetJsonAsync($"api/v1/workflow-instances/{waiting.GetProperty("instanceId").GetGuid()}");
        Assert.Equal("Finished", done.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> PostEventAsync(HubTestHost hub, string body)
    {
        var (status, _, answer) = await DurableWorkflowTests.PostEventAsync(hub, "payment.received", body);
        Assert.Equal(HttpStatusCode.OK, status);
        return answer;
    }

    private static Task<JsonElement> RunAsync(HubTestHost hub, string input) => DurableWorkflowTests.RunAsync(hub, "payment", input);
}
