using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows;

/// <summary>Checks the <c>Workflows</c> settings at start; each message names the setting.</summary>
internal sealed class WorkflowEngineOptionsValidator : IValidateOptions<WorkflowEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowEngineOptions options)
    {
        var errors = new List<string>();
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"Workflows:LeaseDuration must be between 00:00:01 and 01:00:00 (was {options.LeaseDuration}).");
        }

        if (options.ScheduleMisfireThreshold < TimeSpan.FromSeconds(1) || options.ScheduleMisfireThreshold > TimeSpan.FromDays(1))
        {
            errors.Add($"Workflows:ScheduleMisfireThreshold must be between 00:00:01 and 1.00:00:00 (was {options.ScheduleMisfireThreshold}).");
        }

        if (options.ScheduleCheckInInterval < TimeSpan.FromSeconds(1) || options.ScheduleCheckInInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Workflows:ScheduleCheckInInterval must be between 00:00:01 and 00:05:00 (was {options.ScheduleCheckInInterval}).");
        }

        if (options.ScheduleCheckInAllowance < TimeSpan.FromSeconds(1) || options.ScheduleCheckInAllowance > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Workflows:ScheduleCheckInAllowance must be between 00:00:01 and 00:10:00 (was {options.ScheduleCheckInAllowance}).");
        }

        if (options.EventRetention < TimeSpan.Zero || options.EventRetention > TimeSpan.FromDays(7))
        {
            errors.Add($"Workflows:EventRetention must be between 00:00:00 and 7.00:00:00 (was {options.EventRetention}).");
        }

        if (options.MaxQueuedEvents is < 1 or > 1_000_000)
        {
            errors.Add($"Workflows:MaxQueuedEvents must be between 1 and 1000000 (was {options.MaxQueuedEvents}).");
        }

        if (options.MaxInputBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"Workflows:MaxInputBytes must be between 1024 and 16777216 (was {options.MaxInputBytes}).");
        }

        if (options.MaxEventBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"Workflows:MaxEventBytes must be between 1024 and 16777216 (was {options.MaxEventBytes}).");
        }

        if (options.MaxJournalValueBytes is < 256 or > 1024 * 1024)
        {
            errors.Add($"Workflows:MaxJournalValueBytes must be between 256 and 1048576 (was {options.MaxJournalValueBytes}).");
        }

        if (string.IsNullOrWhiteSpace(options.NodeId))
        {
            errors.Add("Workflows:NodeId must not be empty.");
        }

        if (options.MaskedFields.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Workflows:MaskedFields must not contain empty names.");
        }

        if (!Enum.IsDefined(options.Journal))
        {
            errors.Add("Workflows:Journal must be None, Activities or Full.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
