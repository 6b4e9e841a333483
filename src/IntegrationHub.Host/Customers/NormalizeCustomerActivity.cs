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
/// </summary>
[Activity("Customer.Normalize", "Validates and normalises a customer (name, unified social credit code, phone to E.164, e-mail, address); Invalid quarantines it with every reason.",
    SideEffects = true, Outcomes = [Valid, Invalid])]
[ActivityInput("record", typeof(JsonNode), "The customer record { system, externalId, sourceVersion, payload }.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared json variable that receives the normalised record.", VariableName = true)]
[ActivityInput("reasonsVariable", typeof(string), "Declared json variable that receives { field: reason } when invalid.", VariableName = true)]
internal sealed class NormalizeCustomerActivity : IActivity
{
    public const string Valid = "Valid";
    public const string Invalid = "Invalid";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var record = RecordJson.ReadOne(context.Input<JsonNode>("record"), CanonicalEntity.Customer, context.ActivityId);
        var services = context.Services;
        var quarantine = services.GetRequiredService<IQuarantineStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var region = services.GetRequiredService<IOptions<CustomerOptions>>().Value.DefaultPhoneRegion;
        var (customer, problems) = CustomerNormalizer.Normalize(record.Payload, region);
        if (customer is null)
        {
            await quarantine.QuarantineAsync(context.DefinitionId, record, problems, now, context.CancellationToken).ConfigureAwait(false);
            services.GetService<FlowStatistics>()?.Add(context.DefinitionId, "quarantined");
            if (context.Input<string>("reasonsVariable") is { Length: > 0 } reasonsVariable)
            {
                context.SetVariable(reasonsVariable, JsonSerializer.SerializeToNode(problems));
            }

            return Invalid;
        }

        await quarantine.ReleaseAsync(context.DefinitionId, record.Identity, now, context.CancellationToken).ConfigureAwait(false);
        if (context.Input<string>("variable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, new JsonObject
            {
                ["system"] = record.System,
                ["entity"] = record.Entity.Name,
                ["externalId"] = record.ExternalId,
                ["sourceVersion"] = record.SourceVersion,
                ["payload"] = customer,
            });
        }

        return Valid;
    }
}
