using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Execution;

/// <summary>What every execution of one engine shares: services, logger, clock, journal detail, the masker and the store-outage test.</summary>
internal sealed class WorkflowRuntimeSettings(IServiceProvider services, ILogger logger, TimeProvider time, JournalDetail journal, SensitiveDataMasker masker)
{
    public IServiceProvider Services { get; } = services;

    public ILogger Logger { get; } = logger;

    public TimeProvider Time { get; } = time;

    public JournalDetail Journal { get; } = journal;

    public SensitiveDataMasker Masker { get; } = masker;

    /// <summary>Tells a store outage from the activity's own failure (none registered: every exception faults).</summary>
    public IStoreOutage? Outage { get; } = services.GetService<IStoreOutage>();
}
