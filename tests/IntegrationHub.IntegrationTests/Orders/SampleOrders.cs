namespace IntegrationHub.IntegrationTests.Orders;

internal static class SampleOrders
{
    public static string Json(string orderNumber, string customer = "CUST00042", decimal quantity = 2, long version = 1) => $$"""
        {
          "orderNumber": "{{orderNumber}}",
          "customerNumber": "{{customer}}",
          "customerName": "Acme Pumps Ltd",
          "orderDate": "2026-11-23",
          "currency": "CNY",
          "sourceVersion": {{version}},
          "lines": [ { "sku": "SKU-PUMP-100", "quantity": {{quantity}}, "unitPrice": 1280.00, "taxRate": 0.13 } ],
          "totalAmount": {{decimal.Round(quantity * 1280.00m * 1.13m, 2)}}
        }
        """;
}
