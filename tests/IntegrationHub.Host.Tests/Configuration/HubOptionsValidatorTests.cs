using IntegrationHub.Host.Configuration;

namespace IntegrationHub.Host.Tests.Configuration;

public class HubOptionsValidatorTests
{
    private readonly HubOptionsValidator _validator = new();

    [Fact]
    public void Validate_ProductionWithoutApiKey_FailsNamingTheSetting()
    {
        var result = _validator.Validate(null, new HubOptions());

        Assert.True(result.Failed);
        Assert.Contains("Hub:Clients (or HUB_API_KEY) is required", result.FailureMessage);
    }

    [Fact]
    public void Validate_DemoWithoutApiKey_Succeeds() =>
        Assert.True(_validator.Validate(null, new HubOptions { Demo = true }).Succeeded);

    [Fact]
    public void Validate_ShortKeyOutsideDemo_Fails()
    {
        var result = _validator.Validate(null, new HubOptions { Clients = { ["erp"] = new ApiClientOptions { Key = "short", Scopes = "orders:write" } } });

        Assert.Contains("Hub:Clients:erp:Key must be at least 16 characters.", result.FailureMessage);
    }

    [Fact]
    public void Validate_ClientWithoutScopes_OrWithAnUnknownOne_Fails()
    {
        var result = _validator.Validate(null, new HubOptions
        {
            Clients =
            {
                ["erp"] = new ApiClientOptions { Key = new string('k', 32) },
                ["bi"] = new ApiClientOptions { Key = new string('b', 32), Scopes = "orders:read, everything" },
            },
        });

        Assert.Contains("Hub:Clients:erp:Scopes must name at least one scope", result.FailureMessage);
        Assert.Contains("Hub:Clients:bi:Scopes names 'everything', which is not a scope", result.FailureMessage);
    }

    [Fact]
    public void Validate_TwoClientsWithOneKey_Fails()
    {
        var key = new string('k', 32);
        var result = _validator.Validate(null, new HubOptions
        {
            Clients = { ["a"] = new ApiClientOptions { Key = key, Scopes = "admin" }, ["b"] = new ApiClientOptions { Key = key, Scopes = "orders:read" } },
        });

        Assert.Contains("share one key", result.FailureMessage);
        Assert.DoesNotContain(key, result.FailureMessage);
    }

    [Fact]
    public void Validate_TheEarlierKeyList_IsRefusedNamingTheNewSetting()
    {
        var result = _validator.Validate(null, new HubOptions { ApiKeys = { ["erp"] = new string('k', 32) } });

        Assert.Contains("Hub:ApiKeys is no longer accepted: give each client Hub:Clients:<client>:Key", result.FailureMessage);
    }

    [Fact]
    public void Validate_BadValues_ReportsEveryOne()
    {
        var result = _validator.Validate(null, new HubOptions
        {
            Clients = { ["erp"] = new ApiClientOptions { Key = new string('k', 32), Scopes = "orders:write" } },
            Urls = "ftp://example",
            OrdersTopic = "",
            PublishTimeout = TimeSpan.Zero,
            MetricsSampleInterval = TimeSpan.FromHours(1),
        });

        Assert.Contains("Hub:Urls", result.FailureMessage);
        Assert.Contains("Hub:OrdersTopic", result.FailureMessage);
        Assert.Contains("Hub:PublishTimeout", result.FailureMessage);
        Assert.Contains("Hub:MetricsSampleInterval must be between 100 ms and 10 minutes.", result.FailureMessage, StringComparison.Ordinal);
    }
}
