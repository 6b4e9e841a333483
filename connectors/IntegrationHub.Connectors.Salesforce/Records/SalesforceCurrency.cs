using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>
/// Currency on writes: a multi-currency org takes <c>CurrencyIsoCode</c>; a single-currency org holds every amount in its
/// corporate currency, so a record in another currency is refused rather than written with a wrong meaning.
/// </summary>
internal static class SalesforceCurrency
{
    public static void Write(JsonObject fields, CanonicalRecord record, string? currency, SalesforceOptions options)
    {
        if (currency is null)
        {
            return;
        }

        if (currency.Length != 3 || !currency.All(char.IsAsciiLetter))
        {
            throw SalesforceJson.Refused(record, "INVALID_CURRENCY", $"currency '{currency}' is not an ISO 4217 code");
        }

        currency = currency.ToUpperInvariant();
        if (options.MultiCurrency)
        {
            fields["CurrencyIsoCode"] = currency;
        }
        else if (currency != options.CorporateCurrency)
        {
            throw SalesforceJson.Refused(record, "INVALID_CURRENCY", $"currency {currency} cannot be written: the org holds amounts in {options.CorporateCurrency} only");
        }
    }
}
