using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Connectors.Kingdee;

/// <summary>
/// Kingdee K3Cloud credentials and reading policy, bound from <c>Connectors:Kingdee</c>; the password comes from an environment
/// variable or a secret store. The same section's HTTP settings (<c>BaseUrl</c>, <c>Timeout</c>, <c>Retry</c>, <c>Limits</c>, ...)
/// are the shared plumbing's <c>ConnectorHttpOptions</c> of the connector <c>kingdee</c>.
/// </summary>
public sealed class KingdeeOptions
{
    public const string Section = "Connectors:Kingdee";

    /// <summary>The data centre (account set) id, the first <c>ValidateUser</c> parameter.</summary>
    [Required(ErrorMessage = "Connectors:Kingdee:AcctId is required (the K3Cloud data centre id).")]
    public string AcctId { get; set; } = "";

    [Required(ErrorMessage = "Connectors:Kingdee:UserName is required.")]
    public string UserName { get; set; } = "";

    /// <summary>Secret; never logged. Give it as <c>Connectors__Kingdee__Password</c>.</summary>
    [Required(ErrorMessage = "Connectors:Kingdee:Password is required.")]
    public string Password { get; set; } = "";

    /// <summary>Language of names and messages (2052 Simplified Chinese, 1033 English). The default is 2052.</summary>
    [Range(1, 65535, ErrorMessage = "Connectors:Kingdee:Lcid must be a Windows LCID such as 2052 or 1033.")]
    public int Lcid { get; set; } = 2052;

    /// <summary>
    /// How long the hub reuses a session before logging in again (K3Cloud drops idle sessions; a lost session is also
    /// detected from the answer and replayed once). The default is 20 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Connectors:Kingdee:SessionLifetime must be between 10 seconds and 1 day.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Number of the organization the hub creates documents in (customer <c>FCreateOrgId</c>/<c>FUseOrgId</c>, order
    /// <c>FSaleOrgId</c>). The default is <c>100</c>.
    /// </summary>
    [Required(ErrorMessage = "Connectors:Kingdee:OrgNumber is required (the K3Cloud organization number, e.g. 100).")]
    public string OrgNumber { get; set; } = "100";

    /// <summary>Rows per <c>ExecuteBillQuery</c> page (the vendor allows at most 2000). The default is 500.</summary>
    [Range(1, 2000, ErrorMessage = "Connectors:Kingdee:PageSize must be between 1 and 2000.")]
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// The K3Cloud server's UTC offset: its dates (<c>FModifyDate</c>, <c>FDate</c>) carry no zone. The default is +08:00.
    /// </summary>
    [Range(typeof(TimeSpan), "-14:00:00", "14:00:00", ErrorMessage = "Connectors:Kingdee:ServerUtcOffset must be between -14:00 and +14:00.")]
    public TimeSpan ServerUtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Custom field (on both forms) that keeps the source version of what the hub wrote, so an older redelivery is skipped;
    /// empty turns the check off. The default is <c>F_HUB_SourceVersion</c>.
    /// </summary>
    [RegularExpression("^$|^F[A-Za-z0-9_]+$", ErrorMessage = "Connectors:Kingdee:SourceVersionField must be a K3Cloud field key (F...) or empty.")]
    public string SourceVersionField { get; set; } = "F_HUB_SourceVersion";

    /// <summary>
    /// ISO 4217 code -> K3Cloud currency number (<c>BD_Currency.FNumber</c>), both ways. The defaults are K3Cloud's preset
    /// currencies (community source); add or change entries as <c>Connectors:Kingdee:Currencies:CNY=PRE001</c>.
    /// </summary>
    public Dictionary<string, string> Currencies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal static readonly IReadOnlyDictionary<string, string> PresetCurrencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["CNY"] = "PRE001",
        ["HKD"] = "PRE002",
        ["EUR"] = "PRE003",
        ["JPY"] = "PRE004",
        ["TWD"] = "PRE005",
        ["GBP"] = "PRE006",
        ["USD"] = "PRE007",
    };
}
