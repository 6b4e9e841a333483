using System.Text.Json;
using IntegrationHub.Connectors.Kingdee.Customers;
using IntegrationHub.Connectors.Kingdee.Orders;
using IntegrationHub.Connectors.Kingdee.Records;

namespace IntegrationHub.Connectors.Kingdee.Tests.Mapping;

/// <summary>Payload shapes as K3Cloud documents them: positional query rows, Save models with {FNumber} references, View models.</summary>
public sealed class KingdeeMappingTests
{
    private static readonly KingdeeOptions Options = new();
    private static readonly KingdeeCurrencies Currencies = new(new Dictionary<string, string>());

    [Fact]
    public void CustomerFromRow_QueryRowInFieldKeyOrder_CanonicalCustomerWithUtcVersion()
    {
        var form = new KingdeeCustomerMapping(Options, Currencies);
        var row = Row("""[100123, "CUST0001", "2026-11-20T10:11:12.347", "上海远景机械有限公司", "远景机械", "021-55550101", "91310000MA1FL0XX2B", "PRE007", "C", "A"]""");

        var record = form.FromRow(row);

        Assert.Equal("CUST0001", record.ExternalId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 11, 12, 347, TimeSpan.Zero).ToUnixTimeMilliseconds(), record.SourceVersion); // +08:00 server time
        Assert.Equal("上海远景机械有限公司", record.Payload.GetProperty("name").GetString());
        Assert.Equal("USD", record.Payload.GetProperty("currency").GetString());
        Assert.Equal("approved", record.Payload.GetProperty("status").GetString());
        Assert.True(record.Payload.GetProperty("active").GetBoolean());
        Assert.Equal("2026-11-20T02:11:12.347Z", record.Payload.GetProperty("modifiedAt").GetString());
    }

    [Theory]
    [InlineData("Z", "draft")]
    [InlineData("A", "created")]
    [InlineData("B", "in-review")]
    [InlineData("C", "approved")]
    [InlineData("D", "re-review")]
    public void DocumentStatus_EveryK3CloudLetter_RoundTrips(string letter, string canonical)
    {
        Assert.Equal(canonical, KingdeeDocumentStatus.ToCanonical(letter));
        Assert.Equal(letter, KingdeeDocumentStatus.FromCanonical(canonical));
    }

    [Fact]
    public void DocumentStatus_UnknownLetter_FormatErrorNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => KingdeeDocumentStatus.ToCanonical("X"));
        Assert.Contains("'X'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OrderToModel_CanonicalOrder_SaveModelWithReferencesPercentTaxAndTaxInclusivePrice()
    {
        var form = new KingdeeOrderMapping(Options, Currencies);
        var record = Order("""
            {"orderNumber":"SO-1001","customerNumber":"CUST0001","orderDate":"2026-11-23","currency":"CNY","notes":"rush",
             "lines":[{"sku":"MAT-VALVE-25","quantity":10,"unitPrice":86.50,"taxRate":0.13}]}
            """, version: 7);

        var model = form.ToModel(record, id: 0);

        Assert.Equal(0, model["FID"]!.GetValue<long>());
        Assert.Equal("SO-1001", (string?)model["FBillNo"]);
        Assert.Equal("2026-11-23", (string?)model["FDate"]);
        Assert.Equal("CUST0001", (string?)model["FCustId"]!["FNumber"]);
        Assert.Equal("PRE001", (string?)model["FSaleOrderFinance"]!["FSettleCurrId"]!["FNumber"]);
        var entry = model["FSaleOrderEntry"]!.AsArray().Single()!;
        Assert.Equal("MAT-VALVE-25", (string?)entry["FMaterialId"]!["FNumber"]);
        Assert.Equal(10m, (decimal)entry["FQty"]!);
        Assert.Equal(97.745m, (decimal)entry["FTaxPrice"]!); // 86.50 * 1.13, kept to K3Cloud's 6 decimals
        Assert.Equal(13m, (decimal)entry["FEntryTaxRate"]!);
        Assert.Equal(7L, (long)model["F_HUB_SourceVersion"]!);
    }

    [Theory]
    [InlineData("""{"customerNumber":"C","orderDate":"2026-11-23","currency":"CNY","lines":[{"sku":"A","quantity":1,"unitPrice":1,"taxRate":0.13}]}""", "orderNumber is required")]
    [InlineData("""{"orderNumber":"S","customerNumber":"C","orderDate":"23.11.2026","currency":"CNY","lines":[{"sku":"A","quantity":1,"unitPrice":1,"taxRate":0.13}]}""", "orderDate must be a date yyyy-MM-dd")]
    [InlineData("""{"orderNumber":"S","customerNumber":"C","orderDate":"2026-11-23","currency":"XTS","lines":[{"sku":"A","quantity":1,"unitPrice":1,"taxRate":0.13}]}""", "Connectors:Kingdee:Currencies:XTS")]
    [InlineData("""{"orderNumber":"S","customerNumber":"C","orderDate":"2026-11-23","currency":"CNY","lines":[{"sku":"A","quantity":0,"unitPrice":1,"taxRate":0.13}]}""", "lines[0].quantity must be more than 0")]
    [InlineData("""{"orderNumber":"S","customerNumber":"C","orderDate":"2026-11-23","currency":"CNY","lines":[{"sku":"A","quantity":1,"unitPrice":1,"taxRate":13}]}""", "lines[0].taxRate must be a fraction")]
    public void OrderToModel_BadPayload_FormatErrorNamingTheField(string payload, string expected)
    {
        var form = new KingdeeOrderMapping(Options, Currencies);

        var error = Assert.Throws<FormatException>(() => form.ToModel(Order(payload), 0));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OrderFromView_ViewModel_LocalizedNamesFinanceRowAndEntriesMapped()
    {
        var form = new KingdeeOrderMapping(Options, Currencies);
        using var view = JsonDocument.Parse("""
            {"Id":100345,"BillNo":"XSDD000012","Date":"2026-11-02T00:00:00","DocumentStatus":"B","Note":null,"ModifyDate":"2026-11-21T09:30:00.5",
             "CustId":{"Id":100123,"Number":"CUST0001","Name":[{"Key":1033,"Value":"Vision Machinery"},{"Key":2052,"Value":"远景机械"}]},
             "SaleOrderFinance":[{"SettleCurrId":{"Id":7,"Number":"PRE007","Name":[{"Key":2052,"Value":"美元"}]},"BillAllAmount":1130.00}],
             "SaleOrderEntry":[{"Id":900001,"MaterialId":{"Id":1,"Number":"MAT-GEAR-M3"},"Qty":8,"Price":125.0,"TaxPrice":141.25,"EntryTaxRate":13.0,"AllAmount":1130.00}]}
            """);

        var record = form.FromView(view.RootElement);

        var p = record.Payload;
        Assert.Equal("XSDD000012", record.ExternalId);
        Assert.Equal("远景机械", p.GetProperty("customerName").GetString());
        Assert.Equal("USD", p.GetProperty("currency").GetString());
        Assert.Equal(1130.00m, p.GetProperty("totalAmount").GetDecimal());
        Assert.Equal("in-review", p.GetProperty("status").GetString());
        Assert.Equal("2026-11-02", p.GetProperty("orderDate").GetString());
        var line = p.GetProperty("lines")[0];
        Assert.Equal(0.13m, line.GetProperty("taxRate").GetDecimal());
        Assert.Equal(125.0m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(141.25m, line.GetProperty("unitPriceInclTax").GetDecimal());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-23|x")]
    [InlineData("yesterday|1")]
    public void Cursor_NotOneOfOurs_ArgumentErrorSayingWhatIsExpected(string cursor)
    {
        if (cursor.Length == 0)
        {
            Assert.Null(KingdeeCursor.Parse(cursor));
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => KingdeeCursor.Parse(cursor));
        Assert.Contains("yyyy-MM-dd HH:mm:ss.fff|id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cursor_After_KeysetConditionOnDateThenId()
    {
        var cursor = KingdeeCursor.Parse("2026-11-20 10:11:12.347|100123")!.Value;

        Assert.Equal("FModifyDate > '2026-11-20 10:11:12.347' OR (FModifyDate = '2026-11-20 10:11:12.347' AND FCUSTID > 100123)", cursor.After("FCUSTID"));
    }

    private static JsonElement[] Row(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();

    private static CanonicalRecord Order(string payload, long version = 1) =>
        new("erp", CanonicalEntity.Order, "SO", version, JsonDocument.Parse(payload).RootElement.Clone());
}
