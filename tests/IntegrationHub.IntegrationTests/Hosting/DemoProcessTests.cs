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
        var info = CtrlC.StartInfo("setsid");
        info.WorkingDirectory = Repository.Root;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
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
            var secrets = Secrets(await File.ReadAllTextAsync(settings));
            var responses = await ReadEveryGetEndpointAsync(port);

            using (var interrupt = Process.Start("kill", ["-INT", "--", $"-{demo.Id}"]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await demo.WaitForExitAsync(stopped.Token);
            }
            catch (OperationCanceledException)
            {
                var lines = Output().Split('\n');
                var stopping = lines.Where(l => !l.StartsWith("[demo", StringComparison.Ordinal) && !l.StartsWith("[flows", StringComparison.Ordinal)).TakeLast(80);
                var stacks = new System.Text.StringBuilder();
                foreach (var hub in Process.GetProcesses().Where(p => Environment.ProcessId != p.Id && CommandLine(p.Id).Contains($"--Hub:DevEnvironmentFile={settings}", StringComparison.Ordinal)))
                {
                    stacks.Append($"hub pid {hub.Id}:\n{await HangReport.StacksAsync(hub.Id)}\n");
                }

                Assert.Fail($"the demo did not stop within 90 s of Ctrl+C; its log lines:\n{string.Join('\n', stopping)}\nlast summary lines:\n{string.Join('\n', lines.TakeLast(6))}\n{stacks}");
            }

            demo.WaitForExit();

            var text = Output();
            Assert.Equal(0, demo.ExitCode);
            Assert.True(delivered >= 5);
            Assert.Contains("Development Kafka cluster at 127.0.0.1:", text);
            Assert.Contains("the API key is 'demo'", text);
            Assert.Contains("[flows ", text); // the record flows' counters line
            Assert.Contains("[value ", text); // receivables and customer value
            var hubStopped = text.IndexOf("offsets committed", StringComparison.Ordinal);
            var devStopped = text.IndexOf("Dev environment stopped", StringComparison.Ordinal);
            Assert.True(hubStopped > 0 && devStopped > hubStopped, "the hub stops (consumer closed, offsets committed) before the dev environment");
            Assert.False(File.Exists(settings), "the dev environment removes its settings file when it stops");
            Assert.True(File.Exists(_dir.File("hub.db")));
            Assert.DoesNotContain("Unhandled exception", text);

            // No configured secret (connector credentials, sandbox admin keys) in any log line of either process, nor in
            // any answer; the one documented exception is /system, which shows the sandboxes' admin keys in demo mode.
            Assert.True(secrets.Count >= 5, $"only {secrets.Count} secrets found in the dev environment's settings");
            Assert.All(secrets, secret => Assert.DoesNotContain(secret.Value, text));
            foreach (var (path, body) in responses)
            {
                var allowed = path == "api/v1/system" ? secrets.Where(s => s.Key.EndsWith("AdminKey", StringComparison.Ordinal)).Select(s => s.Value).ToHashSet() : [];
                Assert.All(secrets.Where(s => !allowed.Contains(s.Value)), secret => Assert.False(body.Contains(secret.Value, StringComparison.Ordinal), $"{path} shows {secret.Key}"));
            }
        }
        finally
        {
            if (!demo.HasExited)
            {
                using var kill = Process.Start("kill", ["-KILL", "--", $"-{demo.Id}"]);
                await kill.WaitForExitAsync();
            }

            // build.sh starts the dev environment in a session of its own: a failed run must not leave it behind.
            using var leftover = Process.Start("pkill", ["-KILL", "-f", $"DevEnvironment:SettingsFile={settings}"]);
            await leftover.WaitForExitAsync();
        }
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Every credential-like value in the dev environment's settings (by its name), at least 8 characters.</summary>
    private static List<KeyValuePair<string, string>> Secrets(string settingsJson)
    {
        var found = new List<KeyValuePair<string, string>>();
        void Walk(System.Text.Json.Nodes.JsonNode? node, string path)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path.Length == 0 ? name : $"{path}:{name}");
                    }

                    break;
                case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text)
                    && text.Length >= 8 && !text.StartsWith("http", StringComparison.Ordinal) && SecretName().IsMatch(path[(path.LastIndexOf(':') + 1)..]):
                    found.Add(new(path, text));
                    break;
            }
        }

        Walk(System.Text.Json.Nodes.JsonNode.Parse(settingsJson), "");
        return found;
    }

    /// <summary>Every GET endpoint of the running demo hub (and a few instances in detail), with the demo key.</summary>
    private static async Task<List<(string Path, string Body)>> ReadEveryGetEndpointAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Add("X-Api-Key", "demo");
        var paths = new List<string> { "health/live", "health/ready", "api/v1/system", "api/v1/workflows", "api/v1/workflows/erp-orders-to-crm", "api/v1/connectors", "api/v1/workflow-instances?limit=5" };
        var instances = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/v1/workflow-instances?limit=5")).RootElement;
        paths.AddRange(instances.EnumerateArray().Select(i => $"api/v1/workflow-instances/{i.GetProperty("instanceId").GetString()}"));
        var answers = new List<(string, string)>();
        foreach (var path in paths)
        {
            answers.Add((path, await http.GetStringAsync(path)));
        }

        return answers;
    }

    [GeneratedRegex("(?i)(secret|password|token|key|code)$")]
    private static partial Regex SecretName();

    private static string CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static long Delivered(string output) =>
        DeliveredPattern().Matches(output).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"delivered (\d+) \|")]
    private static partial Regex DeliveredPattern();
}
