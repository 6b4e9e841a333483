using System.Text;
using IntegrationHub.Host.Orders;

namespace IntegrationHub.Host.Tests.Orders;

public class OrderRequestParserTests
{
    private const string Valid = """
        {
          "orderNumber": "SO20261123-000001",
          "customerNumber": "CUST00042",
          "customerName": "Acme Pumps Ltd",
          "orderDate": "2026-11-23",
          "currency": "CNY",
          "lines": [
            { "sku": "SKU-PUMP-100", "quantity": 2, "unitPrice": 1280.00, "taxRate": 0.13 },
            { "sku": "SKU-VALVE-25", "quantity": 10, "unitPrice": 86.50, "taxRate": 0.13 }
          ],
          "totalAmount": 3870.25
        }
        """;

    [Fact]
    public void Parse_ValidOrder_GivesTheCanonicalOrderWithExactDecimals()
    {
        var (order, errors) = Parse(Valid);

        Assert.Empty(errors);
        Assert.NotNull(order);
        Assert.Equal("SO20261123-000001", order.OrderNumber);
        Assert.Equal(new DateOnly(2026, 11, 23), order.OrderDate);
        Assert.Equal(3870.25m, order.TotalAmount);
        Assert.Equal(86.50m, order.Lines[1].UnitPrice);
        Assert.Equal(0.13m, order.Lines[0].TaxRate);
        Assert.Equal(1, order.SourceVersion);
    }

    [Fact]
    public void Parse_EveryFieldWrong_ReportsEachFieldAtOnce()
    {
        var (order, errors) = Parse("""
            {
              "orderNumber": "SO 1 with spaces",
              "customerNumber": 42,
              "orderDate": "23/11/2026",
              "currency": "XYZ",
              "lines": [
                { "sku": "", "quantity": 0, "unitPrice": "12.50", "taxRate": 13 },
                "not a line"
              ],
              "totalAmount": -1,
              "sourceVersion": 0
            }
            """);

        Assert.Null(order);
        Assert.Equal(
            new[]
            {
                "currency", "customerNumber", "lines[0].quantity", "lines[0].sku", "lines[0].taxRate", "lines[0].unitPrice",
                "lines[1]", "orderDate", "orderNumber", "sourceVersion", "totalAmount",
            },
            errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("ISO 4217", errors["currency"][0]);
        Assert.Equal("customerNumber must be a string.", errors["customerNumber"][0]);
        Assert.Equal("unitPrice must be a JSON number.", errors["lines[0].unitPrice"][0]);
        Assert.Equal("quantity must be greater than 0.", errors["lines[0].quantity"][0]);
    }

    [Fact]
    public void Parse_MissingRequiredFields_NamesEachOne()
    {
        var (_, errors) = Parse("{}");

        Assert.Equal(
            new[] { "currency", "customerNumber", "lines", "orderDate", "orderNumber", "totalAmount" },
            errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.All(errors.Values, messages => Assert.EndsWith("required.", messages[0].Replace("required: an order has at least one line.", "required.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_TotalThatDoesNotMatchTheLines_IsRejected()
    {
        var (order, errors) = Parse(Valid.Replace("3870.25", "3900.00", StringComparison.Ordinal));

        Assert.Null(order);
        Assert.Equal("totalAmount 3900.00 does not match the sum of the lines including tax (3870.25).", Assert.Single(errors["totalAmount"]));
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("{\"orderNumber\": ", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("{\"lines\": []}", "lines")]
    [InlineData("{\"lines\": {}}", "lines")]
    public void Parse_BadShapes_AreClearErrors(string body, string field)
    {
        var (order, errors) = Parse(body);

        Assert.Null(order);
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}, got {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void Parse_DuplicateProperty_IsRejectedNotSilentlyResolved()
    {
        var (order, errors) = Parse(Valid.Replace("\"currency\": \"CNY\",", "\"currency\": \"CNY\", \"currency\": \"USD\",", StringComparison.Ordinal));

        Assert.Null(order);
        Assert.Contains("Duplicate property", errors["currency"][0]);
    }

    [Fact]
    public void Parse_PropertyNamesIgnoreCase_AndUnknownPropertiesAreIgnored()
    {
        var (order, errors) = Parse(Valid.Replace("\"orderNumber\"", "\"OrderNumber\"", StringComparison.Ordinal).Replace("\"currency\"", "\"erpExtra\": {\"a\": 1}, \"currency\"", StringComparison.Ordinal));

        Assert.Empty(errors);
        Assert.Equal("SO20261123-000001", order!.OrderNumber);
    }

    private static (IntegrationHub.Orders.SalesOrder? Order, Dictionary<string, string[]> Errors) Parse(string json) =>
        OrderRequestParser.Parse(Encoding.UTF8.GetBytes(json));
}
