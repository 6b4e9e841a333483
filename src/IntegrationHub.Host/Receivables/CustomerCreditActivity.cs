using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// Works out customers' credit standing from their receivables as of today (in <c>Finance:TimeZone</c>): the overdue
/// amount per currency, the oldest overdue invoice's days past due, and the status by <c>Finance:Credit</c>
/// (<see cref="CreditPolicy"/>). <c>customers</c> names them (hub ids, e.g. those <c>Receivable.Record</c> changed; none or
/// null: nobody), or is <c>all</c>: every customer with receivables (a nightly run, as days past due grow without any change). The
/// results go to <c>variable</c> as <c>{ record, accountId }</c> for the customers the <c>crm</c> system has (its account id
/// from the cross-reference, no call), ready for <c>Connector.Upsert</c> of entity <c>customer-credit</c> with <c>each</c>,
/// which skips a standing it already wrote.
/// </summary>
[Activity("Customer.Credit", "Works out customers' credit standing (overdue per currency, oldest overdue days, ok/watch/hold) from their receivables, for the CRM.",
    SideEffects = false)]
[ActivityInput("customers", typeof(JsonNode), "Hub customer ids (an array; null: nobody), or the text all: every customer with receivables.", Required = true)]
[ActivityInput("crm", typeof(string), "System whose account id goes with each standing (e.g. fxiaoke); customers it does not have are left out.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared json variable that receives [{ record, accountId }] (record entity customer-credit).", VariableName = true)]
internal sealed class CustomerCreditActivity : IActivity
{
    public static readonly CanonicalEntity Entity = new("customer-credit");

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var services = context.Services;
        var store = services.GetRequiredService<IReceivableStore>();
        var links = services.GetRequiredService<ICrossReferenceStore>();
        var finance = services.GetRequiredService<IOptions<FinanceOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var crm = context.Input<string>("crm")!;
        var asOf = ReceivableAging.Today(time, finance.Zone);
        var cancellationToken = context.CancellationToken;

        var customers = context.Input<JsonNode>("customers") switch
        {
            null => [],
            JsonArray named => named.Select(n => Guid.TryParse(n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null, out var id)
                ? id
                : throw new InvalidOperationException($"{context.ActivityId}: '{n?.ToJsonString()}' in customers is not a hub id")).Distinct().ToList(),
            JsonValue all when all.TryGetValue<string>(out var text) && text == "all" => await EveryCustomerAsync(store, cancellationToken).ConfigureAwait(false),
            var other => throw new InvalidOperationException($"{context.ActivityId}: customers must be an array of hub ids or the text all, not {other.ToJsonString()}"),
        };
        var results = new JsonArray();
        foreach (var customer in customers)
        {
            if (await links.FindExternalIdAsync(customer, crm, CanonicalEntity.Customer, cancellationToken).ConfigureAwait(false) is not { } accountId)
            {
                continue;
            }

            var report = await ReceivableAgingReport.BuildAsync(store.StreamAsync(new ReceivableQuery(Customer: customer, AgedOnly: true), cancellationToken), asOf, cancellationToken).ConfigureAwait(false);
            var lines = report.Customers.SelectMany(c => c.Currencies).ToList();
            results.Add(new JsonObject
            {
                ["record"] = new JsonObject
                {
                    ["system"] = "hub",
                    ["entity"] = Entity.Name,
                    ["externalId"] = customer.ToString(),
                    ["sourceVersion"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
                    ["hubId"] = customer.ToString(),
                    ["payload"] = new JsonObject
                    {
                        ["accountId"] = accountId,
                        ["overdueAmounts"] = CreditPolicy.OverdueText(lines),
                        ["oldestOverdueDays"] = lines.Count == 0 ? 0 : lines.Max(l => l.OldestOverdueDays),
                        ["creditStatus"] = CreditPolicy.Evaluate(lines, finance.Credit),
                    },
                },
                ["accountId"] = accountId,
            });
        }

        if (context.Input<string>("variable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, results);
        }

        return ActivityOutcomes.Done;
    }

    private static async Task<List<Guid>> EveryCustomerAsync(IReceivableStore store, CancellationToken cancellationToken)
    {
        var customers = new HashSet<Guid>();
        await foreach (var r in store.StreamAsync(new ReceivableQuery(), cancellationToken).ConfigureAwait(false))
        {
            if (r.CustomerHubId is { } id)
            {
                customers.Add(id);
            }
        }

        return [.. customers];
    }
}
