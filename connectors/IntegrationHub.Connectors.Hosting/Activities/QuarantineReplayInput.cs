using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// The input of a run that replays quarantined records through their flow: <c>{"replay": {"quarantine": [ids]}}</c>. In
/// such a run each <c>Connector.ReadChanges</c> hands its body the stored records of those entries that are its flow's
/// and its system's and entity's, instead of reading the connector, and leaves its cursor alone. Only ids travel, so a
/// run started with this input can replay nothing but records the flow itself quarantined.
/// </summary>
public static class QuarantineReplayInput
{
    private const string Replay = "replay";
    private const string Quarantine = "quarantine";

    public static JsonObject For(IEnumerable<long> ids) =>
        new() { [Replay] = new JsonObject { [Quarantine] = new JsonArray([.. ids.Select(id => JsonValue.Create(id))]) } };

    /// <summary>The entry ids when <paramref name="input"/> is a replay's, else null.</summary>
    public static IReadOnlyList<long>? Of(JsonNode? input)
    {
        if (input is not JsonObject o || o[Replay] is not JsonObject replay || replay[Quarantine] is not JsonArray ids)
        {
            return null;
        }

        var result = new List<long>(ids.Count);
        foreach (var id in ids)
        {
            if (id is JsonValue value && value.TryGetValue<long>(out var n))
            {
                result.Add(n);
            }
        }

        return result;
    }
}
