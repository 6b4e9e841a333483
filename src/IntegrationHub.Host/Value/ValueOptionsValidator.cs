using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Value;

/// <summary>Checks the <c>Value</c> section at start, naming every setting that is wrong.</summary>
internal sealed class ValueOptionsValidator : IValidateOptions<ValueOptions>
{
    public ValidateOptionsResult Validate(string? name, ValueOptions options)
    {
        var problems = new List<string>();
        static bool IsCurrency(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
        if (!IsCurrency(options.Currency))
        {
            problems.Add($"Value:Currency '{options.Currency}' must be an ISO 4217 code in capitals, e.g. CNY.");
        }

        foreach (var (currency, rate) in options.Rates)
        {
            if (!IsCurrency(currency) || rate <= 0)
            {
                problems.Add($"Value:Rates:{currency} must be an ISO 4217 code in capitals with a rate above 0.");
            }
        }

        var life = options.Lifecycle ?? new LifecycleOptions();
        if (!(life.AtRiskAfterDays >= 1 && life.DormantAfterDays > life.AtRiskAfterDays && life.ChurnedAfterDays > life.DormantAfterDays))
        {
            problems.Add($"Value:Lifecycle: AtRiskAfterDays ({life.AtRiskAfterDays}) < DormantAfterDays ({life.DormantAfterDays}) < ChurnedAfterDays ({life.ChurnedAfterDays}) is required, all at least 1.");
        }

        if (life.NewForDays < 1 || life.WonBackForDays < 1)
        {
            problems.Add("Value:Lifecycle:NewForDays and WonBackForDays must be at least 1.");
        }

        var rules = options.TierRules;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Name) || !rule.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !names.Add(rule.Name))
            {
                problems.Add($"Value:Tiers: '{rule.Name}' must be a unique name of lower-case letters, digits and hyphens.");
            }

            if (new[] { rule.MinRecency, rule.MinFrequency, rule.MinMonetary }.Any(s => s is < 1 or > 5))
            {
                problems.Add($"Value:Tiers: {rule.Name}'s minimum scores must be between 1 and 5.");
            }
        }

        if (rules.Count > 0 && rules[^1] is { MinRecency: not 1 } or { MinFrequency: not 1 } or { MinMonetary: not 1 })
        {
            problems.Add($"Value:Tiers: the last rule ({rules[^1].Name}) must have no minimum, so that every customer gets a tier.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
