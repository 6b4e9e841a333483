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

    [Fact]
    public async Task EveryNodeDownPastTheMisfireThreshold_FireOnceCatchesUpWithOneRun_SkipWaitsForTheNextSlot()
    {
        var store = await HubTestHost.PostgresStoreAsync();
        store["Workflows:ScheduleMisfireThreshold"] = "00:00:01";
        var workflows = new Dictionary<string, string> { ["once.yaml"] = EveryTwoSeconds("tick-once", "fireOnce"), ["skip.yaml"] = EveryTwoSeconds("tick-skip", "skip") };
        await using (var first = await HubTestHost.StartAsync(store, workflows))
        {
            await Eventually.Await(() => SlotsAsync(first, "tick-once"), s => s.Count >= 2, TimeSpan.FromSeconds(60));
        }

        var down = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(9)); // four slots pass with every node down
        var up = DateTimeOffset.UtcNow;
        await using var second = await HubTestHost.StartAsync(store, workflows);
        var once = await Eventually.Await(() => SlotsAsync(second, "tick-once"), s => s.Count(t => t > up + TimeSpan.FromSeconds(3)) >= 1, TimeSpan.FromSeconds(60));
        var skip = await Eventually.Await(() => SlotsAsync(second, "tick-skip"), s => s.Count(t => t > up + TimeSpan.FromSeconds(3)) >= 1, TimeSpan.FromSeconds(60));

        // fireOnce: the slots missed while every node was down ran once, as soon as a node was back (Quartz labels that run
        // with the first missed slot), then the schedule went on; skip: none of them ran.
        static bool OnGrid(DateTimeOffset t) => t.Second % 2 == 0 && t.Ticks % TimeSpan.TicksPerSecond == 0;
        bool Missed(DateTimeOffset t) => t > down && t < up;
        var catchUp = Assert.Single(once, Missed);
        Assert.Equal(once.Where(t => t < down).Max() + TimeSpan.FromSeconds(2), catchUp);
        Assert.DoesNotContain(skip, Missed);
        Assert.All(once.Concat(skip), t => Assert.True(OnGrid(t), $"a fire off the schedule at {t:O}"));
    }

    private static string EveryTwoSeconds(string definitionId, string misfire) => $$"""
        definitionId: {{definitionId}}
        version: 1
        trigger: { type: Schedule, cron: "*/2 * * * * ?", misfire: {{misfire}} }
        root:
          type: Sequence
          activities:
            - { id: log, type: Log, message: tick }
        """;

    private static async Task<List<DateTimeOffset>> SlotsAsync(HubTestHost hub, string definitionId) =>
        [.. (await hub.GetJsonAsync($"api/v1/workflow-instances?definitionId={definitionId}&limit=200")).EnumerateArray()
            .Select(i => DateTimeOffset.Parse(i.GetProperty("correlationId").GetString()!.Split(':', 3)[2], System.Globalization.CultureInfo.InvariantCulture))];
}
