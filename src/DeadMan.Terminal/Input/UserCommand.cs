namespace DeadMan.Terminal.Input;

/// <summary>What a key means.</summary>
public enum UserCommand
{
    None,
    Quit,

    /// <summary>Ctrl-C: quits from anywhere, without asking; a deliberate chord, not a stray key.</summary>
    Interrupt,
    Reset,
    Pause,
    Sort,
    StartFilter,

    /// <summary>Esc: closes what is open, else clears the filter, else the selection.</summary>
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,

    /// <summary>Enter or i: the selected host's detail.</summary>
    Open,
    ScaleUp,
    ScaleDown,
    Events,
    Help,
    Redraw,
    Compact,
    TimeMarkers,

    /// <summary>t: the selected host's path traced live in its detail; again, stopped.</summary>
    Trace,

    /// <summary>a: acknowledge the selected host's problem (a note, then how long); on an acknowledged host, withdraw it.</summary>
    Acknowledge,

    /// <summary>A: withdraw the selected host's acknowledgement.</summary>
    Withdraw,
}
