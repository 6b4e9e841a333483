using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Elsa;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;
using IntegrationHub.Workflows.Execution;
using Microsoft.CodeAnalysis.CSharp;

namespace IntegrationHub.Workflows.Loading;

/// <summary>The checks of a compilation: triggers, variables, activities and their inputs, names, expressions, connections. Each problem is recorded with its position; nothing stops at the first.</summary>
internal sealed partial class WorkflowCompiler
{
    private sealed partial class Run
    {
        private void CheckTriggers()
        {
            if (definition.Triggers.Count == 0)
            {
                Error(definition.Location with { Path = "triggers" }, $"a workflow needs a trigger (one of: {string.Join(", ", owner.TriggerTypes)})");
            }

            foreach (var trigger in definition.Triggers)
            {
                if (!owner.Triggers.TryGetValue(trigger.Type, out var required))
                {
                    Error(trigger.Location, $"unknown trigger type '{trigger.Type}' (known: {string.Join(", ", owner.TriggerTypes)})");
                    continue;
                }

                foreach (var setting in required)
                {
                    if (!trigger.Settings.TryGetValue(setting, out var value) || value is not LiteralSource { Value: JsonValue v } || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    {
                        Error(trigger.Location, $"a {trigger.Type} trigger needs '{setting}' as plain text");
                    }
                }

                foreach (var (_, setting, kind) in owner.TriggerNames.Where(n => n.Trigger == trigger.Type))
                {
                    if (trigger.Settings.TryGetValue(setting, out var value))
                    {
                        CheckName(kind, value);
                    }
                }

                if (owner.TriggerChecks?.GetValueOrDefault(trigger.Type) is { } check)
                {
                    foreach (var problem in check(trigger))
                    {
                        Error(trigger.Location, problem);
                    }
                }
            }
        }

        private void DeclareVariables()
        {
            foreach (var variable in definition.Variables)
            {
                if (!SyntaxFacts.IsValidIdentifier(variable.Name) || SyntaxFacts.GetKeywordKind(variable.Name) != SyntaxKind.None || variable.Name is "input")
                {
                    Error(variable.Location, $"'{variable.Name}' is not a usable variable name (a C# identifier, not a keyword, not 'input')");
                    continue;
                }

                if (!ValueConverter.VariableTypes.TryGetValue(variable.TypeName, out var type))
                {
                    Error(variable.Location, $"unknown variable type '{variable.TypeName}' (known: {string.Join(", ", ValueConverter.VariableTypes.Keys)})");
                    continue;
                }

                object? initial = null;
                if (variable.Value is LiteralSource literal)
                {
                    initial = ConvertLiteral(literal, type);
                }
                else if (variable.Value is not null)
                {
                    Error(variable.Value.Location, "a variable's initial value must be a literal");
                }

                if (!_variables.TryAdd(variable.Name, new VariableSlot(variable.Name, type, _variables.Count, initial)))
                {
                    Error(variable.Location, $"variable '{variable.Name}' is declared twice");
                }
            }
        }

        private void CheckNode(ActivityNode node)
        {
            if (!_ids.Add(node.Id))
            {
                Error(node.Location with { Path = node.Location.Path + ".id" }, $"duplicate activity id '{node.Id}'");
            }

            if (!owner.Activities.TryGet(node.Type, out var descriptor, out _))
            {
                Error(node.Location with { Path = node.Location.Path + ".type" }, $"unknown activity type '{node.Type}' (known: {string.Join(", ", owner.Activities.Descriptors.Select(d => d.Type))})");
                foreach (var child in node.Activities)
                {
                    CheckNode(child);
                }

                return;
            }

            foreach (var (name, source) in node.Inputs)
            {
                var input = descriptor.Input(name);
                if (input is null)
                {
                    var known = descriptor.Inputs.Count == 0 ? "it has none" : "known: " + string.Join(", ", descriptor.Inputs.Select(i => i.Name));
                    Error(source.Location, $"{ElsaNames.Activity(node)} has no input '{name}' ({known})");
                    continue;
                }

                CheckInput(input, source);
            }

            foreach (var missing in descriptor.Inputs.Where(i => i.Required && !node.Inputs.ContainsKey(i.Name)))
            {
                Error(node.Location, $"{ElsaNames.Activity(node)} needs input '{ElsaNames.Input(node, missing.Name)}': {missing.Description}");
            }

            CheckItems(node);

            if (!descriptor.Composite && node.Activities.Count > 0)
            {
                Error(node.Location with { Path = node.Location.Path + ".activities" }, $"{ElsaNames.Activity(node)} does not hold child activities");
            }

            if (node.Type != "Flowchart" && node.Connections.Count > 0)
            {
                Error(node.Location with { Path = node.Location.Path + ".connections" }, "only a Flowchart has connections");
            }

            foreach (var child in node.Activities)
            {
                CheckNode(child);
            }

            if (node.Type == "Flowchart")
            {
                CheckConnections(node);
            }
        }

        /// <summary>An activity's <c>each</c> needs a declared variable for the element; <c>as</c> and <c>where</c> mean nothing without it.</summary>
        private void CheckItems(ActivityNode node)
        {
            var each = node.Inputs.ContainsKey(ActivityItems.Each);
            foreach (var name in new[] { ActivityItems.As, ActivityItems.Where })
            {
                if (!each && node.Inputs.TryGetValue(name, out var source))
                {
                    Error(source.Location, $"'{name}' applies to the elements of 'each', which '{node.Id}' does not set");
                }
            }

            if (each && !node.Inputs.ContainsKey(ActivityItems.As) && !_variables.ContainsKey(ActivityItems.DefaultVariable))
            {
                Error(node.Inputs[ActivityItems.Each].Location, $"'each' puts every element in a declared json variable: declare '{ActivityItems.DefaultVariable}' or name one with 'as'");
            }
        }

        private void CheckConnections(ActivityNode flowchart)
        {
            // Duplicate ids are reported elsewhere; the first one counts here.
            var children = flowchart.Activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var c in flowchart.Connections)
            {
                if (!children.TryGetValue(c.Source, out var source))
                {
                    Error(c.Location, $"connection from '{c.Source}', which is not an activity of this flowchart");
                }
                else if (owner.Activities.TryGet(source.Type, out var d, out _) && !Outcomes(d, source).Contains(c.Outcome))
                {
                    var outcomes = Outcomes(d, source);
                    Error(c.Location, $"'{c.Source}' ({ElsaNames.Type(source)}) has no outcome '{c.Outcome}' ({(outcomes.Count == 0 ? "it has none" : "its outcomes: " + string.Join(", ", outcomes))})");
                }

                if (!children.ContainsKey(c.Target))
                {
                    Error(c.Location, $"connection to '{c.Target}', which is not an activity of this flowchart");
                }
            }

            var start = Start(flowchart);
            if (start is null)
            {
                if (flowchart.Activities.Count > 0)
                {
                    Error(flowchart.Location, "the flowchart has no start: every activity has an inbound connection (a loop back to the first one?); add a Start activity and connect it to the first");
                }

                return;
            }

            var reached = new HashSet<string>(StringComparer.Ordinal) { start.Id };
            var queue = new Queue<string>([start.Id]);
            while (queue.TryDequeue(out var id))
            {
                foreach (var c in flowchart.Connections.Where(c => c.Source == id && reached.Add(c.Target)))
                {
                    queue.Enqueue(c.Target);
                }
            }

            foreach (var orphan in flowchart.Activities.Where(a => !reached.Contains(a.Id)))
            {
                Error(orphan.Location, $"activity '{orphan.Id}' is unreachable: no connection leads to it from the start activity '{start.Id}'");
            }
        }

        private static ActivityNode? Start(ActivityNode flowchart)
        {
            if (flowchart.StartId is { } explicitStart && flowchart.Activities.FirstOrDefault(a => a.Id == explicitStart) is { } chosen)
            {
                return chosen;
            }

            var targets = flowchart.Connections.Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
            return flowchart.Activities.FirstOrDefault(a => a.Type == "Start") ?? flowchart.Activities.FirstOrDefault(a => !targets.Contains(a.Id));
        }

        private static IReadOnlyList<string> Outcomes(ActivityDescriptor descriptor, ActivityNode node)
        {
            if (descriptor.OutcomesFromInput is { } name && node.Inputs.TryGetValue(name, out var source) && source is LiteralSource { Value: JsonArray cases })
            {
                return [.. cases.Select(c => c?.ToString() ?? ""), .. descriptor.Outcomes];
            }

            return descriptor.Outcomes;
        }
    }
}
