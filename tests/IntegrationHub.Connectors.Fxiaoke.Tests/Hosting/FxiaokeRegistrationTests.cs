using IntegrationHub.Connectors.Http.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Hosting;

/// <summary>Fxiaoke's settings live in one section, each key read and validated once, through the shared plumbing.</summary>
public sealed class FxiaokeRegistrationTests
{
    [Fact]
    public void Start_NoBaseUrl_OneMessageNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FxiaokeHarness.Create(baseUrl: null));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Connectors:Fxiaoke:BaseUrl is required", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_NoAppSecret_OneMessageNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FxiaokeHarness.Create(
            new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:Fxiaoke:AppSecret"] = "" }));

        Assert.Contains("Connectors:Fxiaoke:AppSecret is required.", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Defaults_PublishedLimitPerInterfaceAndThirtySecondCalls()
    {
        await using var harness = FxiaokeHarness.Create(new Uri("http://127.0.0.1:9/"));

        var o = harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get(FxiaokeServiceCollectionExtensions.HttpClientName);

        Assert.Equal("http://127.0.0.1:9/", o.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Timeout);
        Assert.Equal(60, o.Limits.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(20), o.Limits.Window);
        Assert.True(o.Limits.PerPath);
    }

    [Fact]
    public async Task Start_ShortTimeoutAlone_StartsWithAttemptsBoundedByIt()
    {
        await using var harness = FxiaokeHarness.Create(new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["Connectors:Fxiaoke:Timeout"] = "00:00:05" });

        var o = harness.Services.GetRequiredService<IOptionsMonitor<ConnectorHttpOptions>>().Get(FxiaokeServiceCollectionExtensions.HttpClientName);

        Assert.Equal(TimeSpan.FromSeconds(5), o.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), o.AttemptTimeout);
    }

    [Fact]
    public void Start_AttemptTimeoutLongerThanTimeoutGivenExplicitly_FailsNamingBoth()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FxiaokeHarness.Create(new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:Timeout"] = "00:00:05",
            ["Connectors:Fxiaoke:AttemptTimeout"] = "00:00:10",
        }));

        Assert.Contains("Connectors:Fxiaoke:AttemptTimeout must not be longer than Connectors:Fxiaoke:Timeout.", error.Failures);
    }

    [Theory]
    [InlineData("DefaultCurrency", "yuan", "Connectors:Fxiaoke:DefaultCurrency must be an ISO 4217 code such as CNY.")]
    [InlineData("CurrencyField", "Currency Code", "Connectors:Fxiaoke:CurrencyField must be a Fxiaoke field api name such as mc_currency.")]
    public void Start_BadCurrencySettings_FailNamingTheKey(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => FxiaokeHarness.Create(new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:" + key] = value,
        }));

        Assert.Contains(error.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }
}
