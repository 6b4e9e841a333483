using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Execution;

/// <summary>A loaded, validated, compiled definition version: what instances run. Immutable and shared by all instances.</summary>
public sealed class ExecutableWorkflow
{
    internal ExecutableWorkflow(WorkflowDefinition definition, CompiledNode root, IReadOnlyList<VariableSlot> variables)
    {
        Definition = definition;
        Root = root;
        Variables = variables;
    }

    public WorkflowDefinition Definition { get; }

    public string DefinitionId => Definition.DefinitionId;

    public int Version => Definition.Version;

    internal CompiledNode Root { get; }

    internal IReadOnlyList<VariableSlot> Variables { get; }
}

/// <summary>A declared variable's slot, type and initial value.</summary>
internal sealed record VariableSlot(string Name, Type Type, int Slot, object? Initial);
