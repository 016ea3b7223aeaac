using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Snmp.Traffic;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Architecture;

/// <summary>
/// Issue 12: the screen, the exporters and everything after them read the engine through its snapshots and its
/// events only. Three checks: what the engine shows other projects, that a snapshot cannot be changed through
/// anything it holds, and that the exporters, which live in the engine's own assembly and could see its
/// internals, touch none of them (read from their compiled code).
/// </summary>
public class EngineSeamTests
{
    private static readonly Assembly s_core = typeof(Monitor).Assembly;

    // Leaves a snapshot may hold. IPAddress has a ScopeId setter, but an address is never changed after parsing.
    private static readonly HashSet<Type> s_leaves =
    [
        typeof(string), typeof(DateTimeOffset), typeof(TimeSpan), typeof(IPAddress), typeof(object), typeof(decimal),
    ];

    [Fact]
    public void Should_show_other_projects_only_the_engine_its_snapshots_and_its_events_When_compiled()
    {
        // Given
        string[] exposed = [.. s_core.GetExportedTypes().Where(t => t.Namespace == typeof(Monitor).Namespace).Select(t => t.Name).Order()];

        // Then: a new public type here is a new way into the engine; add it only if it is a picture or an event
        Assert.Equal(
            [
                nameof(Acknowledgement), nameof(AcknowledgementChange), nameof(AddressResolutionException), nameof(AddressResolver), nameof(HistoryEntry), nameof(IMonitorView), nameof(Monitor), nameof(MonitorOptions),
                nameof(MonitorRow), nameof(MonitorSnapshot), nameof(PathMtu), nameof(PathMtuChange), nameof(ProbeRecord), nameof(RecentResult), nameof(RoundHistory), nameof(RttStats), nameof(StateChange),
                nameof(TargetDetail), nameof(TargetView), nameof(TraceEvent), nameof(VantageReading),
            ],
            exposed);
        Assert.All(typeof(Monitor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName),
            m => Assert.Contains(m.ReturnType, new[] { typeof(void), typeof(Task), typeof(Task<MonitorSnapshot>), typeof(Task<TargetDetail>), typeof(MonitorSnapshot) }));
        Assert.DoesNotContain(typeof(Monitor).GetProperties(), p => p.CanWrite);
    }

    [Fact]
    public void Should_hold_nothing_that_can_be_changed_When_a_snapshot_is_published()
    {
        // Given: everything a reader can reach from a snapshot or an event
        var reached = new HashSet<Type>();
        foreach (Type root in new[] { typeof(MonitorSnapshot), typeof(StateChange), typeof(ProbeRecord), typeof(AgentChange), typeof(InterfaceView), typeof(DeadMan.Core.Snmp.Gauges.GaugeView), typeof(TargetDetail) })
        {
            Walk(root, reached);
        }

        // Then: no setter but init, no field that is not read-only, no array or mutable collection
        Assert.All(reached, type =>
        {
            Assert.False(type.IsArray, $"{type} is an array: a reader could write into it");
            Assert.DoesNotContain(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.SetMethod is { IsPublic: true } set && !IsInitOnly(set));
            Assert.DoesNotContain(type.GetFields(BindingFlags.Public | BindingFlags.Instance), f => !f.IsInitOnly);
            Assert.False(type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>)) && !type.IsInterface,
                $"{type} is a collection a reader could change");
        });
        Assert.Contains(typeof(RoundHistory), reached);
    }

    [Fact]
    public void Should_reach_no_internal_of_the_engine_When_the_exporters_run()
    {
        // Given: every type of the exporters, their lambdas and state machines included
        Type[] exporters = [.. s_core.GetTypes().Where(t => t.Namespace == "DeadMan.Core.Export")];

        // When: every member their code touches
        var touched = exporters.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                                                  .Cast<MethodBase>()
                                                  .Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)))
                               .SelectMany(method => CompiledReferences.MembersUsedBy(method).Select(member => (method, member)))
                               .ToList();

        // Then: none belongs to a type of the engine that other projects cannot see
        Assert.NotEmpty(touched);
        Assert.Empty(touched.Where(u => u.member.DeclaringType is { } declaring
                                        && declaring.Namespace == typeof(Monitor).Namespace
                                        && !(declaring.IsPublic || declaring.IsNestedPublic))
                            .Select(u => $"{u.method.DeclaringType}.{u.method.Name} uses {u.member.DeclaringType}.{u.member.Name}"));
    }

    private static void Walk(Type type, HashSet<Type> reached)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() is { } definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(Nullable<>) || definition == typeof(ReadOnlySpan<>)
                || type.FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true))
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                Walk(argument, reached);
            }

            return;
        }

        if (type.IsPrimitive || type.IsEnum || s_leaves.Contains(type) || !reached.Add(type))
        {
            return;
        }

        Assert.True(type.Assembly == s_core || type.IsArray, $"{type} reached from a snapshot is not one of deadman's own pictures");
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 || type == typeof(RoundHistory))
            {
                Walk(property.PropertyType, reached);
            }
        }
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

}
