using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Xero.Records;

/// <summary>
/// One kind of Xero document as a canonical entity: where it lives (<see cref="Collection"/>), how it is keyed (a Xero id
/// plus a number the hub writes it under), and the mapping both ways. The reader, upserter and lookup in this folder serve
/// every kind through it.
/// </summary>
internal interface IXeroDocument
{
    CanonicalEntity Entity { get; }

    /// <summary>The API collection: <c>Invoices</c>, <c>Contacts</c>.</summary>
    string Collection { get; }

    /// <summary>The <c>where</c> clause of change reads (e.g. <c>Type=="ACCREC"</c>), or null for all.</summary>
    string? ChangesWhere { get; }

    /// <summary>The id field: <c>InvoiceID</c>, <c>ContactID</c>.</summary>
    string IdField { get; }

    /// <summary>The number field the hub writes under: <c>InvoiceNumber</c>, <c>ContactNumber</c>.</summary>
    string NumberField { get; }

    /// <summary>The query parameters that select the items with these numbers (one call, at most <see cref="XeroClient.MaxBatch"/>).</summary>
    IDictionary<string, string> ByNumbers(IReadOnlyCollection<string> numbers);

    /// <summary>Whether an item fetched by id or number is of this kind (an ACCPAY invoice is not a receivable).</summary>
    bool Accepts(JsonElement item);

    /// <exception cref="FormatException">The item cannot be mapped; the message names the field.</exception>
    CanonicalRecord ToRecord(JsonElement item);

    /// <exception cref="FormatException">The record has no usable number.</exception>
    string NumberOf(CanonicalRecord record);

    /// <summary>The Xero item for a record; <paramref name="id"/> when it exists already.</summary>
    /// <exception cref="FormatException">The record cannot be mapped; the message names the field.</exception>
    JsonObject ToXero(CanonicalRecord record, string? id);
}
