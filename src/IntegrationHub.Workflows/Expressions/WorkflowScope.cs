using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// What expressions of one running instance see: the workflow input and the variable slots (declared variables in
/// declaration order). Compiled C# expressions read variables as typed locals through <see cref="Get{T}"/>.
/// </summary>
public sealed class WorkflowScope(JsonNode? input, object?[] slots)
{
    public JsonNode? Input { get; } = input;

    public object?[] Slots { get; } = slots;

    public T Get<T>(int slot) => Slots[slot] is T value ? value : default!;
}
