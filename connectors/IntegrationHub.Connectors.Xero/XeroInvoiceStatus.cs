namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// Xero invoice statuses and the canonical receivable words: DRAFT draft, SUBMITTED submitted (awaiting approval),
/// AUTHORISED open (approved, awaiting payment), PAID paid, VOIDED void, DELETED deleted. A paid status is reached by
/// payments in Xero and cannot be written.
/// </summary>
internal static class XeroInvoiceStatus
{
    public static string ToCanonical(string? status) => status switch
    {
        "DRAFT" => "draft",
        "SUBMITTED" => "submitted",
        "AUTHORISED" => "open",
        "PAID" => "paid",
        "VOIDED" => "void",
        "DELETED" => "deleted",
        _ => throw new FormatException($"unknown Xero invoice Status '{status}'"),
    };

    public static string FromCanonical(string? status) => status switch
    {
        null or "draft" => "DRAFT",
        "submitted" => "SUBMITTED",
        "open" => "AUTHORISED",
        "void" => "VOIDED",
        "deleted" => "DELETED",
        "paid" => throw new FormatException("status paid cannot be written: Xero marks an invoice paid when payments cover it"),
        _ => throw new FormatException($"unknown receivable status '{status}' (draft, submitted, open, void, deleted)"),
    };
}
