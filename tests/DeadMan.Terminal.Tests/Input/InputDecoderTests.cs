using DeadMan.Terminal.Input;

namespace DeadMan.Terminal.Tests.Input;

/// <summary>
/// Mouse reports and the Escape key from the characters System.Console hands over. Console passes a sequence it does
/// not know one character at a time, Esc as <see cref="ConsoleKey.Escape"/> (measured with .NET 10 in tmux):
/// <see cref="Keys"/> does the same with the bytes a terminal sends.
/// </summary>
public class InputDecoderTests
{
    [Fact]
    public void Should_give_a_left_press_at_the_cell_counted_from_zero_and_drop_its_release_When_a_click_is_reported()
    {
        // Given: xterm's SGR report of a press and a release at column 10, row 5
        List<InputEvent> events = Decode("\e[<0;10;5M\e[<0;10;5m");

        // Then
        Assert.Equal([InputEvent.Of(new MouseEvent(MouseButton.Left, 9, 4))], events);
    }

    [Theory]
    [InlineData("\e[<64;3;4M", MouseButton.WheelUp)]
    [InlineData("\e[<65;3;4M", MouseButton.WheelDown)]
    [InlineData("\e[<2;3;4M", MouseButton.Right)]
    public void Should_tell_the_wheel_and_buttons_apart_When_reported(string report, MouseButton button) =>
        Assert.Equal([InputEvent.Of(new MouseEvent(button, 2, 3))], Decode(report));

    [Theory]
    [InlineData("\e[<32;3;4M")] // a motion with the button held
    [InlineData("\e[<0;0;4M")] // no column 0
    [InlineData("\e[I")] // focus in
    [InlineData("\e[<0;3M")] // a field missing
    public void Should_drop_the_sequence_whole_When_it_is_no_press(string sequence) => Assert.Empty(Decode(sequence));

    [Fact]
    public void Should_be_the_escape_key_only_after_a_frame_with_nothing_after_it_When_esc_arrives_alone()
    {
        // Given
        var decoder = new InputDecoder();
        var events = new List<InputEvent>();
        decoder.Add(Keys("\e")[0], events);

        // When: the frame it came in ends
        decoder.Flush(events);

        // Then: not yet, a report may be on its way; after a frame with nothing, it is the key
        Assert.Empty(events);
        decoder.Flush(events);
        Assert.Equal(ConsoleKey.Escape, Assert.Single(events).Key.Key);
    }

    [Fact]
    public void Should_join_a_report_split_between_two_frames_When_the_network_cut_it()
    {
        // Given: the first half, then a frame ends
        var decoder = new InputDecoder();
        var events = new List<InputEvent>();
        foreach (ConsoleKeyInfo key in Keys("\e[<0;1"))
        {
            decoder.Add(key, events);
        }

        decoder.Flush(events);

        // When: the rest comes
        foreach (ConsoleKeyInfo key in Keys("2;7M"))
        {
            decoder.Add(key, events);
        }

        // Then: one click, no Escape, no stray characters
        Assert.Equal([InputEvent.Of(new MouseEvent(MouseButton.Left, 11, 6))], events);
    }

    [Fact]
    public void Should_pass_keys_through_and_read_esc_then_a_key_as_two_keys_When_typed()
    {
        // When
        List<InputEvent> events = Decode("q\eq");

        // Then
        Assert.Equal(['q', '\e', 'q'], events.Select(e => e.Key.KeyChar));
        Assert.Equal(ConsoleKey.Escape, events[1].Key.Key);
    }

    private static List<InputEvent> Decode(string bytes)
    {
        var decoder = new InputDecoder();
        var events = new List<InputEvent>();
        foreach (ConsoleKeyInfo key in Keys(bytes))
        {
            decoder.Add(key, events);
        }

        decoder.Flush(events);
        decoder.Flush(events);
        return events;
    }

    /// <summary>What System.Console makes of bytes it has no sequence for: one key per character.</summary>
    public static ConsoleKeyInfo[] Keys(string bytes) =>
        [.. bytes.Select(c => c == '\e' ? new ConsoleKeyInfo(c, ConsoleKey.Escape, false, false, false)
                             : new ConsoleKeyInfo(c, char.IsAsciiLetterUpper(c) ? (ConsoleKey)c : char.IsAsciiLetterLower(c) ? (ConsoleKey)char.ToUpperInvariant(c) : 0, char.IsAsciiLetterUpper(c), false, false))];
}
