using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Benchmarks.Push;

/// <summary>
/// The hub as operators run it, in its own process (<c>dotnet IntegrationHub.Host.dll</c>) with its embedded Kafka, a fresh
/// SQLite file and no workflows: order intake alone; its rate limits are lifted. Reads its resident memory and CPU time from <c>/proc</c>.
/// </summary>
internal sealed class HubProcess : IDisposable
{
    private readonly Process _process;

    private HubProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <param name="settings">More environment settings (another store, a shared Kafka cluster), applied last.</param>
    public static async Task<HubProcess> StartAsync(string folder, string apiKey, string synchronous, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IntegrationHub.Host.dll"));
        info.Environment["HUB_API_KEY"] = apiKey;
        info.Environment["Hub__Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Store__SqlitePath"] = Path.Combine(folder, "hub.db");
        info.Environment["Store__Synchronous"] = synchronous;
        info.Environment["Workflows__Path"] = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Intake is measured, not the abuse limits (2,000 req/s per client by default would answer the excess 429).
        info.Environment["Hub__Limits__ClientRequestsPerSecond"] = "1000000";
        info.Environment["Hub__Limits__AddressRequestsPerSecond"] = "1000000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("hub: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hub = new HubProcess(process, new Uri($"http://127.0.0.1:{port}/api/v1/orders"));
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var ready = await http.GetAsync($"http://127.0.0.1:{port}/health/ready", cancellationToken).ConfigureAwait(false);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return hub;
                }
            }
            catch (HttpRequestException) when (!process.HasExited && DateTime.UtcNow < deadline)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                hub.Dispose();
                throw new InvalidOperationException("the hub did not become ready");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resident set now and its peak, in MB (VmRSS, VmHWM).</summary>
    public (double Now, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Kb(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return (Kb("VmRSS") / 1024, Kb("VmHWM") / 1024);
    }

    /// <summary>User plus system CPU time the process has used.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
