using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Tests;

/// <summary>Composes a whole screen from a hand-made snapshot at a fixed time, as the app would, and says where things went.</summary>
public static class TestScreen
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 34, 56, TimeSpan.FromHours(9));

    public static readonly TerminalProfile Color = new(Color: true, Unicode: true, SynchronizedOutput: true);

    public static (ScreenBuffer Screen, ScreenMap Map) Compose(int width, int height, MonitorSnapshot snapshot, ViewState? view = null,
                                                             TerminalProfile? profile = null, string? message = null, TargetDetail? detail = null)
    {
        var screen = new ScreenBuffer(width, height);
        var model = new DisplayModel(snapshot, view ?? new ViewState(), "From: noc (192.0.2.7)", "0.1.0", Now, 0, message, message is not null)
        {
            Detail = detail,
        };
        ScreenMap map = ScreenComposer.Compose(screen, model, Theme.For(profile ?? Color));
        return (screen, map);
    }
}
