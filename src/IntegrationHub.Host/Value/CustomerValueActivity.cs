using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Host.Receivables;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Value;

/// <summary>
/// Works out customer value (<see cref="CustomerValueModel"/>) as of today in <c>Finance:TimeZone</c>, stores it, queues a
/// CloudEvent <c>hub.customer-value.changed</c> (keyed by the customer's hub id) on <c>topic</c> for each customer whose
/// downstream part changed, and runs its body once per page of values with the page in <c>variable</c>:
/// <c>[{ record (entity customer-value, payload with accountId), accountId, memberId, tags: { active, inactive } }]</c>, every value of the page,
/// changed or not, so a write that failed before is made again; <c>Connector.Upsert</c> skips what a target already has.
/// <para>
/// <c>customers</c>: <c>all</c> scores the whole base afresh (new quintile breakpoints); <c>changed</c> scores the customers
/// with an order seen or a receivable or payment recorded since the previous run, against the stored breakpoints, and
/// turns into a full run on the first run of a day, when there are no breakpoints yet, or when the customers new to the
/// base would grow it by more than a tenth (a first sync: quintiles of a base that small would mis-score everyone); an
/// array of hub ids scores those (likewise against the stored breakpoints).
/// </para>
/// </summary>
[Activity("Customer.Value", "Works out customers' value (RFM, tier, lifecycle stage, lifetime value, payment behaviour), stores it, and runs its activities per page of values.",
    Composite = true, SideEffects = true)]
[ActivityInput("customers", typeof(JsonNode), "all (the whole base afresh), changed (customers with new orders, receivables or payments; a full run once a day), or an array of hub ids.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared json variable that holds each page: [{ record, accountId, memberId, tags }].", Required = true, VariableName = true)]
[ActivityInput("crm", typeof(string), "System whose account id goes into each record (e.g. fxiaoke), from the cross-reference, no call.")]
[ActivityInput("marketing", typeof(string), "System whose marketing contact id goes with each value as memberId (e.g. mailchimp).")]
[ActivityInput("topic", typeof(string), "Kafka topic for hub.customer-value.changed events (queued in the store's transaction).", NameKind = NameKinds.Topic)]
[ActivityInput("pageSize", typeof(int), "Values per page (default 500).")]
[ActivityInput("countVariable", typeof(string), "Declared variable that receives how many customers were scored.", VariableName = true)]
internal sealed partial class CustomerValueActivity : IActivity
{
    public static readonly CanonicalEntity Entity = new("customer-value");

    public static readonly Uri EventSource = new("/integration-hub/customer-value", UriKind.Relative);

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var services = context.Services;
        var store = services.GetRequiredService<ICustomerValueStore>();
        var options = services.GetRequiredService<IOptions<ValueOptions>>().Value;
        var zone = services.GetRequiredService<IOptions<FinanceOptions>>().Value.Zone;
        var cursors = services.GetRequiredService<IConnectorCursorStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var cancellationToken = context.CancellationToken;
        var asOf = ReceivableAging.Today(time, zone);
        var runStartedAt = time.GetUtcNow();
        var watermarkKey = $"{context.DefinitionId}/customer-value/changed";
        var unreadable = 0;
        void Unreadable() => unreadable++;

        var stored = await store.GetBreakpointsAsync(cancellationToken).ConfigureAwait(false);
        var breakpoints = stored is { } s ? JsonSerializer.Deserialize<RfmBreakpoints>(s.Json) : null;
        var (named, full) = context.Input<JsonNode>("customers") switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) && text == "all" => ((List<Guid>?)null, true),
            JsonValue v when v.TryGetValue<string>(out var text) && text == "changed" => (null, breakpoints is null || stored!.Value.AsOf < asOf),
            JsonArray array => (array.Select(n => Guid.TryParse(n is JsonValue e && e.TryGetValue<string>(out var id) ? id : null, out var g)
                ? g : throw new InvalidOperationException($"{context.ActivityId}: '{n?.ToJsonString()}' in customers is not a hub id")).Distinct().ToList(), breakpoints is null),
            var other => throw new InvalidOperationException($"{context.ActivityId}: customers must be all, changed or an array of hub ids, not {other?.ToJsonString() ?? "null"}"),
        };

        var changedMode = named is null && !full;
        if (changedMode)
        {
            var since = await cursors.GetAsync(watermarkKey, cancellationToken).ConfigureAwait(false) is { } w
                ? DateTimeOffset.Parse(w, CultureInfo.InvariantCulture).AddMinutes(-1) // overlap: a write stamped before it may commit after
                : DateTimeOffset.MinValue;
            named = [.. await store.ListCustomersChangedSinceAsync(options.OrderCustomerSystem, since, cancellationToken).ConfigureAwait(false)];
        }

        if (!full && await BaseGrewAsync(store, named!, breakpoints!.Customers, cancellationToken).ConfigureAwait(false))
        {
            full = true; // quintiles of a base a tenth smaller than today's would mis-score: work them out afresh
        }

        IEnumerable<CustomerValue> scored;
        int count;
        if (full)
        {
            var measured = new List<CustomerMeasures>();
            await foreach (var facts in CustomerFactsReader.ReadAllAsync(store, options.OrderCustomerSystem, Unreadable, cancellationToken).ConfigureAwait(false))
            {
                if (CustomerValueModel.Measure(facts, asOf, options) is { } m)
                {
                    measured.Add(m);
                }
            }

            breakpoints = CustomerValueModel.Breakpoints(measured);
            await store.SaveBreakpointsAsync(JsonSerializer.Serialize(breakpoints), asOf, runStartedAt, cancellationToken).ConfigureAwait(false);
            var cuts = breakpoints;
            scored = measured.Select(m => CustomerValueModel.Score(m, cuts, asOf, options)); // scored a page at a time as they are written
            count = measured.Count;
        }
        else
        {
            var values = new List<CustomerValue>();
            foreach (var customer in named!)
            {
                var facts = await CustomerFactsReader.ReadOneAsync(store, options.OrderCustomerSystem, customer, Unreadable, cancellationToken).ConfigureAwait(false);
                if (CustomerValueModel.Compute(facts, breakpoints!, asOf, options) is { } value)
                {
                    values.Add(value);
                }
            }

            (scored, count) = (values, values.Count);
        }

        await WriteAsync(context, scored, breakpoints!.Customers, runStartedAt).ConfigureAwait(false);
        if (changedMode || full)
        {
            await cursors.SaveAsync(watermarkKey, runStartedAt.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        if (unreadable > 0)
        {
            // Not a flow counter (FlowStatistics counts records of its fixed kinds): said once per run instead.
            LogUnreadableOrders(services.GetRequiredService<ILoggerFactory>().CreateLogger<CustomerValueActivity>(), context.DefinitionId, unreadable);
        }

        if (context.Input<string>("countVariable") is { Length: > 0 } countVariable)
        {
            context.SetVariable(countVariable, (long)count);
        }

        return ActivityOutcomes.Done;
    }

    private static async Task WriteAsync(ActivityContext context, IEnumerable<CustomerValue> values, int customerBase, DateTimeOffset computedAt)
    {
        var services = context.Services;
        var store = services.GetRequiredService<ICustomerValueStore>();
        var links = services.GetRequiredService<ICrossReferenceStore>();
        var stats = services.GetService<FlowStatistics>();
        var topic = context.Input<string>("topic");
        var crm = context.Input<string>("crm");
        var marketing = context.Input<string>("marketing");
        var variable = context.Input<string>("variable")!;
        var pageSize = context.HasInput("pageSize") && context.Input<int>("pageSize") > 0 ? context.Input<int>("pageSize") : 500;
        var cancellationToken = context.CancellationToken;
        var tierNames = services.GetRequiredService<IOptions<ValueOptions>>().Value.TierRules.Select(t => t.Name).ToList();
        foreach (var page in values.Chunk(pageSize))
        {
            var batch = new List<(StoredCustomerValue, OutgoingMessage?)>(page.Length);
            var downstream = new List<JsonObject>(page.Length);
            foreach (var value in page)
            {
                var part = CustomerValueJson.Downstream(value);
                var hash = CustomerValueJson.HashOf(part);
                var stored = new StoredCustomerValue(value.HubId, value.Tier, value.Stage, hash, CustomerValueJson.Full(value, customerBase).ToJsonString(), value.AsOf, computedAt);
                batch.Add((stored, topic is { Length: > 0 } ? new OutgoingMessage(topic, value.HubId.ToString(), Event(part, hash, computedAt)) : null));
                downstream.Add(part);
            }

            var outcomes = await store.SaveAsync(batch, cancellationToken).ConfigureAwait(false);
            var changed = outcomes.Count(o => o == ObservationOutcome.Changed);
            stats?.Add(context.DefinitionId, "changed", changed);
            stats?.Add(context.DefinitionId, "unchanged", outcomes.Count - changed);
            if (changed > 0 && topic is { Length: > 0 })
            {
                services.GetService<RecordEventSignal>()?.Raise();
            }

            var items = new JsonArray();
            for (var i = 0; i < page.Length; i++)
            {
                var value = page[i];
                var accountId = crm is { Length: > 0 } ? await links.FindExternalIdAsync(value.HubId, crm, CanonicalEntity.Customer, cancellationToken).ConfigureAwait(false) : null;
                var memberId = marketing is { Length: > 0 } ? await links.FindExternalIdAsync(value.HubId, marketing, CanonicalEntity.MarketingContact, cancellationToken).ConfigureAwait(false) : null;
                var payload = downstream[i].DeepClone().AsObject();
                payload["accountId"] = accountId;
                items.Add(new JsonObject
                {
                    ["record"] = new JsonObject
                    {
                        ["system"] = "hub",
                        ["entity"] = Entity.Name,
                        ["externalId"] = value.HubId.ToString(),
                        ["sourceVersion"] = computedAt.ToUnixTimeMilliseconds(),
                        ["hubId"] = value.HubId.ToString(),
                        ["payload"] = payload,
                    },
                    ["accountId"] = accountId,
                    ["memberId"] = memberId,
                    ["tags"] = Tags(value, tierNames),
                });
            }

            context.SetVariable(variable, items);
            await context.RunBodyAsync().ConfigureAwait(false);
            if (context.WorkflowFinishing)
            {
                return;
            }
        }
    }

    /// <summary>Whether the customers about to be scored would grow the base the breakpoints came from by more than a tenth.</summary>
    private static async Task<bool> BaseGrewAsync(ICustomerValueStore store, List<Guid> customers, int baseSize, CancellationToken cancellationToken)
    {
        var limit = (baseSize / 10) + 10;
        var newcomers = 0;
        foreach (var customer in customers)
        {
            if (await store.GetAsync(customer, cancellationToken).ConfigureAwait(false) is null && ++newcomers > limit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Marketing tags: the customer's tier and stage active, every other tier and stage inactive (Mailchimp removes a tag that way).</summary>
    private static JsonObject Tags(CustomerValue value, List<string> tierNames)
    {
        var active = new[] { $"tier:{value.Tier}", $"stage:{value.Stage}" };
        var inactive = tierNames.Select(t => $"tier:{t}").Concat(CustomerValueModel.Stages.Select(s => $"stage:{s}")).Except(active, StringComparer.Ordinal);
        return new JsonObject
        {
            ["active"] = new JsonArray([.. active.Select(t => (JsonNode)JsonValue.Create(t))]),
            ["inactive"] = new JsonArray([.. inactive.Select(t => (JsonNode)JsonValue.Create(t))]),
        };
    }

    /// <summary>The change event; its id is stable per (customer, downstream content).</summary>
    private static CloudEvent Event(JsonObject downstream, string hash, DateTimeOffset at) => new()
    {
        Id = $"{downstream["hubId"]}-{hash[..32]}",
        Source = EventSource,
        Type = "hub.customer-value.changed",
        Time = at,
        Subject = (string?)downstream["hubId"],
        Data = JsonSerializer.SerializeToUtf8Bytes(downstream),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Flow}: {Count} orders without a readable order date or amount were left out of customer value")]
    private static partial void LogUnreadableOrders(ILogger logger, string flow, int count);
}
