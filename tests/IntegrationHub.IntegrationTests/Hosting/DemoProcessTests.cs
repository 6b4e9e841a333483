using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// The README's demo command as typed, <c>./build.sh demo</c> (with extra arguments, as the README allows, for a free
/// port and temp files): the dev environment and the hub start, orders reach the CRM, and one Ctrl+C (SIGINT to the
/// terminal's foreground group) stops the hub first and then the dev environment, both cleanly.
/// </summary>
[Collection(RepositoryCommands.Name)]
public sealed partial class DemoProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task BuildShDemo_DeliversOrdersToTheCrm_AndOneCtrlCStopsTheHubThenTheDevEnvironment()
    {
        var port = LoopbackPorts.Free();
        var settings = _dir.File("dev-environment.json");
        // setsid: a session of its own, like a terminal's foreground job, so SIGINT can go to the whole group.
        var info = new ProcessStartInfo("setsid") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "./build.sh", "demo", $"--Hub:Urls=http://127.0.0.1:{port}", $"--DevEnvironment:HubUrl=http://127.0.0.1:{port}/",
            $"--Store:SqlitePath={_dir.File("hub.db")}", "--DevEnvironment:SummaryIntervalSeconds=0.5", "--Sandbox:OrderGenerator:OrdersPerSecond=10",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DEV_ENVIRONMENT_FILE"] = settings;
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("Hub__", StringComparison.Ordinal) || k.StartsWith("Kafka__", StringComparison.Ordinal) || k == "HUB_API_KEY").ToList())
        {
            info.Environment.Remove(name);
        }

        using var demo = new Process { StartInfo = info };
        var output = new StringBuilder();
        demo.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        demo.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        demo.Start();
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        string Output() { lock (output) { return output.ToString(); } }
        try
        {
            var delivered = await Eventually.Await(() => Delivered(Output()), n => n >= 5, TimeSpan.FromSeconds(180), "the demo summary shows deliveries");
            Assert.True(File.Exists(settings), "the dev environment wrote its settings file");

            using (var interrupt = Process.Start("kill", ["-INT", "--", $"-{demo.Id}"]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await demo.WaitForExitAsync(stopped.Token);
            demo.WaitForExit();

            var text = Output();
            Assert.Equal(0, demo.ExitCode);
            Assert.True(delivered >= 5);
            Assert.Contains("Development Kafka cluster at 127.0.0.1:", text);
            Assert.Contains("the API key is 'demo'", text);
            var hubStopped = text.IndexOf("offsets committed", StringComparison.Ordinal);
            var devStopped = text.IndexOf("Dev environment stopped", StringComparison.Ordinal);
            Assert.True(hubStopped > 0 && devStopped > hubStopped, "the hub stops (consumer closed, offsets committed) before the dev environment");
            Assert.False(File.Exists(settings), "the dev environment removes its settings file when it stops");
            Assert.True(File.Exists(_dir.File("hub.db")));
            Assert.DoesNotContain("Unhandled exception", text);
        }
        finally
        {
            if (!demo.HasExited)
            {
                using var kill = Process.Start("kill", ["-KILL", "--", $"-{demo.Id}"]);
                await kill.WaitForExitAsync();
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    private static long Delivered(string output) =>
        DeliveredPattern().Matches(output).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"delivered (\d+) \|")]
    private static partial Regex DeliveredPattern();
}
