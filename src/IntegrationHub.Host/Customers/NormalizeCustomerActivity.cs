using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Customers;

/// <summary>
/// Validates and normalises a customer record (<see cref="CustomerNormalizer"/>). <c>Valid</c>: the normalised record
/// goes to <c>variable</c> and any open quarantine entry of this record in this flow is released. <c>Invalid</c>: the
/// record is quarantined for this flow with every reason (listed by <c>GET /api/v1/quarantine</c>) and the reasons go to
/// <c>reasonsVariable</c>; it is never dropped and never retried on its own (the next changed version is checked again).
/// Given an array (a page read with <c>per: page</c>), each record is checked the same way, the invalid ones are
/// quarantined, and the outcome is <c>Valid</c> with the valid ones in <c>variable</c> (possibly none).
/// </summary>
[Activity("Customer.Normalize", "Validates and normalises a customer (name, unified social credit code, phone to E.164, e-mail, address); Invalid quarantines it with every reason.",
    SideEffects = true, Outcomes = [Valid, Invalid])]
[ActivityInput("record", typeof(JsonNode), "The customer record { system, externalId, sourceVersion, payload }, or an array of them (a page: outcome Valid with the valid ones).", Required = true)]
[ActivityInput("variable", typeof(string), "Declared json variable that receives the normalised record (for an array: the array of the valid ones).", VariableName = true)]
[ActivityInput("reasonsVariable", typeof(string), "Declared json variable that receives { field: reason } when invalid (for an array: [{ record, reasons }] of the invalid ones).", VariableName = true)]
internal sealed class NormalizeCustomerActivity : IActivity
{
    public const string Valid = "Valid";
    public const string Invalid = "Invalid";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var input = context.Input<JsonNode>("record");
        var records = input is JsonArray ? RecordJson.ReadMany(input, CanonicalEntity.Customer) : [RecordJson.ReadOne(input, CanonicalEntity.Customer, context.ActivityId)];
        var services = context.Services;
        var quarantine = services.GetRequiredService<IQuarantineStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var region = services.GetRequiredService<IOptions<CustomerOptions>>().Value.DefaultPhoneRegion;
        var valid = new JsonArray();
        var refused = new JsonArray();
        foreach (var record in records)
        {
            var (customer, problems) = CustomerNormalizer.Normalize(record.Payload, region);
            if (customer is null)
            {
                await quarantine.QuarantineAsync(context.DefinitionId, record, problems, now, context.CancellationToken).ConfigureAwait(false);
                services.GetService<FlowStatistics>()?.Add(context.DefinitionId, "quarantined");
                refused.Add(input is JsonArray
                    ? new JsonObject { ["record"] = RecordJson.ToJson(record.Identity), ["reasons"] = JsonSerializer.SerializeToNode(problems) }
                    : JsonSerializer.SerializeToNode(problems));
                continue;
            }

            await quarantine.ReleaseAsync(context.DefinitionId, record.Identity, now, context.CancellationToken).ConfigureAwait(false);
            valid.Add(new JsonObject
            {
                ["system"] = record.System,
                ["entity"] = record.Entity.Name,
                ["externalId"] = record.ExternalId,
                ["sourceVersion"] = record.SourceVersion,
                ["payload"] = customer,
            });
        }

        if (input is JsonArray)
        {
            Set(context, "variable", valid);
            Set(context, "reasonsVariable", refused);
            return Valid;
        }

        if (valid.Count == 0)
        {
            Set(context, "reasonsVariable", refused[0]!.DeepClone());
            return Invalid;
        }

        Set(context, "variable", valid[0]!.DeepClone());
        return Valid;
    }

    private static void Set(ActivityContext context, string input, JsonNode value)
    {
        if (context.Input<string>(input) is { Length: > 0 } variable)
        {
            context.SetVariable(variable, value);
        }
    }
}
