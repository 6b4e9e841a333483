using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Payments;

/// <summary>
/// Where a payment's currency lives. A standard <c>PaymentObj</c> has none: a tenant with one currency books every payment in
/// its functional currency (<see cref="FxiaokeOptions.DefaultCurrency"/>); a tenant with multi-currency on keeps it in
/// <see cref="FxiaokeOptions.CurrencyField"/> (<c>mc_currency</c>). Read payloads say which one they took
/// (<c>currencySource</c>: <c>record</c> or <c>tenant-default</c>).
/// </summary>
internal sealed record FxiaokePaymentCurrency(string DefaultCurrency, bool MultiCurrency, string Field)
{
    public const string FromRecord = "record";
    public const string FromTenantDefault = "tenant-default";

    public static FxiaokePaymentCurrency From(FxiaokeOptions options) =>
        new(options.DefaultCurrency, options.MultiCurrency, options.CurrencyField);

    public (string Currency, string Source) Read(JsonObject record) =>
        FxiaokeObjectMapping.Text(record, Field) is { Length: > 0 } currency
            ? (currency, FromRecord)
            : (DefaultCurrency, FromTenantDefault);

    /// <summary>Sets the currency field for a write, or refuses a currency a single-currency tenant cannot hold.</summary>
    public void Write(CanonicalRecord record, string? currency, JsonObject fields)
    {
        if (currency is null)
        {
            return;
        }

        if (MultiCurrency)
        {
            fields[Field] = currency;
        }
        else if (!string.Equals(currency, DefaultCurrency, StringComparison.Ordinal))
        {
            throw new ConnectorRecordException(FxiaokeServiceCollectionExtensions.HttpClientName, new RecordError(record.Identity, "currency-not-supported",
                $"the payment is in {currency} but the CRM tenant books payments in {DefaultCurrency} only (turn on Connectors:Fxiaoke:MultiCurrency if the tenant has multi-currency)",
                Retryable: false));
        }
    }
}
