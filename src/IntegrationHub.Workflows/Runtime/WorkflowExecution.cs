using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Expressions;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Runtime;

/// <summary>
/// One running instance: variable slots, journal and the graph walk. Flowcharts follow the connections whose source
/// outcome matches (a token per connection: a node reached twice runs twice); bodies without connections run in order.
/// </summary>
internal sealed partial class WorkflowExecution
{
    private readonly ExecutableWorkflow _workflow;
    private readonly TimeProvider _time;
    private readonly JournalDetail _detail;
    private readonly List<JournalEntry> _journal;
    private readonly List<string> _path = new(8);

    public WorkflowExecution(ExecutableWorkflow workflow, JsonNode? input, IServiceProvider services, ILogger logger, TimeProvider time, JournalDetail detail, CancellationToken cancellationToken, IReadOnlyDictionary<string, object?>? variables = null)
    {
        _workflow = workflow;
        _time = time;
        _detail = detail;
        _journal = detail == JournalDetail.None ? [] : new List<JournalEntry>(16);
        var slots = new object?[workflow.Variables.Count];
        foreach (var v in workflow.Variables)
        {
            slots[v.Slot] = variables is not null && variables.TryGetValue(v.Name, out var saved)
                ? ValueConverter.Convert(saved is JsonNode node ? node.DeepClone() : saved, v.Type)
                : v.Initial is ICloneable c ? c.Clone() : v.Initial is JsonNode n ? n.DeepClone() : v.Initial;
        }

        Scope = new WorkflowScope(input, slots);
        Services = services;
        Logger = logger;
        CancellationToken = cancellationToken;
    }

    public WorkflowScope Scope { get; }

    public IServiceProvider Services { get; }

    public ILogger Logger { get; }

    public CancellationToken CancellationToken { get; }

    public bool Finished { get; set; }

    public ExecutableWorkflow Workflow => _workflow;

    /// <param name="resumeAt">Id of a child of the root to start at (retry after a fault); null runs from the start.</param>
    public async ValueTask<WorkflowRunResult> RunAsync(string? resumeAt = null)
    {
        try
        {
            if (resumeAt is null)
            {
                await ExecuteAsync(_workflow.Root).ConfigureAwait(false);
            }
            else
            {
                _path.Add(_workflow.Root.Id);
                await RunGraphAsync(_workflow.Root.Body!, resumeAt).ConfigureAwait(false);
                _path.Clear();
            }

            return Result(WorkflowSubStatus.Finished, null);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            return Result(WorkflowSubStatus.Cancelled, null);
        }
        catch (ActivityFaultException fault)
        {
            return Result(WorkflowSubStatus.Faulted, fault.Incident);
        }
    }

    public async ValueTask RunGraphAsync(CompiledGraph graph, string? startAt = null)
    {
        if (!graph.IsFlowchart)
        {
            var first = startAt is null ? 0 : Math.Max(0, Array.FindIndex(graph.Nodes, n => n.Id == startAt));
            for (var i = first; i < graph.Nodes.Length; i++)
            {
                var node = graph.Nodes[i];
                await ExecuteAsync(node).ConfigureAwait(false);
                if (Finished)
                {
                    return;
                }
            }

            return;
        }

        var start = startAt is null ? graph.Start : graph.Nodes.FirstOrDefault(n => n.Id == startAt) ?? graph.Start;
        if (start is null)
        {
            return;
        }

        // Breadth-first over tokens; the queue is small (a token per followed connection).
        var pending = new Queue<CompiledNode>();
        Dictionary<CompiledNode, int>? arrivals = null;
        pending.Enqueue(start);
        while (pending.TryDequeue(out var node))
        {
            if (node.TokensToRun > 0)
            {
                // A Join runs exactly once, when the token that completes its count arrives.
                arrivals ??= new Dictionary<CompiledNode, int>(ReferenceEqualityComparer.Instance);
                var arrived = arrivals[node] = arrivals.GetValueOrDefault(node) + 1;
                if (arrived != node.TokensToRun)
                {
                    continue;
                }
            }

            var outcome = await ExecuteAsync(node).ConfigureAwait(false);
            if (Finished)
            {
                return;
            }

            if (node.Next.TryGetValue(outcome, out var targets))
            {
                foreach (var target in targets)
                {
                    pending.Enqueue(target);
                }
            }
        }
    }

    private async ValueTask<string> ExecuteAsync(CompiledNode node)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (node.Descriptor.SideEffects && DryRun.Active)
        {
            return SkipForDryRun(node);
        }

        var started = _detail == JournalDetail.None ? default : _time.GetUtcNow();
        var startTicks = _time.GetTimestamp();
        string outcome;
        _path.Add(node.Id);
        try
        {
            outcome = node.Retry is null
                ? await node.Activity.ExecuteAsync(new ActivityContextImpl(this, node)).ConfigureAwait(false)
                : await node.Retry.ExecuteAsync(static (state, _) => state.Node.Activity.ExecuteAsync(new ActivityContextImpl(state.Execution, state.Node)), (Execution: this, Node: node), CancellationToken).ConfigureAwait(false);
        }
        catch (ActivityFaultException)
        {
            throw;
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            if (_detail != JournalDetail.None)
            {
                _journal.Add(new JournalEntry(node.Id, node.Descriptor.Type, started, _time.GetElapsedTime(startTicks), null, ex.Message));
            }

            // Unwrap only wrappers; the activity's own exception type (e.g. poison) is what callers branch on.
            var root = ex is AggregateException or System.Reflection.TargetInvocationException ? ex.GetBaseException() : ex;
            throw new ActivityFaultException(new WorkflowIncident(node.Id, node.Descriptor.Type, root.GetType().Name, root.Message, _time.GetUtcNow()) { Path = [.. _path] }, ex);
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }

        if (_detail != JournalDetail.None)
        {
            _journal.Add(new JournalEntry(node.Id, node.Descriptor.Type, started, _time.GetElapsedTime(startTicks), outcome, null));
        }

        return outcome;
    }

    private WorkflowRunResult Result(WorkflowSubStatus sub, WorkflowIncident? incident)
    {
        var variables = new Dictionary<string, object?>(_workflow.Variables.Count, StringComparer.Ordinal);
        foreach (var v in _workflow.Variables)
        {
            variables[v.Name] = Scope.Slots[v.Slot];
        }

        return new WorkflowRunResult(WorkflowStatus.Finished, sub, variables, _journal, incident);
    }

    private sealed class ActivityContextImpl(WorkflowExecution execution, CompiledNode node) : Activities.ActivityContext(execution, node);
}

/// <summary>Carries an incident out of nested composites to the top of the run.</summary>
internal sealed class ActivityFaultException(WorkflowIncident incident, Exception inner) : Exception(incident.Message, inner)
{
    public WorkflowIncident Incident { get; } = incident;
}

/// <summary>Thrown by the Fail activity: ends the instance as Faulted with the given message.</summary>
public sealed class WorkflowFailException(string message) : Exception(message);
