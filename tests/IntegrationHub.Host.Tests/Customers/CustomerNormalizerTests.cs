using System.Text.Json;
using IntegrationHub.Host.Customers;

namespace IntegrationHub.Host.Tests.Customers;

public class CustomerNormalizerTests
{
    [Theory]
    [InlineData("91110108551385082Q")]
    [InlineData("91440300708461136T")]
    [InlineData("91350100M000100Y43")]
    public void PublishedCreditCodes_AreValid(string code) => Assert.Null(UnifiedSocialCreditCode.Check(code));

    [Theory]
    [InlineData("91110108551385082R", "check character")]
    [InlineData("9111010855138508", "18 characters")]
    [InlineData("91110108551385O82Q", "('O') is not allowed")]
    public void BadCreditCodes_SayWhy(string code, string reason) => Assert.Contains(reason, UnifiedSocialCreditCode.Check(code));

    [Fact]
    public void AValidCustomer_IsNormalised_AndUnknownFieldsPassThrough()
    {
        var (customer, problems) = Normalize("""
            { "customerNumber": "C-1", "name": "  Acme   Pumps\tLtd ", "creditCode": "9111 0108 5513 8508 2q",
              "phone": "138 0013 8000", "email": "Sales@ACME.Example.COM", "address": { "city": " Shanghai ", "country": "cn" }, "valueTier": "gold" }
            """);

        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.Equal("Acme Pumps Ltd", (string?)customer!["name"]);
        Assert.Equal("91110108551385082Q", (string?)customer["creditCode"]);
        Assert.Equal("+8613800138000", (string?)customer["phone"]);
        Assert.Equal("Sales@acme.example.com", (string?)customer["email"]);
        Assert.Equal(("Shanghai", "CN"), ((string?)customer["address"]!["city"], (string?)customer["address"]!["country"]));
        Assert.Equal("gold", (string?)customer["valueTier"]);
    }

    [Fact]
    public void AForeignNumberWithItsCountryCode_KeepsItsCountry()
    {
        var (customer, _) = Normalize("""{ "name": "Müller GmbH", "phone": "+49 30 901820" }""");

        Assert.Equal("+4930901820", (string?)customer!["phone"]);
    }

    [Fact]
    public void AnInvalidCustomer_ReportsEveryProblem()
    {
        var (customer, problems) = Normalize("""
            { "name": "   ", "creditCode": "91110108551385082R", "phone": "12345", "email": "not-an-address", "address": { "country": "XX" } }
            """);

        Assert.Null(customer);
        Assert.Equal(["address.country", "creditCode", "email", "name", "phone"], problems.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void EmptyOptionalFields_AreAbsent_NotInvalid()
    {
        var (customer, problems) = Normalize("""{ "name": "Acme", "phone": "", "email": "  ", "creditCode": null }""");

        Assert.Empty(problems);
        Assert.Null(customer!["phone"]);
    }

    private static (System.Text.Json.Nodes.JsonObject?, Dictionary<string, string>) Normalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CustomerNormalizer.Normalize(document.RootElement, "CN");
    }
}
