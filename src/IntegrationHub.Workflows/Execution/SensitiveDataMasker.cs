using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Turns journal inputs and outputs into JSON with sensitive values replaced by <see cref="Mask"/>: a value whose name,
/// or any nested JSON property whose name, is in the list (case-insensitive; <c>-</c> and <c>_</c> ignored, so
/// <c>api_key</c> matches <c>apiKey</c>). A value whose JSON is longer than the cap is stored as
/// <c>{ "$truncated": true, "bytes": n, "preview": "&lt;first 256 characters&gt;" }</c>, so one large payload cannot bloat
/// every instance's journal.
/// </summary>
internal sealed class SensitiveDataMasker
{
    public const string Mask = "***";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly FrozenSet<string> _names;

    public const int PreviewLength = 256;
    private readonly int _maxValueBytes;

    public SensitiveDataMasker(IEnumerable<string> names, int maxValueBytes = 16 * 1024)
    {
        _names = names.Select(Normalize).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _maxValueBytes = maxValueBytes;
    }

    public bool IsSensitive(string name) => _names.Contains(Normalize(name));

    /// <summary>The value as JSON (a copy), masked; the whole value when its own name is sensitive.</summary>
    public JsonNode? ToMaskedJson(string name, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (IsSensitive(name))
        {
            return JsonValue.Create(Mask);
        }

        JsonNode? node;
        try
        {
            node = value is JsonNode n ? n.DeepClone() : JsonSerializer.SerializeToNode(value, value.GetType(), Json);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonValue.Create($"({value.GetType().Name})");
        }

        MaskInPlace(node);
        return Capped(node);
    }

    private JsonNode? Capped(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var json = node.ToJsonString(Json);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(json);
        return bytes <= _maxValueBytes
            ? node
            : new JsonObject { ["$truncated"] = true, ["bytes"] = bytes, ["preview"] = json[..Math.Min(PreviewLength, json.Length)] };
    }

    private void MaskInPlace(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (IsSensitive(key))
                    {
                        obj[key] = Mask;
                    }
                    else
                    {
                        MaskInPlace(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaskInPlace(item);
                }

                break;
        }
    }

    private static string Normalize(string name) =>
        name.Contains('-', StringComparison.Ordinal) || name.Contains('_', StringComparison.Ordinal)
            ? name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            : name;
}
