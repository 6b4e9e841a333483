using IntegrationHub.Connectors.Http.VendorApis;
using Refit;

namespace IntegrationHub.Connectors.Fxiaoke.Api;

/// <summary>
/// The Fxiaoke (ShareCRM) OpenAPI subset the connector uses. Every call is a JSON POST carrying <c>thirdTraceId</c> (the
/// caller's trace id, quoted by the vendor's support); data calls carry the access token, the enterprise account
/// (<c>x-fs-ea</c>) and the operating user (<c>x-fs-userid</c>). Fxiaoke answers failures with HTTP 200 and an
/// <c>errorCode</c>, which <see cref="FxiaokeClient"/> reads; answers of 400 or more arrive as typed connector errors.
/// </summary>
public interface IFxiaokeApi
{
    /// <summary><c>POST /oauth2.0/token</c>: asking twice does no harm (the vendor hands out the same token for a while).</summary>
    [Post("/oauth2.0/token"), Idempotent]
    Task<FxTokenResponse?> TokenAsync([Body] FxTokenRequest body, string thirdTraceId, CancellationToken cancellationToken);

    /// <summary><c>POST /cgi/crm/v2/data/query</c>: reads only.</summary>
    [Post("/cgi/crm/v2/data/query"), Idempotent]
    Task<FxQueryResponse?> QueryAsync(
        [Body] FxQueryRequest body, string thirdTraceId, [Authorize] string accessToken,
        [Header("x-fs-ea")] string ea, [Header("x-fs-userid")] string userId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /cgi/crm/v2/data/create</c>: not repeated by the pipeline (a create whose answer was lost may have created the
    /// record); the sink's query-then-create settles it on the next delivery.
    /// </summary>
    [Post("/cgi/crm/v2/data/create")]
    Task<FxWriteResponse?> CreateAsync(
        [Body] FxWriteRequest body, string thirdTraceId, [Authorize] string accessToken,
        [Header("x-fs-ea")] string ea, [Header("x-fs-userid")] string userId, CancellationToken cancellationToken);

    /// <summary><c>POST /cgi/crm/v2/data/update</c>: absolute field values on the record with <c>_id</c>, safe to repeat.</summary>
    [Post("/cgi/crm/v2/data/update"), Idempotent]
    Task<FxWriteResponse?> UpdateAsync(
        [Body] FxWriteRequest body, string thirdTraceId, [Authorize] string accessToken,
        [Header("x-fs-ea")] string ea, [Header("x-fs-userid")] string userId, CancellationToken cancellationToken);
}
