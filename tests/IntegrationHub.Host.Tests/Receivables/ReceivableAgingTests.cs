using IntegrationHub.Host.Receivables;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Host.Tests.Receivables;

public sealed class ReceivableAgingTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 2);

    /// <summary>Every bucket boundary, from both sides, as of 2026-12-02 (days past due = as-of minus due date).</summary>
    [Theory]
    [InlineData("2027-01-15", 0, "current")]
    [InlineData("2026-12-03", 0, "current")]
    [InlineData("2026-12-02", 0, "current")] // due today: not overdue yet
    [InlineData("2026-12-01", 1, "1-30")]
    [InlineData("2026-11-02", 30, "1-30")]
    [InlineData("2026-11-01", 31, "31-60")]
    [InlineData("2026-10-03", 60, "31-60")]
    [InlineData("2026-10-02", 61, "61-90")]
    [InlineData("2026-09-03", 90, "61-90")]
    [InlineData("2026-09-02", 91, "90+")]
    [InlineData("2024-02-29", 1007, "90+")]
    public void DaysPastDueAndBucket_AtEveryBoundary(string due, int days, string bucket)
    {
        var dueDate = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture);

        var actualDays = ReceivableAging.DaysPastDue(dueDate, AsOf);
        var actualBucket = ReceivableAging.Token(ReceivableAging.BucketOf(actualDays));

        Assert.Equal((days, bucket), (actualDays, actualBucket));
        var (from, to) = ReceivableAging.DueDates(ReceivableAging.BucketOf(actualDays), AsOf);
        Assert.True((from is null || dueDate >= from) && (to is null || dueDate <= to), $"{due} lies in the due dates of {bucket}: {from}..{to}");
    }

    [Fact]
    public void TheBucketsDueDates_TileTheCalendarWithoutGapOrOverlap()
    {
        for (var due = AsOf.AddDays(-200); due <= AsOf.AddDays(10); due = due.AddDays(1))
        {
            var day = due;
            var containing = Enum.GetValues<AgingBucket>().Where(b =>
            {
                var (from, to) = ReceivableAging.DueDates(b, AsOf);
                return (from is null || day >= from) && (to is null || day <= to);
            }).ToList();
            Assert.Equal([ReceivableAging.BucketOf(ReceivableAging.DaysPastDue(day, AsOf))], containing);
        }
    }

    /// <summary>The as-of day is the finance zone's calendar day: an invoice due on 1 December is overdue from Shanghai's midnight (16:00 UTC), not UTC's.</summary>
    [Theory]
    [InlineData("2026-12-01T15:59:59Z", "Asia/Shanghai", "2026-12-01", 0)]
    [InlineData("2026-12-01T16:00:00Z", "Asia/Shanghai", "2026-12-02", 1)]
    [InlineData("2026-12-01T16:00:00Z", "UTC", "2026-12-01", 0)]
    [InlineData("2026-12-02T00:00:00Z", "UTC", "2026-12-02", 1)]
    [InlineData("2026-12-02T04:59:59Z", "America/New_York", "2026-12-01", 0)]
    [InlineData("2026-12-02T05:00:00Z", "America/New_York", "2026-12-02", 1)]
    [InlineData("2026-12-01T10:59:59Z", "Pacific/Auckland", "2026-12-01", 0)] // NZDT, UTC+13
    [InlineData("2026-12-01T11:00:00Z", "Pacific/Auckland", "2026-12-02", 1)]
    public void Today_IsTheFinanceZonesCalendarDay(string instant, string zone, string today, int daysPastDueOfAnInvoiceDueDecember1)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        var day = ReceivableAging.Today(time, TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(today, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(daysPastDueOfAnInvoiceDueDecember1, ReceivableAging.DaysPastDue(new DateOnly(2026, 12, 1), day));
    }

    [Theory]
    [InlineData("open", 10, true)]
    [InlineData("open", 0, false)]
    [InlineData("submitted", 10, false)]
    [InlineData("draft", 10, false)]
    [InlineData("paid", 0, false)]
    [InlineData("void", 10, false)]
    [InlineData("deleted", 10, false)]
    public void OnlyOpenInvoicesWithSomethingDue_AreAged(string status, int due, bool aged) =>
        Assert.Equal(aged, ReceivableAging.IsAged(status, due, AsOf));
}
