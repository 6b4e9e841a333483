namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>An API key sent in a header on every call, bound from <c>Connectors:&lt;name&gt;:ApiKey</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The header that carries the key. The default is <c>X-Api-Key</c>.</summary>
    public string HeaderName { get; set; } = "X-Api-Key";

    /// <summary>Secret; never logged.</summary>
    public string Key { get; set; } = "";
}
