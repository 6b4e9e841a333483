using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce.Tests.Hosting;

public sealed class SalesforceRegistrationTests
{
    [Fact]
    public void AddSalesforceConnector_MissingAndBadSettings_StartFailsNamingEachWithoutTheSecret()
    {
        var failures = StartFailures(() => SalesforceHarness.Create(null, new Dictionary<string, string?>
        {
            ["Connectors:Salesforce:ClientId"] = "",
            ["Connectors:Salesforce:ApiVersion"] = "v62",
            ["Connectors:Salesforce:QueryBatchSize"] = "50",
            ["Connectors:Salesforce:ExternalIdField"] = "Hub Id",
        }));

        Assert.Contains("Connectors:Salesforce:ClientId is required (the connected app's consumer key).", failures);
        Assert.Contains("Connectors:Salesforce:ApiVersion must look like '62.0'.", failures);
        Assert.Contains("Connectors:Salesforce:QueryBatchSize must be between 200 and 2000.", failures);
        Assert.Contains("Connectors:Salesforce:ExternalIdField must be a field API name such as 'Hub_Id__c'.", failures);
        Assert.Contains("Connectors:Salesforce:BaseUrl is required (the vendor API's base URL).", failures);
        Assert.DoesNotContain(failures, f => f.Contains(SalesforceHarness.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSalesforceConnector_RegistersOneIConnectorWithCustomersAndOrders()
    {
        await using var harness = SalesforceHarness.Create(new Uri("https://acme.my.salesforce.com/"));

        Assert.Equal([CanonicalEntity.Customer, CanonicalEntity.Order], harness.Connector.Entities.Select(e => e.Entity));
        Assert.All(harness.Connector.Entities, e => Assert.True(e.Reader is not null && e.Upserter is not null && e.Lookup is not null));
    }

    private static IReadOnlyList<string> StartFailures(Action start)
    {
        var error = Assert.ThrowsAny<Exception>(start);
        var all = error is AggregateException many ? many.InnerExceptions : [error];
        return all.Select(e => Assert.IsType<OptionsValidationException>(e)).SelectMany(e => e.Failures).ToList();
    }
}
