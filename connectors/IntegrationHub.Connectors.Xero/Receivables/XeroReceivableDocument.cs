using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Xero.Records;

namespace IntegrationHub.Connectors.Xero.Receivables;

/// <summary>Receivables: invoices of Type ACCREC, keyed by InvoiceNumber (Xero's <c>InvoiceNumbers</c> filter); mapping in <see cref="XeroReceivableMapping"/>.</summary>
internal sealed class XeroReceivableDocument(string defaultLineAmountTypes) : IXeroDocument
{
    private const string Receivables = "Type==\"ACCREC\"";

    public CanonicalEntity Entity => CanonicalEntity.Receivable;

    public string Collection => "Invoices";

    public string? ChangesWhere => Receivables;

    public string IdField => "InvoiceID";

    public string NumberField => "InvoiceNumber";

    public IDictionary<string, string> ByNumbers(IReadOnlyCollection<string> numbers) => new Dictionary<string, string>
    {
        ["where"] = Receivables,
        ["InvoiceNumbers"] = string.Join(",", numbers),
    };

    public bool Accepts(JsonElement item) => XeroJson.Text(item, "Type") == "ACCREC";

    public CanonicalRecord ToRecord(JsonElement item) => XeroReceivableMapping.ToRecord(item);

    public string NumberOf(CanonicalRecord record) => XeroReceivableMapping.NumberOf(record);

    public JsonObject ToXero(CanonicalRecord record, string? id) => XeroReceivableMapping.ToInvoice(record, id, defaultLineAmountTypes);
}
