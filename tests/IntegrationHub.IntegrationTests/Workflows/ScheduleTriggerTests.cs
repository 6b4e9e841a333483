using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Schedule triggers run through Quartz in the real host: fires start instances, bad schedules are load errors, edits reschedule.</summary>
public class ScheduleTriggerTests : IAsyncLifetime
{
    /// <summary>A workflow started every second (its definition id <c>heartbeat</c>).</summary>
    internal const string EverySecond = """
        definitionId: heartbeat
        version: 1
        trigger: { type: Schedule, interval: PT1S }
        variables:
          - { name: at, type: string }
        root:
          type: Sequence
          activities:
            - { id: keep, type: SetVariable, variable: at, value: "${ input[\"scheduledAt\"]!.ToString() }" }
        """;

    private const string BadCron = """
        definitionId: bad-cron
        version: 1
        trigger: { type: Schedule, cron: "every monday", misfire: later }
        root:
          type: Sequence
          activities:
            - { id: log, type: Log, message: never }
        """;

    private HubTestHost _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await HubTestHost.StartAsync(await StoreAsync(), workflows: new Dictionary<string, string> { ["heartbeat.yaml"] = EverySecond, ["bad-cron.yaml"] = BadCron });

    /// <summary>The store settings of the run: SQLite and Quartz's in-memory job store (the default) here.</summary>
    protected virtual Task<Dictionary<string, string?>?> StoreAsync() => Task.FromResult<Dictionary<string, string?>?>(null);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task IntervalSchedule_StartsInstances_WithTheFireTimesAsInput()
    {
        // The schedule keeps firing: the newest instance may still be running when the list is read.
        var list = await Eventually.Await(
            () => _hub.GetJsonAsync("api/v1/workflow-instances?definitionId=heartbeat&status=Finished"),
            l => l.GetArrayLength() >= 2,
            TimeSpan.FromSeconds(30));

        var instances = list.EnumerateArray().ToList();
        Assert.All(instances, i => Assert.Equal("Finished", i.GetProperty("subStatus").GetString()));
        Assert.All(instances, i => Assert.StartsWith("schedule:heartbeat:", i.GetProperty("correlationId").GetString()));
        Assert.Equal(instances.Count, instances.Select(i => i.GetProperty("correlationId").GetString()).Distinct().Count());
        var one = await _hub.GetJsonAsync($"api/v1/workflow-instances/{instances[0].GetProperty("instanceId").GetString()}");
        var at = one.GetProperty("variables").GetProperty("at").GetString();
        Assert.True(DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, out _), at);
    }

    [Fact]
    public async Task BadSchedule_IsRejectedWithEveryProblem_WhileGoodOnesRun()
    {
        var list = await _hub.GetJsonAsync("api/v1/workflows");

        var rejected = Assert.Single(list.GetProperty("rejected").EnumerateArray());
        var errors = rejected.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains("'every monday' is not a valid cron expression", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("misfire 'later' is not one of: fireOnce, skip", StringComparison.Ordinal));
        Assert.Contains(list.GetProperty("definitions").EnumerateArray(), d => d.GetProperty("definitionId").GetString() == "heartbeat");
    }

    [Fact]
    public async Task RemovingTheSchedule_StopsTheFires()
    {
        await File.WriteAllTextAsync(Path.Combine(_hub.WorkflowsPath, "heartbeat.yaml"), EverySecond.Replace("{ type: Schedule, interval: PT1S }", "{ type: Manual }", StringComparison.Ordinal).Replace("version: 1", "version: 2", StringComparison.Ordinal));
        await Eventually.Await(() => _hub.GetJsonAsync("api/v1/workflows/heartbeat"), w => w.GetProperty("version").GetInt32() == 2, TimeSpan.FromSeconds(20));
        // A fire already under way may still finish; after that the count stays put.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var before = await CountAsync();

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(before, await CountAsync());
    }

    private async Task<int> CountAsync() =>
        (await _hub.GetJsonAsync("api/v1/workflow-instances?definitionId=heartbeat&limit=500")).GetArrayLength();
}

/// <summary>The same schedule tests with the hub on PostgreSQL, so on Quartz's clustered job store.</summary>
public sealed class PostgresScheduleTriggerTests : ScheduleTriggerTests
{
    protected override async Task<Dictionary<string, string?>?> StoreAsync() => await HubTestHost.PostgresStoreAsync();
}
