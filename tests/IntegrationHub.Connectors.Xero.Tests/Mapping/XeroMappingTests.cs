using System.Text.Json;
using IntegrationHub.Connectors.Xero.Receivables;
using IntegrationHub.Connectors.Xero.Records;

namespace IntegrationHub.Connectors.Xero.Tests.Mapping;

/// <summary>Xero payload shapes as the Accounting API documents them: /Date(...)/ and ISO dates, decimals, status words.</summary>
public sealed class XeroMappingTests
{
    internal const string DocumentedInvoice = """
        {"Type":"ACCREC","InvoiceID":"243216c5-369e-4056-ac67-05388f86dc81","InvoiceNumber":"INV-0004","Reference":"PO-1234",
         "Payments":[],"CreditNotes":[],"Prepayments":[],"Overpayments":[],"AmountDue":1090.00,"AmountPaid":100.00,"AmountCredited":0.00,
         "CurrencyRate":1.000000,"IsDiscounted":false,"HasAttachments":false,"HasErrors":false,
         "Contact":{"ContactID":"9b9ba9e5-e907-4b4e-8210-54d82b0aa479","ContactNumber":"CUST0007","Name":"Ridgeway University","Addresses":[],"Phones":[]},
         "DateString":"2018-02-15T00:00:00","Date":"/Date(1518652800000+0000)/","DueDateString":"2018-03-17T00:00:00","DueDate":"/Date(1521244800000+0000)/",
         "Status":"AUTHORISED","LineAmountTypes":"Exclusive",
         "LineItems":[{"Description":"Consulting services","UnitAmount":950.00,"TaxType":"OUTPUT2","TaxAmount":142.50,"LineAmount":950.00,"AccountCode":"200","Quantity":1.0000,"LineItemID":"52208ff9-528a-4985-a9ad-b2b1d4210e38"},
                      {"Description":"Travel","UnitAmount":85.2174,"TaxType":"OUTPUT2","TaxAmount":12.78,"LineAmount":85.22,"AccountCode":"200","Quantity":1.0000,"LineItemID":"8e2e2a3b-8c8d-4c8a-9f4d-2b7d0e8f9a10"}],
         "SubTotal":1035.22,"TotalTax":154.78,"Total":1190.00,"UpdatedDateUTC":"/Date(1518685950940+0000)/","CurrencyCode":"NZD"}
        """;

    [Fact]
    public void ToRecord_DocumentedInvoice_CanonicalReceivableWithDecimalMoneyAndDates()
    {
        var record = XeroReceivableMapping.ToRecord(JsonDocument.Parse(DocumentedInvoice).RootElement);

        var p = record.Payload;
        Assert.Equal(("xero", CanonicalEntity.Receivable, "243216c5-369e-4056-ac67-05388f86dc81"), (record.System, record.Entity, record.ExternalId));
        Assert.Equal(1518685950940L, record.SourceVersion);
        Assert.Equal("INV-0004", p.GetProperty("invoiceNumber").GetString());
        Assert.Equal("Ridgeway University", p.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal("CUST0007", p.GetProperty("customer").GetProperty("number").GetString());
        Assert.Equal("2018-02-15", p.GetProperty("issueDate").GetString());
        Assert.Equal("2018-03-17", p.GetProperty("dueDate").GetString());
        Assert.Equal("NZD", p.GetProperty("currency").GetString());
        Assert.Equal(1190.00m, p.GetProperty("total").GetDecimal());
        Assert.Equal(1090.00m, p.GetProperty("amountDue").GetDecimal());
        Assert.Equal(85.2174m, p.GetProperty("lines")[1].GetProperty("unitAmount").GetDecimal());
        Assert.Equal("open", p.GetProperty("status").GetString());
        Assert.Equal("2018-02-15T09:12:30.940Z", p.GetProperty("updatedAt").GetString());
    }

    [Theory]
    [InlineData("/Date(1518685950940+0000)/", "2018-02-15T09:12:30.9400000+00:00")]
    [InlineData("/Date(1518685950940)/", "2018-02-15T09:12:30.9400000+00:00")]
    [InlineData("/Date(1541548800000+1300)/", "2018-11-07T13:00:00.0000000+13:00")]
    [InlineData("2018-02-15T00:00:00", "2018-02-15T00:00:00.0000000+00:00")]
    [InlineData("2018-02-15T09:12:30.94Z", "2018-02-15T09:12:30.9400000+00:00")]
    public void Parse_BothXeroDateFormats_SameInstant(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), XeroDates.Parse(text));
        Assert.Equal(expected, XeroDates.Parse(text).ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/Date(abc)/")]
    [InlineData("15 Feb")]
    public void Parse_NotADate_FormatError(string text) => Assert.Throws<FormatException>(() => XeroDates.Parse(text));

    [Theory]
    [InlineData("DRAFT", "draft")]
    [InlineData("SUBMITTED", "submitted")]
    [InlineData("AUTHORISED", "open")]
    [InlineData("PAID", "paid")]
    [InlineData("VOIDED", "void")]
    [InlineData("DELETED", "deleted")]
    public void Status_EveryXeroStatus_MapsToTheCanonicalWord(string xero, string canonical)
    {
        Assert.Equal(canonical, XeroInvoiceStatus.ToCanonical(xero));
        if (xero != "PAID")
        {
            Assert.Equal(xero, XeroInvoiceStatus.FromCanonical(canonical));
        }
    }

    [Fact]
    public void ToInvoice_PaidStatus_RefusedBecausePaymentsMakeAnInvoicePaid()
    {
        var record = Receivable("""{"invoiceNumber":"INV-1","status":"paid","customer":{"name":"A"},"issueDate":"2026-11-01","dueDate":"2026-12-01","currency":"NZD","lines":[{"description":"x","quantity":1,"unitAmount":1,"accountCode":"200"}]}""");

        var error = Assert.Throws<FormatException>(() => XeroReceivableMapping.ToInvoice(record, null, "Exclusive"));

        Assert.Contains("status paid cannot be written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToInvoice_CanonicalReceivable_XeroInvoiceShape()
    {
        var record = Receivable("""
            {"invoiceNumber":"INV-7001","status":"open","reference":"SO-1001","customer":{"number":"CUST0001","name":"Vision Machinery"},
             "issueDate":"2026-11-23","dueDate":"2026-12-23","currency":"usd",
             "lines":[{"description":"Ball valve DN25","quantity":10,"unitAmount":86.50,"accountCode":"200","taxType":"OUTPUT2"}]}
            """);

        var invoice = XeroReceivableMapping.ToInvoice(record, "0f5e6a1b-0000-4000-8000-000000000001", "Exclusive");

        Assert.Equal("ACCREC", (string?)invoice["Type"]);
        Assert.Equal("0f5e6a1b-0000-4000-8000-000000000001", (string?)invoice["InvoiceID"]);
        Assert.Equal("AUTHORISED", (string?)invoice["Status"]);
        Assert.Equal("USD", (string?)invoice["CurrencyCode"]);
        Assert.Equal("2026-12-23", (string?)invoice["DueDate"]);
        Assert.Equal("CUST0001", (string?)invoice["Contact"]!["ContactNumber"]);
        Assert.Equal(86.50m, (decimal)invoice["LineItems"]![0]!["UnitAmount"]!);
        Assert.Equal("Exclusive", (string?)invoice["LineAmountTypes"]);
    }

    [Theory]
    [InlineData("""{"status":"open"}""", "invoiceNumber is required")]
    [InlineData("""{"invoiceNumber":"I","customer":{"name":"A"},"issueDate":"2026-11-01","dueDate":"2026-12-01","currency":"NZD","lines":[]}""", "lines must be a non-empty array")]
    [InlineData("""{"invoiceNumber":"I","customer":{"name":"A"},"issueDate":"01/11/2026","dueDate":"2026-12-01","currency":"NZD","lines":[{"description":"x","quantity":1,"unitAmount":1,"accountCode":"200"}]}""", "issueDate must be a date yyyy-MM-dd")]
    [InlineData("""{"invoiceNumber":"I","customer":{"name":"A"},"issueDate":"2026-11-01","dueDate":"2026-12-01","currency":"NZD","lines":[{"description":"x","quantity":"1","unitAmount":1,"accountCode":"200"}]}""", "lines[0].quantity must be a number")]
    public void ToInvoice_BadPayload_FormatErrorNamingTheField(string payload, string expected)
    {
        var error = Assert.Throws<FormatException>(() => XeroReceivableMapping.ToInvoice(Receivable(payload), null, "Exclusive"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cursor_RoundTripsAndFloorsToTheHeaderSecond()
    {
        var cursor = XeroCursor.Parse("1518685950940|2|b,a")!;

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1518685950), cursor.Since);
        Assert.Equal("1518685950940|2|a,b", cursor.ToString());
        Assert.False(cursor.IsNew(1518685950940, "a"));
        Assert.True(cursor.IsNew(1518685950940, "c"));
        Assert.True(cursor.IsNew(1518685950941, "a"));
        Assert.Throws<ArgumentException>(() => XeroCursor.Parse("yesterday"));
    }

    private static CanonicalRecord Receivable(string payload) =>
        new("erp", CanonicalEntity.Receivable, "r-1", 1, JsonDocument.Parse(payload).RootElement.Clone());
}
