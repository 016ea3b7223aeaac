using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Architecture;

public class ArchitectureTests
{
    [Fact]
    public void Should_not_reference_terminal_or_command_line_When_building_the_engine()
    {
        // Given
        var references = typeof(Monitor).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        // Then: dependencies point one way, DeadMan -> DeadMan.Terminal -> DeadMan.Core
        Assert.DoesNotContain("DeadMan.Terminal", references);
        Assert.DoesNotContain("System.CommandLine", references);
        Assert.DoesNotContain("System.Console", references);
    }

    [Fact]
    public void Should_have_no_cycle_between_folders_When_the_engine_is_compiled()
    {
        // Given: which folder of Core uses which, from the compiled code
        var graph = new FolderGraph(typeof(Monitor).Assembly, "DeadMan.Core");

        // Then: they form layers (issue 31): a cycle is listed with one use of each of its edges
        IReadOnlyList<IReadOnlyList<string>> cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, string.Join("\n\n", cycles.Select(c => string.Join(" ↔ ", c) + ":\n  " +
            string.Join("\n  ", graph.Edges.Where(e => c.Contains(e.From) && c.Contains(e.To)).Select(e => $"{e.From} → {e.To}: {graph.Example(e.From, e.To)}")))));
    }
}
