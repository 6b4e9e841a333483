using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.Auth;
using IntegrationHub.Connectors.Http.VendorApis;
using Refit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Kingdee;

/// <summary>
/// Calls the K3Cloud WebAPI through its Refit interface <see cref="IKingdeeApi"/> on the shared plumbing's named client
/// <c>kingdee</c> (error translation, Polly pipeline, limiter, logging).
/// <para>Session: <c>AuthService.ValidateUser</c> logs in once and the session id (<c>kdservice-sessionid</c> cookie) is cached
/// in an <see cref="AccessTokenCache"/> for <see cref="KingdeeOptions.SessionLifetime"/>, shared by concurrent callers. K3Cloud
/// answers a lost session in the body (<c>MsgCode</c> 1); the call then logs in again and is replayed exactly once.</para>
/// <para>Retries: queries and views only read and are marked idempotent; a save is idempotent only when every model carries
/// its FID (an update); a save that creates is never repeated on 5xx or a lost answer (it could create twice).</para>
/// </summary>
public sealed partial class KingdeeClient
{
    internal const string ServicePrefix = "K3Cloud/Kingdee.BOS.WebApi.ServicesStub.";
    internal const string LoginPath = ServicePrefix + "AuthService.ValidateUser.common.kdsvc";
    internal const string QueryPath = ServicePrefix + "DynamicFormService.ExecuteBillQuery.common.kdsvc";
    internal const string BatchSavePath = ServicePrefix + "DynamicFormService.BatchSave.common.kdsvc";
    internal const string ViewPath = ServicePrefix + "DynamicFormService.View.common.kdsvc";
    internal const string SubmitPath = ServicePrefix + "DynamicFormService.Submit.common.kdsvc";
    internal const string AuditPath = ServicePrefix + "DynamicFormService.Audit.common.kdsvc";
    internal const string SessionCookie = "kdservice-sessionid";
    private const int LoginOk = 1;

    /// <summary>K3Cloud's names are written as they are (PascalCase, or lower case for <c>formid</c>/<c>data</c>): no naming policy.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly RefitApi<IKingdeeApi> _api;
    private readonly KingdeeOptions _options;
    private readonly ILogger<KingdeeClient> _logger;
    private readonly AccessTokenCache _sessions;

    public KingdeeClient(RefitApi<IKingdeeApi> api, IOptions<KingdeeOptions> options, TimeProvider time, ILogger<KingdeeClient> logger)
    {
        _api = api;
        _options = options.Value;
        _logger = logger;
        _sessions = new AccessTokenCache(LoginAsync, TimeSpan.Zero, time);
    }

    /// <summary>Rows of <c>ExecuteBillQuery</c>, each an array of values in <see cref="KdQuery.FieldKeys"/> order.</summary>
    internal async Task<IReadOnlyList<JsonElement[]>> ExecuteBillQueryAsync(KdQuery query, CancellationToken cancellationToken = default)
    {
        var root = await CallAsync("ExecuteBillQuery", (api, session, ct) => api.ExecuteBillQueryAsync(new { data = query }, session, ct), cancellationToken).ConfigureAwait(false);
        if (KdResponseStatus.Find(root) is { } status)
        {
            throw KingdeeErrors.From("ExecuteBillQuery " + query.FormId, status);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw KingdeeErrors.Unusable("ExecuteBillQuery " + query.FormId, "an answer that is not an array of rows");
        }

        var width = query.FieldKeys.Split(',').Length;
        var rows = new List<JsonElement[]>(root.GetArrayLength());
        foreach (var row in root.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != width)
            {
                throw KingdeeErrors.Unusable("ExecuteBillQuery " + query.FormId, $"a row that is not an array of {width} values");
            }

            rows.Add(row.EnumerateArray().ToArray());
        }

        return rows;
    }

    /// <summary>
    /// <c>BatchSave</c> of <paramref name="models"/> (FID 0 creates, else updates). Answers the response status whose
    /// <c>Errors</c> and <c>SuccessEntitys</c> name models by <c>DIndex</c>; a failure of the call itself is thrown.
    /// </summary>
    internal async Task<KdResponseStatus> BatchSaveAsync(
        string formId, string idKey, IReadOnlyList<JsonObject> models, IReadOnlyList<string> needReturnFields, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["formid"] = formId,
            ["data"] = new JsonObject
            {
                ["Model"] = new JsonArray(models.Select(m => (JsonNode)m.DeepClone()).ToArray()),
                ["NeedReturnFields"] = new JsonArray(needReturnFields.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
                ["IsDeleteEntry"] = true,
                ["BatchCount"] = 1,
            },
        };
        var updatesOnly = models.All(m => m[idKey] is JsonValue id && id.ToString() is not ("0" or ""));
        var root = await CallAsync("BatchSave " + formId, (api, session, ct) => api.BatchSaveAsync(body, session, updatesOnly, ct), cancellationToken).ConfigureAwait(false);
        return KdResponseStatus.Find(root) ?? throw KingdeeErrors.Unusable("BatchSave " + formId, "no Result.ResponseStatus");
    }

    /// <summary>
    /// <c>Submit</c> or <c>Audit</c> (<paramref name="path"/>) of one document by number: the response status (a refusal by
    /// the document rules is an unsuccessful status, not an exception). Not repeated by the pipeline: a second submit of a
    /// submitted document is refused, so a lost answer is settled by reading the document's status again.
    /// </summary>
    internal async Task<KdResponseStatus> TransitionAsync(string path, string formId, string number, CancellationToken cancellationToken = default)
    {
        var operation = (path == SubmitPath ? "Submit " : "Audit ") + formId;
        var body = new { formid = formId, data = new { CreateOrgId = 0, Numbers = new[] { number }, Ids = "" } };
        var root = await CallAsync(
            operation, (api, session, ct) => path == SubmitPath ? api.SubmitAsync(body, session, ct) : api.AuditAsync(body, session, ct), cancellationToken).ConfigureAwait(false);
        return KdResponseStatus.Find(root) ?? throw KingdeeErrors.Unusable(operation, "no Result.ResponseStatus");
    }

    /// <summary><c>View</c> by number: the document's model (<c>Result.Result</c>), or null when K3Cloud has no such document.</summary>
    internal async Task<JsonElement?> ViewAsync(string formId, string number, CancellationToken cancellationToken = default)
    {
        var body = new { formid = formId, data = new { CreateOrgId = 0, Number = number, Id = "" } };
        var root = await CallAsync("View " + formId, (api, session, ct) => api.ViewAsync(body, session, ct), cancellationToken).ConfigureAwait(false);
        var status = KdResponseStatus.Find(root) ?? throw KingdeeErrors.Unusable("View " + formId, "no Result.ResponseStatus");
        if (!status.IsSuccess)
        {
            return status.MsgCode == KingdeeErrors.NotFound ? null : throw KingdeeErrors.From("View " + formId, status);
        }

        return root.GetProperty("Result").TryGetProperty("Result", out var model) && model.ValueKind == JsonValueKind.Object
            ? model
            : throw KingdeeErrors.Unusable("View " + formId, "a success without Result.Result");
    }

    private async Task<JsonElement> CallAsync(string operation, Func<IKingdeeApi, string, CancellationToken, Task<JsonElement>> call, CancellationToken cancellationToken)
    {
        var session = await _sessions.GetAsync(cancellationToken).ConfigureAwait(false);
        var root = await call(_api.Client, Cookie(session.Value), cancellationToken).ConfigureAwait(false);
        if (KdResponseStatus.Find(root) is { MsgCode: KdResponseStatus.SessionLost })
        {
            LogSessionLost(_logger, operation);
            session = await _sessions.RenewAsync(session, cancellationToken).ConfigureAwait(false);
            root = await call(_api.Client, Cookie(session.Value), cancellationToken).ConfigureAwait(false);
            if (KdResponseStatus.Find(root) is { MsgCode: KdResponseStatus.SessionLost } again)
            {
                throw KingdeeErrors.From(operation, again);
            }
        }

        return root;
    }

    private static string Cookie(string session) => $"{SessionCookie}={session}";

    private async Task<AccessToken> LoginAsync(CancellationToken cancellationToken)
    {
        object[] parameters = [_options.AcctId, _options.UserName, _options.Password, _options.Lcid];
        using var response = await _api.Client.ValidateUserAsync(new { parameters }, cancellationToken).ConfigureAwait(false);
        if (response.Error is { } error)
        {
            throw error.InnerException as ConnectorException ?? KingdeeErrors.Unusable("ValidateUser", "a body that is not JSON", error);
        }

        var root = response.Content;
        var result = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("LoginResultType", out var r) && r.TryGetInt32(out var type) ? type : int.MinValue;
        if (result != LoginOk)
        {
            // The vendor's message may quote the user; the password is never part of what we report.
            throw new ConnectorPermanentException(KingdeeServiceCollectionExtensions.HttpClientName,
                $"kingdee: ValidateUser refused the login (LoginResultType {result}) for data centre {_options.AcctId}; check Connectors:Kingdee:AcctId, UserName and Password")
            {
                StatusCode = (int?)response.StatusCode,
                VendorCode = "LoginResultType " + result,
                CredentialsRejected = true,
            };
        }

        var session = (root.TryGetProperty("KDSVCSessionId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
            ?? (response.Headers is { } headers ? SessionFromCookies(headers) : null)
            ?? throw KingdeeErrors.Unusable("ValidateUser", "a login without a session id");
        LogLoggedIn(_logger, _options.AcctId, (int)_options.SessionLifetime.TotalSeconds);
        return new AccessToken(session, _options.SessionLifetime);
    }

    private static string? SessionFromCookies(System.Net.Http.Headers.HttpResponseHeaders headers) =>
        headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0].Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == SessionCookie).Select(p => p[1]).FirstOrDefault()
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Kingdee session opened for data centre {AcctId}, reused for {Seconds} s")]
    private static partial void LogLoggedIn(ILogger logger, string acctId, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kingdee lost the session on {Operation}; logging in again and replaying once")]
    private static partial void LogSessionLost(ILogger logger, string operation);
}
