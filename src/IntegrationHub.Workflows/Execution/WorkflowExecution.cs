using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Expressions;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// One running instance: variable slots, journal and the graph walk. Flowcharts follow the connections whose source
/// outcome matches (a token per connection: a node reached twice runs twice); bodies without connections run in order.
/// An activity that creates a bookmark suspends the instance: the walk unwinds at once, each composite on the way
/// saving its frame (Sequence index; Flowchart current activity, pending tokens, Join arrivals; its own state), and a
/// resume walks straight back down that path to the suspended activity.
/// </summary>
internal sealed partial class WorkflowExecution
{
    private const string GraphStateKey = "$graph";
    private readonly ExecutableWorkflow _workflow;
    private readonly WorkflowRuntimeSettings _settings;
    private readonly JournalDetail _detail;
    private readonly List<JournalEntry> _journal;
    private readonly List<string> _path = new(8);
    private Suspension? _suspension;
    private ResumeState? _resume;

    public WorkflowExecution(ExecutableWorkflow workflow, JsonNode? input, WorkflowRuntimeSettings settings, CancellationToken cancellationToken, IReadOnlyDictionary<string, object?>? variables = null)
    {
        _workflow = workflow;
        _settings = settings;
        _detail = settings.Journal;
        _journal = _detail == JournalDetail.None ? [] : new List<JournalEntry>(16);
        var slots = new object?[workflow.Variables.Count];
        foreach (var v in workflow.Variables)
        {
            slots[v.Slot] = variables is not null && variables.TryGetValue(v.Name, out var saved)
                ? ValueConverter.Convert(saved is JsonNode node ? node.DeepClone() : saved, v.Type)
                : v.Initial is ICloneable c ? c.Clone() : v.Initial is JsonNode n ? n.DeepClone() : v.Initial;
        }

        Scope = new WorkflowScope(input, slots);
        CancellationToken = cancellationToken;
    }

    public WorkflowScope Scope { get; }

    public IServiceProvider Services => _settings.Services;

    public ILogger Logger => _settings.Logger;

    public TimeProvider Time => _settings.Time;

    public CancellationToken CancellationToken { get; }

    public bool Finished { get; set; }

    /// <summary>True once an activity created a bookmark: composites stop and save their frames.</summary>
    public bool Suspending => _suspension is not null;

    public bool RecordsInputsAndOutputs => _detail == JournalDetail.Full;

    public SensitiveDataMasker Masker => _settings.Masker;

    public ExecutableWorkflow Workflow => _workflow;

    public void AddBookmark(WorkflowBookmark bookmark) => (_suspension ??= new Suspension()).Bookmarks.Add(bookmark);

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
                var root = new ActivityContextImpl(this, _workflow.Root);
                _path.Add(_workflow.Root.Id);
                await RunGraphAsync(_workflow.Root.Body!, root, resumeAt).ConfigureAwait(false);
                _path.Clear();
                if (_suspension is not null)
                {
                    _suspension.Path.Add(_workflow.Root.Id);
                    if (root.Frame is { } frame)
                    {
                        _suspension.Frames[_workflow.Root.Id] = frame;
                    }
                }
            }

            return _suspension is null ? Result(WorkflowSubStatus.Finished, null) : Suspended();
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

    /// <summary>Continues a suspended instance: walks down <paramref name="position"/> and resumes its activity with the stimulus.</summary>
    public ValueTask<WorkflowRunResult> ResumeAsync(WorkflowPosition position, BookmarkStimulus stimulus)
    {
        if (position.Path.Count == 0 || position.Path[0] != _workflow.Root.Id)
        {
            throw new InvalidOperationException($"The saved position does not start at the root '{_workflow.Root.Id}' of {_workflow.DefinitionId} v{_workflow.Version}.");
        }

        _resume = new ResumeState(position, stimulus);
        return RunAsync();
    }

    public async ValueTask RunGraphAsync(CompiledGraph graph, ActivityContext? owner, string? startAt = null)
    {
        if (_suspension is not null)
        {
            // A composite that loops without checking IsSuspending would run on past the bookmark: fault instead.
            throw new InvalidOperationException($"'{owner?.ActivityId}' ran its activities again after an activity inside it suspended the instance; a looping composite must stop when ActivityContext.IsSuspending is true.");
        }

        var saved = owner?.TakeState(GraphStateKey) as JsonObject;
        if (!graph.IsFlowchart)
        {
            var first = saved is not null ? (int)saved["index"]!
                : startAt is null ? 0 : Math.Max(0, Array.FindIndex(graph.Nodes, n => n.Id == startAt));
            for (var i = first; i < graph.Nodes.Length; i++)
            {
                var node = graph.Nodes[i];
                await ExecuteAsync(node).ConfigureAwait(false);
                if (Finished)
                {
                    return;
                }

                if (_suspension is not null)
                {
                    owner?.SetStateNode(GraphStateKey, new JsonObject { ["index"] = i });
                    return;
                }
            }

            return;
        }

        // Breadth-first over tokens; the queue is small (a token per followed connection).
        var pending = new Queue<CompiledNode>();
        Dictionary<CompiledNode, int>? arrivals = null;
        CompiledNode? resumed = null;
        if (saved is not null)
        {
            (resumed, arrivals) = RestoreFlowchart(graph, saved, pending);
        }
        else
        {
            var start = startAt is null ? graph.Start : graph.Nodes.FirstOrDefault(n => n.Id == startAt) ?? graph.Start;
            if (start is null)
            {
                return;
            }

            pending.Enqueue(start);
        }

        while (true)
        {
            CompiledNode node;
            if (resumed is not null)
            {
                // Its token was counted before it suspended.
                (node, resumed) = (resumed, null);
            }
            else if (!pending.TryDequeue(out node!))
            {
                break;
            }
            else if (node.TokensToRun > 0)
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

            if (_suspension is not null)
            {
                owner?.SetStateNode(GraphStateKey, SaveFlowchart(node, pending, arrivals));
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

    private static JsonObject SaveFlowchart(CompiledNode current, Queue<CompiledNode> pending, Dictionary<CompiledNode, int>? arrivals)
    {
        var state = new JsonObject { ["current"] = current.Id, ["pending"] = new JsonArray([.. pending.Select(n => (JsonNode)n.Id)]) };
        if (arrivals is not null)
        {
            state["arrivals"] = new JsonObject(arrivals.Select(a => KeyValuePair.Create(a.Key.Id, (JsonNode?)a.Value)));
        }

        return state;
    }

    private static (CompiledNode Current, Dictionary<CompiledNode, int>? Arrivals) RestoreFlowchart(CompiledGraph graph, JsonObject state, Queue<CompiledNode> pending)
    {
        CompiledNode Find(string id) => Array.Find(graph.Nodes, n => n.Id == id)
            ?? throw new InvalidOperationException($"The saved position names activity '{id}', which this flowchart does not have.");

        foreach (var id in state["pending"]!.AsArray())
        {
            pending.Enqueue(Find(id!.GetValue<string>()));
        }

        Dictionary<CompiledNode, int>? arrivals = null;
        if (state["arrivals"] is JsonObject saved)
        {
            arrivals = new Dictionary<CompiledNode, int>(ReferenceEqualityComparer.Instance);
            foreach (var (id, count) in saved)
            {
                arrivals[Find(id)] = count!.GetValue<int>();
            }
        }

        return (Find(state["current"]!.GetValue<string>()), arrivals);
    }

    private async ValueTask<string> ExecuteAsync(CompiledNode node)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (node.Descriptor.SideEffects && DryRun.Active)
        {
            return SkipForDryRun(node);
        }

        var started = _detail == JournalDetail.None ? default : Time.GetUtcNow();
        var startTicks = Time.GetTimestamp();
        var context = new ActivityContextImpl(this, node);
        BookmarkStimulus? stimulus = null;
        if (_resume is not null)
        {
            if (_resume.Frames.Remove(node.Id, out var frame))
            {
                context.Frame = frame;
            }

            if (node.Id == _resume.LeafId)
            {
                stimulus = _resume.Stimulus;
                _resume = null;
            }
        }

        string outcome;
        _path.Add(node.Id);
        using var span = WorkflowTracing.Start(_workflow, node.Id, node.Descriptor.Type);
        try
        {
            outcome = stimulus is not null
                ? await (node.Activity as IResumableActivity ?? throw new InvalidOperationException($"'{node.Descriptor.Type}' cannot be resumed.")).ResumeAsync(context, stimulus).ConfigureAwait(false)
                : node.Retry is null
                    ? await node.Activity.ExecuteAsync(context).ConfigureAwait(false)
                    : await node.Retry.ExecuteAsync(static (state, _) => state.Node.Activity.ExecuteAsync(state.Context), (Node: node, Context: context), CancellationToken).ConfigureAwait(false);
        }
        catch (ActivityFaultException)
        {
            throw;
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (_settings.Outage?.Is(ex) == true)
        {
            // The store cannot answer for now: not the activity's fault. The run stops here, unsaved, as if its node had
            // died; whoever started it runs it again (a record is redelivered, a lease expires and recovery takes over).
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "store outage");
            throw;
        }
        catch (Exception ex)
        {
            if (_detail != JournalDetail.None)
            {
                _journal.Add(Entry(node, context, started, startTicks, null, ex.Message));
            }

            // Unwrap only wrappers; the activity's own exception type (e.g. poison) is what callers branch on.
            var root = ex is AggregateException or System.Reflection.TargetInvocationException ? ex.GetBaseException() : ex;
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, root.GetType().Name);
            throw new ActivityFaultException(new WorkflowIncident(node.Id, node.Descriptor.Type, root.GetType().Name, root.Message, Time.GetUtcNow()) { Path = [.. _path] }, ex);
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }

        span?.SetTag("workflow.activity.outcome", _suspension is null ? outcome : "Suspended");
        if (_suspension is not null)
        {
            if (_suspension.Path.Count == 0 && _detail != JournalDetail.None)
            {
                _journal.Add(Entry(node, context, started, startTicks, "Suspended", null));
            }

            _suspension.Path.Add(node.Id);
            if (context.Frame is { Count: > 0 } saved)
            {
                _suspension.Frames[node.Id] = saved;
            }

            return outcome;
        }

        if (_detail != JournalDetail.None)
        {
            _journal.Add(Entry(node, context, started, startTicks, outcome, null));
        }

        return outcome;
    }

    private JournalEntry Entry(CompiledNode node, ActivityContextImpl context, DateTimeOffset started, long startTicks, string? outcome, string? error) =>
        new(node.Id, node.Descriptor.Type, started, Time.GetElapsedTime(startTicks), outcome, error)
        {
            Inputs = context.RecordedInputs,
            Outputs = context.RecordedOutputs,
        };

    private WorkflowRunResult Suspended() =>
        Result(WorkflowSubStatus.Suspended, null) with { Status = WorkflowStatus.Suspended, Bookmarks = _suspension!.Bookmarks, Position = _suspension.ToPosition() };

    private WorkflowRunResult Result(WorkflowSubStatus sub, WorkflowIncident? incident)
    {
        var variables = new Dictionary<string, object?>(_workflow.Variables.Count, StringComparer.Ordinal);
        foreach (var v in _workflow.Variables)
        {
            variables[v.Name] = Scope.Slots[v.Slot];
        }

        return new WorkflowRunResult(WorkflowStatus.Finished, sub, variables, _journal, incident);
    }

    private sealed class ActivityContextImpl(WorkflowExecution execution, CompiledNode node) : ActivityContext(execution, node);
}

/// <summary>Carries an incident out of nested composites to the top of the run.</summary>
internal sealed class ActivityFaultException(WorkflowIncident incident, Exception inner) : Exception(incident.Message, inner)
{
    public WorkflowIncident Incident { get; } = incident;
}

/// <summary>Thrown by the Fail activity: ends the instance as Faulted with the given message.</summary>
public sealed class WorkflowFailException(string message) : Exception(message);
