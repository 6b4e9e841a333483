using System.Globalization;
using System.Net;
using System.Text.Json;

namespace IntegrationHub.Host.Cli;

/// <summary>
/// The <c>customer</c> verb: one customer's card from <c>GET /api/v1/customers/{hubId}</c> on a running hub, in the terminal:
/// ids per system, tier and stage, RFM with its inputs, lifetime value with its formula, payment behaviour, and aging per
/// currency. Exit codes: 0 shown, 1 no such customer, 2 bad arguments or the hub unreachable or refusing the key.
/// </summary>
internal static class CustomerCommand
{
    public static async Task<int> RunAsync(Guid hubId, string url, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = HubCli.Hub("customer", url, error);
        if (http is null)
        {
            return 2;
        }

        try
        {
            using var response = await http.GetAsync($"api/v1/customers/{hubId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                error.WriteLine($"customer: the hub knows no customer {hubId}");
                return 1;
            }

            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"customer: {(int)response.StatusCode} {response.ReasonPhrase}");
                return 2;
            }

            Write(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken), output);
            return 0;
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"customer: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
            return 2;
        }
    }

    /// <summary>The card, one fact per line.</summary>
    internal static void Write(JsonElement card, TextWriter output)
    {
        var name = card.GetProperty("canonical") is { ValueKind: JsonValueKind.Object } c && c.GetProperty("payload").TryGetProperty("name", out var n) ? n.GetString() : null;
        output.WriteLine($"Customer {card.GetProperty("hubId").GetString()}{(name is null ? "" : $"  {name}")}");
        // Its ids where it is a customer or a marketing contact (the hub's own value and credit records are not ids of it).
        foreach (var system in card.GetProperty("systems").EnumerateArray().Where(s => s.GetProperty("entity").GetString() is "customer" or "marketing-contact"))
        {
            output.WriteLine($"  {"Id",-10}  {system.GetProperty("system").GetString()} {system.GetProperty("entity").GetString()}: {system.GetProperty("externalId").GetString()}");
        }

        if (card.GetProperty("value") is { ValueKind: JsonValueKind.Object } value)
        {
            var rfm = value.GetProperty("rfm");
            var currency = value.GetProperty("currency").GetString();
            output.WriteLine($"  {"Tier",-10}  {value.GetProperty("tier").GetString()}   stage {value.GetProperty("stage").GetString()}   (as of {value.GetProperty("asOf").GetString()})");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"RFM",-10}  {rfm.GetProperty("scores").GetString()}: last order {rfm.GetProperty("recency").GetProperty("daysSinceLastOrder").GetInt32()} days ago, "
                + $"{rfm.GetProperty("frequency").GetProperty("ordersInWindow").GetInt32()} orders and {rfm.GetProperty("monetary").GetProperty("netValueInWindow").GetDecimal():N2} {currency} net in the window "
                + $"(quintiles of {rfm.GetProperty("customerBase").GetInt32()} customers)"));
            output.WriteLine($"  {"Lifetime",-10}  {value.GetProperty("lifetimeValue").GetProperty("formula").GetString()}");
            var payments = value.GetProperty("payments");
            var dso = payments.GetProperty("dsoDays") is { ValueKind: JsonValueKind.Number } d ? string.Create(CultureInfo.InvariantCulture, $"DSO {d.GetDecimal():0.#} days") : "DSO n/a (no sales in the window)";
            var onTime = payments.GetProperty("onTimeShare") is { ValueKind: JsonValueKind.Number } s
                ? string.Create(CultureInfo.InvariantCulture, $"{s.GetDecimal() * 100:0} % of {payments.GetProperty("invoicesPaidInWindow").GetInt32()} invoices paid on time")
                : "no invoice paid in the window";
            output.WriteLine($"  {"Payments",-10}  {dso}, {onTime}");
        }
        else
        {
            output.WriteLine($"  {"Value",-10}  not scored yet (customer-value scores customers with orders)");
        }

        var aging = card.GetProperty("aging");
        foreach (var line in aging.GetProperty("currencies").EnumerateArray())
        {
            var buckets = string.Join(" | ", line.GetProperty("buckets").EnumerateObject().Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Name} {b.Value.GetDecimal():N2}")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"Aging",-10}  {line.GetProperty("currency").GetString()} {buckets}; overdue {line.GetProperty("overdue").GetDecimal():N2}, oldest {line.GetProperty("oldestOverdueDays").GetInt32()} days"));
        }

        if (aging.GetProperty("currencies").GetArrayLength() == 0)
        {
            output.WriteLine($"  {"Aging",-10}  nothing open (as of {aging.GetProperty("asOf").GetString()})");
        }
    }
}
