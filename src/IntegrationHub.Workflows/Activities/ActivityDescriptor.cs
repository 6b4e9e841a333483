using System.Reflection;

namespace IntegrationHub.Workflows.Activities;

/// <summary>What the engine knows about an activity type, read once from its attributes.</summary>
public sealed record ActivityDescriptor(
    string Type,
    string Description,
    Type ClrType,
    IReadOnlyList<ActivityInputAttribute> Inputs,
    IReadOnlyList<string> Outcomes,
    string? OutcomesFromInput,
    bool Composite,
    bool Join = false,
    bool SideEffects = false)
{
    public static ActivityDescriptor For(Type activityType)
    {
        var activity = activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{activityType.FullName} implements IActivity but has no [Activity] attribute.");
        return new ActivityDescriptor(activity.Type, activity.Description, activityType,
            activityType.GetCustomAttributes<ActivityInputAttribute>().ToList(), activity.Outcomes, activity.OutcomesFromInput, activity.Composite, activity.Join, activity.SideEffects);
    }

    public ActivityInputAttribute? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);
}
