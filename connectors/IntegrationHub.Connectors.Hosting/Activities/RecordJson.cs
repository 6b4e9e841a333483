using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Messaging;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// How connector records look inside workflows (variables, inputs, results), as JSON:
/// <c>{ "system", "entity", "externalId", "sourceVersion", "hubId", "payload" }</c>.
/// </summary>
public static class RecordJson
{
    public static JsonObject ToJson(CanonicalRecord record, Guid hubId) => new()
    {
        ["system"] = record.System,
        ["entity"] = record.Entity.Name,
        ["externalId"] = record.ExternalId,
        ["sourceVersion"] = record.SourceVersion,
        ["hubId"] = hubId.ToString(),
        ["payload"] = JsonNode.Parse(record.Payload.GetRawText()),
    };

    public static JsonObject ToJson(RecordIdentity identity) => new()
    {
        ["system"] = identity.System,
        ["entity"] = identity.Entity.Name,
        ["externalId"] = identity.ExternalId,
    };

    /// <summary>Reads the <c>records</c> input: a JSON array of records, or one record.</summary>
    /// <exception cref="PoisonMessageException">A record is malformed: retrying the same input cannot help.</exception>
    public static IReadOnlyList<CanonicalRecord> ReadMany(JsonNode? node, CanonicalEntity entity) => node switch
    {
        JsonArray array => array.Select((item, i) => Read(item, entity, $"records[{i}]")).ToArray(),
        JsonObject one => [Read(one, entity, "records")],
        _ => throw new PoisonMessageException($"records must be a JSON array of records or one record, not {Kind(node)}."),
    };

    /// <summary>
    /// The <c>hubId</c> each record of a <c>records</c> input names (null where it names none), in the order of
    /// <see cref="ReadMany"/>: a flow writing a record of another entity for a hub record (a customer's marketing member)
    /// links it to that hub record instead of the one derived from its own identity.
    /// </summary>
    /// <exception cref="PoisonMessageException">A hubId is not a GUID.</exception>
    public static Guid?[] ReadHubIds(JsonNode? node) =>
        (node is JsonArray array ? array.ToArray() : [node]).Select((item, i) => item is JsonObject o && o["hubId"] is { } id
            ? id is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var hubId) ? hubId
                : throw new PoisonMessageException($"records[{i}].hubId must be a hub id (a GUID).")
            : (Guid?)null).ToArray();

    /// <summary>Reads a <c>record</c> input of <paramref name="activityId"/> that must hold exactly one record (as <see cref="ReadMany"/> reads it).</summary>
    /// <exception cref="PoisonMessageException">A record is malformed.</exception>
    /// <exception cref="InvalidOperationException">The input holds another number of records.</exception>
    public static CanonicalRecord ReadOne(JsonNode? node, CanonicalEntity entity, string activityId)
    {
        var records = ReadMany(node, entity);
        return records.Count == 1 ? records[0] : throw new InvalidOperationException($"{activityId}: record must be one record (it holds {records.Count}).");
    }

    private static CanonicalRecord Read(JsonNode? node, CanonicalEntity entity, string path)
    {
        if (node is not JsonObject o)
        {
            throw new PoisonMessageException($"{path} must be a record object {{ system, externalId, sourceVersion, payload }}, not {Kind(node)}.");
        }

        var system = Text(o, "system", path);
        var externalId = Text(o, "externalId", path);
        if (o["entity"] is JsonValue e && e.TryGetValue<string>(out var named) && !string.Equals(named, entity.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new PoisonMessageException($"{path}.entity is '{named}' but the activity upserts '{entity}'.");
        }

        long version = 0;
        if (o["sourceVersion"] is { } v && !(v is JsonValue value && value.TryGetValue(out version)))
        {
            throw new PoisonMessageException($"{path}.sourceVersion must be a whole number.");
        }

        if (o["payload"] is not JsonObject payload)
        {
            throw new PoisonMessageException($"{path}.payload must be a JSON object.");
        }

        return new CanonicalRecord(system, entity, externalId, version, JsonSerializer.SerializeToElement(payload));
    }

    private static string Text(JsonObject o, string name, string path) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)
            ? s
            : throw new PoisonMessageException($"{path}.{name} must be a non-empty string.");

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
}
