using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace IntegrationHub.Host.Customers;

/// <summary>Customer rules. Bound from <c>Customers</c>.</summary>
public sealed class CustomerOptions
{
    public const string Section = "Customers";

    /// <summary>Region (ISO 3166 alpha-2) phone numbers without a country code are read in. The default is CN.</summary>
    public string DefaultPhoneRegion { get; set; } = "CN";
}

internal sealed class CustomerOptionsValidator : IValidateOptions<CustomerOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerOptions options) =>
        PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(options.DefaultPhoneRegion)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Customers:DefaultPhoneRegion '{options.DefaultPhoneRegion}' is not a region with a phone numbering plan (an ISO 3166 alpha-2 code such as CN, DE, US).");
}
