using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>
/// Fxiaoke credentials and token policy, bound from <c>Connectors:Fxiaoke</c>; secrets come from environment variables or a
/// secret store. The same section's HTTP settings (<c>BaseUrl</c>, <c>Timeout</c>, <c>AttemptTimeout</c>, <c>Retry</c>,
/// <c>CircuitBreaker</c>, <c>Limits</c>) are the shared plumbing's <c>ConnectorHttpOptions</c> of the connector
/// <c>fxiaoke</c>; each key is read and validated in exactly one of the two classes.
/// </summary>
public sealed class FxiaokeOptions
{
    public const string Section = "Connectors:Fxiaoke";

    [Required(ErrorMessage = "Connectors:Fxiaoke:AppId is required.")]
    public string AppId { get; set; } = "";

    /// <summary>Secret; never logged. Give it as <c>Connectors__Fxiaoke__AppSecret</c>.</summary>
    [Required(ErrorMessage = "Connectors:Fxiaoke:AppSecret is required.")]
    public string AppSecret { get; set; } = "";

    /// <summary>Secret; never logged. Give it as <c>Connectors__Fxiaoke__PermanentCode</c>.</summary>
    [Required(ErrorMessage = "Connectors:Fxiaoke:PermanentCode is required.")]
    public string PermanentCode { get; set; } = "";

    /// <summary>The CRM user the hub acts as (<c>x-fs-userid</c>); its data permissions apply.</summary>
    [Required(ErrorMessage = "Connectors:Fxiaoke:OperatorUserId is required.")]
    public string OperatorUserId { get; set; } = "";

    /// <summary>Refresh the token this long before it expires. The default is 550 s (the vendor's 6650-7200 s window).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Connectors:Fxiaoke:TokenRefreshMargin must be between 0 and 1 hour.")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(550);

    /// <summary>Records per query page when reading changes (the query API's limit is at most 100). The default is 100.</summary>
    [Range(1, 100, ErrorMessage = "Connectors:Fxiaoke:PageSize must be between 1 and 100.")]
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// The tenant's functional currency (ISO 4217). A standard <c>PaymentObj</c> has no currency field, so a payment read
    /// without <see cref="CurrencyField"/> is in this currency. The default is <c>CNY</c>.
    /// </summary>
    [Required(ErrorMessage = "Connectors:Fxiaoke:DefaultCurrency must be an ISO 4217 code such as CNY.")]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Connectors:Fxiaoke:DefaultCurrency must be an ISO 4217 code such as CNY.")]
    public string DefaultCurrency { get; set; } = "CNY";

    /// <summary>
    /// The tenant has multi-currency on: payments carry their currency in <see cref="CurrencyField"/>, and the hub writes it.
    /// Off (the default), a payment in another currency than <see cref="DefaultCurrency"/> is refused rather than written
    /// as if it were in the tenant's currency.
    /// </summary>
    public bool MultiCurrency { get; set; }

    /// <summary>The field of a multi-currency tenant's records that holds the currency. The default is <c>mc_currency</c>.</summary>
    [Required(ErrorMessage = "Connectors:Fxiaoke:CurrencyField must be a Fxiaoke field api name such as mc_currency.")]
    [RegularExpression("^[a-z][a-z0-9_]*$", ErrorMessage = "Connectors:Fxiaoke:CurrencyField must be a Fxiaoke field api name such as mc_currency.")]
    public string CurrencyField { get; set; } = "mc_currency";
}
