using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Activities;

/// <summary>
/// The optional inputs <c>each</c>, <c>as</c> and <c>where</c>, shared by activities that can act on every element of an
/// array in one step (for example one connector call for a whole page of records): with <c>each</c>, the activity's other
/// inputs are evaluated once per element of the array, with the element in the declared json variable <c>as</c> names
/// (<c>item</c> by default), and only for the elements <c>where</c> (an expression over that variable) is true. Without
/// <c>each</c> the activity runs once, as usual. The loader checks that the element's variable is declared.
/// </summary>
public static class ActivityItems
{
    public const string Each = "each";
    public const string As = "as";
    public const string Where = "where";
    public const string DefaultVariable = "item";

    public const string AsDescription = "Declared json variable that holds the current element of 'each'; the default is 'item'.";
    public const string WhereDescription = "With 'each': only the elements for which this expression over the element is true.";

    /// <summary>
    /// Yields once (null) without <c>each</c>; with it, each selected element, after putting it in its variable, so the
    /// caller evaluates its inputs for that element at each step. The array is read before the first element.
    /// </summary>
    /// <exception cref="ArgumentException"><c>each</c> is not an array.</exception>
    public static IEnumerable<JsonNode?> Select(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HasInput(Each))
        {
            yield return null;
            yield break;
        }

        var items = context.Input<JsonNode>(Each) switch
        {
            null => [],
            JsonArray array => array.ToArray(),
            var other => throw new ArgumentException($"activity '{context.ActivityId}': 'each' must be an array, not {other.GetValueKind()}"),
        };
        var variable = context.Input<string>(As) is { Length: > 0 } name ? name : DefaultVariable;
        var filtered = context.HasInput(Where);
        for (var i = 0; i < items.Length; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var element = items[i]?.DeepClone();
            context.SetVariable(variable, element);
            if (!filtered || context.Input<bool>(Where))
            {
                yield return element;
            }
        }
    }
}
