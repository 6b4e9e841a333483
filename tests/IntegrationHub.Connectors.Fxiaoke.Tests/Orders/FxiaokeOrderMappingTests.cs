using IntegrationHub.Connectors.Fxiaoke.Orders;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Orders;

public sealed class FxiaokeOrderMappingTests
{
    [Fact]
    public void OrderFields_Money_IsWrittenAsAnExactDecimal()
    {
        var order = SampleOrder.Create("SO-M") with { TotalAmount = 0.1m + 0.2m };

        var json = FxiaokeOrderMapping.OrderFields(order, "acc-1", FxiaokeOrderStatus.ToConfirm).ToJsonString();

        Assert.Contains("\"order_amount\":0.3,", json, StringComparison.Ordinal);
        Assert.Equal(0.3m, FxiaokeOrderMapping.OrderFields(order, "acc-1", FxiaokeOrderStatus.ToConfirm)[FxiaokeFields.OrderAmount]!.GetValue<decimal>());
    }

    [Fact]
    public void OrderDetails_LineMoney_KeepsItsScale()
    {
        var details = FxiaokeOrderMapping.OrderDetails(SampleOrder.Create("SO-L")).ToJsonString();

        Assert.Contains("\"sales_price\":86.50", details, StringComparison.Ordinal);
        Assert.Contains("\"tax_rate__c\":0.13", details, StringComparison.Ordinal);
        Assert.Contains("\"subtotal\":195.49", details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1970, 1, 1, 0L)]
    [InlineData(2026, 11, 23, 1795392000000L)]
    public void EpochMilliseconds_OrderDate_IsUtcMidnight(int year, int month, int day, long expected) =>
        Assert.Equal(expected, FxiaokeOrderMapping.EpochMilliseconds(new DateOnly(year, month, day)));

    [Fact]
    public void OrderFields_KeysAndVersion_AreTheErpOnes()
    {
        var fields = FxiaokeOrderMapping.OrderFields(SampleOrder.Create("SO-K", version: 7), "acc-9", FxiaokeOrderStatus.Confirmed);

        Assert.Equal("SO-K", fields[FxiaokeFields.ErpOrderNo]!.GetValue<string>());
        Assert.Equal("CUST00042", fields[FxiaokeFields.ErpCustomerNo]!.GetValue<string>());
        Assert.Equal(7L, fields[FxiaokeFields.ErpVersion]!.GetValue<long>());
        Assert.Equal("acc-9", fields[FxiaokeFields.AccountId]!.GetValue<string>());
        Assert.Equal(1795392000000L, fields[FxiaokeFields.OrderTime]!.GetValue<long>());
        Assert.Equal("2", fields[FxiaokeFields.OrderStatus]!.GetValue<string>());
    }

    [Theory]
    [InlineData("approved", null, "2")]
    [InlineData("in-review", null, "1")]
    [InlineData(null, null, "1")]
    [InlineData("approved", "1", "2")]
    [InlineData("created", "2", "1")]
    [InlineData("approved", "3", "3")]
    public void OrderStatus_FromTheErpsDocumentStatus_KeepsTheCrmsLaterStates(string? erp, string? current, string expected) =>
        Assert.Equal(expected, FxiaokeOrderStatus.Keep(current, FxiaokeOrderStatus.FromCanonical(erp)));
}
