using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Two hub nodes on one PostgreSQL store share Quartz's clustered job store: every scheduled slot runs once, on one of them.</summary>
public sealed class ClusteredScheduleTests
{
    private static readonly string EverySecond = ScheduleTriggerTests.EverySecond.Replace("heartbeat", "pulse", StringComparison.Ordinal);

    [Fact]
    public async Task TwoNodes_OneSchedule_EverySlotFiresOnce()
    {
        var store = await HubTestHost.PostgresStoreAsync();
        var workflows = new Dictionary<string, string> { ["pulse.yaml"] = EverySecond };
        // Both nodes start at once on an empty database: one migrates, the other waits; Quartz provisions its tables once.
        var nodes = await Task.WhenAll(HubTestHost.StartAsync(store, workflows), HubTestHost.StartAsync(store, workflows));
        await using var first = nodes[0];
        await using var second = nodes[1];

        var list = await Eventually.Await(
            () => first.GetJsonAsync("api/v1/workflow-instances?definitionId=pulse&limit=200"),
            l => l.GetArrayLength() >= 8,
            TimeSpan.FromSeconds(60));

        var slots = list.EnumerateArray().Select(i => i.GetProperty("correlationId").GetString()!).ToList();
        Assert.All(slots, s => Assert.StartsWith("schedule:pulse:", s, StringComparison.Ordinal));
        Assert.Equal(slots.Count, slots.Distinct().Count()); // no slot ran on both nodes
        Assert.Equal(2L, await first.CountRowsAsync("qrtz_scheduler_state")); // both nodes checked in to the cluster
        Assert.Equal(1L, await first.CountRowsAsync("qrtz_triggers WHERE trigger_name = 'pulse'"));
    }
}
