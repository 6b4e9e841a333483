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
        Assert.Contains("Hub:ApiKeys (or HUB_API_KEY) is required", result.FailureMessage);
    }

    [Fact]
    public void Validate_DemoWithoutApiKey_Succeeds() =>
        Assert.True(_validator.Validate(null, new HubOptions { Demo = true }).Succeeded);

    [Fact]
    public void Validate_ShortKeyOutsideDemo_Fails()
    {
        var result = _validator.Validate(null, new HubOptions { ApiKeys = { ["erp"] = "short" } });

        Assert.Contains("Hub:ApiKeys:erp must be at least 16 characters.", result.FailureMessage);
    }

    [Fact]
    public void Validate_BadValues_ReportsEveryOne()
    {
        var result = _validator.Validate(null, new HubOptions
        {
            ApiKeys = { ["erp"] = new string('k', 32) },
            Urls = "ftp://example",
            OrdersTopic = "",
            PublishTimeout = TimeSpan.Zero,
        });

        Assert.Contains("Hub:Urls", result.FailureMessage);
        Assert.Contains("Hub:OrdersTopic", result.FailureMessage);
        Assert.Contains("Hub:PublishTimeout", result.FailureMessage);
    }
}
