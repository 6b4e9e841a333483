using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>
/// Sends one HTTP request through a named client of <c>Workflows:HttpClients</c> (base address, default headers and
/// timeout come from configuration; secrets stay there) and completes with an outcome per result, as Elsa's
/// FlowSendHttpRequest: <c>Success</c> (2xx), <c>Redirection</c> (3xx not followed), <c>ClientError</c> (4xx),
/// <c>ServerError</c> (5xx and anything else), <c>FailedToConnect</c>, <c>Timeout</c>. With <c>faultOnServerError</c> the
/// last three fault the activity instead, so its <c>retry</c> policy applies. The path is relative to the base address
/// and cannot leave it.
/// </summary>
[Activity("SendHttpRequest", "Sends an HTTP request through a named client (Workflows:HttpClients) and completes with an outcome per status class.",
    SideEffects = true,
    Outcomes = [SendHttpRequestOutcomes.Success, SendHttpRequestOutcomes.Redirection, SendHttpRequestOutcomes.ClientError, SendHttpRequestOutcomes.ServerError, SendHttpRequestOutcomes.FailedToConnect, SendHttpRequestOutcomes.Timeout])]
[ActivityInput("client", typeof(string), "Name of a client configured under Workflows:HttpClients.", Required = true, NameKind = NameKinds.HttpClient)]
[ActivityInput("method", typeof(string), "The HTTP method. The default is GET.", Allowed = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])]
[ActivityInput("path", typeof(string), "Path relative to the client's base address (no scheme, host or '..' out of it). The default is the base address itself.")]
[ActivityInput("query", typeof(JsonNode), "Query parameters as an object; an array value repeats the parameter.")]
[ActivityInput("headers", typeof(JsonNode), "Extra request headers as an object of strings.")]
[ActivityInput("body", typeof(JsonNode), "The request body, sent as JSON (or as text when contentType is set and the body is a string).")]
[ActivityInput("contentType", typeof(string), "Media type of a text body. The default is application/json.")]
[ActivityInput("faultOnServerError", typeof(bool), "Fault instead of completing with ServerError, FailedToConnect or Timeout (so retry applies). The default is false.")]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives { statusCode, headers, body } (body as JSON when the response is JSON).", VariableName = true)]
internal sealed class SendHttpRequestActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var services = context.Services;
        var name = context.Input<string>("client") ?? "";
        if (!services.GetRequiredService<IOptions<WorkflowHttpClientsOptions>>().Value.Clients.TryGetValue(name, out var settings))
        {
            throw new InvalidOperationException($"No HTTP client '{name}' is configured ({WorkflowHttpClientsOptions.Section}:{name}:BaseAddress).");
        }

        using var request = HttpRequestBuilder.Build(context, settings.BaseAddress!);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(WorkflowHttpClientsOptions.FactoryPrefix + name);
        var faultOnServerError = context.Input<bool>("faultOnServerError");
        using var timeout = new CancellationTokenSource(settings.Timeout, services.GetRequiredService<TimeProvider>());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var outcome = (int)response.StatusCode switch
            {
                >= 200 and < 300 => SendHttpRequestOutcomes.Success,
                >= 300 and < 400 => SendHttpRequestOutcomes.Redirection,
                >= 400 and < 500 => SendHttpRequestOutcomes.ClientError,
                _ => SendHttpRequestOutcomes.ServerError,
            };
            if (outcome == SendHttpRequestOutcomes.ServerError && faultOnServerError)
            {
                throw new HttpRequestException($"{request.Method} {request.RequestUri!.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }

            await SetResultAsync(context, response, linked.Token).ConfigureAwait(false);
            return outcome;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            return faultOnServerError
                ? throw new TimeoutException($"{request.Method} {request.RequestUri!.AbsolutePath} via '{name}' took longer than {settings.Timeout}.")
                : SendHttpRequestOutcomes.Timeout;
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError && !faultOnServerError)
        {
            return SendHttpRequestOutcomes.FailedToConnect;
        }
    }

    private static async Task SetResultAsync(ActivityContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!context.HasInput("resultVariable"))
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? body = text;
        if (response.Content.Headers.ContentType?.MediaType is { } media && (media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal)) && text.Length > 0)
        {
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Declared JSON but is not: kept as text, the workflow can still inspect it.
            }
        }

        var headers = new JsonObject();
        foreach (var (header, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!header.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                headers[header.ToLowerInvariant()] = string.Join(", ", values);
            }
        }

        context.SetVariable(context.Input<string>("resultVariable")!, new JsonObject
        {
            ["statusCode"] = (int)response.StatusCode,
            ["headers"] = headers,
            ["body"] = body,
        });
    }
}
