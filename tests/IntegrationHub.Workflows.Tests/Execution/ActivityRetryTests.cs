using Microsoft.Extensions.DependencyInjection;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Runtime;

public class ActivityRetryTests
{
    private static string Flow(int failures, string retry) => $$"""
        definitionId: retrying
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: calls, type: int, value: 0 }
        root:
          type: Sequence
          activities:
            - id: flaky
              type: Test.Flaky
              failures: {{failures}}
              counter: calls
              {{retry}}
        """;

    [Fact]
    public async Task FailingActivity_IsRetriedPerItsPolicy_ThenSucceeds()
    {
        var result = await Engine.RunAsync(Flow(2, "retry: { maxAttempts: 3, delay: PT0S }"), configure: b => b.AddActivity<FlakyActivity>());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(3, result.Variables["calls"]);
    }

    [Fact]
    public async Task RetriesExhausted_BecomeTheIncident()
    {
        var result = await Engine.RunAsync(Flow(5, "retry: { maxAttempts: 2, delay: PT0S, backoff: constant }"), configure: b => b.AddActivity<FlakyActivity>());

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(2, result.Variables["calls"]);
        Assert.Equal(("flaky", "TimeoutException", "flaky call 2"), (result.Incident!.ActivityId, result.Incident.ExceptionType, result.Incident.Message));
    }

    [Fact]
    public async Task WithoutAPolicy_TheFirstFailureIsTheIncident()
    {
        var result = await Engine.RunAsync(Flow(1, ""), configure: b => b.AddActivity<FlakyActivity>());

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(1, result.Variables["calls"]);
    }

    [Fact]
    public async Task AStoreOutage_DoesNotFaultTheInstance_TheRunStopsUnsavedForItsStarterToRunAgain()
    {
        var engine = Engine.Create(b =>
        {
            b.AddActivity<FlakyActivity>();
            b.Services.AddSingleton<IntegrationHub.Storage.IStoreOutage>(new TimeoutsAreOutages());
        });

        var stopped = await Assert.ThrowsAsync<TimeoutException>(async () => await engine.RunAsync(engine.Load(Flow(1, "")), null));
        Assert.Equal("flaky call 1", stopped.Message);

        // Any other failure still faults, as before.
        var plain = Engine.Create(b =>
        {
            b.AddActivity<FlakyActivity>();
            b.Services.AddSingleton<IntegrationHub.Storage.IStoreOutage>(new NothingIsAnOutage());
        });
        Assert.Equal(WorkflowSubStatus.Faulted, (await plain.RunAsync(plain.Load(Flow(1, "")), null)).SubStatus);
    }

    private sealed class TimeoutsAreOutages : IntegrationHub.Storage.IStoreOutage
    {
        public bool Is(Exception exception) => exception is TimeoutException;
    }

    private sealed class NothingIsAnOutage : IntegrationHub.Storage.IStoreOutage
    {
        public bool Is(Exception exception) => false;
    }

    [Fact]
    public async Task FailActivity_IsNeverRetried()
    {
        var result = await Engine.RunAsync("""
            definitionId: fail-once
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: stop, type: Fail, message: no, retry: { maxAttempts: 5, delay: PT0S } }
            """);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("no", result.Incident!.Message);
    }

    [Fact]
    public async Task FaultedInstance_RetriedAfterTheCauseIsFixed_ResumesAtTheFailedActivity_WithItsVariables()
    {
        var engine = Engine.Create(b => b.AddActivity<FlakyActivity>());
        var workflow = engine.Load("""
            definitionId: resume
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: calls, type: int, value: 0 }
              - { name: before, type: int, value: 0 }
              - { name: after, type: int, value: 0 }
            root:
              type: Sequence
              activities:
                - { id: first, type: SetVariable, variable: before, value: "${ before + 1 }" }
                - { id: flaky, type: Test.Flaky, failures: 1, counter: calls }
                - { id: last, type: SetVariable, variable: after, value: "${ after + 1 }" }
            """);
        var faulted = await engine.RunAsync(workflow);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        Assert.Equal(["root", "flaky"], faulted.Incident!.Path);

        var retried = await engine.RetryAsync(workflow, null, faulted.Variables, faulted.Incident);

        Assert.Equal(WorkflowSubStatus.Finished, retried.SubStatus);
        Assert.Equal(1, retried.Variables["before"]); // "first" did not run again
        Assert.Equal(2, retried.Variables["calls"]);
        Assert.Equal(1, retried.Variables["after"]);
        Assert.Equal(["flaky", "last"], retried.Journal.Select(j => j.ActivityId).ToArray());
    }

    [Fact]
    public async Task FaultInsideALoop_HasThePathThroughTheLoop()
    {
        var result = await Engine.RunAsync("""
            definitionId: loop-fault
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: int }
            root:
              type: Flowchart
              activities:
                - id: each
                  type: ForEach
                  items: [1, 2]
                  variable: item
                  activities:
                    - { id: boom, type: Fail, message: "item ${ item }" }
              connections: []
            """);

        Assert.Equal(["root", "each", "boom"], result.Incident!.Path);
        Assert.Equal("item 1", result.Incident.Message);
    }
}
