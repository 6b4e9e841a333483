namespace IntegrationHub.Workflows.Runtime.Timers;

/// <summary>
/// Wakes the timer service early when a bookmark due before its planned wake-up is written. The service arms the
/// signal before it queries the store, so a bookmark written in between is not missed.
/// </summary>
internal sealed class WorkflowTimerSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _sleepingUntil = DateTimeOffset.MaxValue;

    /// <summary>A task that completes on the next notification; any due time counts until <see cref="SleepUntil"/> narrows it.</summary>
    public Task Arm()
    {
        lock (_gate)
        {
            _sleepingUntil = DateTimeOffset.MaxValue;
            if (_wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _wake.Task;
        }
    }

    public void SleepUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            _sleepingUntil = until;
        }
    }

    public void Notify(DateTimeOffset due)
    {
        lock (_gate)
        {
            if (due < _sleepingUntil)
            {
                _wake.TrySetResult();
            }
        }
    }
}
