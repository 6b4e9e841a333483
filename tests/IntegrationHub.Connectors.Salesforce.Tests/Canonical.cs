using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Salesforce.Tests;

/// <summary>Canonical customers and orders as the ERP side would hand them to the Salesforce connector.</summary>
internal static class Canonical
{
    public static CanonicalRecord Customer(string number, string? name, long version = 1, string? currency = "USD") =>
        new("erp", CanonicalEntity.Customer, number, version, JsonSerializer.SerializeToElement(new JsonObject
        {
            ["customerNumber"] = number,
            ["name"] = name,
            ["phone"] = "+1 415 555 0100",
            ["address"] = new JsonObject { ["street"] = "1 Market St", ["city"] = "San Francisco", ["region"] = "CA", ["postalCode"] = "94105", ["country"] = "USA" },
            ["currency"] = currency,
        }));

    public static CanonicalRecord Order(string number, string customerNumber, string? status = "draft", string? orderDate = "2026-11-20", long version = 1) =>
        new("erp", CanonicalEntity.Order, number, version, JsonSerializer.SerializeToElement(new JsonObject
        {
            ["orderNumber"] = number,
            ["customerNumber"] = customerNumber,
            ["orderDate"] = orderDate,
            ["status"] = status,
            ["currency"] = "USD",
            ["totalAmount"] = 977.45m,
            ["notes"] = "rush",
        }));
}
