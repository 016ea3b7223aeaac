using DeadMan.Terminal.Screen;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace DeadMan.Benchmarks.Screens;

/// <summary>
/// The same load through Terminal.Gui v2 as its documentation builds an app: an application instance, a runnable
/// top view holding one custom view that draws in <c>OnDrawingContent</c>, a main-loop timeout that updates the model
/// and asks for a redraw when the picture changed. The cells come from deadman's composer, so only the output path
/// (Terminal.Gui's driver and main loop against our frame writer) differs.
/// </summary>
internal static class TerminalGuiScreen
{
    public static void Run(ScreenSchedule schedule, int hosts)
    {
        using IApplication app = Application.Create();
        app.Init();
        var view = new BufferView(schedule) { Width = Dim.Fill(), Height = Dim.Fill() };
        using var top = new Runnable();
        top.Add(view);
        var load = new ScreenLoad(hosts, history: 300);
        app.AddTimeout(TimeSpan.FromSeconds(1.0 / ScreenLoad.TicksPerSecond), () =>
        {
            ScreenPhase phase = schedule.Now;
            if (phase == ScreenPhase.Done)
            {
                app.RequestStop();
                return false;
            }

            if (view.Viewport.Width > 0 && view.Viewport.Height > 0)
            {
                view.Show(load.Tick(view.Viewport.Width, view.Viewport.Height, withResults: phase != ScreenPhase.Idle));
            }

            return true;
        });
        app.Run(top);
    }

    private sealed class BufferView(ScreenSchedule schedule) : View
    {
        private ScreenBuffer? _screen;

        public void Show(ScreenBuffer next)
        {
            if (_screen is null || !SameCells(_screen, next))
            {
                _screen = next;
                SetNeedsDraw();
            }
        }

        protected override bool OnDrawingContent(DrawContext? context)
        {
            if (_screen is not { } screen)
            {
                return true;
            }

            // One AddStr per run of cells in one style, the way a custom view writes text.
            var run = new System.Text.StringBuilder();
            for (int y = 0; y < Math.Min(screen.Height, Viewport.Height); y++)
            {
                int x = 0;
                while (x < Math.Min(screen.Width, Viewport.Width))
                {
                    Style style = screen[x, y].Style;
                    int start = x;
                    run.Clear();
                    for (; x < screen.Width && screen[x, y].Style == style; x++)
                    {
                        if (!screen[x, y].IsContinuation)
                        {
                            run.Append(screen[x, y].Rune.ToString());
                        }
                    }

                    SetAttribute(AttributeOf(style));
                    Move(start, y);
                    AddStr(run.ToString());
                }
            }

            schedule.Drawn();
            return true;
        }

        private static bool SameCells(ScreenBuffer a, ScreenBuffer b)
        {
            if (a.Width != b.Width || a.Height != b.Height)
            {
                return false;
            }

            for (int y = 0; y < a.Height; y++)
            {
                for (int x = 0; x < a.Width; x++)
                {
                    if (a[x, y] != b[x, y])
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static Attribute AttributeOf(Style style)
        {
            TextStyle text = TextStyle.None;
            text |= style.Attributes.HasFlag(TextAttributes.Bold) ? TextStyle.Bold : TextStyle.None;
            text |= style.Attributes.HasFlag(TextAttributes.Dim) ? TextStyle.Faint : TextStyle.None;
            text |= style.Attributes.HasFlag(TextAttributes.Underline) ? TextStyle.Underline : TextStyle.None;
            text |= style.Attributes.HasFlag(TextAttributes.Blink) ? TextStyle.Blink : TextStyle.None;
            text |= style.Attributes.HasFlag(TextAttributes.Reverse) ? TextStyle.Reverse : TextStyle.None;
            return new Attribute(ColorOf(style.Foreground, ColorName16.White), ColorOf(style.Background, ColorName16.Black), text);
        }

        private static Color ColorOf(TerminalColor color, ColorName16 fallback) => new(color switch
        {
            TerminalColor.Black => ColorName16.Black,
            TerminalColor.Red => ColorName16.Red,
            TerminalColor.Green => ColorName16.Green,
            TerminalColor.Yellow => ColorName16.Yellow,
            TerminalColor.Blue => ColorName16.Blue,
            TerminalColor.Magenta => ColorName16.Magenta,
            TerminalColor.Cyan => ColorName16.Cyan,
            TerminalColor.White => ColorName16.White,
            _ => fallback,
        });
    }
}
