using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// Stores receivables read from a finance system (one record or a page) in the hub's receivables, which the finance API
/// serves. Each invoice's customer is the hub customer its contact is linked to (the cross-reference the customer flow
/// keeps; a contact known only to finance gets its own hub id). Unchanged content and older versions are skipped and
/// counted; a change gets a new update sequence and, with <c>topic</c>, queues a CloudEvent <c>hub.receivable.changed</c>
/// keyed by the customer's hub id in the same transaction. A record that cannot be stored (a malformed amount, currency
/// or date) is quarantined with the reason. <c>customersVariable</c> receives the hub ids of the customers whose
/// receivables changed, for aging them next.
/// </summary>
[Activity("Receivable.Record", "Stores receivables (one or a page) for the finance API, linked to their hub customer; a change queues its event; malformed ones are quarantined.",
    SideEffects = true)]
[ActivityInput("record", typeof(JsonNode), "The receivable record { system, externalId, sourceVersion, payload }, or an array of them (a page).", Required = true)]
[ActivityInput("topic", typeof(string), "Topic the change events go to (through the outbox), keyed by customer hub id; none: no events.")]
[ActivityInput("customerNumbers", typeof(string), "System whose customer numbers the invoices' contacts carry (Xero's ContactNumber, e.g. kingdee): a contact the customer flow has not linked yet belongs to the customer that number is linked to.", NameKind = NameKinds.Connector)]
[ActivityInput("customersVariable", typeof(string), "Declared json variable that receives the hub ids of the customers whose receivables changed (an array, each once).", VariableName = true)]
internal sealed class RecordReceivablesActivity : IActivity
{
    public static readonly Uri EventSource = new("/integration-hub/receivables", UriKind.Relative);

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var input = context.Input<JsonNode>("record");
        var records = input is JsonArray ? RecordJson.ReadMany(input, CanonicalEntity.Receivable) : [RecordJson.ReadOne(input, CanonicalEntity.Receivable, context.ActivityId)];
        var topic = context.Input<string>("topic");
        var services = context.Services;
        var store = services.GetRequiredService<IReceivableStore>();
        var links = services.GetRequiredService<ICrossReferenceStore>();
        var quarantine = services.GetRequiredService<IQuarantineStore>();
        var stats = services.GetService<FlowStatistics>();
        var time = services.GetRequiredService<TimeProvider>();
        var zone = services.GetRequiredService<IOptions<FinanceOptions>>().Value.Zone;
        var customers = new List<string>();
        foreach (var record in records)
        {
            var now = time.GetUtcNow();
            StoredReceivable receivable;
            try
            {
                var customer = await CustomerOfAsync(links, record, context.Input<string>("customerNumbers"), context.CancellationToken).ConfigureAwait(false);
                receivable = ReceivableRecords.ToStored(record, customer, now);
            }
            catch (FormatException ex)
            {
                await quarantine.QuarantineAsync(context.DefinitionId, record, new Dictionary<string, string> { ["receivable"] = ex.Message }, now, context.CancellationToken).ConfigureAwait(false);
                stats?.Add(context.DefinitionId, "quarantined");
                continue;
            }

            var changeEvent = topic is { Length: > 0 } ? new OutgoingMessage(topic, receivable.CustomerHubId?.ToString() ?? receivable.InvoiceId, Event(receivable, ReceivableAging.Today(time, zone))) : null;
            var outcome = await store.UpsertAsync(receivable, changeEvent, context.CancellationToken).ConfigureAwait(false);
            await quarantine.ReleaseAsync(context.DefinitionId, record.Identity, now, context.CancellationToken).ConfigureAwait(false);
            stats?.Add(context.DefinitionId, outcome switch
            {
                ObservationOutcome.Changed => "changed",
                ObservationOutcome.Stale => "stale",
                _ => "unchanged",
            });
            if (outcome == ObservationOutcome.Changed)
            {
                if (changeEvent is not null)
                {
                    services.GetService<RecordEventSignal>()?.Raise();
                }

                if (receivable.CustomerHubId is { } hubId && !customers.Contains(hubId.ToString()))
                {
                    customers.Add(hubId.ToString());
                }
            }
        }

        if (context.Input<string>("customersVariable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, new JsonArray([.. customers.Select(c => (JsonNode)JsonValue.Create(c))]));
        }

        return ActivityOutcomes.Done;
    }

    /// <summary>
    /// The hub customer of an invoice: the one its contact is linked to; else, with <paramref name="numberSystem"/>, the one
    /// the contact's number is linked to in that system (the ERP number the customer flow will write as the contact's
    /// number); else the contact's own derived hub id. Nothing is linked here: the customer flow links the contact.
    /// </summary>
    internal static async Task<Guid?> CustomerOfAsync(ICrossReferenceStore links, CanonicalRecord record, string? numberSystem, CancellationToken cancellationToken)
    {
        if (ReceivableRecords.CustomerIdOf(record) is not { } contact)
        {
            return null;
        }

        var identity = new RecordIdentity(record.System, CanonicalEntity.Customer, contact);
        if (await links.FindHubIdAsync(identity, cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked;
        }

        if (numberSystem is { Length: > 0 } && ReceivableRecords.CustomerNumberOf(record) is { } number
            && await links.FindHubIdAsync(new RecordIdentity(numberSystem, CanonicalEntity.Customer, number), cancellationToken).ConfigureAwait(false) is { } byNumber)
        {
            return byNumber;
        }

        return await links.HubIdOfAsync(identity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The change event; its id is stable per (invoice, content), so a consumer recognises a re-sent change.</summary>
    private static CloudEvent Event(StoredReceivable receivable, DateOnly asOf) => new()
    {
        Id = $"{receivable.System}-{receivable.InvoiceId}-{receivable.Hash[..32]}",
        Source = EventSource,
        Type = "hub.receivable.changed",
        Time = receivable.RecordedAt,
        Subject = receivable.CustomerHubId?.ToString(),
        Data = JsonSerializer.SerializeToUtf8Bytes(ReceivableView.Of(receivable, asOf), ReceivableJson.Options),
    };
}
