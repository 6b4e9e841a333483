using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The real hub with its SQLite file: WaitForEvent resumed through the events API (once, by correlation), Delay
/// resumed by the timer service, cancel, leases and recovery of an orphaned instance, the journal's masking.
/// </summary>
public sealed class DurableWorkflowTests
{
    private const string Approval = """
        definitionId: approval
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: steps, type: int, value: 0 }
          - { name: decision, type: json }
        root:
          type: Sequence
          activities:
            - { id: before, type: SetVariable, variable: steps, value: "${ steps + 1 }" }
            - { id: wait, type: WaitForEvent, event: order.approved, correlationKey: "${ input.orderNumber }", variable: decision }
            - { id: after, type: SetVariable, variable: steps, value: "${ steps + 10 }" }
        """;

    private const string Napping = """
        definitionId: napping
        version: 1
        trigger: { type: Manual }
        root:
          type: Sequence
          activities:
            - { id: nap, type: Delay, duration: "00:00:01" }
            - { id: awake, type: Log, message: awake }
        """;

    private const string Blocking = """
        definitionId: blocking
        version: 1
        trigger: { type: Manual }
        root:
          type: Sequence
          activities:
            - { id: block, type: Test.Block }
        """;

    [Fact]
    public async Task Event_ResumesOnlyTheCorrelatedInstance_OnceEvenWhenSentTwiceConcurrently()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["approval.yaml"] = Approval });
        var a = await StartAsync(hub, "approval", """{"orderNumber":"SO-1"}""");
        var b = await StartAsync(hub, "approval", """{"orderNumber":"SO-2"}""");

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => PostEventAsync(hub, "order.approved", """{"correlationId":"SO-1","payload":{"by":"ana"}}""")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var resumed = responses.SelectMany(r => r.Body.GetProperty("resumed").EnumerateArray()).ToList();
        Assert.Equal(a, Assert.Single(resumed).GetProperty("instanceId").GetGuid());
        var instance = await hub.GetJsonAsync($"api/v1/workflow-instances/{a}");
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        Assert.Equal(11, instance.GetProperty("variables").GetProperty("steps").GetInt32());
        Assert.Equal("ana", instance.GetProperty("variables").GetProperty("decision").GetProperty("by").GetString());
        Assert.Equal(["before", "wait", "wait", "after", "root"], Activities(instance));
        Assert.Equal(0, instance.GetProperty("bookmarks").GetArrayLength());
        var other = await hub.GetJsonAsync($"api/v1/workflow-instances/{b}");
        Assert.Equal("Suspended", other.GetProperty("subStatus").GetString());
        Assert.Equal("SO-2", other.GetProperty("bookmarks")[0].GetProperty("correlationKey").GetString());
        Assert.Equal(["root", "wait"], other.GetProperty("position").GetProperty("path").EnumerateArray().Select(p => p.GetString()!).ToArray());
    }

    [Fact]
    public async Task Events_BadBodies_AreProblemDetails_NoMatchIsAnEmptyList_AndTheKeyIsRequired()
    {
        await using var hub = await HubTestHost.StartAsync();

        var notJson = await PostEventAsync(hub, "e", "{nope");
        var array = await PostEventAsync(hub, "e", "[1]");
        var number = await PostEventAsync(hub, "e", """{"correlationId": 5}""");
        var unknown = await PostEventAsync(hub, "e", """{"correlationID": "x"}""");
        var none = await PostEventAsync(hub, "nobody.waits", """{"correlationId":"x","payload":1}""");
        var empty = await PostEventAsync(hub, "nobody.waits", "");
        using var anonymous = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        using var unauthenticated = await anonymous.PostAsync("api/v1/events/e", new StringContent("{}", Encoding.UTF8, "application/json"));

        foreach (var (bad, field) in new[] { (notJson, "$"), (array, "$"), (number, "correlationId"), (unknown, "correlationID") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("application/problem+json", bad.ContentType);
            Assert.True(bad.Body.GetProperty("errors").TryGetProperty(field, out _), bad.Body.ToString());
        }

        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal(0, none.Body.GetProperty("resumed").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Delay_IsResumedByTheTimerService()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["napping.yaml"] = Napping });

        var id = await StartAsync(hub, "napping", "{}");
        var suspended = await hub.GetJsonAsync($"api/v1/workflow-instances/{id}");
        var finished = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/workflow-instances/{id}"), i => i.GetProperty("status").GetString() == "Finished", TimeSpan.FromSeconds(30), "the timer fires");

        Assert.Equal("Suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("Timer", suspended.GetProperty("bookmarks")[0].GetProperty("kind").GetString());
        Assert.Equal("Finished", finished.GetProperty("subStatus").GetString());
        Assert.Equal(["nap", "nap", "awake", "root"], Activities(finished));
    }

    [Fact]
    public async Task Cancel_Suspended_Finished_Unknown_AndExecuting()
    {
        await using var hub = await HubTestHost.StartAsync(
            workflows: new Dictionary<string, string> { ["approval.yaml"] = Approval, ["blocking.yaml"] = Blocking },
            services: s => s.AddSingleton<BlockGate>().AddSingleton<IActivity, BlockActivity>());
        var suspended = await StartAsync(hub, "approval", """{"orderNumber":"SO-9"}""");

        using var cancelled = await hub.Http.PostAsync($"api/v1/workflow-instances/{suspended}/cancel", null);
        using var again = await hub.Http.PostAsync($"api/v1/workflow-instances/{suspended}/cancel", null);
        using var unknown = await hub.Http.PostAsync($"api/v1/workflow-instances/{Guid.NewGuid()}/cancel", null);
        var late = await PostEventAsync(hub, "order.approved", """{"correlationId":"SO-9"}""");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var instance = await hub.GetJsonAsync($"api/v1/workflow-instances/{suspended}");
        Assert.Equal(("Finished", "Cancelled"), (instance.GetProperty("status").GetString(), instance.GetProperty("subStatus").GetString()));
        Assert.Equal(0, instance.GetProperty("bookmarks").GetArrayLength());
        Assert.Equal(0, late.Body.GetProperty("resumed").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Executing in this process: cancelled through its token.
        var gate = hub.App.Services.GetRequiredService<BlockGate>();
        var run = hub.Http.PostAsync("api/v1/workflows/blocking/run", null);
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var executing = (await hub.Http.GetFromJsonAsync<JsonElement>("api/v1/workflow-instances?definitionId=blocking")).EnumerateArray().Single().GetProperty("instanceId").GetGuid();
        using var requested = await hub.Http.PostAsync($"api/v1/workflow-instances/{executing}/cancel", null);
        using var runResponse = await run;

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal("Cancelled", JsonDocument.Parse(await runResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("subStatus").GetString());
        Assert.Equal("Cancelled", (await hub.GetJsonAsync($"api/v1/workflow-instances/{executing}")).GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task Lease_HeldByAnotherNode_BlocksResumeAndCancel_UntilItExpires_ThenRecoveryRunsTheOrphanOnce()
    {
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Workflows:LeaseDuration"] = "00:00:01" },
            workflows: new Dictionary<string, string> { ["approval.yaml"] = Approval });
        var store = hub.App.Services.GetRequiredService<IWorkflowInstanceStore>();
        var leases = hub.App.Services.GetRequiredService<IWorkflowLeaseStore>();
        var suspended = await StartAsync(hub, "approval", """{"orderNumber":"SO-5"}""");
        Assert.True(await leases.TryAcquireLeaseAsync(suspended, "other-node", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5)));

        var blockedEvent = await PostEventAsync(hub, "order.approved", """{"correlationId":"SO-5"}""");
        using var blockedCancel = await hub.Http.PostAsync($"api/v1/workflow-instances/{suspended}/cancel", null);

        Assert.Equal(0, blockedEvent.Body.GetProperty("resumed").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, blockedCancel.StatusCode);
        Assert.Equal("Suspended", (await hub.GetJsonAsync($"api/v1/workflow-instances/{suspended}")).GetProperty("subStatus").GetString());
        await leases.ReleaseLeaseAsync(suspended, "other-node");
        var afterRelease = await PostEventAsync(hub, "order.approved", """{"correlationId":"SO-5"}""");
        Assert.Single(afterRelease.Body.GetProperty("resumed").EnumerateArray());

        // An instance whose owner died while it executed (Running, lease expiring): another node takes it over.
        var orphan = Guid.CreateVersion7();
        await store.CreateOwnedAsync(new WorkflowInstanceRecord(orphan, "approval", 1, "Running", "Executing", null, DateTimeOffset.UtcNow, null, "{}", "[]", null,
            """{"orderNumber":"SO-6"}"""), "dead-node", DateTimeOffset.UtcNow.AddMilliseconds(500));
        var recovered = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/workflow-instances/{orphan}"), i => i.GetProperty("status").GetString() == "Suspended", TimeSpan.FromSeconds(30), "recovery runs the orphan");

        Assert.Equal("SO-6", recovered.GetProperty("bookmarks")[0].GetProperty("correlationKey").GetString());
        Assert.Equal(["before", "wait"], Activities(recovered));
        Assert.Equal(1, recovered.GetProperty("variables").GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task FullJournal_ShowsInputsAndOutputs_WithSecretsMasked()
    {
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Workflows:Journal"] = "Full" },
            workflows: new Dictionary<string, string> { ["approval.yaml"] = Approval });
        var id = await StartAsync(hub, "approval", """{"orderNumber":"SO-3"}""");

        await PostEventAsync(hub, "order.approved", """{"correlationId":"SO-3","payload":{"by":"ana","credentials":{"password":"hunter2","clientSecret":"cs-1"}}}""");

        var instance = await hub.GetJsonAsync($"api/v1/workflow-instances/{id}");
        var journal = instance.GetProperty("journal");
        Assert.Equal("SO-3", journal[1].GetProperty("inputs").GetProperty("correlationKey").GetString());
        var payload = journal[2].GetProperty("outputs").GetProperty("payload");
        Assert.Equal("ana", payload.GetProperty("by").GetString());
        Assert.Equal("***", payload.GetProperty("credentials").GetProperty("password").GetString());
        Assert.Equal("***", payload.GetProperty("credentials").GetProperty("clientSecret").GetString());
        Assert.DoesNotContain("hunter2", journal.ToString());
    }

    internal static async Task<Guid> StartAsync(HubTestHost hub, string definitionId, string input) =>
        (await RunAsync(hub, definitionId, input)).GetProperty("instanceId").GetGuid();

    /// <summary>Runs a workflow through the API (200 asserted) and answers the response body.</summary>
    internal static async Task<JsonElement> RunAsync(HubTestHost hub, string definitionId, string input)
    {
        using var response = await hub.Http.PostAsync($"api/v1/workflows/{definitionId}/run", new StringContent(input, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    internal static string[] Activities(JsonElement instance) =>
        instance.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("activityId").GetString()!).ToArray();

    internal static async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> PostEventAsync(HubTestHost hub, string name, string body)
    {
        using var response = await hub.Http.PostAsync($"api/v1/events/{name}", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public sealed class BlockGate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Activity("Test.Block", "Waits until cancelled.")]
    public sealed class BlockActivity(BlockGate gate) : IActivity
    {
        public async ValueTask<string> ExecuteAsync(ActivityContext context)
        {
            gate.Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return ActivityOutcomes.Done;
        }
    }
}
