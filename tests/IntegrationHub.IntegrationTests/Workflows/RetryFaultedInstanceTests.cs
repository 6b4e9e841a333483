using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Retry a faulted instance from the failed activity once the cause is fixed (API), keeping its variables and journal.</summary>
public sealed class RetryFaultedInstanceTests
{
    [Fact]
    public async Task FaultedInstance_RetriedWhileBrokenFaultsAgain_AfterTheFixFinishes_AndOnlyOnce()
    {
        await using var hub = await HubTestHost.StartAsync(
            workflows: new Dictionary<string, string> { ["guarded.yaml"] = """
                definitionId: guarded
                version: 1
                trigger: { type: Manual }
                variables:
                  - { name: steps, type: int, value: 0 }
                root:
                  type: Sequence
                  activities:
                    - { id: before, type: SetVariable, variable: steps, value: "${ steps + 1 }" }
                    - { id: call, type: Test.ExternalCall }
                    - { id: after, type: SetVariable, variable: steps, value: "${ steps + 10 }" }
                """ },
            services: s => s.AddSingleton<ExternalSystem>().AddSingleton<IActivity, ExternalCallActivity>());
        var external = hub.App.Services.GetRequiredService<ExternalSystem>();

        using var run = await hub.Http.PostAsync("api/v1/workflows/guarded/run", new StringContent("{}", Encoding.UTF8, "application/json"));
        var id = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("instanceId").GetString();
        using var stillBroken = await hub.Http.PostAsync($"api/v1/workflow-instances/{id}/retry", null);
        external.Down = false;
        using var fixedRetry = await hub.Http.PostAsync($"api/v1/workflow-instances/{id}/retry", null);
        using var again = await hub.Http.PostAsync($"api/v1/workflow-instances/{id}/retry", null);
        using var unknown = await hub.Http.PostAsync($"api/v1/workflow-instances/{Guid.NewGuid()}/retry", null);

        Assert.Equal("Faulted", JsonDocument.Parse(await stillBroken.Content.ReadAsStringAsync()).RootElement.GetProperty("subStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, fixedRetry.StatusCode);
        var instance = await hub.GetJsonAsync($"api/v1/workflow-instances/{id}");
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        Assert.Equal(11, instance.GetProperty("variables").GetProperty("steps").GetInt32()); // "before" ran once, not per retry
        Assert.Equal(3, external.Calls);
        Assert.Equal(
            ["before", "call", "call", "call", "after"],
            instance.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("activityId").GetString()!).Where(a => a != "root").ToArray());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task CliRetry_AgainstTheRunningHub_FinishesTheFixedInstance()
    {
        await using var hub = await HubTestHost.StartAsync(
            workflows: new Dictionary<string, string> { ["guarded.yaml"] = """
                definitionId: guarded
                version: 1
                trigger: { type: Manual }
                root:
                  type: Sequence
                  activities:
                    - { id: call, type: Test.ExternalCall }
                """ },
            services: s => s.AddSingleton<ExternalSystem>().AddSingleton<IActivity, ExternalCallActivity>());
        using var run = await hub.Http.PostAsync("api/v1/workflows/guarded/run", null);
        var id = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("instanceId").GetString()!;
        hub.App.Services.GetRequiredService<ExternalSystem>().Down = false;

        using var cli = Hosting.HostProcess.Start(Repository.Root, new Dictionary<string, string> { ["HUB_API_KEY"] = HubTestHost.ApiKey },
            "retry", id, "--url", hub.Http.BaseAddress!.ToString());

        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"{id}: Finished", cli.Stdout);
    }

    /// <summary>The "cause" a person fixes between retries.</summary>
    public sealed class ExternalSystem
    {
        private int _calls;

        public bool Down { get; set; } = true;

        public int Calls => _calls;

        public void Call()
        {
            Interlocked.Increment(ref _calls);
            if (Down)
            {
                throw new InvalidOperationException("external system is down");
            }
        }
    }

    [Activity("Test.ExternalCall", "Calls the test's external system.")]
    public sealed class ExternalCallActivity : IActivity
    {
        public ValueTask<string> ExecuteAsync(ActivityContext context)
        {
            context.Services.GetRequiredService<ExternalSystem>().Call();
            return ValueTask.FromResult(ActivityOutcomes.Done);
        }
    }
}
