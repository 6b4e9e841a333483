using IntegrationHub.Workflows.Runtime;

namespace IntegrationHub.Workflows.Tests.Runtime;

public class ActivityRetryTests
{
    private static string Flow(int failures, string retry) => $$"""
        definitionId: retrying
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: calls, type: int, value: 0 }
        root:
          type: Sequence
          activities:
            - id: flaky
              type: Test.Flaky
              failures: {{failures}}
              counter: calls
              {{retry}}
        """;

    [Fact]
    public async Task FailingActivity_IsRetriedPerItsPolicy_ThenSucceeds()
    {
        var result = await Engine.RunAsync(Flow(2, "retry: { maxAttempts: 3, delay: PT0S }"), configure: b => b.AddActivity<FlakyActivity>());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(3, result.Variables["calls"]);
    }

    [Fact]
    public async Task RetriesExhausted_BecomeTheIncident()
    {
        var result = await Engine.RunAsync(Flow(5, "retry: { maxAttempts: 2, delay: PT0S, backoff: constant }"), configure: b => b.AddActivity<FlakyActivity>());

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(2, result.Variables["calls"]);
        Assert.Equal(("flaky", "TimeoutException", "flaky call 2"), (result.Incident!.ActivityId, result.Incident.ExceptionType, result.Incident.Message));
    }

    [Fact]
    public async Task WithoutAPolicy_TheFirstFailureIsTheIncident()
    {
        var result = await Engine.RunAsync(Flow(1, ""), configure: b => b.AddActivity<FlakyActivity>());

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(1, result.Variables["calls"]);
    }

    [Fact]
    public async Task FailActivity_IsNeverRetried()
    {
        var result = await Engine.RunAsync("""
            definitionId: fail-once
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: stop, type: Fail, message: no, retry: { maxAttempts: 5, delay: PT0S } }
            """);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("no", result.Incident!.Message);
    }
}
