using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>Bad configuration: the real binary exits with code 2 and one line naming the setting, before it starts anything.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("Hub:Clients (or HUB_API_KEY) is required outside demo mode", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/")]
    [InlineData("Kafka:EmbeddedBrokers must be between 1 and 9.", "HUB_API_KEY=0123456789abcdef0123", "Kafka__EmbeddedBrokers=0")]
    [InlineData("Failed to convert configuration value at 'Kafka:MaxAttempts'", "HUB_API_KEY=0123456789abcdef0123", "Kafka__MaxAttempts=secret-looking-value")]
    [InlineData("Connectors:Fxiaoke:AppSecret is required", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Connectors__Fxiaoke__AppSecret=")]
    [InlineData("Hub:DevEnvironmentFile: ./nowhere/dev-environment.json does not exist", "HUB_API_KEY=0123456789abcdef0123", "Hub__DevEnvironmentFile=./nowhere/dev-environment.json")]
    [InlineData("Hub:Clients:default:Key must be at least 16 characters.", "HUB_API_KEY=short")]
    [InlineData("Hub:ApiKeys is no longer accepted", "Hub__ApiKeys__erp=0123456789abcdef0123")]
    [InlineData("Hub:Clients:erp:Scopes names 'orders:delete'", "Hub__Clients__erp__Key=0123456789abcdef0123", "Hub__Clients__erp__Scopes=orders:write orders:delete")]
    [InlineData("Hub:Limits:ClientRequestsPerSecond must be between 1 and 1000000.", "HUB_API_KEY=0123456789abcdef0123", "Hub__Limits__ClientRequestsPerSecond=0")]
    [InlineData("Workflows:MaxInputBytes must be between 1024 and 16777216", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Workflows__MaxInputBytes=10")]
    [InlineData("Store:Provider must be 'sqlite' or 'postgresql'.", "HUB_API_KEY=0123456789abcdef0123", "Store__Provider=oracle")]
    [InlineData("Store:ConnectionString is required when Store:Provider is 'postgresql'.", "HUB_API_KEY=0123456789abcdef0123", "Store__Provider=postgresql")]
    [InlineData("Store:ConnectionString is not a valid PostgreSQL connection string", "HUB_API_KEY=0123456789abcdef0123", "Store__Provider=postgresql", "Store__ConnectionString=Host=db;Password=secret-looking-value;Bogus Key=1")]
    [InlineData("Store:ConnectionString must name a Database.", "HUB_API_KEY=0123456789abcdef0123", "Store__Provider=PostgreSQL", "Store__ConnectionString=Host=db;Username=hub;Password=secret-looking-value")]
    [InlineData("Store:Synchronous must be 'full' or 'normal'.", "HUB_API_KEY=0123456789abcdef0123", "Store__Synchronous=off")]
    [InlineData("Workflows:LeaseDuration must be between 00:00:01 and 01:00:00", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Workflows__LeaseDuration=00:00:00.200")]
    [InlineData("Workflows:ScheduleCheckInAllowance must be between 00:00:01 and 00:10:00", "HUB_API_KEY=0123456789abcdef0123", "Connectors__Fxiaoke__BaseUrl=http://127.0.0.1:9/", "Workflows__ScheduleCheckInAllowance=00:00:00")]
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

    [Fact]
    public async Task DevEnvironment_WithABadFaultProfile_ExitsWithOneLineNamingTheSetting_AndWritesNoSettingsFile()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IntegrationHub.DevEnvironment.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--Sandbox:Fxiaoke:Faults:ErrorRate=1.5", "--DevEnvironment:DemoErp=false" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("IntegrationHub dev environment cannot start: Sandbox:Fxiaoke:Faults:ErrorRate must be between 0 and 1.", (await stderr).Trim());
        Assert.DoesNotContain("   at ", await stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "data")), "no settings file for a dev environment that did not start");
    }

    public void Dispose() => _dir.Dispose();
}
