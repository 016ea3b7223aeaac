using System.Text;
using DeadMan.Terminal.Ansi;
using DeadMan.Terminal.Formatting;

namespace DeadMan.Terminal.Tests;

/// <summary>Issue 13: the title carries the counts, so trouble shows in a tmux window list or a minimised terminal.</summary>
public class WindowTitleTests
{
    [Fact]
    public void Should_put_the_down_count_first_When_a_host_is_down()
    {
        // Given
        var snapshot = new SnapshotBuilder("a 192.0.2.1\nb 192.0.2.2\nc 192.0.2.3\nd 192.0.2.4")
            .Results("a", "1 2").Results("b", "1 X").Results("c", "U").Build();

        // Then: d has no result yet and is neither
        Assert.Equal("deadman: 2 down, 1 up — noc", WindowTitle.For(snapshot, "noc"));
    }

    [Fact]
    public void Should_count_a_known_problem_apart_When_a_down_host_is_acknowledged()
    {
        // Given: two hosts down, one of them acknowledged
        var snapshot = new SnapshotBuilder("a 192.0.2.1\nb 192.0.2.2\nc 192.0.2.3")
            .Results("a", "1 X").Results("b", "X").Results("c", "1").Acknowledged("b", "replacing the switch").Build();

        // Then: the down count is news only
        Assert.Equal("deadman: 1 down, 1 known, 1 up — noc", WindowTitle.For(snapshot, "noc"));
    }

    [Fact]
    public void Should_say_paused_When_probing_is_paused()
    {
        var snapshot = new SnapshotBuilder("a 192.0.2.1").Results("a", "1").Build(paused: true);

        Assert.Equal("deadman: paused, 1 up — noc", WindowTitle.For(snapshot, "noc"));
    }

    [Fact]
    public void Should_leave_out_control_characters_When_writing_a_title()
    {
        // A host name is the operator's text: an escape or a BEL in it must not end the title or start a sequence.
        byte[] bytes = FrameWriter.Title("deadman: 1 down — n\u001b]2;x\u0007oc 会議室");

        Assert.Equal("\u001b]2;deadman: 1 down — n]2;xoc 会議室\u0007", Encoding.UTF8.GetString(bytes));
    }
}
