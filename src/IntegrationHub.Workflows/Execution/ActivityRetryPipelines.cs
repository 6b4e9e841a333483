using IntegrationHub.Messaging;
using IntegrationHub.Workflows.Model;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Builds the Polly retry pipeline of an activity with a <c>retry</c> policy. Retried: any exception except a Fail
/// activity, poison data (retrying cannot help) and cancellation. After the last attempt the exception becomes the
/// instance's incident as usual.
/// </summary>
internal static partial class ActivityRetryPipelines
{
    public static ResiliencePipeline? Build(RetryDefinition? retry, string activityId, TimeProvider time, ILogger logger)
    {
        if (retry is null || retry.MaxAttempts <= 1)
        {
            return null;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                BackoffType = retry.Backoff switch { "constant" => DelayBackoffType.Constant, "linear" => DelayBackoffType.Linear, _ => DelayBackoffType.Exponential },
                UseJitter = retry.Backoff != "constant",
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (WorkflowFailException or PoisonMessageException or OperationCanceledException)),
                OnRetry = args =>
                {
                    LogRetry(logger, activityId, args.AttemptNumber + 1, retry.MaxAttempts, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "");
                    return default;
                },
            })
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {ActivityId} failed on attempt {Attempt} of {MaxAttempts}; retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, string activityId, int attempt, int maxAttempts, double delayMs, string reason);
}
