using System.Text.Json;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Connector;

/// <summary>Incoming canonical records, as another system's reader would hand them to the Fxiaoke upserters.</summary>
internal static class Records
{
    public static CanonicalRecord Customer(string number, object payload, long version = 1) =>
        new("erp", CanonicalEntity.Customer, number, version, JsonSerializer.SerializeToElement(payload));

    public static CanonicalRecord Payment(string number, object payload, long version = 1) =>
        new("xero", CanonicalEntity.Payment, number, version, JsonSerializer.SerializeToElement(payload));

    public static CanonicalRecord Order(string number, object payload, long version = 1) =>
        new("erp", CanonicalEntity.Order, number, version, JsonSerializer.SerializeToElement(payload));
}
