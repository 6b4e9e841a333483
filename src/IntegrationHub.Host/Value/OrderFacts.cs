using System.Globalization;
using System.Text.Json;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Value;

/// <summary>
/// Reads a canonical order payload as an <see cref="OrderFact"/>: <c>orderDate</c> (a date or date-time), <c>currency</c>,
/// <c>status</c>, and the net amount: the sum of <c>quantity x unitPrice</c> over its <c>lines</c> (prices before tax),
/// or <c>totalAmount</c> when it has no lines. A payload without a readable date or amount is null (counted by the caller).
/// </summary>
internal static class OrderFacts
{
    public static OrderFact? From(CustomerOrderRow row)
    {
        using var document = JsonDocument.Parse(row.PayloadJson);
        var payload = document.RootElement;
        if (payload.ValueKind != JsonValueKind.Object || Text(payload, "orderDate") is not { Length: >= 10 } dateText
            || !DateOnly.TryParseExact(dateText[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        decimal? net = null;
        if (payload.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array && lines.GetArrayLength() > 0)
        {
            net = 0;
            foreach (var line in lines.EnumerateArray())
            {
                if (Number(line, "quantity") is not { } quantity || Number(line, "unitPrice") is not { } price)
                {
                    return null;
                }

                net += quantity * price;
            }
        }

        net ??= Number(payload, "totalAmount");
        return net is { } amount ? new OrderFact(row.OrderHubId.ToString(), date, Text(payload, "currency"), amount, Text(payload, "status")) : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;
}
