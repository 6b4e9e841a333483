namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>Salesforce error codes the sandbox answers at the top level.</summary>
internal static class SalesforceErrorCodes
{
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
}
