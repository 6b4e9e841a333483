using System.Net;
using System.Text.Json;

namespace IntegrationHub.Host.Cli;

/// <summary>
/// What the verbs over a running hub's API share (<c>dead-letters</c>, <c>quarantine</c>): a query string of the options
/// given, a listing read page by page (nextPageToken), one call whose answer is printed, and the exit codes: 0 done,
/// 1 no such entry or refused (404, 409), 2 bad arguments, the hub unreachable or refusing the key.
/// </summary>
internal static class HubApiCalls
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    /// <summary>Every page of <paramref name="path"/> (with its <paramref name="query"/>), one line per item of <paramref name="items"/>, then the count.</summary>
    public static async Task<int> ListAsync(string verb, string url, string path, string query, string items, Func<JsonElement, string> line, string noun,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = HubCli.Hub(verb, url, error);
        if (http is null)
        {
            return 2;
        }

        try
        {
            var count = 0;
            var page = path + query;
            while (true)
            {
                using var response = await http.GetAsync(page, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return Refused(verb, response.StatusCode, body, error);
                }

                var answer = JsonDocument.Parse(body).RootElement;
                foreach (var item in answer.GetProperty(items).EnumerateArray())
                {
                    count++;
                    output.WriteLine(line(item));
                }

                var next = answer.GetProperty("nextPageToken").GetString();
                if (string.IsNullOrEmpty(next))
                {
                    break;
                }

                page = path + (query.Length == 0 ? "?" : query + "&") + "pageToken=" + Uri.EscapeDataString(next);
            }

            output.WriteLine($"{count} {noun}");
            return 0;
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"{verb}: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
            return 2;
        }
    }

    /// <summary>One call: the <paramref name="summary"/> line of its answer (when it gives one), then the answer indented.</summary>
    public static async Task<int> SendAsync(string verb, HttpMethod method, string path, string url, Func<JsonElement, string?> summary,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = HubCli.Hub(verb, url, error);
        if (http is null)
        {
            return 2;
        }

        try
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, path), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Refused(verb, response.StatusCode, body, error);
            }

            var answer = JsonDocument.Parse(body).RootElement;
            if (summary(answer) is { } said)
            {
                output.WriteLine(said);
            }

            output.WriteLine(JsonSerializer.Serialize(answer, Indented));
            return 0;
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"{verb}: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
            return 2;
        }
    }

    private static int Refused(string verb, HttpStatusCode status, string body, TextWriter error)
    {
        string? detail = null;
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            detail = problem.TryGetProperty("detail", out var d) ? d.GetString()
                : problem.TryGetProperty("errors", out var errors) ? errors.ToString() : null;
        }
        catch (JsonException)
        {
        }

        error.WriteLine($"{verb}: {(int)status} {detail ?? status.ToString()}");
        return status is HttpStatusCode.NotFound or HttpStatusCode.Conflict ? 1 : 2;
    }
}
