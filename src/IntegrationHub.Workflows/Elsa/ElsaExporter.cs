using System.Text.Json.Nodes;
using System.Xml;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Layout;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>
/// Writes a workflow definition as an Elsa 3 definition (<c>WorkflowDefinitionModel</c> JSON). An imported Elsa
/// definition comes back as it was read (its definitionId filled in when the file name gave it). A hub definition is
/// translated: activities with an Elsa equivalent take Elsa's type and property names (<see cref="ElsaActivityMap"/>
/// read backwards), the rest keep their hub type with their inputs in Elsa's form; expressions Elsa has (literal,
/// object, variable, JavaScript) take its form and the hub's <c>${ ... }</c> ones the expression type <c>Hub</c>; what
/// only the hub has (triggers, persistence, retry policies) goes under <c>customProperties.hub</c>; designer
/// positions come from <see cref="FlowchartLayout"/>. Reading the export back gives the same definition.
/// </summary>
public sealed class ElsaExporter(ActivityRegistry activities)
{
    public const string Schema = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    /// <summary>Elsa's expression type for the hub's own <c>${ ... }</c> expressions.</summary>
    public const string HubExpressionType = "Hub";

    public JsonObject Export(WorkflowDefinition definition)
    {
        if (definition is { Format: DefinitionFormat.Elsa, Original: { } original })
        {
            var copy = (JsonObject)original.DeepClone();
            copy["definitionId"] ??= definition.DefinitionId;
            return copy;
        }

        var hub = new JsonObject { ["triggers"] = new JsonArray([.. definition.Triggers.Select(Trigger)]) };
        if (definition.Persistence != InstancePersistence.Always)
        {
            hub["persistence"] = "onSuspendOrFault";
        }

        var variables = definition.Variables.ToDictionary(v => v.Name, v => v.TypeName, StringComparer.Ordinal);
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["id"] = $"{definition.DefinitionId}-v{definition.Version}",
            ["definitionId"] = definition.DefinitionId,
            ["name"] = definition.Name ?? definition.DefinitionId,
            ["description"] = definition.Description,
            ["version"] = definition.Version,
            ["variables"] = new JsonArray([.. definition.Variables.Select(Variable)]),
            ["inputs"] = new JsonArray([.. definition.Inputs.Select(i => new JsonObject { ["name"] = i, ["type"] = "Object" })]),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject { ["hub"] = hub },
            ["isReadonly"] = false,
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["options"] = new JsonObject(),
            ["root"] = new ElsaActivityWriter(activities, variables).Write(definition.Root, null),
        };
    }

    private static JsonObject Trigger(TriggerDefinition trigger)
    {
        var json = new JsonObject { ["type"] = trigger.Type };
        foreach (var (name, value) in trigger.Settings)
        {
            json[name] = HubValues.ToJson(value);
        }

        return json;
    }

    private static JsonObject Variable(VariableDefinition variable) => new()
    {
        ["id"] = variable.Name,
        ["name"] = variable.Name,
        ["typeName"] = ElsaTypeNames.Elsa(variable.TypeName),
        ["isArray"] = false,
        ["value"] = variable.Value is LiteralSource { Value: { } v } ? (v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null,
        ["storageDriverTypeName"] = null,
    };

    /// <summary>The retry policy as the hub writes it, for <c>customProperties.hub.retry</c>.</summary>
    internal static JsonObject Retry(RetryDefinition retry) => new()
    {
        ["maxAttempts"] = retry.MaxAttempts,
        ["delay"] = XmlConvert.ToString(retry.Delay),
        ["backoff"] = retry.Backoff,
        ["maxDelay"] = XmlConvert.ToString(retry.MaxDelay),
    };

    public static string TypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "String",
        _ when type == typeof(int) => "Int32",
        _ when type == typeof(long) => "Int64",
        _ when type == typeof(decimal) => "Decimal",
        _ when type == typeof(bool) => "Boolean",
        _ when type == typeof(TimeSpan) => "TimeSpan",
        _ when type == typeof(DateTimeOffset) => "DateTimeOffset",
        _ when type == typeof(IReadOnlyList<string>) => "String[]",
        _ when type == typeof(JsonNode) => "Object",
        _ when type.IsEnum => type.Name,
        _ => "Object",
    };
}
