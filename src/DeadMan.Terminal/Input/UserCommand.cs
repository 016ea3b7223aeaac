namespace DeadMan.Terminal.Input;

/// <summary>What a key means.</summary>
public enum UserCommand
{
    None,
    Quit,
    Reset,
    Pause,
    Sort,
    StartFilter,
    ClearFilter,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    Home,
    End,
    ScaleUp,
    ScaleDown,
    Events,
    Help,
    Redraw,
    Compact,
    TimeMarkers,
}
