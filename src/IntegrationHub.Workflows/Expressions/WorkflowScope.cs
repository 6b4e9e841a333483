using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// What expressions of one running instance see: the workflow input and the variable slots (declared variables in
/// declaration order). Compiled C# expressions read variables as typed locals through <see cref="Get{T}"/>.
/// A parallel ForEach iteration runs on a <see cref="Branch"/>: the same shared slots with the loop variable overlaid,
/// so each iteration sees its own item while every other variable stays shared (a write is one atomic reference
/// store; the last write wins).
/// </summary>
/// <remarks>Public because the C# expressions compiled from workflow files (their own assembly) read variables through it.</remarks>
public sealed class WorkflowScope(JsonNode? input, object?[] slots)
{
    private readonly WorkflowScope? _parent;
    private readonly int _localSlot = -1;
    private object? _localValue;

    private WorkflowScope(WorkflowScope parent, int localSlot, object? localValue)
        : this(parent.Input, parent.Slots)
    {
        _parent = parent;
        _localSlot = localSlot;
        _localValue = localValue;
    }

    public JsonNode? Input { get; } = input;

    /// <summary>The shared slots. Read and write through <see cref="Read"/> and <see cref="Write"/>, which honour a branch's overlay.</summary>
    public object?[] Slots { get; } = slots;

    /// <summary>True inside a parallel iteration: nested loops then keep their variable local to the iteration too.</summary>
    public bool IsBranch => _parent is not null;

    public T Get<T>(int slot) => Read(slot) is T value ? value : default!;

    public object? Read(int slot) =>
        slot == _localSlot ? _localValue
        : _parent is not null ? _parent.Read(slot)
        : Volatile.Read(ref Slots[slot]);

    public void Write(int slot, object? value)
    {
        if (slot == _localSlot)
        {
            _localValue = value;
        }
        else if (_parent is not null)
        {
            _parent.Write(slot, value);
        }
        else
        {
            Volatile.Write(ref Slots[slot], value);
        }
    }

    /// <summary>A scope for one iteration: <paramref name="slot"/> holds <paramref name="value"/> here only; everything else is shared.</summary>
    public WorkflowScope Branch(int slot, object? value) => new(this, slot, value);
}
