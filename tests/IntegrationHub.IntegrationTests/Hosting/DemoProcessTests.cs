using System.Text.RegularExpressions;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>The README's demo: the real binary on its embedded defaults shows orders reaching the CRM, then stops cleanly on Ctrl+C.</summary>
public sealed partial class DemoProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Demo_OnEmbeddedDefaults_DeliversOrdersToTheCrm_AndShutsDownCleanlyOnCtrlC()
    {
        using var host = HostProcess.Start(_dir.Path, new Dictionary<string, string>(),
            "--Hub:Demo=true", "--Hub:Urls=http://127.0.0.1:0", "--Hub:DemoSummaryIntervalSeconds=0.5", "--Sandbox:OrderGenerator:OrdersPerSecond=10",
            $"--Workflows:Path={Path.Combine(Repository.Root, "workflows")}");

        var delivered = await Eventually.Await(() => Delivered(host.Stdout), n => n >= 5, TimeSpan.FromSeconds(60), "demo summary shows deliveries");
        host.Interrupt();
        var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exit);
        Assert.True(delivered >= 5);
        Assert.Contains("Embedded Kafka development cluster started at 127.0.0.1:", host.Stdout);
        Assert.Contains("the API key is 'demo'", host.Stdout);
        Assert.Contains("offsets committed", host.Stdout);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "data", "hub.db")), "the store is a SQLite file under ./data");
        Assert.Equal("", host.Stderr.Trim());
    }

    public void Dispose() => _dir.Dispose();

    private static long Delivered(string output) =>
        DeliveredPattern().Matches(output).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"delivered (\d+) \|")]
    private static partial Regex DeliveredPattern();
}
