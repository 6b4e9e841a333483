using IntegrationHub.Kafka.Consuming;

namespace IntegrationHub.Kafka.Tests.Consuming;

public class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 100, 200)]
    [InlineData(2, 200, 400)]
    [InlineData(3, 400, 800)]
    [InlineData(10, 2500, 5000)]
    public void For_DoublesPerAttemptWithJitter_CappedAtMax(int failedAttempts, double minMs, double maxMs)
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var delay = RetryBackoff.For(failedAttempts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), random);
            Assert.InRange(delay.TotalMilliseconds, minMs, maxMs);
        }
    }

    [Fact]
    public void For_ZeroInitial_NoDelay() =>
        Assert.Equal(TimeSpan.Zero, RetryBackoff.For(3, TimeSpan.Zero, TimeSpan.FromSeconds(5), new Random(1)));
}
