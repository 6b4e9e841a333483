namespace IntegrationHub.Connectors.Mailchimp.Tests.Contract;

/// <summary>What a stub received.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string Body);
