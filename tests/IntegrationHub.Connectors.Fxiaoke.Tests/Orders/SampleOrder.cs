using IntegrationHub.Orders;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Orders;

internal static class SampleOrder
{
    public static SalesOrder Create(string number, string customer = "CUST00042", long version = 1, decimal quantity = 2) => new()
    {
        OrderNumber = number,
        CustomerNumber = customer,
        CustomerName = "Acme Valves",
        OrderDate = new DateOnly(2026, 11, 23),
        Currency = "CNY",
        Lines = [new OrderLine { Sku = "SKU-VALVE-25", Quantity = quantity, UnitPrice = 86.50m, TaxRate = 0.13m }],
        TotalAmount = decimal.Round(quantity * 86.50m * 1.13m, 2, MidpointRounding.AwayFromZero),
        SourceVersion = version,
    };
}
