using System.Text.Json;

namespace IntegrationHub.Host.Cli;

/// <summary>The <c>connectors</c> verb: <c>GET /api/v1/connectors</c> on a running hub, printed as a table.</summary>
internal static class ConnectorsCommand
{
    public static async Task<int> RunAsync(string url, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = HubCli.Hub("connectors", url, error);
        if (http is null)
        {
            return 2;
        }

        try
        {
            using var response = await http.GetAsync("api/v1/connectors", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"connectors: {(int)response.StatusCode} {body}");
                return 2;
            }

            var connectors = JsonDocument.Parse(body).RootElement.GetProperty("connectors").EnumerateArray().ToList();
            output.WriteLine($"{"system",-16} {"source",-24} {"health",-10} {"circuit",-9} entities");
            var unhealthy = false;
            foreach (var c in connectors)
            {
                var health = c.GetProperty("health").GetString();
                unhealthy |= health == "Unhealthy";
                var entities = string.Join(", ", c.GetProperty("entities").EnumerateArray().Select(e =>
                    $"{e.GetProperty("entity").GetString()} ({string.Join("/", e.GetProperty("capabilities").EnumerateArray().Select(x => x.GetString()))})"));
                output.WriteLine($"{c.GetProperty("system").GetString(),-16} {c.GetProperty("source").GetString(),-24} {health,-10} {c.GetProperty("circuit").GetString(),-9} {entities}");
                if (c.GetProperty("healthDescription").GetString() is { Length: > 0 } description && health != "Healthy")
                {
                    output.WriteLine($"{"",-16} {description}");
                }
            }

            output.WriteLine($"{connectors.Count} connectors");
            return unhealthy ? 1 : 0;
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"connectors: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
            return 2;
        }
    }
}
