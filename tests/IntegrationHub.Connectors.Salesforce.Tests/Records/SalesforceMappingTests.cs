using IntegrationHub.Connectors.Salesforce.Accounts;
using IntegrationHub.Connectors.Salesforce.Orders;
using System.Text.Json;
using IntegrationHub.Connectors.Salesforce.Records;
using IntegrationHub.Identity;

namespace IntegrationHub.Connectors.Salesforce.Tests.Records;

public sealed class SalesforceMappingTests
{
    private static readonly SalesforceOptions Options = new();

    // Query records in the shape of the REST API reference (attributes, nulls, "+0000" datetimes).
    private const string Account = """
        {"attributes":{"type":"Account","url":"/services/data/v62.0/sobjects/Account/001D000000IqhSLIAZ"},
         "Id":"001D000000IqhSLIAZ","Name":"Edge Communications","AccountNumber":"CD451796","Phone":"(512) 757-6000",
         "Website":"http://edgecomm.com","BillingStreet":"312 Constitution Place\nAustin, TX 78767\nUSA","BillingCity":"Austin",
         "BillingState":"TX","BillingPostalCode":null,"BillingCountry":null,"SystemModstamp":"2026-11-20T09:15:30.000+0000","Hub_Id__c":null}
        """;

    private const string Order = """
        {"attributes":{"type":"Order","url":"/services/data/v62.0/sobjects/Order/801D000000B3kqIIAR"},
         "Id":"801D000000B3kqIIAR","OrderNumber":"00000100","AccountId":"001D000000IqhSLIAZ","EffectiveDate":"2026-11-18",
         "Status":"Shipped to customer","StatusCode":"Activated","TotalAmount":12045.5,"OrderReferenceNumber":"PO-4471",
         "Description":null,"SystemModstamp":"2026-11-20T09:15:30.250+0000","Hub_Id__c":"0b0e7f0e-8f6a-8c3b-9a1e-1f2a3b4c5d6e"}
        """;

    [Fact]
    public void Account_ToCanonical_MapsIdentityVersionAddressAndCorporateCurrency()
    {
        var record = new SalesforceAccountMapping().ToCanonical(JsonDocument.Parse(Account).RootElement, Options);
        var p = record.Payload;

        Assert.Equal(new RecordIdentity("salesforce", CanonicalEntity.Customer, "001D000000IqhSLIAZ"), record.Identity);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 15, 30, TimeSpan.Zero).ToUnixTimeMilliseconds(), record.SourceVersion);
        Assert.Equal("CD451796", p.GetProperty("customerNumber").GetString());
        Assert.Equal("Austin", p.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("address").GetProperty("postalCode").ValueKind);
        Assert.Equal("USD", p.GetProperty("currency").GetString());
        Assert.Equal("2026-11-20T09:15:30.000Z", p.GetProperty("lastModified").GetString());
    }

    [Fact]
    public void Order_ToCanonical_StatusFromTheCategoryMoneyAsDecimalDateAsIso()
    {
        var record = new SalesforceOrderMapping().ToCanonical(JsonDocument.Parse(Order).RootElement, new SalesforceOptions { CorporateCurrency = "EUR" });
        var p = record.Payload;

        Assert.Equal("801D000000B3kqIIAR", record.ExternalId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 15, 30, 250, TimeSpan.Zero).ToUnixTimeMilliseconds(), record.SourceVersion);
        Assert.Equal("confirmed", p.GetProperty("status").GetString()); // a custom label in the Activated category
        Assert.Equal(12045.5m, p.GetProperty("totalAmount").GetDecimal());
        Assert.Equal("EUR", p.GetProperty("currency").GetString());
        Assert.Equal("2026-11-18", p.GetProperty("orderDate").GetString());
        Assert.Equal("PO-4471", p.GetProperty("orderNumber").GetString());
        Assert.Equal("00000100", p.GetProperty("crmOrderNumber").GetString());
        Assert.Equal("001D000000IqhSLIAZ", p.GetProperty("customerId").GetString());
    }

    [Fact]
    public void Order_ToCanonical_MultiCurrencyOrg_TakesCurrencyIsoCode()
    {
        var json = Order.Replace("\"Description\":null", "\"Description\":null,\"CurrencyIsoCode\":\"JPY\"", StringComparison.Ordinal);

        var p = new SalesforceOrderMapping().ToCanonical(JsonDocument.Parse(json).RootElement, new SalesforceOptions { MultiCurrency = true }).Payload;

        Assert.Equal("JPY", p.GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("Draft", "draft")]
    [InlineData("Activated", "confirmed")]
    public void OrderStatus_CategoryToCanonicalAndBack(string vendor, string canonical)
    {
        Assert.Equal(canonical, SalesforceOrderStatus.ToCanonical(vendor));
        Assert.Equal(vendor, SalesforceOrderStatus.ToVendor(canonical));
    }

    [Fact]
    public void ToCanonical_NoSystemModstamp_FormatExceptionNamingTheRecord()
    {
        var json = Account.Replace("\"SystemModstamp\":\"2026-11-20T09:15:30.000+0000\",", "", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => new SalesforceAccountMapping().ToCanonical(JsonDocument.Parse(json).RootElement, Options));

        Assert.Contains("001D000000IqhSLIAZ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_ToWrite_AccountByHubIdDateStatusAndNoComputedTotal()
    {
        var fields = new SalesforceOrderMapping().ToWrite(Canonical.Order("SO-1", "CUST00001", status: "confirmed"), Options);

        Assert.Equal(HubIds.For("erp", "customer", "CUST00001").ToString(), fields["Account"]!["Hub_Id__c"]!.GetValue<string>());
        Assert.Equal("2026-11-20", fields["EffectiveDate"]!.GetValue<string>());
        Assert.Equal("Activated", fields["Status"]!.GetValue<string>());
        Assert.Equal("SO-1", fields["OrderReferenceNumber"]!.GetValue<string>());
        Assert.Null(fields["TotalAmount"]); // computed by Salesforce from order products
        Assert.Null(fields["CurrencyIsoCode"]); // single-currency org
    }

    [Fact]
    public void Account_ToWrite_BillingAddressFromTheCanonicalAddress()
    {
        var fields = new SalesforceAccountMapping().ToWrite(Canonical.Customer("CUST00001", "Acme Valves"), Options);

        Assert.Equal("Acme Valves", fields["Name"]!.GetValue<string>());
        Assert.Equal("CUST00001", fields["AccountNumber"]!.GetValue<string>());
        Assert.Equal("94105", fields["BillingPostalCode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("customer-no-name", "REQUIRED_FIELD_MISSING")]
    [InlineData("customer-other-currency", "INVALID_CURRENCY")]
    [InlineData("order-bad-status", "INVALID_STATUS")]
    [InlineData("order-bad-date", "REQUIRED_FIELD_MISSING")]
    public void ToWrite_UnwritableRecord_RecordErrorWithTheRecordsIdentity(string scenario, string code)
    {
        var (mapping, record) = scenario switch
        {
            "customer-no-name" => ((ISalesforceMapping)new SalesforceAccountMapping(), Canonical.Customer("C1", null)),
            "customer-other-currency" => (new SalesforceAccountMapping(), Canonical.Customer("C1", "Acme", currency: "CNY")),
            "order-bad-status" => (new SalesforceOrderMapping(), Canonical.Order("SO-1", "C1", status: "shipped")),
            _ => (new SalesforceOrderMapping(), Canonical.Order("SO-1", "C1", orderDate: "20.11.2026")),
        };

        var error = Assert.Throws<ConnectorRecordException>(() => mapping.ToWrite(record, Options)).Error;

        Assert.Equal(record.Identity, error.Record);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("2026-11-20T09:15:30.000+0000", "2026-11-20T09:15:30.0000000+00:00")]
    [InlineData("2026-11-20T17:15:30.000+0800", "2026-11-20T09:15:30.0000000+00:00")]
    [InlineData("2026-11-20T09:15:30Z", "2026-11-20T09:15:30.0000000+00:00")]
    public void Dates_SalesforceDatetime_ParsedToUtc(string text, string expected) =>
        Assert.Equal(expected, SalesforceDates.ParseDateTime(text)!.Value.ToString("o", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Cursor_Condition_SelectsAfterTheBoundaryRecord()
    {
        var cursor = new SalesforceCursor(new DateTimeOffset(2026, 11, 20, 9, 15, 30, TimeSpan.Zero), "001D000000IqhSLIAZ");

        Assert.Equal(
            "SystemModstamp > 2026-11-20T09:15:30.000Z OR (SystemModstamp = 2026-11-20T09:15:30.000Z AND Id > '001D000000IqhSLIAZ')",
            cursor.After());
        Assert.Equal(cursor, SalesforceCursor.Parse(cursor.ToString()));
        Assert.Throws<ConnectorPermanentException>(() => SalesforceCursor.Parse("""{"t":"2026-11-20T09:15:30Z","id":"x' OR Name != '"}"""));
    }
}
