using System.Text.Json;
using IntegrationHub.Connectors.Http.Resilience;
using IntegrationHub.Connectors.Http.VendorApis;
using Refit;

namespace IntegrationHub.Connectors.Kingdee.Api;

/// <summary>
/// The K3Cloud WebAPI subset the connector uses: JSON POSTs to <c>/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.&lt;Service&gt;.&lt;Method&gt;.common.kdsvc</c>.
/// Data calls carry the session as the <c>kdservice-sessionid</c> cookie. K3Cloud answers most failures with HTTP 200 and
/// a <c>ResponseStatus</c>, which <see cref="KingdeeClient"/> reads; bodies use the vendor's own names (PascalCase, as written).
/// </summary>
public interface IKingdeeApi
{
    /// <summary><c>AuthService.ValidateUser</c>: logs in; the session id is in the body (<c>KDSVCSessionId</c>) or a cookie.</summary>
    [Post("/" + KingdeeClient.LoginPath), Idempotent]
    Task<IApiResponse<JsonElement>> ValidateUserAsync([Body] object body, CancellationToken cancellationToken);

    /// <summary><c>ExecuteBillQuery</c>: rows as arrays of values; reads only.</summary>
    [Post("/" + KingdeeClient.QueryPath), Idempotent]
    Task<JsonElement> ExecuteBillQueryAsync([Body] object body, [Header("Cookie")] string session, CancellationToken cancellationToken);

    /// <summary><c>BatchSave</c>: repeatable only when every model carries its FID (an update); a save that creates is never repeated.</summary>
    [Post("/" + KingdeeClient.BatchSavePath)]
    Task<JsonElement> BatchSaveAsync(
        [Body] object body, [Header("Cookie")] string session, [Property(ConnectorRequests.IdempotentKey)] bool idempotent, CancellationToken cancellationToken);

    /// <summary><c>View</c> of one document by number; reads only.</summary>
    [Post("/" + KingdeeClient.ViewPath), Idempotent]
    Task<JsonElement> ViewAsync([Body] object body, [Header("Cookie")] string session, CancellationToken cancellationToken);

    /// <summary><c>Submit</c>: a second submit of a submitted document is refused, so a lost answer is settled by reading the status.</summary>
    [Post("/" + KingdeeClient.SubmitPath)]
    Task<JsonElement> SubmitAsync([Body] object body, [Header("Cookie")] string session, CancellationToken cancellationToken);

    /// <summary><c>Audit</c>: as <see cref="SubmitAsync"/>.</summary>
    [Post("/" + KingdeeClient.AuditPath)]
    Task<JsonElement> AuditAsync([Body] object body, [Header("Cookie")] string session, CancellationToken cancellationToken);
}
