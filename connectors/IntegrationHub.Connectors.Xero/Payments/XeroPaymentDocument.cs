using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Xero.Records;

namespace IntegrationHub.Connectors.Xero.Payments;

/// <summary>
/// Payments on receivables (<c>Payments</c> where PaymentType is ACCRECPAYMENT), read-only: the hub reads them as they change
/// (<see cref="XeroChangeReader"/>) and writes none, so the numbering and writing members refuse.
/// </summary>
internal sealed class XeroPaymentDocument : IXeroDocument
{
    public CanonicalEntity Entity => CanonicalEntity.Payment;

    public string Collection => "Payments";

    public string? ChangesWhere => "PaymentType==\"ACCRECPAYMENT\"";

    public string IdField => "PaymentID";

    public string NumberField => "PaymentID";

    public IDictionary<string, string> ByNumbers(IReadOnlyCollection<string> numbers) => throw ReadOnly();

    public bool Accepts(JsonElement item) => XeroJson.Text(item, "PaymentType") == "ACCRECPAYMENT";

    public CanonicalRecord ToRecord(JsonElement item) => XeroPaymentMapping.ToRecord(item);

    public string NumberOf(CanonicalRecord record) => throw ReadOnly();

    public JsonObject ToXero(CanonicalRecord record, string? id) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("Xero payments are read by the hub, not written.");
}
