namespace IntegrationHub.Workflows.Activities;

/// <summary>The activity types the engine knows, by the name workflow files use.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, (ActivityDescriptor Descriptor, IActivity Instance)> _activities = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<IActivity> activities)
    {
        foreach (var activity in activities)
        {
            var descriptor = ActivityDescriptor.For(activity.GetType());
            if (!_activities.TryAdd(descriptor.Type, (descriptor, activity)))
            {
                throw new InvalidOperationException($"Two activities are registered as '{descriptor.Type}'.");
            }
        }
    }

    public IEnumerable<ActivityDescriptor> Descriptors => _activities.Values.Select(a => a.Descriptor).OrderBy(d => d.Type, StringComparer.Ordinal);

    public bool TryGet(string type, out ActivityDescriptor descriptor, out IActivity activity)
    {
        var found = _activities.TryGetValue(type, out var entry);
        (descriptor, activity) = (entry.Descriptor, entry.Instance);
        return found;
    }
}
