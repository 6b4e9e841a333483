namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>The outcomes of SendHttpRequest (Elsa's FlowSendHttpRequest names where they exist).</summary>
internal static class SendHttpRequestOutcomes
{
    public const string Success = "Success";
    public const string Redirection = "Redirection";
    public const string ClientError = "ClientError";
    public const string ServerError = "ServerError";
    public const string FailedToConnect = "FailedToConnect";
    public const string Timeout = "Timeout";
}
