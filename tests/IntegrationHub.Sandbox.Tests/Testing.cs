namespace IntegrationHub.Sandbox.Tests;

internal static class Testing
{
    /// <summary>Polls until <paramref name="condition"/> holds (fails after 10 s); for state another thread changes.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(10);
        }
    }
}
