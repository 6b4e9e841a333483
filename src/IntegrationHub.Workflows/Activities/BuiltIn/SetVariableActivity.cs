namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("SetVariable", "Sets a declared variable to a value, converted to the variable's type.")]
[ActivityInput("variable", typeof(string), "Name of a declared variable.", Required = true, VariableName = true)]
[ActivityInput("value", typeof(object), "The new value (literal or expression).", Required = true)]
internal sealed class SetVariableActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        context.SetVariable(context.Input<string>("variable")!, context.Input<object>("value"));
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }
}
