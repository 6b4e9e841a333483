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

    /// <summary>When a customer's credit standing is watch or hold (<see cref="CreditPolicy"/>).</summary>
    public CreditOptions Credit { get; set; } = new();

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

        var credit = options.Credit ?? new CreditOptions();
        if (credit.WatchAfterDays < 1 || credit.HoldAfterDays < credit.WatchAfterDays)
        {
            problems.Add($"Finance:Credit:WatchAfterDays ({credit.WatchAfterDays}) must be at least 1 and Finance:Credit:HoldAfterDays ({credit.HoldAfterDays}) at least that.");
        }

        foreach (var (setting, amounts) in new[] { ("WatchAmounts", credit.WatchAmounts), ("HoldAmounts", credit.HoldAmounts) })
        {
            foreach (var (currency, amount) in amounts)
            {
                if (!(currency.Length == 3 && currency.All(char.IsAsciiLetterUpper)) || amount <= 0)
                {
                    problems.Add($"Finance:Credit:{setting}:{currency} must be an ISO 4217 code in capitals with an amount above 0.");
                }
            }
        }

        if (options.DefaultPageSize > options.MaxPageSize)
        {
            problems.Add($"Finance:DefaultPageSize ({options.DefaultPageSize}) must not exceed Finance:MaxPageSize ({options.MaxPageSize}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>
/// Credit standing thresholds (section <c>Finance:Credit</c>): <c>hold</c> when the oldest overdue invoice is
/// <see cref="HoldAfterDays"/> or more days past due or the overdue amount in a currency reaches its
/// <see cref="HoldAmounts"/>; else <c>watch</c> likewise with <see cref="WatchAfterDays"/> and <see cref="WatchAmounts"/>; else
/// <c>ok</c>. Amounts are per currency (no conversion); a currency without a threshold is judged by days only.
/// </summary>
public sealed class CreditOptions
{
    public int WatchAfterDays { get; set; } = 31;

    public int HoldAfterDays { get; set; } = 61;

    public Dictionary<string, decimal> WatchAmounts { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, decimal> HoldAmounts { get; set; } = new(StringComparer.Ordinal);
}
