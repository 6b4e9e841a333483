using IntegrationHub.Host.Orders;

namespace IntegrationHub.Host.Tests.Orders;

public class IdempotencyKeyHeaderTests
{
    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("  order-push:SO-1/attempt  ", "order-push:SO-1/attempt")]
    public void Parse_BareOrStructuredFieldString_GivesTheKey(string raw, string expected)
    {
        Assert.Equal(expected, IdempotencyKeyHeader.Parse(raw, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("   ", "is required")]
    [InlineData("\"\"", "1-255 printable ASCII")]
    [InlineData("key\twith-tab", "1-255 printable ASCII")]
    [InlineData("ключ", "1-255 printable ASCII")]
    public void Parse_MissingOrMalformed_SaysWhy(string? raw, string expected)
    {
        Assert.Null(IdempotencyKeyHeader.Parse(raw, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Parse_LongerThan255_IsRejected()
    {
        Assert.NotNull(IdempotencyKeyHeader.Parse(new string('k', 255), out _));
        Assert.Null(IdempotencyKeyHeader.Parse(new string('k', 256), out _));
    }
}
