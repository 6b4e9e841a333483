using System.Net;
using System.Text;
using System.Text.Json;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// <c>persistence: onSuspendOrFault</c> against the real hub and its SQLite file: an instance that finishes in one go
/// leaves no row; one that faults or suspends is stored and from then on behaves like any other (resumable, listed).
/// </summary>
public sealed class InstancePersistenceTests
{
    private static string Flow(string id, string persistence, string activities) => $$"""
        definitionId: {{id}}
        version: 1
        persistence: {{persistence}}
        trigger: { type: Manual }
        variables:
          - { name: total, type: int, value: 0 }
        root:
          type: Sequence
          activities:
        {{activities}}
        """;

    private static readonly Dictionary<string, string> Files = new()
    {
        ["lean.yaml"] = Flow("lean", "onSuspendOrFault", "    - { id: add, type: SetVariable, variable: total, value: \"${ total + 5 }\" }"),
        ["kept.yaml"] = Flow("kept", "always", "    - { id: add, type: SetVariable, variable: total, value: \"${ total + 5 }\" }"),
        ["lean-fail.yaml"] = Flow("lean-fail", "onSuspendOrFault", "    - { id: boom, type: Fail, message: \"no stock for ${ input.sku }\" }"),
        ["lean-wait.yaml"] = Flow("lean-wait", "onSuspendOrFault", """
                - { id: wait, type: WaitForEvent, event: stock.arrived, correlationKey: "${ input.sku }" }
                - { id: add, type: SetVariable, variable: total, value: "${ total + 7 }" }
            """),
    };

    [Fact]
    public async Task FinishedInOneGo_LeavesNoRow_WhileTheSameFlowWithAlwaysIsStored()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: Files);

        var (leanId, leanRun) = await RunAsync(hub, "lean", "{}");
        var (keptId, _) = await RunAsync(hub, "kept", "{}");

        Assert.Equal("Finished", leanRun.GetProperty("status").GetString());
        Assert.Equal(5, leanRun.GetProperty("variables").GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Http.GetAsync($"api/v1/workflow-instances/{leanId}")).StatusCode);
        Assert.Equal(0, (await hub.GetJsonAsync("api/v1/workflow-instances?definitionId=lean")).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await hub.Http.GetAsync($"api/v1/workflow-instances/{keptId}")).StatusCode);
    }

    [Fact]
    public async Task Faulted_IsStoredWithItsIncident_AndCanBeRetried()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: Files);

        var (id, run) = await RunAsync(hub, "lean-fail", """{"sku":"VALVE-25"}""");

        Assert.Equal("Faulted", run.GetProperty("subStatus").GetString());
        var stored = await hub.GetJsonAsync($"api/v1/workflow-instances/{id}");
        Assert.Equal("Faulted", stored.GetProperty("subStatus").GetString());
        Assert.Contains("no stock for VALVE-25", stored.GetRawText(), StringComparison.Ordinal);
        using var retry = await hub.Http.PostAsync($"api/v1/workflow-instances/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode); // stored like any instance: the retry API knows it
        // The retry ran on the saved input (serialised only when the instance had to be stored).
        Assert.Contains("no stock for VALVE-25", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspended_IsStored_AndTheEventResumesIt_ToTheEnd()
    {
        await using var hub = await HubTestHost.StartAsync(workflows: Files);

        var (id, run) = await RunAsync(hub, "lean-wait", """{"sku":"PUMP-3"}""");
        Assert.Equal("Suspended", run.GetProperty("status").GetString());
        Assert.Equal("Suspended", (await hub.GetJsonAsync($"api/v1/workflow-instances/{id}")).GetProperty("status").GetString());

        using var sent = await hub.Http.PostAsync("api/v1/events/stock.arrived", new StringContent("""{"correlationId":"PUMP-3"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var done = await hub.GetJsonAsync($"api/v1/workflow-instances/{id}");
        Assert.Equal("Finished", done.GetProperty("status").GetString());
        Assert.Contains("add", DurableWorkflowTests.Activities(done));
    }

    private static async Task<(Guid Id, JsonElement Body)> RunAsync(HubTestHost hub, string definitionId, string input)
    {
        var body = await DurableWorkflowTests.RunAsync(hub, definitionId, input);
        return (body.GetProperty("instanceId").GetGuid(), body);
    }
}
