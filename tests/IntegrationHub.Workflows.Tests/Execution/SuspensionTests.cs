using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>Bookmarks, suspension and resume: the position survives nesting and a JSON round trip (as the store keeps it).</summary>
public class SuspensionTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task WaitForEvent_InASequence_SuspendsThenResumesWithThePayload_AndRunsTheRestOnce()
    {
        var engine = Engine.Create();
        var workflow = engine.Load("""
            definitionId: approve
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: steps, type: int, value: 0 }
              - { name: approval, type: json }
            root:
              type: Sequence
              activities:
                - { id: before, type: SetVariable, variable: steps, value: "${ steps + 1 }" }
                - { id: wait, type: WaitForEvent, event: order.approved, correlationKey: "${ input.orderNumber }", variable: approval }
                - { id: after, type: SetVariable, variable: steps, value: "${ steps + 10 }" }
            """);
        var input = JsonNode.Parse("""{"orderNumber":"SO-7"}""");

        var suspended = await engine.RunAsync(workflow, input);

        Assert.Equal(WorkflowStatus.Suspended, suspended.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, suspended.SubStatus);
        var bookmark = Assert.Single(suspended.Bookmarks);
        Assert.Equal(("wait", "Event", "order.approved", "SO-7", (DateTimeOffset?)null), (bookmark.ActivityId, bookmark.Kind, bookmark.Name, bookmark.CorrelationKey, bookmark.DueAt));
        Assert.Equal(["root", "wait"], suspended.Position!.Path);
        Assert.Equal(["before", "wait"], suspended.Journal.Select(j => j.ActivityId).ToArray());
        Assert.Equal("Suspended", suspended.Journal[^1].Outcome);

        var resumed = await ResumeAsync(engine, workflow, input, suspended, new BookmarkStimulus("Event", JsonNode.Parse("""{"by":"ana"}""")));

        Assert.Equal(WorkflowSubStatus.Finished, resumed.SubStatus);
        Assert.Equal(11, resumed.Variables["steps"]);
        Assert.Equal("ana", ((JsonNode)resumed.Variables["approval"]!)["by"]!.GetValue<string>());
        Assert.Equal(["wait", "after", "root"], resumed.Journal.Select(j => j.ActivityId).ToArray());
    }

    [Fact]
    public async Task WaitForEvent_TimerStimulus_CompletesWithTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var engine = Engine.Create(time: time);
        var workflow = engine.Load("""
            definitionId: timeout
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: result, type: string, value: none }
            root:
              type: Flowchart
              activities:
                - { id: wait, type: WaitForEvent, event: paid, timeout: PT1H }
                - { id: ok, type: SetVariable, variable: result, value: paid }
                - { id: late, type: SetVariable, variable: result, value: timed-out }
              connections:
                - wait:Done -> ok
                - wait:Timeout -> late
            """);

        var suspended = await engine.RunAsync(workflow);
        var resumed = await ResumeAsync(engine, workflow, null, suspended, BookmarkStimulus.Timer);

        Assert.Equal(time.GetUtcNow().AddHours(1), Assert.Single(suspended.Bookmarks).DueAt);
        Assert.Null(suspended.Bookmarks[0].CorrelationKey);
        Assert.Equal("timed-out", resumed.Variables["result"]);
    }

    [Fact]
    public async Task Delay_SuspendsWithATimerBookmark_UntilOrDuration_AndAPastTimeDoesNotSuspend()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var engine = Engine.Create(time: time);
        var workflow = engine.Load("""
            definitionId: delays
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: short, type: Delay, duration: "00:00:30" }
                - { id: past, type: Delay, until: "2025-12-31T00:00:00Z" }
                - { id: fixed, type: Delay, until: "2026-02-01T00:00:00Z" }
            """);

        var first = await engine.RunAsync(workflow);
        var second = await ResumeAsync(engine, workflow, null, first, BookmarkStimulus.Timer);
        var done = await ResumeAsync(engine, workflow, null, second, BookmarkStimulus.Timer);

        Assert.Equal(("short", WorkflowBookmark.TimerKind, time.GetUtcNow().AddSeconds(30)), (first.Bookmarks[0].ActivityId, first.Bookmarks[0].Kind, first.Bookmarks[0].DueAt!.Value));
        Assert.Equal(("fixed", DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), (second.Bookmarks[0].ActivityId, second.Bookmarks[0].DueAt!.Value));
        Assert.Equal(["short", "past", "fixed"], second.Journal.Select(j => j.ActivityId).ToArray());
        Assert.Equal(WorkflowSubStatus.Finished, done.SubStatus);
    }

    [Fact]
    public async Task FlowchartWithForkAndJoin_SuspendedInOneBranch_KeepsPendingTokensAndJoinArrivals()
    {
        var engine = Engine.Create();
        var workflow = engine.Load("""
            definitionId: forked
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: trail, type: string, value: "" }
            root:
              type: Sequence
              activities:
                - id: chart
                  type: Flowchart
                  activities:
                    - { id: fork, type: Fork }
                    - { id: b, type: SetVariable, variable: trail, value: "${ trail }b" }
                    - { id: a1, type: SetVariable, variable: trail, value: "${ trail }a1" }
                    - { id: a2, type: WaitForEvent, event: go }
                    - { id: c, type: SetVariable, variable: trail, value: "${ trail }c" }
                    - { id: c2, type: SetVariable, variable: trail, value: "${ trail }c2" }
                    - { id: join, type: Join }
                    - { id: after, type: SetVariable, variable: trail, value: "${ trail }-joined" }
                  connections:
                    - fork:Done -> b
                    - fork:Done -> a1
                    - fork:Done -> c
                    - a1:Done -> a2
                    - c:Done -> c2
                    - b:Done -> join
                    - a2:Done -> join
                    - c2:Done -> join
                    - join:Done -> after
                - { id: tail, type: SetVariable, variable: trail, value: "${ trail }!" }
            """);

        var suspended = await engine.RunAsync(workflow);
        var resumed = await ResumeAsync(engine, workflow, null, suspended, new BookmarkStimulus("Event"));

        Assert.Equal("ba1c", suspended.Variables["trail"]);
        Assert.Equal(["root", "chart", "a2"], suspended.Position!.Path);
        var graph = suspended.Position.Frames["chart"]["$graph"]!;
        Assert.Equal("a2", graph["current"]!.GetValue<string>());
        Assert.Equal(["c2"], graph["pending"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray());
        Assert.Equal(1, graph["arrivals"]!["join"]!.GetValue<int>());
        Assert.Equal(1, suspended.Position.Frames["root"]["$graph"]!["index"]!.GetValue<int>() + 1); // the Sequence stands at its first child
        Assert.Equal(WorkflowSubStatus.Finished, resumed.SubStatus);
        Assert.Equal("ba1cc2-joined!", resumed.Variables["trail"]);
        Assert.Single(resumed.Journal, j => j.ActivityId == "join");
        Assert.Equal(["a2", "c2", "join", "after", "chart", "tail", "root"], resumed.Journal.Select(j => j.ActivityId).ToArray());
    }

    [Fact]
    public async Task ForEachWithASequenceInside_ResumesAtTheSameItem_ThenTheNextItemsSuspendInTurn()
    {
        var engine = Engine.Create();
        var workflow = engine.Load("""
            definitionId: per-line
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: line, type: json }
              - { name: shipped, type: string, value: "" }
            root:
              type: Flowchart
              activities:
                - { id: start, type: Start }
                - id: each
                  type: ForEach
                  items: ${ input.lines }
                  variable: line
                  activities:
                    - id: body
                      type: Sequence
                      activities:
                        - { id: mark, type: SetVariable, variable: shipped, value: "${ shipped }[${ line.sku }" }
                        - { id: wait, type: WaitForEvent, event: shipped, correlationKey: "${ line.sku }" }
                        - { id: done, type: SetVariable, variable: shipped, value: "${ shipped }]" }
              connections:
                - start:Done -> each
            """);
        var input = JsonNode.Parse("""{"lines":[{"sku":"A"},{"sku":"B"},{"sku":"C"}]}""");

        var run = await engine.RunAsync(workflow, input);
        var keys = new List<string?>();
        var indexes = new List<int>();
        while (run.Status == WorkflowStatus.Suspended)
        {
            keys.Add(run.Bookmarks[0].CorrelationKey);
            indexes.Add(run.Position!.Frames["each"]["index"]!.GetValue<int>());
            Assert.Equal(["root", "each", "body", "wait"], run.Position.Path);
            Assert.Equal(1, run.Position.Frames["body"]["$graph"]!["index"]!.GetValue<int>());
            run = await ResumeAsync(engine, workflow, input, run, new BookmarkStimulus("Event"));
        }

        Assert.Equal(["A", "B", "C"], keys);
        Assert.Equal([0, 1, 2], indexes);
        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Equal("[A][B][C]", run.Variables["shipped"]);
    }

    [Fact]
    public async Task Cancellation_WhileRunning_EndsCancelled()
    {
        var engine = Engine.Create();
        var workflow = engine.Load("""
            definitionId: cancel
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: log, type: Log, message: hi }
            """);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await engine.RunAsync(workflow, null, cts.Token);

        Assert.Equal(WorkflowSubStatus.Cancelled, result.SubStatus);
    }

    [Fact]
    public async Task CompositeThatIgnoresSuspension_FaultsInsteadOfRunningPastTheBookmark()
    {
        var result = await Engine.RunAsync("""
            definitionId: careless
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - id: twice
                  type: Test.Twice
                  activities:
                    - { id: wait, type: WaitForEvent, event: go }
            """, configure: b => b.AddActivity<TwiceActivity>());

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("twice", result.Incident!.ActivityId);
        Assert.Contains("IsSuspending", result.Incident.Message);
        Assert.Empty(result.Bookmarks);
    }

    /// <summary>A looping composite written without suspension in mind.</summary>
    [IntegrationHub.Workflows.Activities.Activity("Test.Twice", "Runs its body twice.", Composite = true)]
    private sealed class TwiceActivity : IntegrationHub.Workflows.Activities.IActivity
    {
        public async ValueTask<string> ExecuteAsync(IntegrationHub.Workflows.Activities.ActivityContext context)
        {
            await context.RunBodyAsync();
            await context.RunBodyAsync();
            return IntegrationHub.Workflows.Activities.ActivityOutcomes.Done;
        }
    }

    /// <summary>Resumes like the host does: variables and position through JSON, as persisted.</summary>
    private static ValueTask<WorkflowRunResult> ResumeAsync(WorkflowEngine engine, ExecutableWorkflow workflow, JsonNode? input, WorkflowRunResult suspended, BookmarkStimulus stimulus)
    {
        var position = JsonSerializer.Deserialize<WorkflowPosition>(JsonSerializer.Serialize(suspended.Position, Json), Json)!;
        var variables = JsonNode.Parse(JsonSerializer.Serialize(suspended.Variables, Json))!.AsObject()
            .ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone(), StringComparer.Ordinal);
        return engine.ResumeAsync(workflow, input, variables, position, stimulus);
    }
}
