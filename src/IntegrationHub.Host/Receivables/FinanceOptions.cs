using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Host.Receivables;

/// <summary>Finance settings (section <c>Finance</c>): the zone receivables are aged in and the receivables API's paging.</summary>
public sealed class FinanceOptions
{
    public const string Section = "Finance";

    /// <summary>IANA (or Windows) time zone whose calendar days age receivables; default UTC.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Page size of <c>GET /api/v1/receivables</c> when none is asked for.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The largest page a client may ask for (larger asks are capped, as AIP-158 recommends).</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The zone, resolved (validated at start).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

internal sealed class FinanceOptionsValidator : IValidateOptions<FinanceOptions>
{
    public ValidateOptionsResult Validate(string? name, FinanceOptions options)
    {
        var problems = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? "", out _))
        {
            problems.Add($"Finance:TimeZone '{options.TimeZone}' is not a known time zone (an IANA id such as Asia/Shanghai, Europe/Berlin or UTC).");
        }

        if (options.DefaultPageSize > options.MaxPageSize)
        {
            problems.Add($"Finance:DefaultPageSize ({options.DefaultPageSize}) must not exceed Finance:MaxPageSize ({options.MaxPageSize}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
