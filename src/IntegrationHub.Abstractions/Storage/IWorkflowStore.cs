namespace IntegrationHub.Storage;

/// <summary>The workflow instances with their leases and bookmarks: one store per engine implements the three over the same tables.</summary>
public interface IWorkflowStore : IWorkflowInstanceStore, IWorkflowLeaseStore, IWorkflowBookmarkStore;
