using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Activities;

/// <summary>What an activity sees while it runs: its inputs, the instance's variables, its body, services and cancellation.</summary>
public abstract class ActivityContext
{
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

    public WorkflowScope Scope => _execution.Scope;

    /// <summary>The input's value converted to its declared type; the default when the file does not set it.</summary>
    public T? Input<T>(string name) =>
        _node.Inputs.TryGetValue(name, out var input) ? (T?)input.Evaluate(_execution.Scope) : default;

    public bool HasInput(string name) => _node.Inputs.ContainsKey(name);

    public object? GetVariable(string name) => _execution.Scope.Read(Slot(name).Slot);

    /// <summary>Sets a declared variable, converting the value to its type.</summary>
    public void SetVariable(string name, object? value)
    {
        var slot = Slot(name);
        _execution.Scope.Write(slot.Slot, ValueConverter.Convert(value, slot.Type));
    }

    /// <summary>Runs this composite's child activities (as a flowchart when it has connections, else in order).</summary>
    public ValueTask RunBodyAsync() => _node.Body is { } body ? _execution.RunGraphAsync(body) : ValueTask.CompletedTask;

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

    private VariableSlot Slot(string name) =>
        _execution.Workflow.Variables.FirstOrDefault(v => v.Name == name)
        ?? throw new InvalidOperationException($"Variable '{name}' is not declared in {_execution.Workflow.DefinitionId}.");
}
