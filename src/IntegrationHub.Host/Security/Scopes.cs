namespace IntegrationHub.Host.Security;

/// <summary>
/// What an API client may do. Every <c>/api/v1</c> endpoint declares the one scope it needs (<see cref="RequiredScope"/>);
/// <see cref="Admin"/> grants every scope and sees every client's data.
/// </summary>
internal static class Scopes
{
    public const string OrdersWrite = "orders:write";
    public const string OrdersRead = "orders:read";
    public const string ReceivablesRead = "receivables:read";
    public const string CustomersRead = "customers:read";
    public const string WorkflowsRead = "workflows:read";
    public const string WorkflowsRun = "workflows:run";
    public const string WorkflowsAdmin = "workflows:admin";

    /// <summary>Save workflow files from the designer (Elsa Studio), through the Elsa API under <c>/elsa/api</c>.</summary>
    public const string WorkflowsWrite = "workflows:write";
    public const string EventsWrite = "events:write";
    public const string ConnectorsRead = "connectors:read";
    public const string ApiDocsRead = "api-docs:read";
    public const string MetricsRead = "metrics:read";
    public const string DeadLettersRead = "dead-letters:read";
    public const string DeadLettersWrite = "dead-letters:write";

    /// <summary>Replay quarantined records through their flow, or discard them with a reason.</summary>
    public const string QuarantineWrite = "quarantine:write";
    public const string Admin = "admin";

    /// <summary>The claim type a principal's scopes are carried in, one claim per scope.</summary>
    public const string ClaimType = "scope";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        OrdersWrite, OrdersRead, ReceivablesRead, CustomersRead, WorkflowsRead, WorkflowsRun, WorkflowsAdmin, WorkflowsWrite, EventsWrite, ConnectorsRead, ApiDocsRead, MetricsRead, DeadLettersRead, DeadLettersWrite, QuarantineWrite, Admin,
    };

    /// <summary>Splits a configured scope list (spaces or commas between scopes).</summary>
    public static string[] Parse(string? scopes) =>
        (scopes ?? "").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Endpoint metadata: the scope a caller needs. A test walks the route table and fails on an endpoint without one.</summary>
internal sealed record RequiredScope(string Scope);

internal static class ScopeEndpointExtensions
{
    /// <summary>Requires an authenticated client holding <paramref name="scope"/> (or <see cref="Scopes.Admin"/>); 403 otherwise.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope).WithMetadata(new RequiredScope(scope));

    /// <summary>True when the principal holds <paramref name="scope"/> or <see cref="Scopes.Admin"/>.</summary>
    public static bool HasScope(this System.Security.Claims.ClaimsPrincipal user, string scope) =>
        user.HasClaim(Scopes.ClaimType, scope) || user.HasClaim(Scopes.ClaimType, Scopes.Admin);

    /// <summary>The client id of an authenticated caller.</summary>
    public static string ClientId(this System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The caller is not authenticated.");
}
