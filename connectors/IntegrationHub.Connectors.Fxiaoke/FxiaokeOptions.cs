using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>Fxiaoke connection. Bound from <c>Connectors:Fxiaoke</c>; secrets come from environment variables or a secret store.</summary>
public sealed class FxiaokeOptions
{
    public const string Section = "Connectors:Fxiaoke";

    /// <summary>API base URL, for example <c>https://open.fxiaoke.com/</c>. No default: the sandbox fills it in demo mode.</summary>
    [Required(ErrorMessage = "Connectors:Fxiaoke:BaseUrl is required (the CRM's OpenAPI base URL).")]
    [Url(ErrorMessage = "Connectors:Fxiaoke:BaseUrl must be an absolute http(s) URL.")]
    public string BaseUrl { get; set; } = "";

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

    /// <summary>Timeout of one HTTP call. The default is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Connectors:Fxiaoke:Timeout must be between 1 second and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Refresh the token this long before it expires. The default is 550 s (the vendor's 6650-7200 s window).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Connectors:Fxiaoke:TokenRefreshMargin must be between 0 and 1 hour.")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(550);
}
