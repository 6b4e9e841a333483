using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>
/// Where an incremental read resumes: the last <c>last_modified_time</c> delivered (<see cref="Watermark"/>) and the ids of
/// the records at exactly that millisecond already delivered (<see cref="SeenAtWatermark"/>). Encoded as base64url JSON;
/// opaque to callers.
/// </summary>
internal sealed record FxiaokeCursor(
    [property: JsonPropertyName("w")] long Watermark,
    [property: JsonPropertyName("ids")] IReadOnlyList<string> SeenAtWatermark)
{
    /// <summary>Before the first record: every record's last-modified time is above it.</summary>
    public static FxiaokeCursor Start { get; } = new(-1, []);

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <exception cref="ConnectorPermanentException">The text is not a cursor this connector made.</exception>
    public static FxiaokeCursor Decode(string? cursor, CanonicalEntity entity)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return Start;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize<FxiaokeCursor>(Base64Url.DecodeFromChars(cursor));
            if (decoded is { Watermark: >= -1, SeenAtWatermark: not null } && decoded.SeenAtWatermark.All(id => !string.IsNullOrEmpty(id)))
            {
                return decoded;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }

        throw new ConnectorPermanentException(FxiaokeServiceCollectionExtensions.HttpClientName,
            $"fxiaoke: the {entity} cursor is not one this connector made; start from the beginning (null) or a cursor it returned");
    }
}
