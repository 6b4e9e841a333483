namespace IntegrationHub.Testing;

/// <summary>Polls a condition of an asynchronous system until it holds; fails with the last observed value when it never does.</summary>
public static class Eventually
{
    public static async Task<T> Await<T>(Func<Task<T>> probe, Func<T, bool> until, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last;
        while (true)
        {
            last = await probe();
            if (until(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within the timeout{(because is null ? "" : $" ({because})")}; last value: {last}");
            }

            await Task.Delay(50);
        }
    }

    public static Task<T> Await<T>(Func<T> probe, Func<T, bool> until, TimeSpan? timeout = null, string? because = null) =>
        Await(() => Task.FromResult(probe()), until, timeout, because);
}
