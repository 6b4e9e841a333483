using IntegrationHub.IntegrationTests.Hosting;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>One hub node of a multi-node test: its own port, folder, workflow files and process, which a test may kill and start again.</summary>
internal sealed class HubNode : IDisposable
{
    private readonly Dictionary<string, string> _env;
    private readonly string _folder;
    private HostProcess? _process;

    public HubNode(TempDirectory dir, int index, string apiKey, IReadOnlyDictionary<string, string> workflows, IReadOnlyDictionary<string, string> env)
    {
        var port = LoopbackPorts.Free();
        Name = "node" + index;
        _folder = Directory.CreateDirectory(dir.File(Name)).FullName;
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "workflows")).FullName;
        foreach (var (file, text) in workflows)
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        _env = new Dictionary<string, string>(env)
        {
            ["Hub__Urls"] = $"http://127.0.0.1:{port}",
            ["Workflows__Path"] = folder,
        };
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public int Kills { get; private set; }

    /// <summary>True when the process ended by itself (not killed by the test).</summary>
    public bool Exited => _process?.HasExited == true;

    public void Start() => _process = HostProcess.Start(_folder, _env);

    /// <summary>SIGKILL, as when a node dies.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.Dispose();
        Kills++;
    }

    public Task UpAsync() => ProbeAsync("health/live", TimeSpan.FromSeconds(90));

    /// <summary>Waits for <c>/health/ready</c> (store and Kafka reachable) to answer 200.</summary>
    public Task ReadyAsync(TimeSpan within) => ProbeAsync("health/ready", within);

    public string Tail(int lines = 30) => string.Join('\n', (_process?.Stdout ?? "").Split('\n').TakeLast(lines));

    public string Stdout => _process?.Stdout ?? "";

    public void Dispose()
    {
        _process?.Dispose();
        Http.Dispose();
    }

    private Task ProbeAsync(string path, TimeSpan within) => Eventually.Await(async () =>
    {
        Assert.False(Exited, $"{Name} exited by itself:\n{Tail()}\n{_process?.Stderr}");
        try
        {
            using var response = await Http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Assert.True(_process!.Stderr.Length == 0, _process.Stderr);
            return false;
        }
    }, up => up, within, $"{Name} answers /{path}");
}
