using System.Net;
using System.Text.Json;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: for key holders only, with the API-key scheme and the finance API's parameters.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task TheDocument_NeedsAKey_AndDescribesTheFinanceAndCustomerApiWithTheirParameters()
    {
        await using var hub = await HubTestHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = hub.Http.BaseAddress };

        using var refused = await anonymous.GetAsync("openapi/v1.json");
        var document = await hub.GetJsonAsync("openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        var list = paths.GetProperty("/api/v1/receivables").GetProperty("get");
        Assert.Equal("ListReceivables", list.GetProperty("operationId").GetString());
        Assert.Equal(["bucket", "currency", "customer", "dueBefore", "pageSize", "pageToken", "status", "updatedSince"],
            list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order().ToArray());
        Assert.True(list.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.TryGetProperty("/api/v1/receivables.csv", out _));
        Assert.Equal(["asOf", "currency", "customer"], paths.GetProperty("/api/v1/receivables/aging").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()!).Order().ToArray()); // each once
        Assert.Contains("tier", paths.GetProperty("/api/v1/customers").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(paths.TryGetProperty("/api/v1/customers/{hubId}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orders", out _));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Array, document.GetProperty("security").ValueKind);
    }
}
