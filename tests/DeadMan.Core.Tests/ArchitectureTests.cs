using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests;

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
}
