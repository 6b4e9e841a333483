using RestEase;

namespace IntegrationHub.Connectors.Fxiaoke.Api;

/// <summary>
/// The Fxiaoke OpenAPI subset the hub uses. Every call carries a fresh <c>thirdTraceId</c>; business calls carry the
/// bearer token, the enterprise account (<c>x-fs-ea</c>) and the operator user (<c>x-fs-userid</c>).
/// Errors come back as HTTP 200 with <c>errorCode != 0</c>.
/// </summary>
public interface IFxiaokeApi
{
    [Post("oauth2.0/token")]
    Task<FxTokenResponse> GetTokenAsync([Query] string thirdTraceId, [Body] FxTokenRequest request, CancellationToken cancellationToken = default);

    [Post("cgi/crm/v2/data/query")]
    Task<FxQueryResponse> QueryAsync([Query] string thirdTraceId, [Header("authorization")] string authorization,
        [Header("x-fs-ea")] string ea, [Header("x-fs-userid")] string userId, [Body] FxQueryRequest request, CancellationToken cancellationToken = default);

    [Post("cgi/crm/v2/data/create")]
    Task<FxWriteResponse> CreateAsync([Query] string thirdTraceId, [Header("authorization")] string authorization,
        [Header("x-fs-ea")] string ea, [Header("x-fs-userid")] string userId, [Body] FxWriteRequest request, CancellationToken cancellationToken = default);

    [Post("cgi/crm/v2/data/update")]
    Task<FxWriteResponse> UpdateAsync([Query] string thirdTraceId, [Header("authorization")] string authorization,
        [Header("x-fs-ea")] string ea, [Header("x-fs-userid")] string userId, [Body] FxWriteRequest request, CancellationToken cancellationToken = default);
}
