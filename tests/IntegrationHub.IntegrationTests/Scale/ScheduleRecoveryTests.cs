using System.Collections.Concurrent;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// A node killed while scheduled fires run there: Quartz's cluster recovery runs those fires again on another node, and
/// each slot ends with exactly one instance, named as before. One fire's instance is removed after the kill, as if the
/// node had died before writing it: the recovery starts it again under its exact slot (which Quartz keeps only to the
/// second). The other's instance was written: the recovery finds the slot taken and starts nothing, and the instance
/// itself is taken over from its expired lease.
/// </summary>
[Collection(HubKilledDuringPushTests.Name)]
public sealed class ScheduleRecoveryTests
{
    private const string ApiKey = "recover-key-0123456789abcdef";

    [Fact]
    public async Task ANodeKilledMidFire_TheFireRunsAgainElsewhere_EachSlotHasOneInstanceUnderItsOwnName()
    {
        using var dir = new TempDirectory();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var target = await LoopbackServer.StartAsync(async http =>
        {
            Interlocked.Increment(ref calls);
            await release.Task.WaitAsync(http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default); // held until the node is dead
            await http.Response.WriteAsync("ok");
        });
        await using var sandboxes = await SandboxSystems.StartAsync(new ConfigurationBuilder().Build(), demo: false);
        var database = await SharedPostgres.CreateDatabaseAsync("recovery");
        var env = HubCluster.Environment(ApiKey, SharedKafka.UniqueName("erp.orders"), database, sandboxes);
        env["Workflows__HttpClients__target__BaseAddress"] = target.BaseUrl.ToString();
        var workflows = new Dictionary<string, string> { ["lost.yaml"] = Held("slot-lost"), ["kept.yaml"] = Held("slot-kept") };

        using var doomed = new HubNode(dir, 0, ApiKey, workflows, env);
        string lostSlot, keptSlot;
        try
        {
            doomed.Start();
            await doomed.UpAsync();
            await Eventually.Await(() => Volatile.Read(ref calls), n => n >= 2, TimeSpan.FromSeconds(60), "both scheduled runs wait on their HTTP call");
            doomed.Kill();
            lostSlot = Assert.Single(await HubCluster.QueryAsync(database, "SELECT correlation_id FROM workflow_instances WHERE definition_id = 'slot-lost'"));
            keptSlot = Assert.Single(await HubCluster.QueryAsync(database, "SELECT correlation_id FROM workflow_instances WHERE definition_id = 'slot-kept'"));
            // An interval schedule's slots fall between whole seconds: the recovery has to find the exact one back.
            Assert.NotEqual(0, DateTimeOffset.Parse(lostSlot.Split(':', 3)[2], System.Globalization.CultureInfo.InvariantCulture).Ticks % TimeSpan.TicksPerSecond);
            await HubCluster.QueryAsync(database, "DELETE FROM workflow_instances WHERE definition_id = 'slot-lost' RETURNING id::text");
        }
        catch
        {
            Assert.Fail(doomed.Tail(80));
            throw;
        }

        release.SetResult();
        var lines = new ConcurrentQueue<string>();
        var store = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "postgresql",
            ["Store:ConnectionString"] = database,
            ["Workflows:LeaseDuration"] = "00:00:05",
            ["Workflows:HttpClients:target:BaseAddress"] = target.BaseUrl.ToString(),
        };
        await using var survivor = await HubTestHost.StartAsync(store, workflows, s => s.AddSingleton<ILoggerProvider>(new ListLoggerProvider(lines)));

        // The survivor's check-ins find the dead node (check-in 2 s, allowance 8 s) and recover its two fires.
        var lost = await Eventually.Await(() => SlotsAsync(database, "slot-lost"), s => s.Contains(lostSlot), TimeSpan.FromSeconds(90), "the lost slot's fire recovered");
        await Eventually.Await(() => lines.Any(l => l.Contains($"for {keptSlot["schedule:slot-kept:".Length..]} was started already", StringComparison.Ordinal)),
            seen => seen, TimeSpan.FromSeconds(60), "the kept slot's recovered fire finds its instance");
        var kept = await Eventually.Await(() => FinishedAsync(database, keptSlot), finished => finished, TimeSpan.FromSeconds(60), "the kept slot's instance taken over and finished");

        Assert.True(kept);
        Assert.Single(lost, lostSlot);
        Assert.Single(await SlotsAsync(database, "slot-kept"), keptSlot);
    }

    /// <summary>A schedule every two seconds whose run waits on an HTTP call (the skip rule: while one runs, later slots are skipped).</summary>
    private static string Held(string definitionId) => $$"""
        definitionId: {{definitionId}}
        version: 1
        trigger: { type: Schedule, interval: PT2S, misfire: skip }
        root:
          type: Sequence
          activities:
            - { id: call, type: SendHttpRequest, client: target, path: hold }
        """;

    private static Task<List<string>> SlotsAsync(string database, string definitionId) =>
        HubCluster.QueryAsync(database, $"SELECT correlation_id FROM workflow_instances WHERE definition_id = '{definitionId}'");

    private static async Task<bool> FinishedAsync(string database, string correlationId) =>
        (await HubCluster.QueryAsync(database, $"SELECT status FROM workflow_instances WHERE correlation_id = '{correlationId}'")).SequenceEqual(["Finished"]);
}
