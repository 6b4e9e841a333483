using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Merges an incoming record into the stored canonical state under <see cref="RecordOwnershipOptions"/>: top-level
/// fields the source owns (or nobody owns) take the incoming value; fields another system owns keep the stored value
/// (an incoming different value is ignored and reported); fields the incoming record leaves out keep the stored value
/// (sources send what they know, not deletions).
/// </summary>
internal static class RecordMerge
{
    public static (JsonElement Payload, IReadOnlyList<string> Ignored) Merge(CanonicalRecord incoming, JsonElement? stored, RecordOwnershipOptions ownership)
    {
        if (incoming.Payload.ValueKind != JsonValueKind.Object)
        {
            return (incoming.Payload, []);
        }

        var result = stored is { ValueKind: JsonValueKind.Object } s ? JsonNode.Parse(s.GetRawText())!.AsObject() : [];
        var ignored = new List<string>();
        foreach (var property in incoming.Payload.EnumerateObject())
        {
            var owners = ownership.OwnersOf(incoming.Entity, property.Name);
            if (owners.Count > 0 && !owners.Contains(incoming.System, StringComparer.Ordinal))
            {
                var kept = result[property.Name];
                if (!JsonNode.DeepEquals(kept, JsonNode.Parse(property.Value.GetRawText())))
                {
                    ignored.Add(property.Name);
                }

                continue;
            }

            result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        return (JsonSerializer.SerializeToElement(result), ignored);
    }
}
