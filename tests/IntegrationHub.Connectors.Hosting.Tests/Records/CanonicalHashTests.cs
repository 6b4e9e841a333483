using System.Text.Json;

namespace IntegrationHub.Connectors.Hosting.Tests.Records;

public class CanonicalHashTests
{
    [Theory]
    [InlineData("""{"a":1,"b":"x"}""", """{ "b": "x", "a": 1 }""")]
    [InlineData("""{"n":1.5}""", """{"n":1.50}""")]
    [InlineData("""{"n":1.5}""", """{"n":15e-1}""")]
    [InlineData("""{"n":100}""", """{"n":1E2}""")]
    [InlineData("""{"n":0}""", """{"n":-0.00}""")]
    [InlineData("""{"s":"é"}""", """{"s":"\u00e9"}""")]
    [InlineData("""{"o":{"z":[1,{"y":2,"x":1}],"a":null}}""", """{"o":{"a":null,"z":[1.0,{"x":1,"y":2.00}]}}""")]
    public void SameMeaning_SameHash(string a, string b) => Assert.Equal(Hash(a), Hash(b));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":"1"}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":1.5}""", """{"a":1.51}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"n":12345678901234567890123456789}""", """{"n":12345678901234567890123456788}""")]
    public void DifferentMeaning_DifferentHash(string a, string b) => Assert.NotEqual(Hash(a), Hash(b));

    [Fact]
    public void TheHash_IsLowerHexSha256() => Assert.Matches("^[0-9a-f]{64}$", Hash("""{"a":1}"""));

    private static string Hash(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalHash.Of(document.RootElement);
    }
}
