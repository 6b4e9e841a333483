using System.Collections;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Catalog;

/// <summary>
/// Generates <c>workflow.schema.json</c> (JSON Schema 2020-12) from the registered activities and trigger types, so an
/// editor completes and checks workflow files. Generated, never hand-edited: the CLI's <c>schema</c> verb writes it and
/// a test keeps the committed copy in step with the code. Any input may also be a <c>${ ... }</c> expression string.
/// </summary>
public static class WorkflowSchema
{
    public static JsonObject Generate(ActivityRegistry activities, IEnumerable<string> triggerTypes)
    {
        var activityDefs = new JsonObject();
        var refs = new JsonArray();
        foreach (var d in activities.Descriptors)
        {
            var properties = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z_][A-Za-z0-9_-]{0,63}$", ["description"] = "Unique id of the activity in the workflow." },
                ["type"] = new JsonObject { ["const"] = d.Type, ["description"] = d.Description },
                ["name"] = new JsonObject { ["type"] = "string" },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = new JsonObject { ["type"] = "object" },
                ["retry"] = new JsonObject { ["$ref"] = "#/$defs/retry" },
            };
            foreach (var input in d.Inputs)
            {
                properties[input.Name] = InputSchema(input);
            }

            if (d.Composite)
            {
                properties["activities"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/activity" } };
            }

            if (d.Type == "Flowchart")
            {
                properties["connections"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/connection" } };
            }

            var required = new JsonArray("type");
            foreach (var input in d.Inputs.Where(i => i.Required))
            {
                required.Add(input.Name);
            }

            activityDefs[d.Type] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = d.Description,
                ["properties"] = properties,
                ["required"] = required,
                ["additionalProperties"] = false,
            };
            refs.Add(new JsonObject { ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = d.Type } } }, ["then"] = new JsonObject { ["$ref"] = $"#/$defs/activities/{d.Type}" } });
        }

        var typeNames = new JsonArray(activities.Descriptors.Select(d => (JsonNode)JsonValue.Create(d.Type)!).ToArray());
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://integrationhub.local/schemas/workflow.schema.json",
            ["title"] = "IntegrationHub workflow definition",
            ["type"] = "object",
            ["required"] = new JsonArray("definitionId", "version", "root"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string" },
                ["definitionId"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9._-]{0,99}$", ["description"] = "Stable id across versions." },
                ["version"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                ["name"] = new JsonObject { ["type"] = "string" },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["trigger"] = new JsonObject { ["$ref"] = "#/$defs/trigger" },
                ["triggers"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/trigger" } },
                ["variables"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/variable" } },
                ["persistence"] = new JsonObject
                {
                    ["enum"] = new JsonArray("always", "onSuspendOrFault"),
                    ["description"] = "When instances are stored: always (default; at start with a lease, and at the end), or onSuspendOrFault (in memory; stored only when one suspends, faults or is cancelled; for high-volume flows whose trigger is already durable; the runs of a Schedule trigger are stored at start all the same, since each holds its slot).",
                },
                ["root"] = new JsonObject { ["$ref"] = "#/$defs/activity" },
            },
            ["$defs"] = new JsonObject
            {
                ["trigger"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("type"),
                    ["properties"] = new JsonObject { ["type"] = new JsonObject { ["enum"] = new JsonArray(triggerTypes.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()) } },
                },
                ["variable"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("name"),
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z_][A-Za-z0-9_]*$" },
                        ["type"] = new JsonObject { ["enum"] = new JsonArray(Expressions.ValueConverter.VariableTypes.Keys.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()) },
                        ["value"] = new JsonObject { ["description"] = "Initial value (a literal)." },
                    },
                },
                ["retry"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Retry a failing execution before it becomes an incident (a Fail activity and poison data are never retried).",
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["maxAttempts"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 100, ["description"] = "Attempts in all. The default is 3." },
                        ["delay"] = new JsonObject { ["type"] = "string", ["description"] = "First delay, ISO 8601 (PT1S) or 00:00:01. The default is 1 second." },
                        ["backoff"] = new JsonObject { ["enum"] = new JsonArray("constant", "linear", "exponential"), ["description"] = "Growth of the delay (jittered unless constant). The default is exponential." },
                        ["maxDelay"] = new JsonObject { ["type"] = "string", ["description"] = "Longest delay. The default is 1 minute." },
                    },
                },
                ["connection"] = new JsonObject
                {
                    ["description"] = "'source:Outcome -> target', 'source -> target' (outcome Done), or an object.",
                    ["oneOf"] = new JsonArray(
                        new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*[^:\s]+\s*(:\s*[^\s-]+)?\s*->\s*\S+\s*$" },
                        new JsonObject { ["type"] = "object", ["required"] = new JsonArray("source", "target") }),
                },
                ["activity"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("type"),
                    ["properties"] = new JsonObject { ["type"] = new JsonObject { ["enum"] = typeNames } },
                    ["allOf"] = refs,
                },
                ["activities"] = activityDefs,
            },
        };
    }

    private static JsonObject InputSchema(ActivityInputAttribute input)
    {
        var expression = new JsonObject { ["type"] = "string", ["pattern"] = @"\$\{" };
        JsonObject literal = input.Type switch
        {
            _ when input.Allowed is { } allowed => new JsonObject { ["enum"] = new JsonArray(allowed.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()) },
            _ when input.Type == typeof(string) => new JsonObject { ["type"] = "string" },
            _ when input.Type == typeof(bool) => new JsonObject { ["type"] = "boolean" },
            _ when input.Type == typeof(int) || input.Type == typeof(long) => new JsonObject { ["type"] = "integer" },
            _ when input.Type == typeof(decimal) => new JsonObject { ["type"] = "number" },
            _ when input.Type == typeof(IReadOnlyList<string>) => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            _ when input.Type == typeof(IEnumerable) => new JsonObject { ["type"] = "array" },
            _ when input.Type == typeof(TimeSpan) => new JsonObject { ["type"] = "string" },
            _ when input.Type == typeof(DateTimeOffset) => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            _ => new JsonObject(),
        };
        literal["description"] = input.Description;
        return input.Type == typeof(string) && input.Allowed is null
            ? literal
            : new JsonObject { ["description"] = input.Description, ["anyOf"] = new JsonArray(literal, expression) };
    }
}
