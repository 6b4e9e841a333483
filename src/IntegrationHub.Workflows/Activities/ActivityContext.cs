using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Activities;

/// <summary>
/// What an activity sees while it runs: its inputs, the instance's variables, its body, services and cancellation;
/// bookmarks to suspend the instance, a small persisted state (its frame) for composites, and outputs for the journal.
/// </summary>
public abstract class ActivityContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WorkflowExecution _execution;
    private readonly CompiledNode _node;

    private protected ActivityContext(WorkflowExecution execution, CompiledNode node)
    {
        _execution = execution;
        _node = node;
    }

    public string ActivityId => _node.Id;

    public string DefinitionId => _execution.Workflow.DefinitionId;

    /// <summary>The version of the definition the instance runs (as the file declares it).</summary>
    public int DefinitionVersion => _execution.Workflow.Version;

    public CancellationToken CancellationToken => _execution.CancellationToken;

    public IServiceProvider Services => _execution.Services;

    public ILogger Logger => _execution.Logger;

    public TimeProvider Time => _execution.Time;

    public WorkflowScope Scope => _execution.Scope;

    /// <summary>This activity's saved state: restored when the instance resumes through it, saved when it suspends.</summary>
    internal JsonObject? Frame { get; set; }

    internal JsonObject? RecordedInputs { get; private set; }

    internal JsonObject? RecordedOutputs { get; private set; }

    /// <summary>The input's value converted to its declared type; the default when the file does not set it.</summary>
    public T? Input<T>(string name)
    {
        if (!_node.Inputs.TryGetValue(name, out var input))
        {
            return default;
        }

        var value = input.Evaluate(_execution.Scope);
        if (_execution.RecordsInputsAndOutputs)
        {
            (RecordedInputs ??= [])[name] = _execution.Masker.ToMaskedJson(name, value);
        }

        return (T?)value;
    }

    public bool HasInput(string name) => _node.Inputs.ContainsKey(name);

    /// <summary>Records an output of this activity in the journal (at journal detail Full, masked); otherwise free.</summary>
    public void SetOutput(string name, object? value)
    {
        if (_execution.RecordsInputsAndOutputs)
        {
            (RecordedOutputs ??= [])[name] = _execution.Masker.ToMaskedJson(name, value);
        }
    }

    public object? GetVariable(string name) => _execution.Scope.Read(Slot(name).Slot);

    /// <summary>Sets a declared variable, converting the value to its type.</summary>
    public void SetVariable(string name, object? value)
    {
        var slot = Slot(name);
        _execution.Scope.Write(slot.Slot, ValueConverter.Convert(value, slot.Type));
    }

    /// <summary>Runs this composite's child activities (as a flowchart when it has connections, else in order); on a resume, from where they stopped.</summary>
    public ValueTask RunBodyAsync() => _node.Body is { } body ? _execution.RunGraphAsync(body, this) : ValueTask.CompletedTask;

    /// <summary>
    /// Runs this composite's body once per item, up to <paramref name="maxParallelism"/> iterations at a time, each with
    /// the item in its own copy of <paramref name="variable"/> (see <see cref="ParallelIterations"/>).
    /// </summary>
    internal ValueTask RunBodyPerItemAsync(System.Collections.IEnumerable items, string variable, int maxParallelism)
    {
        var slot = Slot(variable);
        return ParallelIterations.RunAsync(_execution, _node, items, slot.Slot, slot.Type, maxParallelism);
    }

    /// <summary>Ends the whole instance as Finished once this activity returns.</summary>
    public void FinishWorkflow() => _execution.Finished = true;

    /// <summary>True once an End activity ran: loops stop iterating.</summary>
    public bool WorkflowFinishing => _execution.Finished;

    /// <summary>
    /// True once an activity below (or this one) created a bookmark: a composite saves what it needs with
    /// <see cref="SetState{T}"/> and returns at once; its outcome is ignored.
    /// </summary>
    public bool IsSuspending => _execution.Suspending;

    /// <summary>
    /// Suspends the instance once this activity returns: it waits for a stimulus of <paramref name="kind"/>
    /// (<see cref="WorkflowBookmark.EventKind"/> with the event <paramref name="name"/> and optional correlation key, and/or
    /// a due time for the timer). The activity must implement <see cref="IResumableActivity"/>.
    /// </summary>
    public WorkflowBookmark CreateBookmark(string kind, string? name = null, string? correlationKey = null, DateTimeOffset? dueAt = null)
    {
        if (_node.Activity is not IResumableActivity)
        {
            throw new InvalidOperationException($"'{_node.Descriptor.Type}' creates a bookmark but does not implement IResumableActivity.");
        }

        var bookmark = new WorkflowBookmark(Guid.CreateVersion7(_execution.Time.GetUtcNow()), _node.Id, kind, name, correlationKey, dueAt);
        _execution.AddBookmark(bookmark);
        return bookmark;
    }

    /// <summary>This activity's persisted state under <paramref name="key"/>: the value saved before a suspension, else the default.</summary>
    public T? GetState<T>(string key) => Frame?[key] is { } node ? node.Deserialize<T>(Json) : default;

    /// <summary>Keeps a value in this activity's frame; it is persisted when the instance suspends inside or at this activity.</summary>
    public void SetState<T>(string key, T value) => SetStateNode(key, JsonSerializer.SerializeToNode(value, Json));

    internal void SetStateNode(string key, JsonNode? value) => (Frame ??= [])[key] = value;

    /// <summary>Reads and removes a saved value (graph positions are used once: a loop's next pass starts fresh).</summary>
    internal JsonNode? TakeState(string key)
    {
        if (Frame is null || !Frame.TryGetPropertyValue(key, out var value))
        {
            return null;
        }

        Frame.Remove(key);
        return value;
    }

    private VariableSlot Slot(string name) =>
        _execution.Workflow.Variables.FirstOrDefault(v => v.Name == name)
        ?? throw new InvalidOperationException($"Variable '{name}' is not declared in {_execution.Workflow.DefinitionId}.");
}
