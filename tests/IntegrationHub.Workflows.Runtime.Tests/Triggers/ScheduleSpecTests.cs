using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Runtime.Triggers.Schedule;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Runtime.Tests.Triggers;

public sealed class ScheduleSpecTests
{
    [Theory]
    [InlineData("PT30S", 30)]
    [InlineData("00:05:00", 300)]
    [InlineData("PT1H", 3600)]
    public void Parse_Interval_AcceptsIsoAndClockDurations(string interval, int seconds)
    {
        var errors = new List<string>();

        var spec = ScheduleSpec.Parse(Trigger(("interval", interval)), errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(seconds), spec!.Interval);
        Assert.Equal(ScheduleMisfire.FireOnce, spec.Misfire);
    }

    [Fact]
    public void Parse_Cron_WithTimeZoneAndSkip()
    {
        var errors = new List<string>();

        var spec = ScheduleSpec.Parse(Trigger(("cron", "0 0/15 8-18 ? * MON-FRI"), ("timeZone", "Europe/Berlin"), ("misfire", "skip")), errors);

        Assert.Empty(errors);
        Assert.Equal("Europe/Berlin", spec!.TimeZone.Id);
        Assert.Equal(ScheduleMisfire.Skip, spec.Misfire);
        Assert.Contains("Europe/Berlin", spec.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "misfire", "skip" }, "a Schedule trigger needs exactly one of 'cron' or 'interval'")]
    [InlineData(new[] { "cron", "0 * * * * ?", "interval", "PT1M" }, "a Schedule trigger needs exactly one of 'cron' or 'interval'")]
    [InlineData(new[] { "cron", "* * * *" }, "'* * * *' is not a valid cron expression")]
    [InlineData(new[] { "interval", "soon" }, "interval 'soon' is not a duration")]
    [InlineData(new[] { "interval", "PT0.5S" }, "interval 'PT0.5S' is shorter than 1 s")]
    [InlineData(new[] { "cron", "0 * * * * ?", "timeZone", "Mars/Olympus" }, "unknown time zone 'Mars/Olympus'")]
    [InlineData(new[] { "interval", "PT1M", "timeZone", "UTC" }, "'timeZone' applies to 'cron' schedules only")]
    [InlineData(new[] { "interval", "PT1M", "every", "day" }, "a Schedule trigger has no setting 'every'")]
    public void Parse_BadSettings_NameTheProblem(string[] settings, string expected)
    {
        var errors = new List<string>();
        var pairs = settings.Chunk(2).Select(p => (p[0], p[1])).ToArray();

        var spec = ScheduleSpec.Parse(Trigger(pairs), errors);

        Assert.Null(spec);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NonTextSetting_IsAnError()
    {
        var errors = new List<string>();
        var location = new SourceLocation("t.yaml", 1, 1, "trigger");
        var trigger = new TriggerDefinition("Schedule", new Dictionary<string, InputSource> { ["interval"] = new LiteralSource(JsonValue.Create(5), location) }, location);

        Assert.Null(ScheduleSpec.Parse(trigger, errors));
        Assert.Contains("a Schedule trigger needs 'interval' as plain text", errors);
    }

    private static TriggerDefinition Trigger(params (string Name, string Value)[] settings)
    {
        var location = new SourceLocation("t.yaml", 1, 1, "trigger");
        return new TriggerDefinition("Schedule", settings.ToDictionary(s => s.Name, s => (InputSource)new LiteralSource(JsonValue.Create(s.Value), location)), location);
    }
}
