using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Activities.BuiltIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>Registers the engine with the built-in activities; chain <c>AddActivity&lt;T&gt;()</c> for more.</summary>
    public static WorkflowEngineBuilder AddWorkflowEngine(this IServiceCollection services)
    {
        services.AddOptions<WorkflowEngineOptions>().BindConfiguration(WorkflowEngineOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<WorkflowEngineOptions>, WorkflowEngineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ActivityRegistry>();
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<Catalog.WorkflowCatalog>();
        services.TryAddSingleton<Elsa.ElsaExporter>();
        services.TryAddSingleton<Elsa.ElsaActivityDescriptors>();
        services.TryAddSingleton<IKnownNames, NoKnownNames>();
        services.TryAddSingleton<Execution.IChildWorkflowRunner, Execution.InMemoryChildWorkflowRunner>();
        return new WorkflowEngineBuilder(services)
            .AddActivity<FlowchartActivity>().AddActivity<SequenceActivity>().AddActivity<StartActivity>().AddActivity<EndActivity>()
            .AddActivity<SetVariableActivity>().AddActivity<IfActivity>().AddActivity<SwitchActivity>().AddActivity<ForEachActivity>().AddActivity<ParallelForEachActivity>()
            .AddActivity<LogActivity>().AddActivity<RunJavaScriptActivity>().AddActivity<FailActivity>().AddActivity<ForkActivity>().AddActivity<JoinActivity>()
            .AddActivity<RunWorkflowActivity>().AddActivity<DelayActivity>().AddActivity<WaitForEventActivity>();
    }
}

/// <summary>Adds activities and trigger types to the engine.</summary>
public sealed class WorkflowEngineBuilder(IServiceCollection services)
{
    public IServiceCollection Services => services;

    public WorkflowEngineBuilder AddActivity<TActivity>()
        where TActivity : class, IActivity
    {
        services.AddSingleton<IActivity, TActivity>();
        return this;
    }

    /// <summary>Loads the configured workflow folder at start and watches it for changes.</summary>
    public WorkflowEngineBuilder AddWorkflowFolder()
    {
        services.AddHostedService<Catalog.WorkflowFolderWatcher>();
        return this;
    }

    /// <summary>Allows a trigger type in definitions; each required setting must be given as plain text.</summary>
    public WorkflowEngineBuilder AddTriggerType(string type, params string[] requiredSettings)
    {
        services.Configure<WorkflowEngineOptions>(o => o.Triggers[type] = requiredSettings);
        return this;
    }

    /// <summary>Allows a trigger type whose settings need more than presence checks; <paramref name="check"/> returns one message per problem.</summary>
    public WorkflowEngineBuilder AddTriggerType(string type, Func<Model.TriggerDefinition, IEnumerable<string>> check, params string[] requiredSettings)
    {
        services.Configure<WorkflowEngineOptions>(o =>
        {
            o.Triggers[type] = requiredSettings;
            o.TriggerChecks[type] = check;
        });
        return this;
    }

    /// <summary>Checks a trigger setting at load against the host's <see cref="IKnownNames"/> of <paramref name="kind"/>.</summary>
    public WorkflowEngineBuilder CheckTriggerName(string type, string setting, string kind)
    {
        services.Configure<WorkflowEngineOptions>(o => o.TriggerNames.Add((type, setting, kind)));
        return this;
    }
}
