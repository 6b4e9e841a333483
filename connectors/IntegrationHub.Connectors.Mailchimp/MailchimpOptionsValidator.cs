using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp;

/// <summary>Checks <see cref="MailchimpOptions"/>; messages name the setting and never echo the key.</summary>
internal sealed class MailchimpOptionsValidator : IValidateOptions<MailchimpOptions>
{
    private const string S = MailchimpOptions.Section;

    public ValidateOptionsResult Validate(string? name, MailchimpOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            errors.Add($"{S}:ApiKey is required.");
        }
        else if (MailchimpApiKey.DataCenterOf(options.ApiKey) is null)
        {
            errors.Add($"{S}:ApiKey must end in its data centre, for example '-us14'.");
        }

        if (string.IsNullOrWhiteSpace(options.ListId))
        {
            errors.Add($"{S}:ListId is required (the audience id).");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            errors.Add($"{S}:PageSize must be between 1 and 1000.");
        }

        if (options.MaxParallelUpserts is < 1 or > 10)
        {
            errors.Add($"{S}:MaxParallelUpserts must be between 1 and 10.");
        }

        if (options.VersionMergeField.Length > 0 && !options.VersionMergeField.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            errors.Add($"{S}:VersionMergeField must be a merge tag (upper-case letters, digits, '_').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
