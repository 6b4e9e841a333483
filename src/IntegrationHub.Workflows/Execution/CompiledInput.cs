using IntegrationHub.Workflows.Expressions;

namespace IntegrationHub.Workflows.Execution;

/// <summary>An input ready to evaluate: a constant (already converted) or a compiled expression plus conversion.</summary>
internal sealed class CompiledInput(string name, Type type, object? constant, Func<WorkflowScope, object?>? evaluate)
{
    public string Name { get; } = name;

    public Type Type { get; } = type;

    public bool IsConstant => evaluate is null;

    public object? Constant => constant;

    public object? Evaluate(WorkflowScope scope) =>
        evaluate is null ? constant : ValueConverter.Convert(evaluate(scope), Type);
}
