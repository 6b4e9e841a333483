namespace IntegrationHub.Host.Workflows;

/// <summary>Webhook trigger settings. Bound from <c>Workflows:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Workflows:Webhooks";

    /// <summary>
    /// Signing secrets by workflow definition id (<c>Workflows:Webhooks:Secrets:&lt;definitionId&gt;</c>; give them as
    /// environment variables). A workflow with a secret accepts only signed calls; one without needs an API key.
    /// </summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How far a signed call's timestamp may be from now, and how long its signature is remembered against replays. The default is 5 minutes.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Workflows:Webhooks:ReplayWindow must be between 10 seconds and 1 hour.")]
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Also accept signatures in the earlier form, over <c>"{timestamp}.{body}"</c> without the workflow id, while senders
    /// move to the bound form. The default is false.
    /// </summary>
    public bool AcceptUnboundSignatures { get; set; }
}
