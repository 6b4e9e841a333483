using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Host.WebConsole.Shared;

/// <summary>JSON as the console shows it: indented, non-ASCII text as written (the page encodes it for HTML).</summary>
internal static class PrettyJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(JsonElement value) => JsonSerializer.Serialize(value, Indented);

    public static string Of(JsonNode value) => value.ToJsonString(Indented);

    /// <summary>The text indented when it is JSON, else as it is.</summary>
    public static string Of(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return Of(document.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
