using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;
using Quartz;

namespace IntegrationHub.Workflows.Runtime.Triggers.Schedule;

/// <summary>What a missed fire does (the host was down, or the previous run still ran when the next was due).</summary>
internal enum ScheduleMisfire
{
    /// <summary>Run once as soon as possible for all the missed fires, then keep to the schedule (default: syncs are cursor-based, one catch-up run covers the gap).</summary>
    FireOnce,

    /// <summary>Drop the missed fires and wait for the next scheduled time.</summary>
    Skip,
}

/// <summary>
/// A <c>Schedule</c> trigger's settings: exactly one of <c>cron</c> (Quartz format with seconds, e.g. <c>0 */5 * * * ?</c>)
/// or <c>interval</c> (ISO 8601 like <c>PT30S</c>, or <c>hh:mm:ss</c>; at least one second), an optional IANA
/// <c>timeZone</c> for cron (default UTC) and <c>misfire</c> (<c>fireOnce</c> default, or <c>skip</c>).
/// </summary>
internal sealed record ScheduleSpec(string? Cron, TimeSpan? Interval, TimeZoneInfo TimeZone, ScheduleMisfire Misfire)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>A stable text for "did the schedule change?" comparisons.</summary>
    public string Describe() =>
        Cron is not null ? $"cron '{Cron}' ({TimeZone.Id}, misfire {Misfire})" : $"every {Interval} (misfire {Misfire})";

    /// <summary>Parses the trigger; <paramref name="errors"/> gets one message per problem (for the workflow loader).</summary>
    public static ScheduleSpec? Parse(TriggerDefinition trigger, List<string> errors)
    {
        var cron = Text(trigger, "cron", errors);
        var intervalText = Text(trigger, "interval", errors);
        var zoneText = Text(trigger, "timeZone", errors);
        var misfireText = Text(trigger, "misfire", errors);
        foreach (var name in trigger.Settings.Keys.Where(k => k is not ("cron" or "interval" or "timeZone" or "misfire")))
        {
            errors.Add($"a Schedule trigger has no setting '{name}' (known: cron, interval, timeZone, misfire)");
        }

        if ((cron is null) == (intervalText is null))
        {
            errors.Add("a Schedule trigger needs exactly one of 'cron' or 'interval'");
        }

        if (cron is not null && !CronExpression.TryParse(cron, out _))
        {
            errors.Add($"'{cron}' is not a valid cron expression (Quartz format with seconds: 'sec min hour day-of-month month day-of-week [year]', e.g. '0 */5 * * * ?')");
        }

        TimeSpan? interval = null;
        if (intervalText is not null)
        {
            try
            {
                interval = (TimeSpan)ValueConverter.Convert(intervalText, typeof(TimeSpan))!;
                if (interval < MinimumInterval)
                {
                    errors.Add($"interval '{intervalText}' is shorter than {MinimumInterval.TotalSeconds:0} s");
                }
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
            {
                errors.Add($"interval '{intervalText}' is not a duration (ISO 8601 like PT30S, or hh:mm:ss)");
            }
        }

        var zone = TimeZoneInfo.Utc;
        if (zoneText is not null)
        {
            if (intervalText is not null)
            {
                errors.Add("'timeZone' applies to 'cron' schedules only");
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out zone!))
            {
                errors.Add($"unknown time zone '{zoneText}' (an IANA id such as Europe/Berlin)");
                zone = TimeZoneInfo.Utc;
            }
        }

        var misfire = ScheduleMisfire.FireOnce;
        if (misfireText is not null && !Enum.TryParse(misfireText, ignoreCase: true, out misfire))
        {
            errors.Add($"misfire '{misfireText}' is not one of: fireOnce, skip");
        }

        return errors.Count == 0 ? new ScheduleSpec(cron, interval, zone, misfire) : null;
    }

    private static string? Text(TriggerDefinition trigger, string name, List<string> errors)
    {
        if (!trigger.Settings.TryGetValue(name, out var source))
        {
            return null;
        }

        if (source is LiteralSource { Value: JsonValue value } && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text.Trim();
        }

        errors.Add($"a Schedule trigger needs '{name}' as plain text");
        return null;
    }
}
