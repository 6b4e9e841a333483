using System.Text.Json;

namespace IntegrationHub.Host.Cli;

/// <summary>
/// The <c>backfill</c> verb: <c>POST /api/v1/flows/{flow}/backfill</c> on a running hub (from <c>--from</c>, else from the
/// beginning), then, unless <c>--no-wait</c>, its progress from <c>GET /api/v1/flows</c> every two seconds until it ends.
/// Exit codes: 0 finished (or queued with <c>--no-wait</c>), 1 refused or faulted, 2 bad arguments or the hub unreachable.
/// </summary>
internal static class BackfillCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string flow, DateTimeOffset? from, string url, bool wait, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = HubCli.Hub("backfill", url, error);
        if (http is null)
        {
            return 2;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/flows/{Uri.EscapeDataString(flow)}/backfill");
            if (from is { } at)
            {
                request.Content = JsonContent.Create(new { from = at.ToString("O") });
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var detail = TryDetail(body) ?? body;
                error.WriteLine($"backfill: {(int)response.StatusCode} {detail}");
                return (int)response.StatusCode is 401 or 403 ? 2 : 1;
            }

            output.WriteLine($"{flow}: backfill from {(from is null ? "the beginning" : from.Value.ToString("O"))} queued");
            while (wait)
            {
                await Task.Delay(Poll, cancellationToken);
                var flows = await http.GetFromJsonAsync<JsonElement>("api/v1/flows", cancellationToken);
                var backfill = flows.GetProperty("flows").EnumerateArray().FirstOrDefault(f => f.GetProperty("flow").GetString() == flow);
                if (backfill.ValueKind != JsonValueKind.Object || backfill.GetProperty("backfill").ValueKind != JsonValueKind.Object)
                {
                    error.WriteLine($"backfill: the hub no longer reports '{flow}' (restarted or the flow was removed)");
                    return 1;
                }

                var b = backfill.GetProperty("backfill");
                var state = b.GetProperty("state").GetString();
                output.WriteLine($"{flow}: {state}, {b.GetProperty("readSinceRequest").GetInt64()} records read");
                switch (state)
                {
                    case "finished":
                        return 0;
                    case "faulted":
                        error.WriteLine($"backfill: {b.GetProperty("error").GetString()}");
                        return 1;
                }
            }

            return 0;
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"backfill: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
            return 2;
        }
    }

    private static string? TryDetail(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
