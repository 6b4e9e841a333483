using System.Diagnostics.CodeAnalysis;

namespace IntegrationHub.Host.Receivables;

/// <summary>The standard aging buckets of an open receivable, by days past its due date.</summary>
public enum AgingBucket
{
    /// <summary>Not yet due, or due on the as-of date.</summary>
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

/// <summary>
/// Aging by due date: days past due are the calendar days from the due date to the as-of date (0 on the due date and
/// before it), and the as-of date is a day in the finance time zone (<see cref="FinanceOptions.TimeZone"/>), so an invoice
/// becomes overdue at that zone's midnight, not at UTC's. Only open invoices with an amount due are aged (drafts, invoices
/// awaiting approval, paid, voided and deleted ones are not).
/// </summary>
public static class ReceivableAging
{
    /// <summary>The tokens used by the API and the CSV, in bucket order.</summary>
    public static IReadOnlyList<string> Tokens { get; } = ["current", "1-30", "31-60", "61-90", "90+"];

    public static int DaysPastDue(DateOnly dueDate, DateOnly asOf) => Math.Max(0, asOf.DayNumber - dueDate.DayNumber);

    public static AgingBucket BucketOf(int daysPastDue) => daysPastDue switch
    {
        <= 0 => AgingBucket.Current,
        <= 30 => AgingBucket.Days1To30,
        <= 60 => AgingBucket.Days31To60,
        <= 90 => AgingBucket.Days61To90,
        _ => AgingBucket.Over90,
    };

    public static string Token(AgingBucket bucket) => Tokens[(int)bucket];

    public static bool TryParse(string? token, [NotNullWhen(true)] out AgingBucket? bucket)
    {
        var index = Tokens.ToList().IndexOf(token ?? "");
        bucket = index < 0 ? null : (AgingBucket)index;
        return bucket is not null;
    }

    /// <summary>The due dates (inclusive; null: unbounded) of the invoices in <paramref name="bucket"/> on <paramref name="asOf"/>.</summary>
    public static (DateOnly? From, DateOnly? To) DueDates(AgingBucket bucket, DateOnly asOf) => bucket switch
    {
        AgingBucket.Current => (asOf, null),
        AgingBucket.Days1To30 => (asOf.AddDays(-30), asOf.AddDays(-1)),
        AgingBucket.Days31To60 => (asOf.AddDays(-60), asOf.AddDays(-31)),
        AgingBucket.Days61To90 => (asOf.AddDays(-90), asOf.AddDays(-61)),
        _ => (null, asOf.AddDays(-91)),
    };

    /// <summary>Whether a receivable is aged at all: open (approved, awaiting payment), with an amount due and a due date.</summary>
    public static bool IsAged(string status, decimal due, DateOnly? dueDate) => status == "open" && due != 0 && dueDate is not null;

    /// <summary>Today in <paramref name="zone"/>.</summary>
    public static DateOnly Today(TimeProvider time, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
}
