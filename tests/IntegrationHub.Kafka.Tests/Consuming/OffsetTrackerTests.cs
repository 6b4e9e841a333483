using Confluent.Kafka;
using IntegrationHub.Kafka.Consuming;

namespace IntegrationHub.Kafka.Tests.Consuming;

public class OffsetTrackerTests
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);

    [Fact]
    public void Completed_InOrder_StoresOnePastEachRecord()
    {
        var tracker = new OffsetTracker();
        tracker.Started(At(P0, 10));
        tracker.Started(At(P0, 11));

        Assert.Equal(11, tracker.Completed(At(P0, 10))!.Offset.Value);
        Assert.Equal(12, tracker.Completed(At(P0, 11))!.Offset.Value);
        Assert.Equal(0, tracker.InFlight);
    }

    [Fact]
    public void Completed_OutOfOrder_NeverStoresPastAnUnfinishedRecord()
    {
        var tracker = new OffsetTracker();
        tracker.Started(At(P0, 5));
        tracker.Started(At(P0, 6));
        tracker.Started(At(P0, 7));

        Assert.Null(tracker.Completed(At(P0, 7)));      // 5 and 6 still running
        Assert.Null(tracker.Completed(At(P0, 6)));      // 5 still running
        Assert.Equal(8, tracker.Completed(At(P0, 5))!.Offset.Value);
    }

    [Fact]
    public void Partitions_AreIndependent_AndForgetDropsInFlightRecords()
    {
        var tracker = new OffsetTracker();
        tracker.Started(At(P0, 1));
        tracker.Started(At(P1, 1));

        Assert.Equal(2, tracker.Completed(At(P1, 1))!.Offset.Value);
        Assert.True(tracker.HasInFlight(P0));
        tracker.Forget(P0);

        Assert.False(tracker.HasInFlight(P0));
        Assert.Equal(0, tracker.InFlight);
        Assert.Null(tracker.Completed(At(P0, 1)));
    }

    private static TopicPartitionOffset At(TopicPartition partition, long offset) => new(partition, offset);

    [Fact]
    public void Abandoned_StopsCountingAsRunning_ButBlocksStoringPastIt()
    {
        var tracker = new OffsetTracker();
        tracker.Started(At(P0, 3));
        tracker.Started(At(P0, 4));

        tracker.Abandoned(At(P0, 3));

        Assert.False(tracker.HasInFlight(P0) && tracker.InFlight > 1);
        Assert.Equal(1, tracker.InFlight);
        Assert.Null(tracker.Completed(At(P0, 4)));
        Assert.False(tracker.HasInFlight(P0));
    }
}
