using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>Bad configuration: the real binary exits with code 2 and one line naming the setting, before it starts anything.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("Hub:ApiKeys (or HUB_API_KEY) is required outside demo mode", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/")]
    [InlineData("Kafka:EmbeddedBrokers must be between 1 and 9.", "HUB_API_KEY=0123456789abcdef0123", "Kafka__EmbeddedBrokers=0")]
    [InlineData("Failed to convert configuration value at 'Kafka:MaxAttempts'", "HUB_API_KEY=0123456789abcdef0123", "Kafka__MaxAttempts=secret-looking-value")]
    [InlineData("Connectors:Fxiaoke:BaseUrl is required", "HUB_API_KEY=0123456789abcdef0123")]
    [InlineData("Hub:ApiKeys:default must be at least 16 characters.", "HUB_API_KEY=short")]
    [InlineData("Sandbox:Fxiaoke:Faults:ErrorRate must be between 0 and 1.", "HUB_API_KEY=0123456789abcdef0123", "Hub__Sandbox=true", "Sandbox__Fxiaoke__Faults__ErrorRate=1.5")]
    [InlineData("Store:Provider must be 'sqlite'", "HUB_API_KEY=0123456789abcdef0123", "Store__Provider=oracle")]
    [InlineData("Workflows:LeaseDuration must be between 00:00:01 and 01:00:00", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Workflows__LeaseDuration=00:00:00.200")]
    [InlineData("Workflows:MaxQueuedEvents must be between 1 and 1000000", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Workflows__MaxQueuedEvents=0")]
    [InlineData("Workflows:EventRetention must be between 00:00:00 and 7.00:00:00", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Workflows__EventRetention=-00:00:01")]
    public async Task Start_WithBadConfiguration_ExitsWithOneLineNamingTheSetting(string expected, params string[] environment)
    {
        var env = environment.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        env.TryAdd("Connectors__Fxiaoke__AppId", "a");
        env.TryAdd("Connectors__Fxiaoke__AppSecret", "s");
        env.TryAdd("Connectors__Fxiaoke__PermanentCode", "p");
        env.TryAdd("Connectors__Fxiaoke__OperatorUserId", "u");
        env["Hub__Urls"] = "http://127.0.0.1:0";
        using var host = HostProcess.Start(_dir.Path, env);

        var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        var lines = host.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("IntegrationHub cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", host.Stdout + host.Stderr);
        Assert.DoesNotContain("0123456789abcdef0123", host.Stdout + host.Stderr);
        Assert.DoesNotContain("secret-looking-value", host.Stdout + host.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "data")), "nothing is created before the configuration is valid");
    }

    public void Dispose() => _dir.Dispose();
}
