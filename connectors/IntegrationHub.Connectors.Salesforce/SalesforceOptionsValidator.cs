using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce;

/// <summary>Checks <see cref="SalesforceOptions"/>; messages name the setting and never echo the secret.</summary>
internal sealed partial class SalesforceOptionsValidator : IValidateOptions<SalesforceOptions>
{
    private const string S = SalesforceOptions.Section;

    public ValidateOptionsResult Validate(string? name, SalesforceOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{S}:ClientId is required (the connected app's consumer key).");
        }

        if (string.IsNullOrEmpty(options.ClientSecret))
        {
            errors.Add($"{S}:ClientSecret is required.");
        }

        if (!ApiVersionPattern().IsMatch(options.ApiVersion))
        {
            errors.Add($"{S}:ApiVersion must look like '62.0'.");
        }

        if (!FieldPattern().IsMatch(options.ExternalIdField))
        {
            errors.Add($"{S}:ExternalIdField must be a field API name such as 'Hub_Id__c'.");
        }

        if (!FieldPattern().IsMatch(options.SourceVersionField))
        {
            errors.Add($"{S}:SourceVersionField must be a field API name such as 'Hub_Source_Version__c'.");
        }

        if (options.QueryBatchSize is < 200 or > 2000)
        {
            errors.Add($"{S}:QueryBatchSize must be between 200 and 2000.");
        }

        if (options.CorporateCurrency.Length != 3 || !options.CorporateCurrency.All(char.IsAsciiLetterUpper))
        {
            errors.Add($"{S}:CorporateCurrency must be an ISO 4217 code such as 'USD'.");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(2) || options.SessionLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"{S}:SessionLifetime must be between 2 minutes and 1 day.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^\d{2,3}\.0$")]
    private static partial Regex ApiVersionPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,79}$")]
    private static partial Regex FieldPattern();
}
