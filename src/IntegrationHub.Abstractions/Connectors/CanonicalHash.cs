using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace IntegrationHub.Connectors;

/// <summary>
/// The content hash of a canonical payload: SHA-256 (lower-case hex) of its canonical form, so two payloads that mean
/// the same hash the same. The canonical form: object members sorted by name (ordinal, UTF-16 code units as in
/// RFC 8785), no whitespace, strings written with the minimal escaping of <see cref="Utf8JsonWriter"/>, and numbers by
/// value (<c>1.50</c>, <c>1.5</c>, <c>15e-1</c> and <c>1.500E0</c> are one number; integers keep every digit, other
/// numbers are compared as decimals, beyond decimal's range as doubles).
/// </summary>
public static class CanonicalHash
{
    public static string Of(JsonElement payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true }))
        {
            Write(writer, payload);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(Number(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>One spelling per numeric value.</summary>
    internal static string Number(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            // G29 drops trailing zeros; "0" for every zero (0.00, -0, 0e5).
            var text = value.ToString("G29", CultureInfo.InvariantCulture);
            return text.Contains('E', StringComparison.Ordinal) ? NormalizeExponent(value) : text;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : raw;
    }

    private static string NormalizeExponent(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);
}
