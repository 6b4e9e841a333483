namespace IntegrationHub.Workflows.Activities;

/// <summary>Kinds of names an input may refer to (<see cref="ActivityInputAttribute.NameKind"/>), checked at load against <see cref="IKnownNames"/>.</summary>
public static class NameKinds
{
    public const string Topic = "topic";
    public const string HttpClient = "httpClient";
    public const string Connector = "connector";
    public const string Workflow = "workflow";
}
