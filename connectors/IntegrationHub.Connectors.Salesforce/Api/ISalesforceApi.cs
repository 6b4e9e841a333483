using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.VendorApis;
using Refit;

namespace IntegrationHub.Connectors.Salesforce.Api;

/// <summary>
/// The Salesforce REST API subset the connector uses. The session comes from <c>{BaseUrl}/services/oauth2/token</c>; every
/// data call goes to the <c>instance_url</c> that session names (the <c>[Url]</c> argument: the instance plus the data path),
/// with the session as bearer token. Failures (Salesforce's error arrays) arrive as typed connector errors from the shared plumbing.
/// </summary>
public interface ISalesforceApi
{
    /// <summary>OAuth 2.0 client credentials: asking for a session twice does no harm.</summary>
    [Post("/services/oauth2/token"), Idempotent]
    Task<SalesforceToken?> TokenAsync([Body(BodySerializationMethod.UrlEncoded)] IDictionary<string, string> form, CancellationToken cancellationToken);

    /// <summary><c>GET {instance}/services/data/vXX.X/query?q=</c>: the first batch of a SOQL query.</summary>
    [Get("")]
    Task<SalesforceQueryResult?> QueryAsync(
        [Url] string url, string q, [Authorize] string session, [Header("Sforce-Query-Options")] string queryOptions, CancellationToken cancellationToken);

    /// <summary>The next batch of a query: <c>GET {instance}{nextRecordsUrl}</c>.</summary>
    [Get("")]
    Task<SalesforceQueryResult?> QueryMoreAsync(
        [Url] string url, [Authorize] string session, [Header("Sforce-Query-Options")] string queryOptions, CancellationToken cancellationToken);

    /// <summary><c>GET {instance}/services/data/vXX.X/sobjects/{type}/{id}</c> (or <c>/{field}/{value}</c>); 404 when none.</summary>
    [Get("")]
    Task<JsonElement> GetAsync([Url] string url, [Authorize] string session, CancellationToken cancellationToken);

    /// <summary>
    /// <c>PATCH {instance}/services/data/vXX.X/composite/sobjects/{type}/{externalIdField}</c> (<c>allOrNone</c>, at most 200
    /// records): one result per record in request order. Upsert by external id sets absolute values, so it is safe to repeat.
    /// </summary>
    [Patch(""), Idempotent]
    Task<IReadOnlyList<SalesforceSaveResult>?> UpsertCollectionAsync([Url] string url, [Body] JsonObject body, [Authorize] string session, CancellationToken cancellationToken);
}
