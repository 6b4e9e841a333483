using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>
/// This node's leases on workflow instances: the one place that takes, keeps and gives back the ownership that makes
/// an instance execute on one node at a time.
/// </summary>
internal sealed class InstanceLeases(IWorkflowLeaseStore leases, IOptions<WorkflowEngineOptions> options, TimeProvider time)
{
    public string Owner => options.Value.NodeId;

    public TimeSpan Duration => options.Value.LeaseDuration;

    /// <summary>When a lease taken now expires.</summary>
    public DateTimeOffset ExpiryFromNow() => time.GetUtcNow() + Duration;

    /// <summary>Takes the instance's lease; null when another node holds it.</summary>
    public async Task<InstanceLease?> TryAcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await leases.TryAcquireLeaseAsync(instanceId, Owner, now, now + Duration, cancellationToken).ConfigureAwait(false)
            ? new InstanceLease(this, instanceId)
            : null;
    }

    /// <summary>Gives the lease back (never cancelled: a lease left behind would block the instance until it expires).</summary>
    public Task ReleaseAsync(Guid instanceId) => leases.ReleaseLeaseAsync(instanceId, Owner, CancellationToken.None);

    /// <summary>Renews the lease while an execution runs; trips <paramref name="onLost"/> when another node took it.</summary>
    public WorkflowLeaseKeeper Keep(Guid instanceId, CancellationTokenSource onLost, ILogger logger) =>
        new(leases, instanceId, Owner, Duration, time, onLost, logger);
}

/// <summary>
/// A lease held by this node for the length of a <c>using</c>: released when disposed, unless it was handed over to
/// an execution (which releases it in the same transaction that saves the result).
/// </summary>
internal sealed class InstanceLease(InstanceLeases leases, Guid instanceId) : IAsyncDisposable
{
    private bool _handedOver;

    public Guid InstanceId => instanceId;

    /// <summary>The execution that follows owns the lease from here on.</summary>
    public void HandOver() => _handedOver = true;

    public async ValueTask DisposeAsync()
    {
        if (!_handedOver)
        {
            _handedOver = true;
            await leases.ReleaseAsync(instanceId).ConfigureAwait(false);
        }
    }
}
