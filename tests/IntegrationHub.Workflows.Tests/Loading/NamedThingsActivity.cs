using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Tests.Loading;

/// <summary>Test activity with inputs that name a topic, an HTTP client and a connector.</summary>
[Activity("Test.Named", "Refers to things by name.")]
[ActivityInput("topic", typeof(string), "A topic.", NameKind = NameKinds.Topic)]
[ActivityInput("client", typeof(string), "An HTTP client.", NameKind = NameKinds.HttpClient)]
[ActivityInput("connector", typeof(string), "A connector.", NameKind = NameKinds.Connector)]
internal sealed class NamedThingsActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcomes.Done);
}
