using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Api;

/// <summary><c>GET /api/v1/quarantine</c>: records flows refused as invalid, with every reason.</summary>
internal static class QuarantineEndpoints
{
    private const int MaxLimit = 500;

    public static RouteGroupBuilder MapQuarantineEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/quarantine", async (string? flow, string? entity, bool? includeReleased, int? limit, IQuarantineStore store, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > MaxLimit)
            {
                return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.", "The query is not valid.");
            }

            var entries = await store.ListAsync(new QuarantineQuery(flow, entity, includeReleased ?? false, limit ?? 100), cancellationToken);
            return Results.Ok(new QuarantineList(entries.Select(QuarantineView.Of)));
        }).WithName("ListQuarantine").RequireScope(Scopes.WorkflowsRead).Answers<QuarantineList>().ProducesValidationProblem();
        return api;
    }
}
