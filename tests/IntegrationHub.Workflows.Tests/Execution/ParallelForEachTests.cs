using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>ForEach with maxParallelism above 1 and ParallelForEach: per-iteration variable, bound, failure, cancellation, End.</summary>
public class ParallelForEachTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static (WorkflowEngine Engine, IterationProbe Probe) Create(int releaseAt)
    {
        var probe = new IterationProbe { ReleaseAt = releaseAt };
        var engine = Engine.Create(b =>
        {
            b.AddActivity<ProbeActivity>();
            b.Services.AddSingleton(probe);
        });
        return (engine, probe);
    }

    private static async Task<WorkflowRunResult> RunAsync(WorkflowEngine engine, string yaml, string input, CancellationToken cancellationToken = default)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience); // a broken bound would otherwise hang: it ends the run as Cancelled instead
        return await engine.RunAsync(engine.Load(yaml), JsonNode.Parse(input), patience.Token);
    }

    [Fact]
    public async Task ForEach_MaxParallelism3_RunsThreeAtOnceEachWithItsOwnItem()
    {
        var (engine, probe) = Create(releaseAt: 3);

        var result = await RunAsync(engine, """
            definitionId: parallel
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: string, value: before }
              - { name: last, type: string }
            root:
              type: Sequence
              activities:
                - id: each
                  type: ForEach
                  items: ${ input.items }
                  variable: item
                  maxParallelism: 3
                  activities:
                    - { id: probe, type: Test.Probe, item: "${ item }" }
                    - { id: remember, type: SetVariable, variable: last, value: "${ item }" }
            """, """{"items": ["1", "2", "3", "4", "5", "6"]}""");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(3, probe.MaxInside); // the gate opened only with three inside, and the bound kept a fourth out
        Assert.Equal(["1", "2", "3", "4", "5", "6"], probe.Seen.Order().ToArray());
        Assert.Contains(result.Variables["last"], new object[] { "1", "2", "3", "4", "5", "6" }); // shared variable: last write wins
        Assert.Equal("before", result.Variables["item"]); // the loop variable was per iteration, never the instance's
        Assert.Equal(12, result.Journal.Count(j => j.ActivityId is "probe" or "remember"));
    }

    [Fact]
    public async Task ForEach_FailingIteration_CancelsTheOthersAndFaultsWithItsIndex()
    {
        var (engine, probe) = Create(releaseAt: 1);

        var result = await RunAsync(engine, """
            definitionId: parallel-fail
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: string }
            root:
              type: Sequence
              activities:
                - id: each
                  type: ForEach
                  items: ${ input.items }
                  variable: item
                  maxParallelism: 2
                  activities:
                    - type: Flowchart
                      id: body
                      activities:
                        - { id: check, type: If, condition: "${ item == \"bad\" }" }
                        - { id: fail, type: Fail, message: "bad item ${ item }" }
                        - { id: wait, type: Test.Probe, item: "${ item }", block: true }
                      connections:
                        - check:True -> fail
                        - check:False -> wait
            """, """{"items": ["ok", "bad", "x", "y", "z"]}""");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("fail", result.Incident!.ActivityId);
        Assert.Equal("each iteration 1: bad item bad", result.Incident.Message);
        Assert.Equal(["root", "each", "body", "fail"], result.Incident.Path);
        Assert.DoesNotContain(probe.Seen, s => s is "x" or "y" or "z"); // pending iterations never started
        Assert.Equal(probe.Seen.ToArray(), probe.Cancelled.ToArray()); // the running one was cancelled
    }

    [Fact]
    public async Task ForEach_CancelledRun_StopsRunningIterationsAndEndsCancelled()
    {
        var (engine, probe) = Create(releaseAt: 2);
        using var cts = new CancellationTokenSource();
        var run = RunAsync(engine, """
            definitionId: parallel-cancel
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: string }
            root:
              type: Sequence
              activities:
                - { id: each, type: ParallelForEach, items: "${ input.items }", variable: item, maxParallelism: 2, activities: [ { id: wait, type: Test.Probe, item: "${ item }", block: true } ] }
                - { id: after, type: Log, message: not reached }
            """, """{"items": ["a", "b", "c", "d"]}""", cts.Token);

        await probe.AllInside.Task.WaitAsync(Patience);
        await cts.CancelAsync();
        var result = await run;

        Assert.Equal(WorkflowSubStatus.Cancelled, result.SubStatus);
        Assert.Equal(["a", "b"], probe.Cancelled.Order().ToArray());
        Assert.Equal(2, probe.Seen.Count);
        Assert.DoesNotContain(result.Journal, j => j.ActivityId == "after");
    }

    [Fact]
    public async Task ParallelForEach_EndInAnIteration_FinishesTheInstance()
    {
        var (engine, _) = Create(releaseAt: 1);

        var result = await RunAsync(engine, """
            definitionId: parallel-end
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: string }
              - { name: after, type: string, value: no }
            root:
              type: Sequence
              activities:
                - id: each
                  type: ParallelForEach
                  items: ${ input.items }
                  variable: item
                  activities:
                    - type: Flowchart
                      id: body
                      activities:
                        - { id: check, type: If, condition: "${ item == \"stop\" }" }
                        - { id: end, type: End }
                      connections:
                        - check:True -> end
                - { id: set-after, type: SetVariable, variable: after, value: yes }
            """, """{"items": ["a", "stop", "b"]}""");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("no", result.Variables["after"]);
        Assert.Contains(result.Journal, j => j.ActivityId == "end");
    }

    [Fact]
    public async Task ForEach_NestedLoopInParallelIterations_KeepsItsVariablePerIteration()
    {
        var (engine, probe) = Create(releaseAt: 2);

        var result = await RunAsync(engine, """
            definitionId: parallel-nested
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: group, type: json }
              - { name: letter, type: string }
            root:
              type: Sequence
              activities:
                - id: outer
                  type: ForEach
                  items: ${ input.groups }
                  variable: group
                  maxParallelism: 2
                  activities:
                    - { id: inner, type: ForEach, items: "${ group }", variable: letter, activities: [ { id: probe, type: Test.Probe, item: "${ letter }" } ] }
            """, """{"groups": [["a", "b", "c"], ["d", "e", "f"]]}""");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["a", "b", "c", "d", "e", "f"], probe.Seen.Order().ToArray());
        Assert.Equal(["a", "b", "c"], probe.Seen.Where(s => s is "a" or "b" or "c").ToArray()); // in order within an iteration
    }

    [Fact]
    public async Task ForEach_MaxParallelismZero_FaultsWithAClearMessage()
    {
        var (engine, _) = Create(releaseAt: 1);

        var result = await RunAsync(engine, """
            definitionId: parallel-zero
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: item, type: string }
            root:
              type: Sequence
              activities:
                - { id: each, type: ForEach, items: "${ input.items }", variable: item, maxParallelism: "${ input.n }", activities: [ { id: log, type: Log, message: "${ item }" } ] }
            """, """{"items": ["a"], "n": 0}""");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("each", result.Incident!.ActivityId);
        Assert.Contains("'each': maxParallelism must be at least 1", result.Incident.Message);
    }
}
