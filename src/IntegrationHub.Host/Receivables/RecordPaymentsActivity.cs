using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// Stores payments read from a finance system (one record or a page) beside the receivables, whether or not their
/// invoice is stored yet (a payment may be read before its invoice). The customer is the hub customer the payment's
/// contact is linked to. Unchanged and older versions are not written and are counted; a change queues a CloudEvent
/// <c>hub.payment.changed</c> on <c>topic</c> (keyed by customer hub id) in the same transaction. <c>variable</c> receives
/// every payment that is not stale as <c>{ record, customerHubId, accountId }</c>, where <c>accountId</c> is the customer's
/// id in <c>crm</c> (from the cross-reference, no call; null when that system does not have the customer), ready for
/// <c>Connector.Upsert</c> with <c>each</c>: unchanged ones too, since Connector.Upsert skips what it already wrote and a
/// write that failed before must be tried again. A payment that cannot be stored is quarantined with the reason.
/// </summary>
[Activity("Payment.Record", "Stores payments (one or a page) beside the receivables, linked to their hub customer; a change queues its event; the payments go to variable with the customer's CRM account id.",
    SideEffects = true)]
[ActivityInput("record", typeof(JsonNode), "The payment record { system, externalId, sourceVersion, payload }, or an array of them (a page).", Required = true)]
[ActivityInput("topic", typeof(string), "Topic the change events go to (through the outbox), keyed by customer hub id; none: no events.")]
[ActivityInput("crm", typeof(string), "System whose customer id goes into each payment's accountId (e.g. fxiaoke).")]
[ActivityInput("variable", typeof(string), "Declared json variable that receives the payments that are not stale: [{ record, customerHubId, accountId }].", VariableName = true)]
internal sealed class RecordPaymentsActivity : IActivity
{
    public static readonly Uri EventSource = new("/integration-hub/payments", UriKind.Relative);

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var input = context.Input<JsonNode>("record");
        var records = input is JsonArray ? RecordJson.ReadMany(input, CanonicalEntity.Payment) : [RecordJson.ReadOne(input, CanonicalEntity.Payment, context.ActivityId)];
        var topic = context.Input<string>("topic");
        var crm = context.Input<string>("crm");
        var services = context.Services;
        var store = services.GetRequiredService<IReceivableStore>();
        var links = services.GetRequiredService<ICrossReferenceStore>();
        var quarantine = services.GetRequiredService<IQuarantineStore>();
        var stats = services.GetService<FlowStatistics>();
        var time = services.GetRequiredService<TimeProvider>();
        var payments = new JsonArray();
        foreach (var record in records)
        {
            var now = time.GetUtcNow();
            StoredPayment payment;
            try
            {
                var customer = await RecordReceivablesActivity.CustomerOfAsync(links, record, numberSystem: null, context.CancellationToken).ConfigureAwait(false);
                payment = ReceivableRecords.ToStoredPayment(record, customer, now);
            }
            catch (FormatException ex)
            {
                await quarantine.QuarantineAsync(context.DefinitionId, record, new Dictionary<string, string> { ["payment"] = ex.Message }, now, context.CancellationToken).ConfigureAwait(false);
                stats?.Add(context.DefinitionId, "quarantined");
                continue;
            }

            var changeEvent = topic is { Length: > 0 } ? new OutgoingMessage(topic, payment.CustomerHubId?.ToString() ?? payment.InvoiceId, Event(payment, record)) : null;
            var outcome = await store.UpsertPaymentAsync(payment, changeEvent, context.CancellationToken).ConfigureAwait(false);
            await quarantine.ReleaseAsync(context.DefinitionId, record.Identity, now, context.CancellationToken).ConfigureAwait(false);
            stats?.Add(context.DefinitionId, outcome switch
            {
                ObservationOutcome.Changed => "changed",
                ObservationOutcome.Stale => "stale",
                _ => "unchanged",
            });
            if (outcome == ObservationOutcome.Stale)
            {
                continue;
            }

            if (outcome == ObservationOutcome.Changed && changeEvent is not null)
            {
                services.GetService<RecordEventSignal>()?.Raise();
            }

            var accountId = crm is { Length: > 0 } && payment.CustomerHubId is { } hubId
                ? await links.FindExternalIdAsync(hubId, crm, CanonicalEntity.Customer, context.CancellationToken).ConfigureAwait(false)
                : null;
            var paymentHubId = await links.HubIdOfAsync(record.Identity, context.CancellationToken).ConfigureAwait(false);
            payments.Add(new JsonObject
            {
                ["record"] = RecordJson.ToJson(record, paymentHubId),
                ["customerHubId"] = payment.CustomerHubId?.ToString(),
                ["accountId"] = accountId,
            });
        }

        if (context.Input<string>("variable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, payments);
        }

        return ActivityOutcomes.Done;
    }

    /// <summary>The change event; its id is stable per (payment, content).</summary>
    private static CloudEvent Event(StoredPayment payment, CanonicalRecord record) => new()
    {
        Id = $"{payment.System}-{payment.PaymentId}-{payment.Hash[..32]}",
        Source = EventSource,
        Type = "hub.payment.changed",
        Time = payment.RecordedAt,
        Subject = payment.CustomerHubId?.ToString(),
        Data = JsonSerializer.SerializeToUtf8Bytes(new { customerHubId = payment.CustomerHubId, source = new { system = payment.System, externalId = payment.PaymentId, sourceVersion = payment.SourceVersion }, payload = record.Payload }),
    };
}
