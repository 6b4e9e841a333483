using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Sandbox.Kingdee;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Sandbox.Tests.Faults;

public sealed class FaultProfileConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void FromConfiguration_NoSection_NoFaults()
    {
        var profile = FaultProfile.FromConfiguration(Config(), "Kingdee");

        Assert.True(profile.IsEmpty);
        Assert.Equal(503, profile.ErrorStatus);
    }

    [Fact]
    public void FromConfiguration_EverySetting_Bound()
    {
        var profile = FaultProfile.FromConfiguration(Config(
            ("Sandbox:Xero:Faults:Latency", "00:00:00.050"),
            ("Sandbox:Xero:Faults:Jitter", "00:00:00.020"),
            ("Sandbox:Xero:Faults:ErrorRate", "0.25"),
            ("Sandbox:Xero:Faults:ErrorStatus", "429"),
            ("Sandbox:Xero:Faults:ErrorRetryAfter", "00:00:02"),
            ("Sandbox:Xero:Faults:ResetRate", "0.1"),
            ("Sandbox:Xero:Faults:TokenExpiryRate", "0.05"),
            ("Sandbox:Xero:Faults:Outages:0:Start", "2026-11-23T10:00:00Z"),
            ("Sandbox:Xero:Faults:Outages:0:Duration", "00:05:00"),
            ("Sandbox:Xero:Faults:Seed", "42")), "Xero");

        Assert.Equal(TimeSpan.FromMilliseconds(50), profile.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(20), profile.Jitter);
        Assert.Equal(0.25, profile.ErrorRate);
        Assert.Equal(429, profile.ErrorStatus);
        Assert.Equal(TimeSpan.FromSeconds(2), profile.ErrorRetryAfter);
        Assert.Equal(0.1, profile.ResetRate);
        Assert.Equal(0.05, profile.TokenExpiryRate);
        var outage = Assert.Single(profile.Outages);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), outage.Start);
        Assert.Equal(TimeSpan.FromMinutes(5), outage.Duration);
        Assert.Equal(42, profile.Seed);
    }

    [Fact]
    public void FromConfiguration_InvalidValues_EveryProblemNamesItsSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FaultProfile.FromConfiguration(Config(
            ("Sandbox:Fxiaoke:Faults:ErrorRate", "1.5"),
            ("Sandbox:Fxiaoke:Faults:ErrorStatus", "404"),
            ("Sandbox:Fxiaoke:Faults:Latency", "00:20:00"),
            ("Sandbox:Fxiaoke:Faults:Outages:0:Duration", "00:00:00")), "Fxiaoke"));

        Assert.Contains("Sandbox:Fxiaoke:Faults:ErrorRate must be between 0 and 1.", error.Failures);
        Assert.Contains("Sandbox:Fxiaoke:Faults:ErrorStatus must be 429 or between 500 and 599.", error.Failures);
        Assert.Contains("Sandbox:Fxiaoke:Faults:Latency must be between 00:00:00 and 00:10:00.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Sandbox:Fxiaoke:Faults:Outages:0:Duration", StringComparison.Ordinal));
    }

    [Fact]
    public void FromConfiguration_MisspelledSetting_Refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FaultProfile.FromConfiguration(Config(("Sandbox:Fxiaoke:Faults:ErorRate", "0.5")), "Fxiaoke"));

        Assert.Contains("Sandbox:Fxiaoke:Faults has a setting", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NotANumber_BinderNamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FaultProfile.FromConfiguration(Config(("Sandbox:Fxiaoke:Faults:ResetRate", "often")), "Fxiaoke"));

        Assert.Contains("Sandbox:Fxiaoke:Faults:ResetRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxOptions_SeedCountsOutOfRange_Refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            FxiaokeSandboxOptions.FromConfiguration(Config(("Sandbox:Fxiaoke:SeedAccounts", "-1"))));

        Assert.Equal("Sandbox:Fxiaoke:SeedAccounts must be a whole number between 0 and 100000.", Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("Sandbox:Kingdee:SeedOrders", "many", "Sandbox:Kingdee:SeedOrders must be a whole number between 0 and 1000000.")]
    [InlineData("Sandbox:Kingdee:SeedCustomers", "100001", "Sandbox:Kingdee:SeedCustomers must be a whole number between 0 and 100000.")]
    [InlineData("Sandbox:Kingdee:SeedCustomers", "0", "Sandbox:Kingdee:SeedOrders needs Sandbox:Kingdee:SeedCustomers above 0.")]
    public void ErpSeedSizes_Invalid_RefusedBeforeAnythingStarts(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SandboxSystems.ValidateConfiguration(Config((key, value))));

        Assert.Equal(message, Assert.Single(error.Failures));
    }

    [Fact]
    public async Task ErpSeedSizes_Configured_TheErpSandboxHoldsThatMany()
    {
        await using var sandboxes = await SandboxSystems.StartAsync(Config(("Sandbox:Kingdee:SeedCustomers", "300"), ("Sandbox:Kingdee:SeedOrders", "2500")), demo: false);

        var erp = ((KingdeeSandbox)sandboxes.Systems.Single(s => s.System == "kingdee").Owner).Store;
        Assert.Equal((300, 2500), (erp.Count("BD_Customer"), erp.Count("SAL_SaleOrder")));
    }

    [Fact]
    public void SandboxOptions_MisspelledSetting_RefusedNamingIt()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            FxiaokeSandboxOptions.FromConfiguration(Config(("Sandbox:Fxiaoke:SeedAcounts", "5"))));

        Assert.StartsWith("Sandbox:Fxiaoke:SeedAcounts is not a setting", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxOptions_DemoDefaultsAndConfiguration_ConfigurationWins()
    {
        var options = FxiaokeSandboxOptions.FromConfiguration(
            Config(("Sandbox:Fxiaoke:SeedOrders", "7"), ("Sandbox:Fxiaoke:Faults:ErrorRate", "0.1")),
            new FxiaokeSandboxOptions { SeedAccounts = 3, SeedOrders = 5 });

        Assert.Equal((3, 7, 0.1), (options.SeedAccounts, options.SeedOrders, options.Faults.ErrorRate));
    }
}
