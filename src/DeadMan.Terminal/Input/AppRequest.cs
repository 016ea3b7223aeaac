namespace DeadMan.Terminal.Input;

/// <summary>What the app must do besides showing the new view.</summary>
public enum AppRequest
{
    None,
    Quit,
    Reset,
    Pause,
    Redraw,

    /// <summary>Acknowledge or withdraw as <see cref="Model.ViewState.Ordered"/> says.</summary>
    Acknowledge,
}
