using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;

namespace IntegrationHub.Host.Value;

/// <summary>
/// A <see cref="CustomerValue"/> as JSON: the whole value with every input (stored, shown by the customers API), and the
/// part other systems get (<see cref="Downstream"/>: tier, stage, RFM scores, lifetime value, DSO in whole days, on-time
/// share), whose hash decides whether anything changed. Days since the last order grow every day; they change nothing
/// downstream until a score does.
/// </summary>
internal static class CustomerValueJson
{
    public static JsonObject Downstream(CustomerValue v) => new()
    {
        ["hubId"] = v.HubId.ToString(),
        ["tier"] = v.Tier,
        ["stage"] = v.Stage,
        ["rfm"] = v.Scores.ToString(),
        ["recencyScore"] = v.Scores.Recency,
        ["frequencyScore"] = v.Scores.Frequency,
        ["monetaryScore"] = v.Scores.Monetary,
        ["lifetimeValue"] = v.Lifetime.Value,
        ["currency"] = v.Currency,
        ["dsoDays"] = v.Payments.DsoDays is { } dso ? decimal.Round(dso, 0, MidpointRounding.AwayFromZero) : null,
        ["onTimeShare"] = v.Payments.OnTimeShare is { } share ? decimal.Round(share, 2, MidpointRounding.AwayFromZero) : null,
    };

    public static string HashOf(JsonObject downstream) => CanonicalHash.Of(JsonSerializer.SerializeToElement(downstream));

    public static JsonObject Full(CustomerValue v, int customerBase) => new()
    {
        ["hubId"] = v.HubId.ToString(),
        ["asOf"] = Day(v.AsOf),
        ["currency"] = v.Currency,
        ["tier"] = v.Tier,
        ["stage"] = v.Stage,
        ["rfm"] = new JsonObject
        {
            ["scores"] = v.Scores.ToString(),
            ["customerBase"] = customerBase,
            ["recency"] = new JsonObject { ["score"] = v.Scores.Recency, ["daysSinceLastOrder"] = v.RecencyDays, ["lastOrder"] = Day(v.LastOrder), ["firstOrder"] = Day(v.FirstOrder) },
            ["frequency"] = new JsonObject { ["score"] = v.Scores.Frequency, ["ordersInWindow"] = v.Frequency },
            ["monetary"] = new JsonObject { ["score"] = v.Scores.Monetary, ["netValueInWindow"] = v.Monetary, ["ordersWithoutARate"] = v.UnconvertedOrders },
        },
        ["lifetimeValue"] = new JsonObject
        {
            ["value"] = v.Lifetime.Value,
            ["averageOrderValue"] = v.Lifetime.AverageOrderValue,
            ["ordersPerYear"] = v.Lifetime.OrdersPerYear,
            ["lifespanYears"] = v.Lifetime.LifespanYears,
            ["grossMargin"] = v.Lifetime.GrossMargin,
            ["formula"] = v.Lifetime.Formula,
        },
        ["payments"] = new JsonObject
        {
            ["dsoDays"] = v.Payments.DsoDays,
            ["onTimeShare"] = v.Payments.OnTimeShare,
            ["openReceivables"] = v.Payments.OpenReceivables,
            ["creditSalesInWindow"] = v.Payments.CreditSales,
            ["invoicesPaidInWindow"] = v.Payments.PaidInvoices,
            ["paidOnTime"] = v.Payments.PaidOnTime,
            ["invoicesWithoutARate"] = v.Payments.UnconvertedInvoices,
        },
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
