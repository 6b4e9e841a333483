using IntegrationHub.Connectors;
using IntegrationHub.Host.Security;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Api;

/// <summary>
/// <c>GET /api/v1/customers/{hubId}</c>: one customer as the hub knows it: its id in every linked system (with the entity it
/// is there: a customer, or the marketing contact written for it), the canonical record (source, version, content hash,
/// when seen, payload) and, per target system, the last write the hub made.
/// </summary>
internal static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{hubId:guid}", async (Guid hubId, ICanonicalRecordStore records, ICrossReferenceStore crossReferences, CancellationToken cancellationToken) =>
        {
            var state = await records.GetAsync(hubId, cancellationToken);
            var links = await crossReferences.ListLinksAsync(hubId, cancellationToken);
            if ((state is null && !links.Any(l => l.Record.Entity == CanonicalEntity.Customer)) || (state is not null && state.Entity != CanonicalEntity.Customer))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Customer not found", detail: $"The hub knows no customer {hubId}.");
            }

            var writes = (await records.ListWritesAsync(hubId, cancellationToken)).ToDictionary(w => w.TargetSystem, StringComparer.Ordinal);
            return Results.Ok(new
            {
                hubId,
                canonical = state is null ? null : new
                {
                    source = new { state.Source.System, state.Source.ExternalId, state.SourceVersion },
                    state.Hash,
                    state.SeenAt,
                    payload = state.Payload,
                },
                systems = links.Select(l => new
                {
                    l.Record.System,
                    entity = l.Record.Entity.Name,
                    l.Record.ExternalId,
                    l.LinkedAt,
                    lastWrite = writes.GetValueOrDefault(l.Record.System) is { } w
                        ? new { sourceSystem = w.Source.System, w.SourceVersion, w.Hash, w.WrittenAt }
                        : null,
                }),
            });
        }).WithName("GetCustomer").RequireScope(Scopes.CustomersRead);
        return api;
    }
}
