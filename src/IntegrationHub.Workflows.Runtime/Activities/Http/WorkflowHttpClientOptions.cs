namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>One named HTTP client for the SendHttpRequest activity, bound from <c>Workflows:HttpClients:&lt;name&gt;</c>.</summary>
public sealed class WorkflowHttpClientOptions
{
    /// <summary>Absolute http(s) URL every request path is relative to. Required; no default.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>How long one request may take, from sending to the last body byte. The default is 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body read. The default is 1 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Headers sent with every request, e.g. <c>Authorization</c> or an API key. Values may be secrets: give them through
    /// environment variables or user secrets; they are never logged, journaled or shown in an error. The default is none.
    /// </summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
