using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Runtime.Execution;
using IntegrationHub.Workflows.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Runtime.Tests.Execution;

/// <summary>Each verb of the durable runtime on the real SQLite store, with time moved by hand.</summary>
public sealed class RuntimeVerbTests
{
    private const string Approval = """
        definitionId: approval
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: steps, type: int, value: 0 }
        root:
          type: Sequence
          activities:
            - { id: before, type: SetVariable, variable: steps, value: "${ steps + 1 }" }
            - { id: wait, type: WaitForEvent, event: order.approved, correlationKey: "${ input.orderNumber }" }
            - { id: after, type: SetVariable, variable: steps, value: "${ steps + 10 }" }
        """;

    private static readonly BookmarkStimulus Approved = new(BookmarkStimulus.EventKind, JsonNode.Parse("""{"by":"finance"}"""));

    [Fact]
    public async Task Run_SavesTheSuspendedInstance_AndTwoConcurrentResumesContinueItOnce()
    {
        await using var runtime = await RuntimeHarness.StartAsync();
        var (id, result) = await runtime.RunAsync(runtime.Load(Approval), """{"orderNumber":"SO-1"}""");
        Assert.Equal(WorkflowStatus.Suspended, result.Status);
        var saved = await runtime.InstanceAsync(id);
        Assert.Equal("Suspended", saved.Status);
        var bookmark = Assert.Single(await runtime.Bookmarks.FindForEventAsync("order.approved", "SO-1", 10, CancellationToken.None));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => runtime.Resumer.ResumeAsync(bookmark, Approved, CancellationToken.None)));

        Assert.Single(outcomes, o => o.Status == ResumeStatus.Resumed);
        Assert.Single(outcomes, o => o.Status is ResumeStatus.NotWaiting or ResumeStatus.Busy);
        var done = await runtime.InstanceAsync(id);
        Assert.Equal(("Finished", "Finished"), (done.Status, done.SubStatus));
        Assert.Equal(11, JsonNode.Parse(done.VariablesJson)!["steps"]!.GetValue<int>());
        Assert.Empty(await runtime.Bookmarks.FindForEventAsync("order.approved", "SO-1", 10, CancellationToken.None));
    }

    [Fact]
    public async Task TimerService_ResumesADelayWhenTheFakeClockReachesIt_NotBefore()
    {
        await using var runtime = await RuntimeHarness.StartAsync();
        var (id, _) = await runtime.RunAsync(runtime.Load("""
            definitionId: napping
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: nap, type: Delay, duration: "01:00:00" }
                - { id: awake, type: Log, message: awake }
            """));
        var timers = ActivatorUtilities.CreateInstance<WorkflowTimerService>(runtime.Services);
        await timers.StartAsync(CancellationToken.None);
        try
        {
            runtime.Time.Advance(TimeSpan.FromMinutes(59));
            await Task.Delay(300);
            Assert.Equal("Suspended", (await runtime.InstanceAsync(id)).Status);

            runtime.Time.Advance(TimeSpan.FromMinutes(1));
            var done = await Eventually.Await(() => runtime.InstanceAsync(id), i => i.Status == "Finished", TimeSpan.FromSeconds(20), "the timer fires");
            Assert.Equal("Finished", done.SubStatus);
            Assert.Equal(runtime.Time.GetUtcNow(), done.FinishedAt);
        }
        finally
        {
            await timers.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Retry_RunsAFaultedInstanceAgainFromTheFailedStep_OnceTheCauseIsFixed()
    {
        FlakyActivity.Broken = true;
        await using var runtime = await RuntimeHarness.StartAsync(configure: s => new WorkflowEngineBuilder(s).AddActivity<FlakyActivity>());
        var entry = runtime.Load("""
            definitionId: flaky
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
            root:
              type: Sequence
              activities:
                - { id: count, type: SetVariable, variable: n, value: "${ n + 1 }" }
                - { id: call, type: Test.Flaky }
                - { id: after, type: SetVariable, variable: n, value: "${ n + 100 }" }
            """);
        var (id, faulted) = await runtime.RunAsync(entry);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        Assert.Equal("call", faulted.Incident!.ActivityId);
        Assert.Equal(RetryStatus.NotFound, (await runtime.Retrier.RetryAsync(Guid.NewGuid(), CancellationToken.None)).Status);

        FlakyActivity.Broken = false;
        var retried = await runtime.Retrier.RetryAsync(id, CancellationToken.None);

        Assert.Equal(RetryStatus.Retried, retried.Status);
        var done = await runtime.InstanceAsync(id);
        Assert.Equal("Finished", done.SubStatus);
        Assert.Equal(101, JsonNode.Parse(done.VariablesJson)!["n"]!.GetValue<int>()); // the first step did not run again
        Assert.Equal(RetryStatus.NotFaulted, (await runtime.Retrier.RetryAsync(id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ALeaseHeldByAnotherNode_MakesRetryCancelAndResumeBusy_AndAfterItExpiresRecoveryTakesTheInstanceOver()
    {
        await using var nodeA = await RuntimeHarness.StartAsync("node-a");
        await using var nodeB = await RuntimeHarness.StartAsync("node-b", shared: nodeA.Folder);
        var entryA = nodeA.Load(Approval);
        nodeB.Load(Approval);
        var (id, _) = await nodeA.RunAsync(entryA, """{"orderNumber":"SO-2"}""");
        var bookmark = Assert.Single(await nodeA.Bookmarks.FindForEventAsync("order.approved", "SO-2", 10, CancellationToken.None));
        var leases = nodeA.Services.GetRequiredService<IWorkflowLeaseStore>();
        // node-a consumes the bookmark (the resume has begun) and dies before it finishes: Running, lease until +30 s.
        Assert.True(await leases.TryAcquireLeaseAsync(id, "node-a", nodeA.Time.GetUtcNow(), nodeA.Time.GetUtcNow().AddSeconds(30)));
        Assert.True(await nodeA.Bookmarks.TryConsumeAsync(bookmark.BookmarkId, id, "node-a", System.Text.Json.JsonSerializer.Serialize(Approved, InstanceExecutor.Json), null, CancellationToken.None));

        Assert.Equal(CancelStatus.Busy, await nodeB.Canceller.CancelAsync(id, CancellationToken.None));
        var recoverer = nodeB.Services.GetRequiredService<WorkflowRecoverer>();
        Assert.Equal(ResumeStatus.Busy, (await recoverer.RecoverAsync(id, CancellationToken.None)).Status);
        Assert.Empty(await nodeB.Instances.ListOrphanedAsync(nodeB.Time.GetUtcNow(), 10, CancellationToken.None));

        nodeB.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([id], await nodeB.Instances.ListOrphanedAsync(nodeB.Time.GetUtcNow(), 10, CancellationToken.None));
        var recovered = await recoverer.RecoverAsync(id, CancellationToken.None);

        Assert.Equal(ResumeStatus.Resumed, recovered.Status);
        var done = await nodeB.InstanceAsync(id);
        Assert.Equal("Finished", done.SubStatus);
        Assert.Equal(11, JsonNode.Parse(done.VariablesJson)!["steps"]!.GetValue<int>()); // continued with the saved stimulus, once
        Assert.True(await leases.TryAcquireLeaseAsync(id, "node-c", nodeB.Time.GetUtcNow(), nodeB.Time.GetUtcNow().AddSeconds(30))); // released
    }

    [Theory]
    [InlineData("""{"topic":"erp.orders","partition":1,"offset":42,"data":{"n":1}}""", "Cancelled", "[]")]
    [InlineData("""{"n":1}""", "Finished", "[\"count\",\"root\"]")]
    public async Task Recovery_ClosesAnOrphanedFirstRunOfAKafkaRecord_WhichTheGroupRedelivers_ButRunsAnyOtherOrphanAgain(string input, string subStatus, string activities)
    {
        await using var runtime = await RuntimeHarness.StartAsync("node-b");
        var entry = runtime.Load("""
            definitionId: from-topic
            version: 1
            trigger: { type: Kafka.MessageReceived, topic: erp.orders }
            variables:
              - { name: n, type: int, value: 0 }
            root:
              type: Sequence
              activities:
                - { id: count, type: SetVariable, variable: n, value: "${ n + 1 }" }
            """);
        var id = Guid.CreateVersion7();
        var now = runtime.Time.GetUtcNow();
        // node-a took the record, created the instance and died while it ran.
        await runtime.Instances.CreateOwnedAsync(new WorkflowInstanceRecord(id, entry.DefinitionId, entry.Version, "Running", "Executing", "evt-1", now, null, "{}", "[]", null, input),
            "node-a", now.AddSeconds(30), CancellationToken.None);
        runtime.Time.Advance(TimeSpan.FromSeconds(31));

        await runtime.Services.GetRequiredService<WorkflowRecoverer>().RecoverAsync(id, CancellationToken.None);

        var saved = await runtime.InstanceAsync(id);
        Assert.Equal(("Finished", subStatus), (saved.Status, saved.SubStatus));
        Assert.Equal(activities, System.Text.Json.JsonSerializer.Serialize(JsonNode.Parse(saved.JournalJson)!.AsArray().Select(j => j!["activityId"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Cancel_ASuspendedInstance_FinishesItCancelled_RemovesItsBookmarks_AndIsIdempotent()
    {
        await using var runtime = await RuntimeHarness.StartAsync();
        var (id, _) = await runtime.RunAsync(runtime.Load(Approval), """{"orderNumber":"SO-3"}""");

        Assert.Equal(CancelStatus.Cancelled, await runtime.Canceller.CancelAsync(id, CancellationToken.None));
        Assert.Equal(CancelStatus.Finished, await runtime.Canceller.CancelAsync(id, CancellationToken.None));
        Assert.Equal(CancelStatus.NotFound, await runtime.Canceller.CancelAsync(Guid.NewGuid(), CancellationToken.None));

        var saved = await runtime.InstanceAsync(id);
        Assert.Equal(("Finished", "Cancelled"), (saved.Status, saved.SubStatus));
        Assert.Empty(await runtime.Bookmarks.FindForEventAsync("order.approved", "SO-3", 10, CancellationToken.None));
    }

    [Fact]
    public async Task AnEventQueuedBeforeItsWaiter_IsHandedToTheInstanceWhenItSuspends()
    {
        await using var runtime = await RuntimeHarness.StartAsync();
        var now = runtime.Time.GetUtcNow();
        await runtime.Services.GetRequiredService<IWorkflowEventQueue>().EnqueueAsync("order.approved", "SO-4", """{"by":"early"}""", now, now.AddMinutes(10));

        var (id, result) = await runtime.RunAsync(runtime.Load(Approval), """{"orderNumber":"SO-4"}""");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("Finished", (await runtime.InstanceAsync(id)).SubStatus);
    }
}
