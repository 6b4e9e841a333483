using Microsoft.OpenApi;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Host.Api.Contracts;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Receivables;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.Value;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary>
/// <c>GET /api/v1/customers/{hubId}</c>: one customer as the hub knows it: its id in every linked system (with the entity it
/// is there: a customer, or the marketing contact written for it), the canonical record (source, version, content hash,
/// when seen, payload), per target system the last write the hub made, its value (tier, stage, RFM scores with their
/// inputs, lifetime value with its inputs and formula, DSO and on-time share; null before customer-value scored it) and
/// the aging of its open receivables per currency today. <c>GET /api/v1/customers?tier=&amp;stage=&amp;pageSize=&amp;pageToken=</c>
/// lists scored customers by hub id with an opaque cursor; <c>GET /api/v1/customers/segments</c> counts them per tier and
/// stage.
/// </summary>
internal static class CustomerEndpoints
{
    private const string Listing = "customers";

    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{hubId:guid}", async (Guid hubId, CustomerCards cards, CancellationToken cancellationToken) =>
        {
            return await cards.ReadAsync(hubId, cancellationToken) is { } card
                ? Results.Ok(card)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Customer not found", detail: $"The hub knows no customer {hubId}.");
        }).WithName("GetCustomer").RequireScope(Scopes.CustomersRead)
            .WithSummary("One customer: ids per system, canonical record, last writes, value (RFM, tier, stage, CLV, payment behaviour) and aging.")
            .Answers<CustomerDetail>().Refuses(StatusCodes.Status404NotFound);

        api.MapGet("/customers", async (HttpContext http, ICustomerValueStore values, PageTokens tokens, IOptions<ValueOptions> options, IOptions<FinanceOptions> finance,
            TimeProvider time, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var problems = new Dictionary<string, string[]>();
            foreach (var unknown in q.Keys.Where(k => k is not ("tier" or "stage" or "pageSize" or "pageToken")))
            {
                problems[unknown] = [$"'{unknown}' is not a filter of this listing (tier, stage, pageSize, pageToken)."];
            }

            var tiers = options.Value.TierRules.Select(t => t.Name).ToList();
            var tier = q["tier"].ToString() is { Length: > 0 } t ? t : null;
            if (tier is not null && !tiers.Contains(tier))
            {
                problems["tier"] = [$"tier must be one of {string.Join(", ", tiers)}."];
            }

            var stage = q["stage"].ToString() is { Length: > 0 } s ? s : null;
            if (stage is not null && !CustomerValueModel.Stages.Contains(stage))
            {
                problems["stage"] = [$"stage must be one of {string.Join(", ", CustomerValueModel.Stages)}."];
            }

            var pageSize = PageSizes.Read(q, finance.Value, problems);
            if (problems.Count > 0)
            {
                return Results.ValidationProblem(problems, title: "The query is not valid.");
            }

            var filters = $"tier={tier}&stage={stage}";
            Guid? after = null;
            if (q["pageToken"].ToString() is { Length: > 0 } token)
            {
                if (!tokens.TryRead(token, Listing, filters, out var key, out var error) || !Guid.TryParse(key, out var position))
                {
                    return Problems.Invalid("pageToken", error ?? "pageToken is not a token this listing issued.", "The page token is not valid.");
                }

                after = position;
            }

            var rows = await values.ListAsync(tier, stage, after, pageSize + 1, cancellationToken);
            var page = rows.Take(pageSize).ToList();
            return Results.Ok(new CustomerPage(
                page.Select(v => JsonDocument.Parse(v.ValueJson).RootElement),
                rows.Count > pageSize ? tokens.Issue(Listing, filters, page[^1].HubId.ToString(), ReceivableAging.Today(time, finance.Value.Zone)) : ""));
        }).WithName("ListCustomers").RequireScope(Scopes.CustomersRead)
            .WithSummary("Scored customers in hub id order, by tier and stage, in pages.")
            .Answers<CustomerPage>().ProducesValidationProblem()
            .QueryParameters(("tier", "A Value:Tiers name (high-value, potential, regular, low).", JsonSchemaType.String),
                ("stage", "new, active, at-risk, dormant, churned or won-back.", JsonSchemaType.String),
                ("pageSize", "Items per page (default 100, capped at 1000).", JsonSchemaType.Integer),
                ("pageToken", "nextPageToken of the previous page, with the same filters.", JsonSchemaType.String));
        api.MapGet("/customers/segments", async (ICustomerValueStore values, IOptions<ValueOptions> options, CancellationToken cancellationToken) =>
        {
            var counts = await values.CountSegmentsAsync(cancellationToken);
            return Results.Ok(new CustomerSegmentCounts(
                counts.Scored,
                options.Value.TierRules.ToDictionary(t => t.Name, t => (long)counts.Tiers.GetValueOrDefault(t.Name)),
                CustomerValueModel.Stages.ToDictionary(s => s, s => (long)counts.Stages.GetValueOrDefault(s))));
        }).WithName("CustomerSegments").RequireScope(Scopes.CustomersRead)
            .WithSummary("Scored customers per value tier and lifecycle stage.").Answers<CustomerSegmentCounts>();
        return api;
    }
}
